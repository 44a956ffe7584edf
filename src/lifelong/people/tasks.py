"""Background jobs of the career platform (django-tasks, database backend; run them with ``lifelong worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def read_cv(reading_id: int) -> int:
    """Read one CV with the extraction engine; returns the number of suggestions kept."""
    from .cv_services import read_cv_now
    from .models import CvReading, CvReadingStatus

    reading = CvReading.objects.filter(pk=reading_id, status=CvReadingStatus.QUEUED).first()
    if reading is None:  # deleted by the person meanwhile, or already read
        return 0
    return len(read_cv_now(reading).suggestions)
