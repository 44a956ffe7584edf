from django.urls import path

from . import views
from .booking import views as booking

app_name = "catalogue"
urlpatterns = [
    path("", views.search, name="search"),
    path("aanbod/<int:pk>/", views.detail, name="detail"),
    path("aanbod/<int:pk>/score/", views.rate, name="rate"),
    path("aanbod/<int:pk>/bewerken/", views.edit, name="edit"),
    path("aanbevelingen/", views.recommend, name="recommend"),
    path("aanbevelingen/pop/<int:plan_id>/<int:offer_id>/", views.recommend_to_plan, name="recommend_to_plan"),
    path("aanbieder/", views.provider_home, name="provider"),
    path("aanbieder/<int:provider_id>/nieuw/", views.create, name="create"),
    path("aanbieder/<int:provider_id>/importeren/", views.import_page, name="import"),
    path("aanbieder/<int:provider_id>/competenties-voorstellen/", views.tag_request, name="tag"),
    path("vraag-en-aanbod/", views.gaps, name="gaps"),
    path("secretariaat/", views.eligibility_queue, name="eligibility"),
    path("secretariaat/<int:pk>/beslissen/", views.eligibility_decide, name="eligibility_decide"),
]

# The compass's booking pages keep the account's address and names (/rekening/simuleren/ = accounts:simulate,
# /rekening/inschrijven/ = accounts:book): config/urls.py mounts these beside lifelong.accounts.urls.
booking_pages = [
    path("simuleren/", booking.simulate, name="simulate"),
    path("inschrijven/", booking.book, name="book"),
]
