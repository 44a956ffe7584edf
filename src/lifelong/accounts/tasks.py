"""Background jobs of the learning account (django-tasks, database backend; run by ``lifelong worker``).

The daily expiry: reservations whose hold lapsed go back to the balance, and the rights of finished
periods expire. The long-running worker keeps one such job queued for the next night
(``schedule_daily_expiry``); each run queues the next one. Running ``lifelong accounts expire`` by hand or
from cron does the same work; both are idempotent, so running both does no harm.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

EXPIRY_AT = time(2, 15)  # local time, when the site is quiet


@task()
def expire_daily() -> dict:
    """Release lapsed holds and expire finished periods, then queue the next night's run."""
    from .services import expire_holds, expire_rights

    done = {"holds": expire_holds(), "rights": expire_rights(on=timezone.localdate())}
    schedule_daily_expiry()  # (this run is marked running, not waiting: it does not count)
    return done


def next_expiry(now: datetime | None = None) -> datetime:
    """The next ``EXPIRY_AT`` (local time) after ``now``."""
    now = timezone.localtime(now or timezone.now())
    at = now.replace(hour=EXPIRY_AT.hour, minute=EXPIRY_AT.minute, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)


def schedule_daily_expiry(*, now: datetime | None = None) -> bool:
    """Queue the next daily expiry unless one is already waiting. Returns whether it queued one."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=expire_daily.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        return False
    expire_daily.using(run_after=next_expiry(now)).enqueue()
    return True
