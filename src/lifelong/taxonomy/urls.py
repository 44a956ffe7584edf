from django.urls import path

from . import views

app_name = "taxonomy"
urlpatterns = [
    path("", views.search, name="search"),
    path("concept", views.detail, name="detail"),
    path("cijfers", views.stats, name="stats"),
]
