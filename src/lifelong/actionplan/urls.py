from django.urls import path

from . import views

app_name = "actionplan"
urlpatterns = [
    path("actieplan/", views.plan, name="plan"),
    path("actieplan/actie/<str:code>/", views.action_detail, name="action"),
    path("actieplan/actie/<str:code>/bewerken/", views.action_edit, name="action_edit"),
    path("actieplan/actie/<str:code>/budget/", views.action_budget, name="action_budget"),
    path("actieplan/actie/<str:code>/mijlpaal/", views.action_milestone, name="action_milestone"),
    path("actieplan/actie/<str:code>/opmerking/", views.action_comment, name="action_comment"),
    path("actieplan/drempels/", views.barriers, name="barriers"),
    path("actieplan/drempels/<str:code>/", views.barrier_edit, name="barrier_edit"),
]
