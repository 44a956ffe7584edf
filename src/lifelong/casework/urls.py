from django.urls import path

from . import assisted, views

app_name = "casework"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("persoon/<int:pk>/", views.person_file, name="person"),
    path("persoon/<int:pk>/notitie/", views.add_note, name="note"),
    path("persoon/<int:pk>/afspraak/", views.add_appointment, name="appointment"),
    path("persoon/<int:pk>/afspraak/<int:appointment_pk>/", views.edit_appointment, name="appointment_edit"),
    path("persoon/<int:pk>/afspraak/<int:appointment_pk>/annuleren/", views.cancel_appointment,
         name="appointment_cancel"),
    path("persoon/<int:pk>/inschrijving/", views.prepare, name="prepare"),
    path("persoon/<int:pk>/doorverwijzen/", views.refer, name="refer"),
    path("persoon/<int:pk>/plan/<int:plan_pk>/", views.plan, name="plan"),
    path("klaargezet/<int:pk>/", views.confirm, name="confirm"),
    path("klaargezet/<int:pk>/nieuwe-code/", views.renew, name="renew"),
    path("doorverwijzing/<int:pk>/<str:status>/", views.referral_status, name="referral_status"),
    path("nieuw-account/", views.new_account, name="new_account"),
    path("persoon/<int:pk>/inlogblad.pdf", views.login_sheet, name="login_sheet"),
    path("aanmelden-met-code/", views.code_login, name="code_login"),
    path("voor-mij/e-mail/", views.add_email, name="add_email"),
    path("voor-mij/", views.mine, name="mine"),
    path("eenvoudig/", assisted.home, name="assisted_home"),
    path("eenvoudig/check/", assisted.check_start, name="assisted_check"),
    path("eenvoudig/check/<int:pk>/", assisted.question, name="assisted_question"),
    path("eenvoudig/check/<int:pk>/klaar/", assisted.result, name="assisted_result"),
    path("eenvoudig/plan/<int:pk>/", assisted.plan, name="assisted_plan"),
    path("eenvoudig/weg/", assisted.leave, name="assisted_leave"),
    path("voor-mij/inschrijving/<int:pk>/", views.confirm_own, name="confirm_own"),
    path("voor-mij/inschrijving/<int:pk>/nee/", views.cancel_own, name="cancel_own"),
    path("voor-mij/plan/<int:pk>/goedkeuren/", views.approve, name="approve"),
]
