"""Reading a CV (the services): store a pasted text or an uploaded file and queue it, read it in the worker,
reject or restore a suggestion, wipe a reading. A suggestion is never a claim: confirming one goes through
``services.declare_competence`` (source ``cv``)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lifelong.jobs import enqueue_on_commit
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.taxonomy.selectors import named_uri_swaps

from .models import CvReading, CvReadingStatus
from .services.base import Refused, require_own


def submit_cv(*, user, person, text: str = "", upload=None) -> CvReading:
    """Store a pasted text or an uploaded CV file (its bytes, at most ``cv.CV_MAX_BYTES``) and queue it for
    reading; ``Refused`` with the reason when the text is unreadable, the file too big or the person uploads
    too often. The file is parsed by the background worker (``people.tasks.read_cv``), never in the request."""
    from . import cv

    require_own(user, person)
    data, filename = b"", ""
    try:
        if upload is not None:
            _within_upload_rate(person)
            data, filename = cv.checked_upload(upload.read(cv.CV_MAX_BYTES + 1)), upload.name[:200]
        else:
            text = cv.checked_text(text or "")
    except cv.UnreadableCv as exc:
        raise Refused(str(exc)) from exc
    reading = CvReading.objects.create(person=person, text="" if data else text, upload=data, filename=filename)
    enqueue_on_commit("lifelong.people.tasks.read_cv", reading)
    return reading


def _within_upload_rate(person) -> None:
    """At most ``CV_UPLOADS_PER_HOUR`` CV files per person per hour (reading a file costs the worker time)."""
    limit = settings.CV_UPLOADS_PER_HOUR
    recent = CvReading.objects.filter(person=person, created_at__gte=timezone.now() - timedelta(hours=1)) \
        .exclude(filename="").count()
    if recent >= limit:
        raise Refused(_("Je hebt het afgelopen uur al %(n)s cv's opgeladen. Probeer het over een uur opnieuw, "
                        "of plak de tekst van je cv.") % {"n": recent})


def read_cv_now(reading: CvReading) -> CvReading:
    """Read one queued CV: an uploaded file is parsed here, in the worker (with caps on size, pages and
    characters); then the extraction engine suggests skills that exist in the taxonomy. The file and the text
    are erased once read. An unreadable file ends as a failed reading with the reason for the person; any
    other failure is recorded on the reading and raised."""
    from . import cv

    CvReading.objects.filter(pk=reading.pk).update(status=CvReadingStatus.RUNNING)
    text = reading.text
    if reading.upload:
        try:
            text = cv.text_of_upload(bytes(reading.upload), reading.filename)
        except cv.UnreadableCv as exc:
            CvReading.objects.filter(pk=reading.pk).update(status=CvReadingStatus.FAILED, upload=b"",
                                                           refusal=str(exc)[:300], error="UnreadableCv")
            reading.refresh_from_db()
            return reading
    try:
        result = cv.read(text)
        known = set(Concept.objects.filter(uri__in=[r["uri"] for r in result.suggestions],
                                           concept_type=ConceptType.SKILL).values_list("uri", flat=True))
        floor = settings.CV_SUGGESTION_FLOOR  # the ones that will be shown first, so the cap does not cut them
        rows = sorted((r for r in result.suggestions if r["uri"] in known),
                      key=lambda r: r.get("confidence", floor) < floor)[:cv.SUGGESTIONS_KEPT]
        rows = prefer_named_suggestions(rows, result.language)
    except Exception as exc:
        CvReading.objects.filter(pk=reading.pk).update(
            status=CvReadingStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:300])
        raise
    # what the person rejected on an earlier reading stays rejected on this one (undo is one click)
    earlier = CvReading.objects.filter(person=reading.person).exclude(pk=reading.pk).values_list("rejected", flat=True)
    rejected = sorted({uri for uris in earlier for uri in uris} & {r["uri"] for r in rows})
    reading.status, reading.language, reading.suggestions = CvReadingStatus.DONE, result.language, rows
    reading.facts, reading.rejected = result.facts, rejected
    reading.text, reading.upload, reading.read_at = "", b"", timezone.now()
    reading.save(update_fields=["status", "language", "suggestions", "facts", "rejected", "text", "upload",
                                "read_at"])
    return reading


def prefer_named_suggestions(rows: list[dict], language: str | None) -> list[dict]:
    """CV suggestions with a skill that has no name in the CV's language replaced by its named equivalent
    (``taxonomy.selectors.named_uri_swaps``), once, at the better of the two places."""
    if language not in ("nl", "fr") or not rows:
        return rows
    swap = named_uri_swaps([r["uri"] for r in rows], language)
    if not swap:
        return rows
    out: dict[str, dict] = {}
    for row in rows:
        uri = swap.get(row["uri"], row["uri"])
        out.setdefault(uri, {**row, "uri": uri})
    return list(out.values())


def reject_cv_suggestion(*, user, reading: CvReading, uri: str) -> None:
    """The person says a suggestion is wrong: it is kept as rejected on the reading and no longer shown
    (nor on the next reading of a CV); ``restore_cv_suggestion`` undoes it."""
    require_own(user, reading.person)
    with transaction.atomic():
        reading = CvReading.objects.select_for_update().get(pk=reading.pk)
        if uri not in {r["uri"] for r in reading.suggestions}:
            raise Refused(_("Dit voorstel staat niet bij dit cv."))
        if uri not in reading.rejected:
            reading.rejected = [*reading.rejected, uri]
            reading.save(update_fields=["rejected"])


def restore_cv_suggestion(*, user, reading: CvReading, uri: str) -> None:
    """Undo a rejection: the suggestion is shown again."""
    require_own(user, reading.person)
    with transaction.atomic():
        reading = CvReading.objects.select_for_update().get(pk=reading.pk)
        if uri in reading.rejected:
            reading.rejected = [u for u in reading.rejected if u != uri]
            reading.save(update_fields=["rejected"])


def forget_cv(*, user, reading: CvReading) -> None:
    """Delete a CV reading and its suggestions (competences already confirmed stay)."""
    require_own(user, reading.person)
    reading.delete()
