"""Background jobs (django-tasks, database backend; run them with ``lifelong worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def recompute_indicators(run_id: int) -> int:
    from .models import ComputationRun
    from .services import run_computation

    run = run_computation(ComputationRun.objects.get(pk=run_id))
    return run.values_written
