"""Verifiable credentials: W3C VC 2.0 in the Open Badges 3.0 shape, with the EU micro-credential fields,
signed with Ed25519 as a Data Integrity proof (``eddsa-jcs-2022``: JSON canonicalisation, base58btc).

No Django import: the key is passed in, so a verifier outside the platform can reuse this module.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

CONTEXTS = ["https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_MULTICODEC = b"\xed\x01"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        n = n * 58 + B58.index(ch)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def canonical(doc: dict) -> bytes:
    """JSON canonical form (RFC 8785 for the values we write: strings, ints, lists, objects)."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(document: dict) -> str:
    """SHA-256 (hex) of the canonical JSON: identifies a signed credential without keeping its content."""
    return hashlib.sha256(canonical(document)).hexdigest()


def load_private_key(setting: str, *, fallback_seed: bytes | None = None) -> Ed25519PrivateKey:
    """A PEM key or a base64 32-byte seed; without one, the fallback seed (demo only, decided by the caller)."""
    setting = (setting or "").strip()
    if setting.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(setting.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("CREDENTIAL_SIGNING_KEY is not an Ed25519 key")
        return key
    if setting:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(setting))
    if fallback_seed is None:
        raise ValueError("no CREDENTIAL_SIGNING_KEY configured")
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(fallback_seed).digest())


def public_multibase(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + b58encode(ED25519_MULTICODEC + raw)


def public_from_multibase(text: str) -> Ed25519PublicKey:
    raw = b58decode(text[1:])
    if not text.startswith("z") or not raw.startswith(ED25519_MULTICODEC):
        raise ValueError("not an Ed25519 multibase key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _signing_input(unsigned: dict, proof_options: dict) -> bytes:
    # eddsa-jcs-2022: hash(canonical proof options) || hash(canonical document)
    return hashlib.sha256(canonical(proof_options)).digest() + hashlib.sha256(canonical(unsigned)).digest()


def sign(unsigned: dict, key: Ed25519PrivateKey, *, verification_method: str, created: str) -> dict:
    options = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "created": created,
               "verificationMethod": verification_method, "proofPurpose": "assertionMethod",
               "@context": unsigned["@context"]}
    signature = key.sign(_signing_input(unsigned, options))
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = "z" + b58encode(signature)
    return {**unsigned, "proof": proof}


@dataclass(frozen=True)
class Verification:
    ok: bool
    reason: str  # machine-readable: "signature-valid", "no-proof", "bad-signature", "malformed"


def verify(document: dict, public: Ed25519PublicKey) -> Verification:
    if not isinstance(document, dict) or not isinstance(document.get("proof"), dict):
        return Verification(False, "no-proof")
    proof = dict(document["proof"])
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    value = proof.pop("proofValue", "")
    if proof.get("cryptosuite") != "eddsa-jcs-2022" or not isinstance(value, str) or not value.startswith("z"):
        return Verification(False, "malformed")
    try:
        signature = b58decode(value[1:])
        public.verify(signature, _signing_input(unsigned, {**proof, "@context": unsigned.get("@context")}))
    except (InvalidSignature, ValueError):
        return Verification(False, "bad-signature")
    return Verification(True, "signature-valid")


def build(*, credential_id: str, issuer_id: str, issuer_name: str, issued: str, learner_name: str,
          learner_id: str, title: str, description: str, skill_uri: str, skill_label: str,
          level_label: str, level_number: int, eqf_level: int | None, assessment: str,
          quality_assurance: str, criteria: str, language: str = "nl") -> dict:
    """The unsigned credential: Open Badges 3.0 AchievementCredential with the EU micro-credential elements."""
    achievement = {
        "id": f"{credential_id}#achievement",
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": title,
        "description": description,
        "criteria": {"narrative": criteria},
        "alignment": [{"type": ["Alignment"], "targetType": "ceterms:Competency", "targetName": skill_label,
                       "targetUrl": skill_uri, "targetFramework": "ESCO"}],
        "inLanguage": language,
    }
    if eqf_level:
        achievement["level"] = f"EQF {eqf_level}"
    return {
        "@context": CONTEXTS,
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": title,
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name},
        "validFrom": issued,
        "credentialSubject": {
            "id": learner_id,
            "type": ["AchievementSubject"],
            "name": learner_name,
            "achievement": achievement,
            "result": [{"type": ["Result"], "value": level_label, "achievedLevel": str(level_number)}],
        },
        # The mandatory elements of the EU micro-credential recommendation (2022/C 243/02), named plainly.
        "microCredential": {
            "learner": learner_name,
            "title": title,
            "issuerCountry": "BE",
            "awardingBody": issuer_name,
            "dateOfIssue": issued,
            "learningOutcomes": [{"skill": skill_uri, "label": skill_label, "level": level_label}],
            "level": f"EQF {eqf_level}" if eqf_level else None,
            "typeOfAssessment": assessment,
            "formOfParticipation": "EVC: recognition of prior and informal learning",
            "qualityAssurance": quality_assurance,
        },
    }
