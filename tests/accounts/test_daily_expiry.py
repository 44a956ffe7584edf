"""The worker keeps one nightly expiry queued; the job releases lapsed holds and queues the next night."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lifelong.accounts import services, tasks
from lifelong.accounts.models import Hold, HoldStatus

from .conftest import DAY

pytestmark = pytest.mark.django_db


def waiting():
    return DBTaskResult.objects.filter(task_path=tasks.expire_daily.module_path, status=TaskResultStatus.READY)


def test_the_next_expiry_is_tonight_or_tomorrow_night():
    tz = timezone.get_current_timezone()
    assert tasks.next_expiry(datetime(2026, 3, 2, 1, 0, tzinfo=tz)) == datetime(2026, 3, 2, 2, 15, tzinfo=tz)
    assert tasks.next_expiry(datetime(2026, 3, 2, 2, 15, tzinfo=tz)) == datetime(2026, 3, 3, 2, 15, tzinfo=tz)


def test_one_nightly_expiry_is_queued_however_often_the_worker_starts():
    waiting().delete()
    assert tasks.schedule_daily_expiry() is True
    assert tasks.schedule_daily_expiry() is False
    assert waiting().count() == 1
    assert waiting().get().run_after > timezone.now()


def test_the_job_releases_lapsed_holds_and_queues_the_next_night(person):
    waiting().delete()
    services.accrue(person=person, scheme_code="vov", amount=600, on=DAY, idempotency_key=f"de:{person.pk}")
    hold = services.reserve(person=person, scheme_code="vov", amount=600, on=DAY,
                            expires_at=timezone.now() + timedelta(days=1), idempotency_key=f"de:{person.pk}:h")
    Hold.objects.filter(pk=hold.pk).update(expires_at=timezone.now() - timedelta(minutes=1))  # a day later
    done = tasks.expire_daily.call()
    assert done["holds"] >= 1
    assert Hold.objects.get(pk=hold.pk).status == HoldStatus.EXPIRED
    assert waiting().count() == 1  # the next night is queued
