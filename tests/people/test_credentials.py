import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifelong.people import credentials as vc


@given(st.binary(max_size=64))
def test_base58_round_trip(data):
    assert vc.b58decode(vc.b58encode(data)) == data


def _doc():
    return vc.build(credential_id="urn:uuid:00000000-0000-0000-0000-000000000001", issuer_id="https://x/i",
                    issuer_name="X", issued="2026-01-01T00:00:00Z", learner_name="Ann Peeters", learner_id="urn:p",
                    title="koken", description="ok", skill_uri="http://data.europa.eu/esco/skill/x",
                    skill_label="koken", level_label="Zelfstandig", level_number=3, eqf_level=None,
                    assessment="EVC", quality_assurance="QA", criteria="c")


def test_signed_credential_verifies_and_any_change_breaks_it():
    key = vc.load_private_key("", fallback_seed=b"test")
    signed = vc.sign(_doc(), key, verification_method="https://x/i#key-1", created="2026-01-01T00:00:00Z")
    assert vc.verify(signed, key.public_key()).ok
    tampered = {**signed, "credentialSubject": {**signed["credentialSubject"], "name": "Someone Else"}}
    assert vc.verify(tampered, key.public_key()).reason == "bad-signature"
    other = vc.load_private_key("", fallback_seed=b"other")
    assert not vc.verify(signed, other.public_key()).ok
    assert vc.verify({k: v for k, v in signed.items() if k != "proof"}, key.public_key()).reason == "no-proof"


def test_credential_carries_the_eu_micro_credential_elements():
    doc = _doc()
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    mc = doc["microCredential"]
    for element in ("learner", "title", "awardingBody", "dateOfIssue", "learningOutcomes", "level",
                    "typeOfAssessment", "qualityAssurance"):
        assert element in mc
    assert doc["credentialSubject"]["achievement"]["alignment"][0]["targetFramework"] == "ESCO"


def test_key_from_settings_as_base64_seed_or_pem():
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    for setting in (base64.b64encode(raw).decode(), pem):
        loaded = vc.load_private_key(setting)
        assert vc.public_multibase(loaded.public_key()) == vc.public_multibase(key.public_key())
    with pytest.raises(ValueError):
        vc.load_private_key("")
