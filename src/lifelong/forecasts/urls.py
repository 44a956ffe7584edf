from django.urls import path

from . import views

app_name = "forecasts"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("reeks/", views.series, name="series"),
    path("publiceren/", views.publish, name="publish"),
    path("export/<str:what>.<str:fmt>", views.export, name="export"),
    path("enquetes/", views.survey_list, name="surveys"),
    path("enquetes/<int:pk>/", views.survey_detail, name="survey"),
    path("enquetes/<int:pk>/status/", views.survey_status, name="survey_status"),
    path("enquetes/<int:pk>/import/", views.survey_import, name="survey_import"),
    path("werkgever/", views.employer_home, name="employer_home"),
    path("werkgever/enquete/<int:pk>/", views.employer_answer, name="employer_answer"),
    path("panels/", views.panel_list, name="panels"),
    path("panels/<int:pk>/", views.panel_detail, name="panel"),
    path("panels/<int:pk>/ronde/", views.panel_round, name="panel_round"),
    path("expert/", views.expert_home, name="expert_home"),
    path("expert/panel/<int:pk>/", views.expert_round, name="expert_round"),
]
