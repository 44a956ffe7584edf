"""Background jobs: queueing a task for a row that tracks it (``task_id``), now or once the transaction commits.

The rows are the apps' run records (``dashboard.ComputationRun``, ``vacancies.ProcessingRun``,
``catalogue.TaggingRun``, ``people.CvReading``); the task receives the row's primary key.

A service names its task by its dotted path (``"lifelong.people.tasks.read_cv"``) rather than importing it:
a task module imports its service, never the reverse, so the two never form a circle.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    """Where a run row's job stands."""

    QUEUED = "queued", _("in de wachtrij")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


def enqueue_for(task, row) -> None:
    """Queue ``task(row.pk)`` on the worker and keep the task's id on the row; ``task`` is a task or the
    dotted path of one."""
    if isinstance(task, str):
        task = import_string(task)
    result = task.enqueue(row.pk)
    row.task_id = str(result.id)
    type(row).objects.filter(pk=row.pk).update(task_id=row.task_id)


def enqueue_on_commit(task, row) -> None:
    """The same once the current transaction commits, so the worker never looks for a row it cannot see yet
    (nor runs for one that was rolled back)."""
    transaction.on_commit(lambda: enqueue_for(task, row))


# -- a worker that died mid-job (kill -9, a power cut) ---------------------------------------------------------
def worker_id() -> str:
    """This worker's id as the task rows keep it: ``host:pid`` (≤ 64 characters), so that a worker starting
    later on the same host can tell a job of a dead worker from one that is still running."""
    import os
    import socket

    return f"{socket.gethostname()[:50]}:{os.getpid()}"


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def requeue_orphans() -> list[str]:
    """Jobs left *running* by a worker of this host whose process is gone go back to the queue (the same row,
    so the job runs once more): every job here is safe to run again — it picks up where its own records say it
    stopped (a campaign resends only the deliveries it had claimed but not recorded, with the same
    Message-ID). Jobs of workers on other hosts are left to a worker there. Returns the ids put back."""
    import socket

    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    host = socket.gethostname()[:50]
    back = []
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("id", "worker_ids"):
        last = (row.worker_ids or [""])[-1]
        owner, _sep, pid = str(last).rpartition(":")
        if owner != host or not pid.isdigit() or _alive(int(pid)):
            continue
        if DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None):
            back.append(str(row.pk))
    return back
