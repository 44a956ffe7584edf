from django.urls import path

from . import registration
from .views import checks, cv, evc, guides, plans, privacy, profile, verification

app_name = "people"
urlpatterns = [
    path("", profile.my_overview, name="overview"),
    path("zoeken/", profile.pick, name="pick"),
    path("competentie/", profile.declare, name="declare"),
    path("diploma/", profile.qualification, name="qualification"),
    path("ervaring/", profile.experience, name="experience"),
    path("suggestie/", profile.confirm_suggestion, name="confirm_suggestion"),
    path("cv/", cv.cv, name="cv"),
    path("cv/status/", cv.cv_status, name="cv_status"),
    path("cv/<int:pk>/wissen/", cv.cv_forget, name="cv_forget"),
    path("cv/<int:pk>/afwijzen/", cv.cv_reject, name="cv_reject"),
    path("cv/<int:pk>/terugzetten/", cv.cv_restore, name="cv_restore"),
    path("check/", checks.check_start, name="check_start"),
    path("check/<int:pk>/", checks.check_question, name="check_question"),
    path("check/<int:pk>/resultaat/", checks.check_result_page, name="check_result"),
    path("check/<int:pk>/overgeslagen/", checks.check_answer_skipped, name="check_answer_skipped"),
    path("check/<int:pk>/pop/", checks.plan_from_check, name="plan_from_check"),
    path("pop/", plans.plans, name="plans"),
    path("pop/<int:pk>/", plans.plan_page, name="plan"),
    path("pop/<int:pk>/activiteit/", plans.activity_add, name="activity_add"),
    path("activiteit/<int:pk>/", plans.activity_update, name="activity_update"),
    path("bewijs/", evc.evidence, name="evidence"),
    path("bewijs/<int:pk>/indienen/", evc.submit, name="submit"),
    path("bewijs/<int:pk>/weghalen/", evc.evidence_remove, name="evidence_remove"),
    path("bewijs/bestand/<int:pk>/", evc.evidence_file, name="evidence_file"),
    path("erkenning/<int:pk>/credential.json", evc.credential_download, name="credential"),
    path("verifieren/", verification.verify_upload, name="verify_upload"),
    path("verifieren/<uuid:pk>/", verification.verify, name="verify"),
    path("uitgever", verification.issuer, name="issuer"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("privacy/toestemming/<int:pk>/intrekken/", privacy.revoke, name="revoke"),
    path("privacy/mijn-gegevens.json", privacy.export, name="export"),
    path("privacy/wissen/", privacy.delete_account, name="delete"),
    path("begeleiding/", guides.guide_home, name="guide_home"),
    path("begeleiding/persoon/<int:pk>/", guides.guide_person, name="guide_person"),
    path("begeleiding/check/<int:pk>/bevestigen/", guides.guide_confirm_check, name="guide_confirm_check"),
    path("begeleiding/evc/<int:pk>/", guides.guide_decide, name="guide_decide"),
    path("begeleiding/diploma/<int:pk>/", guides.guide_certify, name="guide_certify"),
    path("begeleiding/bewijs/<uuid:pk>/intrekken/", guides.guide_revoke, name="guide_revoke"),
]

# Self-registration and the first sign-in's profile keep the account's address and names (/account/registreren/
# = users:register, /account/profiel/ = users:profile): config/urls.py mounts these beside lifelong.users.urls.
registration_pages = [
    path("registreren/", registration.register, name="register"),
    path("profiel/", registration.profile, name="profile"),
]
