from django.urls import path

from . import registration, views

app_name = "people"
urlpatterns = [
    path("", views.my_overview, name="overview"),
    path("zoeken/", views.pick, name="pick"),
    path("competentie/", views.declare, name="declare"),
    path("diploma/", views.qualification, name="qualification"),
    path("ervaring/", views.experience, name="experience"),
    path("suggestie/", views.confirm_suggestion, name="confirm_suggestion"),
    path("cv/", views.cv, name="cv"),
    path("cv/status/", views.cv_status, name="cv_status"),
    path("cv/<int:pk>/wissen/", views.cv_forget, name="cv_forget"),
    path("cv/<int:pk>/afwijzen/", views.cv_reject, name="cv_reject"),
    path("cv/<int:pk>/terugzetten/", views.cv_restore, name="cv_restore"),
    path("check/", views.check_start, name="check_start"),
    path("check/<int:pk>/", views.check_question, name="check_question"),
    path("check/<int:pk>/resultaat/", views.check_result_page, name="check_result"),
    path("check/<int:pk>/overgeslagen/", views.check_answer_skipped, name="check_answer_skipped"),
    path("check/<int:pk>/pop/", views.plan_from_check, name="plan_from_check"),
    path("pop/", views.plans, name="plans"),
    path("pop/<int:pk>/", views.plan_page, name="plan"),
    path("pop/<int:pk>/activiteit/", views.activity_add, name="activity_add"),
    path("activiteit/<int:pk>/", views.activity_update, name="activity_update"),
    path("bewijs/", views.evidence, name="evidence"),
    path("bewijs/<int:pk>/indienen/", views.submit, name="submit"),
    path("bewijs/<int:pk>/weghalen/", views.evidence_remove, name="evidence_remove"),
    path("bewijs/bestand/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("erkenning/<int:pk>/credential.json", views.credential_download, name="credential"),
    path("verifieren/", views.verify_upload, name="verify_upload"),
    path("verifieren/<uuid:pk>/", views.verify, name="verify"),
    path("uitgever", views.issuer, name="issuer"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/toestemming/<int:pk>/intrekken/", views.revoke, name="revoke"),
    path("privacy/mijn-gegevens.json", views.export, name="export"),
    path("privacy/wissen/", views.delete_account, name="delete"),
    path("begeleiding/", views.guide_home, name="guide_home"),
    path("begeleiding/persoon/<int:pk>/", views.guide_person, name="guide_person"),
    path("begeleiding/check/<int:pk>/bevestigen/", views.guide_confirm_check, name="guide_confirm_check"),
    path("begeleiding/evc/<int:pk>/", views.guide_decide, name="guide_decide"),
    path("begeleiding/diploma/<int:pk>/", views.guide_certify, name="guide_certify"),
    path("begeleiding/bewijs/<uuid:pk>/intrekken/", views.guide_revoke, name="guide_revoke"),
]

# Self-registration and the first sign-in's profile keep the account's address and names (/account/registreren/
# = users:register, /account/profiel/ = users:profile): config/urls.py mounts these beside lifelong.users.urls.
registration_pages = [
    path("registreren/", registration.register, name="register"),
    path("profiel/", registration.profile, name="profile"),
]
