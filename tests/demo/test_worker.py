"""The worker that `lifelong demo up` starts beside the server stays up (in DEBUG too) and queues the nightly
expiry: a real process on the test database."""

from __future__ import annotations

import time

from ..conftest import database_url_for_processes


def test_the_demo_worker_starts_and_stays_up(django_db_setup, django_db_blocker, monkeypatch):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from lifelong.accounts.tasks import expire_daily
    from lifelong.demo.cli import _start_worker

    monkeypatch.setenv("DATABASE_URL", database_url_for_processes())
    monkeypatch.setenv("DEBUG", "1")  # as `make demo` runs it: db_worker would start its autoreloader
    with django_db_blocker.unblock():
        waiting = DBTaskResult.objects.filter(task_path=expire_daily.module_path, status=TaskResultStatus.READY)
        waiting.delete()
        worker = _start_worker()
        try:
            deadline = time.monotonic() + 60
            while not waiting.exists() and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.5)
            time.sleep(3)  # and it is still running a moment later
            assert worker.poll() is None, f"the worker stopped with exit code {worker.returncode}"
            assert waiting.count() == 1
        finally:
            worker.terminate()
            worker.wait(timeout=20)
            waiting.delete()
