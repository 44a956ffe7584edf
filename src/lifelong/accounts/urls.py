from django.urls import path

from . import views

app_name = "accounts"
# ``accounts:simulate`` (simuleren/) and ``accounts:book`` (inschrijven/) are the compass's booking pages
# (catalogue/booking/views.py); config/urls.py mounts them in this namespace, under /rekening/.
urlpatterns = [
    path("", views.my_rights, name="my_rights"),
    path("overzicht/", views.statement_page, name="statement"),
    path("inschrijving/<int:pk>/annuleren/", views.cancel, name="cancel"),
    path("aanbieder/", views.provider_bookings, name="provider"),
    path("inschrijving/<int:pk>/aanwezig/", views.confirm, name="confirm"),
    path("secretariaat/", views.review, name="review"),
    path("inschrijving/<int:pk>/terugdraaien/", views.reverse, name="reverse"),
]
