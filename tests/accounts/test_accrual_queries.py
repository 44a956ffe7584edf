"""The yearly accrual reads employment facts for a whole batch at once: the number of queries does not grow
with the number of people (it did: two queries per person, 15 times slower on 1,000,000 people)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lifelong.accounts.selectors import facts_of
from lifelong.accounts.services import accrue_year
from lifelong.organisations.models import Employment

from .conftest import DAY, make_person

pytestmark = pytest.mark.django_db


def _employment_queries(person_ids) -> int:
    with CaptureQueriesContext(connection) as queries:
        accrue_year(on=DAY, person_ids=person_ids)
    return sum("organisations_employment" in q["sql"] for q in queries.captured_queries)


def test_the_accrual_reads_employment_once_per_batch_and_gives_the_same_facts(schemes):
    few = [make_person() for _ in range(3)]
    many = [make_person() for _ in range(30)]
    part_timer = many[0]
    Employment.objects.create(person=part_timer, organisation=part_timer.employer, start_date=date(2015, 1, 1),
                              fte_permille=600)
    Employment.objects.create(person=many[1], organisation=many[1].employer, start_date=date(2027, 1, 1),
                              fte_permille=1000)  # only in the future: records, but none running yet
    assert _employment_queries([p.pk for p in few]) == _employment_queries([p.pk for p in many]) <= 1

    # the batch's facts are the one-by-one facts
    from lifelong.accounts.selectors import jobs_of_people

    jobs = jobs_of_people([p.pk for p in many], DAY)
    assert set(jobs) == {many[0].pk, many[1].pk}
    for person in many:
        assert facts_of(person, DAY, jobs=jobs.get(person.pk)) == facts_of(person, DAY)
    assert facts_of(part_timer, DAY).fte_permille == 600
