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
