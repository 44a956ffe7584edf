"""Background jobs: send a campaign, and the sweep that delivers the account's notices and starts scheduled
campaigns (the tasks import their services, never the reverse)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

SWEEP_EVERY = timedelta(minutes=5)


@task()
def send_campaign_task(campaign_id: int) -> dict:
    from .models import Campaign
    from .services import send_campaign

    return send_campaign(Campaign.objects.get(pk=campaign_id))


@task()
def deliver_notices_task() -> dict:
    """Deliver the notices that are due and start due campaigns, then queue the next sweep."""
    from .notices import sweep

    report = sweep()
    schedule_sweep()
    return report


def schedule_sweep(*, now=None) -> bool:
    """Queue the next sweep unless one is already waiting (the long-running worker calls this at start)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=deliver_notices_task.module_path,
                                   status=TaskResultStatus.READY).exists():
        return False
    deliver_notices_task.using(run_after=(now or timezone.now()) + SWEEP_EVERY).enqueue()
    return True
