"""An evidence file (EVC) is downloaded as an attachment under a sandboxing policy: it never runs as our page."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from lifelong.people.models import ClaimSource, CompetenceClaim, Evidence, EvidenceKind
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.users.models import User

HOSTILE = b"<html><script>alert(document.cookie)</script></html>"


def test_evidence_file_is_an_attachment_in_a_sandbox(client, settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path
    learner = User.objects.get(email="learner@demo.lifelong.test")
    claim = CompetenceClaim.objects.create(
        person=learner.person, skill=Concept.objects.filter(concept_type=ConceptType.SKILL).first(), level=1,
        source=ClaimSource.EVIDENCE, on=datetime.date(2026, 1, 5))
    item = Evidence(claim=claim, kind=EvidenceKind.DOCUMENT, description="test", content_type="text/html")
    item.file.save("bewijs.html", ContentFile(HOSTILE), save=True)

    client.force_login(learner)
    response = client.get(f"/loopbaan/bewijs/bestand/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "bewijs.html" in response["Content-Disposition"]
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox") and "default-src 'none'" in csp and "script-src" not in csp
    assert b"".join(response.streaming_content) == HOSTILE  # the file itself, unchanged
    # every other page keeps the site's own policy
    assert "script-src 'self'" in client.get("/loopbaan/")["Content-Security-Policy"]
