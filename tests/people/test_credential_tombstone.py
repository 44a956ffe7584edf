"""A credential's status outlives its holder's account; its URLs come from SITE_URL, never the request (19.4, 19.5)."""

from __future__ import annotations

import json

import pytest

from lifelong.people import selectors, services
from lifelong.people.models import CredentialRecord, ValidationStatus

from .conftest import png_upload

PASSWORD = "test-password-2026"


@pytest.fixture
def validated(learner, person, counsellor, consent, cook_essentials):
    ev = services.record_evidence(user=learner, person=person, skill_uri=cook_essentials[0], kind="document",
                                  description="Ik kook al tien jaar.", upload=png_upload())
    request = services.submit_for_validation(user=learner, claim=ev.claim)
    services.decide_validation(assessor=counsellor, request=request, approve=True, reasons="Sterk.", level=3)
    request.refresh_from_db()
    assert request.status == ValidationStatus.VALIDATED
    return request


def test_a_forged_host_header_does_not_reach_the_signed_urls(settings, client, learner, validated):
    settings.ALLOWED_HOSTS = ["*"]  # a proxy that passes any Host on
    client.force_login(learner)
    resp = client.get(f"/loopbaan/erkenning/{validated.pk}/credential.json", HTTP_HOST="evil.example")
    assert resp.status_code == 200, resp.content[:300]
    text = resp.content.decode()
    doc = json.loads(text)
    assert "evil.example" not in text
    assert doc["issuer"]["id"] == "https://lifelong.test/loopbaan/uitgever"
    assert doc["credentialStatus"]["id"].startswith("https://lifelong.test/loopbaan/verifieren/")
    assert doc["proof"]["verificationMethod"] == "https://lifelong.test/loopbaan/uitgever#key-1"
    issuer = client.get("/loopbaan/uitgever", HTTP_HOST="evil.example", follow=True).json()
    assert issuer["id"] == "https://lifelong.test/loopbaan/uitgever"


def test_a_revoked_credential_stays_revoked_after_the_holders_erasure(client, learner, counsellor, validated):
    credential = services.issue_credential(user=learner, validation=validated)
    document = credential.document
    services.revoke_credential(actor=counsellor, credential=credential, reason="fout bij beoordeling")
    key = [services.signing_key().public_key()]
    assert selectors.verify_credential(document, key).state == "revoked"

    services.delete_my_account(user=learner, password=PASSWORD)

    record = CredentialRecord.objects.get(pk=credential.pk)
    assert record.revoked_at is not None
    assert not {f.name for f in CredentialRecord._meta.fields} - {"id", "digest", "issued_at", "revoked_at"}
    assert selectors.verify_credential(document, key).state == "revoked"
    assert selectors.verify_credential({**document, "name": "iets anders"}, key).state == "invalid"
    resp = client.get(f"/loopbaan/verifieren/{credential.pk}/")
    assert resp.status_code == 200 and "ingetrokken" in resp.content.decode()
    resp = client.get(f"/api/v1/credentials/{credential.pk}/verification")
    assert resp.status_code == 200 and resp.json()["state"] == "revoked"


def test_a_valid_credential_still_verifies_after_the_holders_erasure(learner, validated):
    credential = services.issue_credential(user=learner, validation=validated)
    services.delete_my_account(user=learner, password=PASSWORD)
    assert selectors.verify_credential(credential.document, [services.signing_key().public_key()]).state == "valid"


def test_without_site_url_no_credential_is_issued(settings, learner, validated):
    settings.SITE_URL = ""
    with pytest.raises(services.Refused, match="SITE_URL"):
        services.issue_credential(user=learner, validation=validated)
