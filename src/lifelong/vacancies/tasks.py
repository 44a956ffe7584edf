"""Background jobs (django-tasks, database backend; run them with ``lifelong worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def process_vacancies_task(run_id: int) -> int:
    from .models import ProcessingRun
    from .services import run_processing

    run = run_processing(ProcessingRun.objects.get(pk=run_id))
    return run.done
