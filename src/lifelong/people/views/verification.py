"""Public: anyone checks a credential (by its link or as a file) against the issuer's keys."""

from __future__ import annotations

import json

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import credentials as vc
from .. import selectors, services
from ..models import Credential, CredentialRecord


def _public_key():
    return [services.signing_key().public_key(), *services.retired_public_keys()]


def verify(request, pk):
    """Public: anyone holding the link sees whether the credential is valid, invalid or revoked (also after the
    holder's erasure: then from the credential's tombstone, without the document)."""
    credential = Credential.objects.filter(pk=pk).first()
    record = None if credential else CredentialRecord.objects.filter(pk=pk).first()
    if record is not None:
        status = selectors.status_of_record(record)
    else:
        status = selectors.verify_credential(credential.document if credential else None, _public_key(), credential)
    return render(request, "people/verify.html", {"status": status, "doc": credential.document if credential else None},
                  status=200 if credential or record else 404)


def verify_upload(request):
    """Public: paste or upload a credential file to check its signature and status."""
    status, doc = None, None
    if request.method == "POST":
        raw = request.FILES["file"].read(200_000) if "file" in request.FILES else request.POST.get("json", "")
        try:
            doc = json.loads(raw)
            status = selectors.verify_credential(doc if isinstance(doc, dict) else {}, _public_key())
        except (ValueError, UnicodeDecodeError):
            status = selectors.CredentialStatus("invalid", _("Dit is geen leesbaar JSON-bestand."))
    return render(request, "people/verify.html", {"status": status, "doc": doc, "upload": True})


def issuer(request):
    """Public issuer profile with the verification key (multibase Ed25519)."""
    try:
        base = services.site_url()
    except services.Refused as exc:
        return JsonResponse({"detail": str(exc)}, status=503)
    key = vc.public_multibase(services.signing_key().public_key())
    return JsonResponse({
        "@context": vc.CONTEXTS, "id": f"{base}/loopbaan/uitgever", "type": ["Profile"],
        "name": "lifelong — EVC Vlaanderen",
        "verificationMethod": [{"id": f"{base}/loopbaan/uitgever#key-1", "type": "Multikey",
                                "controller": f"{base}/loopbaan/uitgever", "publicKeyMultibase": key}],
    })
