from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("werkgever/", views.home, name="home"),
    path("werkgever/<int:pk>/", views.detail, name="detail"),
    path("werkgever/<int:pk>/tewerkstelling/", views.add_employment, name="add_employment"),
    path("werkgever/<int:pk>/opleidingsplan/", views.plan_page, name="plan"),
    path("werkgever/<int:pk>/opleidingsplan/competentie/", views.add_need, name="add_need"),
    path("werkgever/<int:pk>/opleidingsplan/maken/", views.build_plan, name="build_plan"),
    path("werkgever/<int:pk>/opleidingsplan/pdf/", views.plan_export, name="plan_pdf"),
    path("mijn-werk/", views.my_work, name="my_work"),
    path("mijn-werk/<int:pk>/correctie/", views.ask_correction, name="ask_correction"),
]
