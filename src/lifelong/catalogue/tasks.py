"""Background jobs of the training compass (django-tasks, database backend; run them with ``lifelong worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def tag_offers(run_id: int) -> int:
    """Suggest competences for the offers of one tagging run; returns the number of offers read."""
    from .models import TaggingRun, TaggingStatus
    from .tagging import run_tagging

    run = TaggingRun.objects.filter(pk=run_id, status=TaggingStatus.QUEUED).first()
    if run is None:  # already run, or deleted
        return 0
    return run_tagging(run).done
