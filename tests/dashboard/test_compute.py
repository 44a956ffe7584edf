"""Platform indicators: computed from the accounts ledger and bookings by a background task, with progress."""

from __future__ import annotations

import pytest

from lifelong.dashboard.models import ComputationRun, IndicatorValue, RunStatus
from lifelong.dashboard.services import recompute_now, request_recompute
from lifelong.dashboard.tasks import recompute_indicators


def test_demo_seed_computed_rights_by_target_group(action):
    total = IndicatorValue.objects.get(indicator__code="platform_rights_accrued_cents", dimension="total")
    assert total.value > 0 and total.n >= 10 and "herberekening" in total.source
    assert IndicatorValue.objects.filter(indicator__code="platform_rights_accrued_cents",
                                         dimension="target_group", category="kortgeschoolden").exists()
    for v in IndicatorValue.objects.filter(indicator__computed=True, is_suppressed=True):
        assert v.value is None and v.n is None


def test_recompute_is_queued_for_the_worker_with_its_progress(users, action):
    from django_tasks_db.models import DBTaskResult

    run = request_recompute(actor=users["secretariat"])
    assert run.status == RunStatus.QUEUED and run.task_id
    assert DBTaskResult.objects.filter(id=run.task_id).exists()
    written = recompute_indicators.call(run.pk)  # what the worker runs
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.steps_done == run.steps_total == 5 and run.percent == 100
    assert run.values_written == written > 0


def test_recompute_replaces_the_values_of_the_year(action):
    before = IndicatorValue.objects.filter(indicator__computed=True).count()
    run = recompute_now()
    assert IndicatorValue.objects.filter(indicator__computed=True).count() == before
    assert IndicatorValue.objects.filter(run=run).count() == run.values_written


def test_only_the_secretariat_queues_a_recompute(users, action):
    from lifelong.actionplan.services import Refused

    with pytest.raises(Refused):
        request_recompute(actor=users["observer"])
    assert not ComputationRun.objects.filter(requested_by=users["observer"]).exists()
