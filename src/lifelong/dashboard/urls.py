from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("dashboard/", views.overview, name="overview"),
    path("dashboard/matrix/", views.matrix, name="matrix"),
    path("dashboard/macro/", views.macro, name="macro"),
    path("dashboard/macro.vl.json", views.macro_spec, name="macro_spec"),
    path("dashboard/middelen/", views.resources, name="resources"),
    path("dashboard/platform/", views.platform, name="platform"),
    path("dashboard/leerpad/", views.funnel, name="funnel"),
    path("dashboard/meso/", views.meso, name="meso"),
    path("dashboard/platform/herberekenen/", views.recompute, name="recompute"),
    path("dashboard/indicator/<str:code>/", views.indicator_edit, name="indicator"),
    path("dashboard/rapport/", views.report, name="report"),
    path("dashboard/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("dashboard/export/<slug:view>.<slug:fmt>", views.export, name="export"),
    path("dashboard/publiek/", views.public, name="public"),
]
