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


# -- a worker that died mid-job (kill -9, a power cut, a container that was replaced) -------------------------
# A worker is ``host:pid``. On its own host a dead one is a pid that is gone. On PostgreSQL each worker also holds
# a session advisory lock named after itself on a connection of its own, for its whole life: the database lets go
# of it when that connection goes, however the process ended, so a worker on any host can tell a live worker of
# another host (the lock is taken) from a dead one (it is free). SQLite lives on one host: the pid check suffices.
LIVENESS_LOCKS = 0x4C4C  # the advisory-lock space of lifelong's workers ("LL")
_liveness = None  # the connection that holds this worker's lock (kept for the life of the process)


def worker_id() -> str:
    """This worker's id as the task rows keep it: ``host:pid`` (≤ 64 characters)."""
    import os
    import socket

    return f"{socket.gethostname()[:50]}:{os.getpid()}"


def _lock_key(worker: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.blake2b(worker.encode(), digest_size=4).digest(), "big", signed=True)


def hold_liveness(worker: str | None = None) -> bool:
    """PostgreSQL: take this worker's advisory lock on a connection of its own and keep it while the process
    lives. Call it before the worker claims a job. Returns whether a lock is held (False on SQLite)."""
    global _liveness
    from django.db import connection

    if connection.vendor != "postgresql":
        return False
    if _liveness is None:
        raw = connection.get_new_connection(connection.get_connection_params())
        raw.autocommit = True
        raw.execute("SELECT pg_advisory_lock(%s, %s)", [LIVENESS_LOCKS, _lock_key(worker or worker_id())])
        _liveness = raw
    return True


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _holds_no_lock(worker: str) -> bool:
    """PostgreSQL: nobody holds ``worker``'s liveness lock, so that worker is gone (its connection closed)."""
    from django.db import connection

    key = _lock_key(worker)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LIVENESS_LOCKS, key])
        free = bool(cursor.fetchone()[0])
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LIVENESS_LOCKS, key])
    return free


def _is_dead(worker: str, host: str) -> bool:
    from django.db import connection

    owner, _sep, pid = worker.rpartition(":")
    if worker == worker_id() or not pid.isdigit():
        return False
    if owner == host:
        return not _alive(int(pid))
    return connection.vendor == "postgresql" and _holds_no_lock(worker)


def requeue_orphans() -> list[str]:
    """Jobs left *running* by a dead worker go back to the queue (the same row, so the job runs once more):
    every job here is safe to run again — it picks up where its own records say it stopped (a campaign resends
    only the deliveries it had claimed but not recorded, with the same Message-ID). On this host a worker is dead
    when its process is gone; on PostgreSQL a worker of another host when its liveness lock is free. Returns the
    ids put back."""
    import socket

    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    host = socket.gethostname()[:50]
    back = []
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("id", "worker_ids"):
        last = str((row.worker_ids or [""])[-1])
        if not _is_dead(last, host):
            continue
        if DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None):
            back.append(str(row.pk))
    return back


def watch_for_orphans(every_seconds: float, report=None) -> None:
    """A daemon thread of a running worker that looks for dead workers' jobs every ``every_seconds`` (a worker
    of another host may die while this one runs)."""
    import threading
    import time

    from django.db import connections

    def loop():
        while True:
            time.sleep(every_seconds)
            try:
                back = requeue_orphans()
            except Exception as exc:  # the database away for a moment: try again next time
                back = []
                if report:
                    report(f"looking for stopped workers' jobs failed: {exc}")
            finally:
                connections.close_all()  # this thread's own connection
            for job in back:
                if report:
                    report(f"job {job} of a worker that stopped mid-way is queued again")

    threading.Thread(target=loop, name="orphan-watch", daemon=True).start()
