from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.my_rights, name="my_rights"),
    path("overzicht/", views.statement_page, name="statement"),
    path("simuleren/", views.simulate, name="simulate"),
    path("inschrijven/", views.book, name="book"),
    path("inschrijving/<int:pk>/annuleren/", views.cancel, name="cancel"),
    path("aanbieder/", views.provider_bookings, name="provider"),
    path("inschrijving/<int:pk>/aanwezig/", views.confirm, name="confirm"),
    path("secretariaat/", views.review, name="review"),
    path("inschrijving/<int:pk>/terugdraaien/", views.reverse, name="reverse"),
]
