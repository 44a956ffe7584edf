"""The career platform's rules, one use case at a time."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from lifelong.guidance.models import Scope
from lifelong.people import selectors, services
from lifelong.people.models import CompetenceClaim, Mastery, Proof, ValidationStatus
from lifelong.taxonomy.models import Concept

from .conftest import png_upload


def _skill(uri):
    return Concept.objects.get(uri=uri)


def test_proof_never_goes_down(person, cook_essentials):
    skill = _skill(cook_essentials[0])
    services.raise_claim(person=person, skill=skill, level=3, proof=Proof.VALIDATED, source="evc")
    services.raise_claim(person=person, skill=skill, level=4, proof=Proof.SELF_DECLARED, source="self")
    claim = CompetenceClaim.objects.get(person=person, skill=skill)
    assert (claim.proof, claim.level, claim.source) == (Proof.VALIDATED, 4, "evc")


def test_experience_suggests_skills_but_never_claims_them(learner, person, cook):
    from datetime import date

    services.add_experience(user=learner, person=person, occupation_uri=cook.uri, started_on=date(2020, 1, 1))
    o = selectors.overview(learner, person)
    assert o.total == 0
    assert len(o.suggestions) >= 10
    skill = o.suggestions[0][0]
    services.declare_competence(user=learner, person=person, skill_uri=skill.uri, level=3, source="experience")
    o = selectors.overview(learner, person)
    assert o.total == 1 and skill not in [s for s, *_ in o.suggestions]
    assert o.groups[0].label  # grouped under an ESCO skill group
    assert [c for _p, _l, c, _pct in o.proof_counts] == [1, 0, 0, 0, 0]


def test_claims_are_grouped_by_first_level_esco_skill_group(learner, person, cook_essentials):
    for uri in cook_essentials[:6]:
        services.declare_competence(user=learner, person=person, skill_uri=uri, level=3)
    groups = selectors.overview(learner, person).groups
    assert sum(len(g.rows) for g in groups) == 6
    assert all(g.label != "skills" for g in groups)  # the pillar's children, not the root


def test_check_asks_essential_skills_first_then_optional(learner, person, cook, cook_essentials):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    answers = list(check.answers.order_by("position"))
    # an English-only skill with a Dutch-named equivalent is asked as that one (issue 18.5): two may become one
    n = check.answers.filter(essential=True).count()
    assert 0 < n <= len(cook_essentials)
    assert all(a.essential for a in answers[:n]) and not any(a.essential for a in answers[n:])


def test_occupation_without_essential_skills_gets_a_clear_message(learner, person):
    empty = Concept.objects.get(concept_type="occupation", label_en="specialist dentist")
    with pytest.raises(services.Refused, match="geen essentiële competenties"):
        services.start_check(user=learner, person=person, occupation_uri=empty.uri)


def test_abandoned_check_resumes_where_it_stopped(learner, person, cook):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    services.answer_question(user=learner, check=check, position=1, rating=4)
    services.answer_question(user=learner, check=check, position=2, rating=None)  # skipped
    assert selectors.next_question(check).position == 3
    progress = selectors.check_progress(check)
    assert progress["essential_done"] == 2


def test_check_result_and_plan_from_its_gaps(learner, person, cook, cook_essentials):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    n = check.answers.filter(essential=True).count()  # the essential questions (Dutch-named equivalents merged)
    assert 0 < n <= len(cook_essentials)
    for pos in range(1, n + 1):
        services.answer_question(user=learner, check=check, position=pos, rating=4 if pos <= n // 2 else 1)
    services.complete_check(user=learner, check=check)
    result = selectors.check_result(learner, check)
    assert result.score.match_percent == round(100 * (n // 2) / n)
    assert "essentiële competenties" in result.explanation()
    # 'nog niet' is not a claim; the strengths are self-declared
    assert CompetenceClaim.objects.filter(person=person).count() == n // 2
    plan = services.create_plan_from_check(user=learner, check=check)
    assert plan.competences.count() == n - n // 2
    assert selectors.has_development_plan(person)
    gap_uri = plan.competences.first().skill.uri
    assert selectors.has_development_plan(person, skill_uri=gap_uri)
    assert not selectors.has_development_plan(person, skill_uri=cook_essentials[0])


def test_finishing_a_learning_activity_updates_the_overview(learner, person, cook_essentials):
    plan = services.create_plan(user=learner, person=person, title="Mijn plan")
    activity = services.add_activity(user=learner, plan=plan, kind="mentoring", title="Met een mentor",
                                     skill_uri=cook_essentials[0])
    assert not CompetenceClaim.objects.filter(person=person).exists()
    services.update_activity(user=learner, activity=activity, status="done")
    claim = CompetenceClaim.objects.get(person=person, skill__uri=cook_essentials[0])
    assert (claim.source, claim.level) == ("plan", Mastery.ON_MY_OWN)
    plan.refresh_from_db()
    assert plan.status == "done"


def test_counsellor_confirms_a_check_only_with_consent(learner, person, counsellor, cook):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    services.answer_question(user=learner, check=check, position=1, rating=3)
    services.complete_check(user=learner, check=check)
    with pytest.raises(PermissionDenied):
        services.confirm_check(counsellor=counsellor, check=check)
    from lifelong.guidance.services import grant_consent

    grant_consent(person=person, grantee=counsellor, scopes=["check"], days=10)
    assert services.confirm_check(counsellor=counsellor, check=check) == 1
    claim = CompetenceClaim.objects.get(person=person)
    assert (claim.proof, claim.proven_by) == (Proof.CHECKED, counsellor)
    assert person.access_logs.filter(actor=counsellor).exists()


@pytest.mark.parametrize("body,message", [
    (b"GIF89a" + b"\0" * 10, "PDF, PNG of JPEG"),
    (b"%PDF-" + b"\0" * (5 * 1024 * 1024), "te groot"),
])
def test_bad_uploads_are_refused_and_nothing_is_stored(learner, person, cook_essentials, body, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(services.Refused, match=message):
        services.record_evidence(user=learner, person=person, skill_uri=cook_essentials[0], kind="document",
                                 description="x", upload=SimpleUploadedFile("a.pdf", body))
    assert not CompetenceClaim.objects.filter(person=person).exists()


def test_evc_from_evidence_to_a_verifiable_credential(learner, person, counsellor, consent, cook_essentials,
                                                      settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    uri = cook_essentials[0]
    claim = CompetenceClaim.objects.filter(person=person).first()
    assert claim is None
    with pytest.raises(services.Refused):
        services.submit_for_validation(
            user=learner, claim=services.raise_claim(person=person, skill=_skill(uri), level=3, proof=1, source="self"))
    ev = services.record_evidence(user=learner, person=person, skill_uri=uri, kind="document",
                                  description="Ik kook al tien jaar in een restaurant.", upload=png_upload(),
                                  witness_name="Chef Jan")
    assert ev.content_type == "image/png" and ev.claim.proof == Proof.EVIDENCED
    request = services.submit_for_validation(user=learner, claim=ev.claim)
    with pytest.raises(services.Refused, match="waarom"):
        services.decide_validation(assessor=counsellor, request=request, approve=True, reasons=" ")
    services.decide_validation(assessor=counsellor, request=request, approve=True, reasons="Sterk portfolio.",
                               level=3)
    request.refresh_from_db()
    assert request.status == ValidationStatus.VALIDATED
    assert CompetenceClaim.objects.get(pk=ev.claim.pk).proof == Proof.VALIDATED
    credential = services.issue_credential(user=learner, validation=request)
    assert services.issue_credential(user=learner, validation=request).pk == credential.pk  # issued once
    key = services.signing_key().public_key()
    assert selectors.verify_credential(credential.document, key).state == "valid"
    forged = {**credential.document, "name": "iets anders"}
    assert selectors.verify_credential(forged, key).state == "invalid"
    with pytest.raises(PermissionDenied):
        services.revoke_credential(actor=learner, credential=credential, reason="x")
    services.revoke_credential(actor=counsellor, credential=credential, reason="fout bij beoordeling")
    assert selectors.verify_credential(credential.document, key).state == "revoked"


def test_export_holds_everything_and_delete_erases_it(learner, person, counsellor, consent, cook_essentials):
    services.declare_competence(user=learner, person=person, skill_uri=cook_essentials[0], level=2)
    selectors.overview(counsellor, person)  # logged
    data = selectors.export_of(learner, person)
    assert data["claims"][0]["skill__uri"] == cook_essentials[0]
    assert len(data["consents"]) == len(Scope) and data["access_log"]
    with pytest.raises(PermissionDenied):
        selectors.export_of(counsellor, person)
    with pytest.raises(services.Refused):
        services.delete_my_account(user=learner, password="wrong")
    services.delete_my_account(user=learner, password="test-password-2026")
    from lifelong.people.models import Person
    from lifelong.users.models import User

    assert not Person.objects.filter(pk=person.pk).exists()
    assert not User.objects.filter(pk=learner.pk).exists()
    assert not CompetenceClaim.objects.filter(person_id=person.pk).exists()


def test_a_verified_diploma_makes_its_competences_certified(learner, person, counsellor, cook_essentials):
    from lifelong.guidance.services import grant_consent

    services.declare_competence(user=learner, person=person, skill_uri=cook_essentials[0], level=3)
    diploma = services.add_qualification(user=learner, person=person, title="Kok (Syntra)", eqf_level=4)
    with pytest.raises(PermissionDenied):
        services.certify_qualification(assessor=counsellor, qualification=diploma, skill_uris=[cook_essentials[0]])
    grant_consent(person=person, grantee=counsellor, scopes=["evc"], days=5)
    assert services.certify_qualification(assessor=counsellor, qualification=diploma,
                                          skill_uris=[cook_essentials[0], cook_essentials[1]]) == 1  # only claims
    claim = CompetenceClaim.objects.get(person=person)
    assert (claim.proof, claim.source, claim.source_note) == (Proof.CERTIFIED, "qualification", "Kok (Syntra)")
    diploma.refresh_from_db()
    assert diploma.verified_by == counsellor
