from django.urls import path

from . import views, views_wallet

app_name = "organisations"

urlpatterns = [
    path("werkgever/", views.home, name="home"),
    path("werkgever/<int:pk>/", views.detail, name="detail"),
    path("werkgever/<int:pk>/tewerkstelling/", views.add_employment, name="add_employment"),
    path("werkgever/<int:pk>/opleidingsplan/", views.plan_page, name="plan"),
    path("werkgever/<int:pk>/opleidingsplan/competentie/", views.add_need, name="add_need"),
    path("werkgever/<int:pk>/opleidingsplan/maken/", views.build_plan, name="build_plan"),
    path("werkgever/<int:pk>/opleidingsplan/pdf/", views.plan_export, name="plan_pdf"),
    path("werkgever/kmo-portefeuille/", views_wallet.wallet_start, name="wallet_start"),
    path("werkgever/<int:pk>/kmo-portefeuille/", views_wallet.wallet_page, name="wallet"),
    path("werkgever/<int:pk>/kmo-portefeuille/boeken/", views_wallet.wallet_book, name="wallet_book"),
    path("werkgever/<int:pk>/budget/", views_wallet.budget_page, name="budget"),
    path("werkgever/<int:pk>/budget/geven/", views_wallet.budget_grant, name="budget_grant"),
    path("kmo-portefeuille/aanbieder/", views_wallet.provider_wallet, name="provider_wallet"),
    path("kmo-portefeuille/aanbieder/<int:pk>/bevestigen/", views_wallet.provider_wallet_confirm,
         name="provider_wallet_confirm"),
    path("mijn-werk/", views.my_work, name="my_work"),
    path("mijn-werk/kmo/<int:pk>/aanvaarden/", views_wallet.wallet_answer, {"answer": "accept"}, name="wallet_accept"),
    path("mijn-werk/kmo/<int:pk>/weigeren/", views_wallet.wallet_answer, {"answer": "decline"}, name="wallet_decline"),
    path("mijn-werk/<int:pk>/correctie/", views.ask_correction, name="ask_correction"),
]
