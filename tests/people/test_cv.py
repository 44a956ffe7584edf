"""Reading a CV: files recognised by their bytes, clear refusals, suggestions never claimed on the person's
behalf, the text erased once read, and the real background worker doing the reading."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from lifelong.people import cv, cv_services
from lifelong.people.models import ClaimSource, CompetenceClaim, CvReading, CvReadingStatus
from lifelong.taxonomy.models import Concept

from ..conftest import database_url_for_processes
from .conftest import make_person, make_user

TRUCK_DRIVER_CV = """Curriculum vitae
Jan Peeters, Gent
jan.peeters@example.be
+32 470 12 34 56
Werkervaring
2015-2023: vrachtwagenchauffeur bij Transport Vlaanderen.
2010-2015: magazijnier. Bestellingen klaarmaken, heftruck besturen, voorraad bijhouden.
Talen:
Nederlands, Frans (goed), Engels (basis).
Ik werk graag in team en ben klantvriendelijk."""


def pdf_of(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in text.splitlines():
        pdf.multi_cell(0, 6, line.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def docx_of(text: str) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


# -- files ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("make", [pdf_of, docx_of, lambda t: t.encode("utf-8"), lambda t: t.encode("cp1252")])
def test_text_comes_out_of_pdf_word_and_plain_text(make):
    text = cv.text_of_upload(make(TRUCK_DRIVER_CV.replace("Jan", "Jén")), "cv")
    assert "heftruck besturen" in text and "magazijnier" in text
    assert "Jén Peeters" in text


def test_a_scanned_pdf_without_text_is_refused_with_a_way_out():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")
    with pytest.raises(cv.UnreadableCv, match="scan"):
        cv.text_of_upload(bytes(pdf.output()))


@pytest.mark.parametrize(("data", "reason"), [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "niet lezen"),  # a picture
    (b"%PDF-1.7 this is not really a pdf", "PDF niet openen"),
    (b"PK\x03\x04 not a zip", "niet lezen"),
    (b"   \n  ", "leeg"),
    (b"te kort", "te weinig tekst"),
    (b"x" * (cv.CV_MAX_BYTES + 1), "te groot"),
])
def test_unreadable_files_get_a_plain_reason(data, reason):
    with pytest.raises(cv.UnreadableCv, match=reason):
        cv.text_of_upload(data)


def test_section_headings_and_contact_lines_are_not_read_as_competences():
    kept = cv.competence_lines(TRUCK_DRIVER_CV)
    assert "Curriculum vitae" not in kept and "@" not in kept and "+32" not in kept and "Talen" not in kept
    assert "heftruck besturen" in kept


# -- the reading ------------------------------------------------------------------------------------------------
def test_reading_suggests_skills_with_the_sentence_and_erases_the_text(learner, person,
                                                                      django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        reading = cv_services.submit_cv(user=learner, person=person, text=TRUCK_DRIVER_CV)
    reading.refresh_from_db()
    assert reading.status == CvReadingStatus.QUEUED and reading.text.startswith("Curriculum vitae")
    queued = DBTaskResult.objects.get(pk=reading.task_id)
    assert queued.task_path.endswith("people.tasks.read_cv") and queued.args_kwargs["args"] == [reading.pk]

    cv_services.read_cv_now(reading)
    reading.refresh_from_db()
    assert reading.status == CvReadingStatus.DONE and reading.text == "" and reading.language == "nl"
    by_uri = {r["uri"]: r for r in reading.suggestions}
    forklift = Concept.objects.get(concept_type="skill", label_en="operate forklift")
    assert forklift.uri in by_uri
    assert "heftruck" in by_uri[forklift.uri]["evidence"]
    curriculum = set(Concept.objects.filter(label_en__icontains="curriculum").values_list("uri", flat=True))
    assert not curriculum & by_uri.keys()  # the heading "Curriculum vitae" suggests nothing
    assert not CompetenceClaim.objects.filter(person=person).exists()  # suggestions only


def test_only_the_person_adds_a_cv(person, counsellor, consent):
    with pytest.raises(PermissionDenied):
        cv_services.submit_cv(user=counsellor, person=person, text=TRUCK_DRIVER_CV)


def test_the_real_worker_reads_a_queued_cv(esco, django_db_blocker):
    """`lifelong worker --batch` on the test database picks the job up and finishes it (committed data)."""
    with django_db_blocker.unblock():
        user = make_user("learner")
        person = make_person(user)
        try:
            reading = CvReading.objects.create(person=person, text=TRUCK_DRIVER_CV)
            from lifelong.people.tasks import read_cv

            read_cv.enqueue(reading.pk)
            env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "DEBUG": "1"}
            done = subprocess.run([sys.executable, "-m", "lifelong.cli", "worker", "--batch"], env=env,
                                  capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr[-2000:]
            reading.refresh_from_db()
            assert reading.status == CvReadingStatus.DONE, done.stderr[-2000:]
            assert reading.suggestions and reading.text == ""
        finally:
            user.delete()
            person.delete()


# -- the pages --------------------------------------------------------------------------------------------------
def test_page_refuses_a_picture_and_keeps_the_pasted_text(client, learner):
    client.force_login(learner)
    picture = SimpleUploadedFile("cv.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")
    html = client.post("/loopbaan/cv/", {"text": "mijn tekst", "file": picture}).content.decode()
    assert "niet lezen" in html and "mijn tekst" in html
    assert not CvReading.objects.filter(person=learner.person).exists()


def test_confirming_a_cv_suggestion_makes_a_claim_with_source_cv(client, learner, person):
    reading = CvReading.objects.create(person=person, status=CvReadingStatus.DONE, suggestions=[
        {"uri": Concept.objects.get(concept_type="skill", label_en="operate forklift").uri, "score": 1.0,
         "evidence": "heftruck besturen"}])
    client.force_login(learner)
    page = client.get("/loopbaan/cv/").content.decode()
    assert "heftruck besturen" in page and 'name="from" value="cv"' in page
    assert "te bevestigen" in client.get("/loopbaan/").content.decode().lower()
    uri = reading.suggestions[0]["uri"]
    client.post("/loopbaan/suggestie/", {"uri": uri, "level": 3, "from": "cv"})
    claim = CompetenceClaim.objects.get(person=person, skill__uri=uri)
    assert claim.source == ClaimSource.CV
    assert uri not in client.get("/loopbaan/cv/").content.decode()  # confirmed: no longer a suggestion


def test_someone_elses_cv_cannot_be_wiped_and_your_own_can(client, learner, person):
    other = make_person(make_user("learner"))
    theirs = CvReading.objects.create(person=other, status=CvReadingStatus.DONE)
    mine = CvReading.objects.create(person=person, status=CvReadingStatus.DONE)
    client.force_login(learner)
    assert client.post(f"/loopbaan/cv/{theirs.pk}/wissen/").status_code == 404
    assert client.post(f"/loopbaan/cv/{mine.pk}/wissen/").status_code == 302
    assert CvReading.objects.filter(pk=theirs.pk).exists() and not CvReading.objects.filter(pk=mine.pk).exists()


def test_busy_page_polls_and_my_data_export_holds_the_readings(client, learner, person):
    CvReading.objects.create(person=person, filename=f"{uuid.uuid4().hex}.pdf")
    client.force_login(learner)
    status = client.get("/loopbaan/cv/status/").content.decode()
    assert 'hx-trigger="every 3s"' in status and "We lezen je cv" in status
    exported = client.get("/loopbaan/privacy/mijn-gegevens.json").json()
    assert exported["cv_readings"][0]["status"] == "queued"
