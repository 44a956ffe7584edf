from django.urls import path

from . import views

app_name = "vacancies"
urlpatterns = [
    path("analyse/", views.analysis, name="analysis"),
    path("analyse/verwerken/", views.start_run, name="start_run"),
]
