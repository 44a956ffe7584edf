"""A job left running by a worker of *another* host that died (a replaced container, a host that went down) goes back
to the queue on PostgreSQL, where every worker holds a liveness lock on a connection of its own; a job of a live
worker of another host is left alone. On SQLite (one host, one file) only this host's dead workers are recognised.

Real processes: the "other host's worker" is a separate Python process that takes the lock as `lifelong worker`
does (its id names another host), then is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from lifelong import jobs
from tests.conftest import ROOT, database_url_for_processes

pytestmark = pytest.mark.django_db

OTHER_WORKER = "worker-7f3a.other-host.example:4242"

HOLDER = """
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
django.setup()
from lifelong import jobs
assert jobs.hold_liveness(sys.argv[1])
print("holding", flush=True)
time.sleep(600)
"""


def _running_job(worker: str):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, args_kwargs={"args": [1], "kwargs": {}}, backend_name="default",
        task_path="lifelong.mobilisation.tasks.sweep", run_after=now - timedelta(minutes=5), started_at=now,
        worker_ids=[worker], exception_class_path="", traceback="")


def _status(row) -> str:
    row.refresh_from_db()
    return row.status


def test_a_job_of_a_dead_worker_of_another_host_goes_back_to_the_queue_only_when_it_is_dead():
    row = _running_job(OTHER_WORKER)
    if connection.vendor != "postgresql":
        # SQLite: another host cannot share this database file; its worker's jobs are never touched from here
        assert jobs.requeue_orphans() == [] and _status(row) == "RUNNING"
        return

    env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "PYTHONPATH": str(ROOT / "src")}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, OTHER_WORKER], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        # the worker lives: its job stays with it
        assert jobs.requeue_orphans() == [] and _status(row) == "RUNNING"
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        # the server notices the closed connection and lets the lock go: the job goes back to the queue, once
        deadline = time.time() + 10
        back = []
        while not back and time.time() < deadline:
            back = jobs.requeue_orphans()
            time.sleep(0.1)
        assert back == [str(row.pk)] and _status(row) == "READY"
        assert jobs.requeue_orphans() == []
    finally:
        if holder.poll() is None:
            holder.kill()


def test_a_job_of_a_dead_worker_of_this_host_goes_back_and_a_live_one_keeps_its_job():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        host = jobs.worker_id().rpartition(":")[0]
        live = _running_job(f"{host}:{proc.pid}")
        mine = _running_job(jobs.worker_id())  # a worker's own jobs are never its orphans
        assert jobs.requeue_orphans() == []
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert jobs.requeue_orphans() == [str(live.pk)]
        assert (_status(live), _status(mine)) == ("READY", "RUNNING")
    finally:
        if proc.poll() is None:
            proc.kill()
