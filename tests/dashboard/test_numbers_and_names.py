"""Issue 16.13: numbers in Dutch (``47 %``, ``11,9``, "+18,6 %") on pages, plain numbers in CSV files (no
"73.0000"), provinces, sectors and breakdowns by name, no raw keys or model codes for readers."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import translation

from lifelong import numbers


def test_numbers_follow_the_readers_language():
    with translation.override("nl"):
        assert numbers.percent(Decimal("47.000")) == "47 %"
        assert numbers.number(11.94, 1) == "11,9"
        assert numbers.signed_percent(18.6) == "+18,6 %"
        assert numbers.signed_percent(-4) == "−4,0 %"
        assert numbers.number(4500000) == "4.500.000"
    with translation.override("en"):
        assert numbers.signed_percent(18.6) == "+18.6 %"
        assert numbers.number(11.94, 1) == "11.9"
    assert numbers.plain(Decimal("73.0000")) == 73 and numbers.plain(Decimal("22.4000")) == 22.4


def test_macro_page_and_csv_have_no_trailing_zeros(client, users):
    client.force_login(users["analyst"])
    html = client.get("/dashboard/macro/").content.decode()
    assert not re.search(r"\d\.000\s*%", html)  # "EU: 47.000%"
    assert re.search(r"\d %", html)
    csv = client.get("/dashboard/export/macro.csv").content.decode()
    data = [line for line in csv.splitlines() if not line.startswith("#")]
    assert len(data) > 2
    assert not re.search(r"\d\.\d*00(,|$)", "\n".join(data), re.M)  # "73.0000"
    growth = client.get("/dashboard/export/groei.csv").content.decode()
    assert not re.search(r"\.000", growth)


def test_platform_breakdowns_by_name(client, users):
    client.force_login(users["analyst"])
    html = client.get("/dashboard/platform/?uitsplitsing=province").content.decode()
    assert "Oost-Vlaanderen" in html and ">BE23<" not in html
    assert ">province<" not in html and ">target_group<" not in html
    assert ">provincie<" in html


def test_series_page_names_the_model_and_rounds_its_scores(client, users):
    from urllib.parse import quote

    from lifelong.forecasts.models import CombinedForecast

    c = next(c for c in CombinedForecast.objects.order_by("id")
             if any(p["source"] == "statistical" for p in c.contributions))
    client.force_login(users["analyst"])
    html = client.get(f"/voorspellingen/reeks/?key={quote(c.series_key)}").content.decode()
    assert not re.search(r"sMAPE \d+[.,]\d{2,}", html)  # "sMAPE 84,1934"
    assert not re.search(r"[Mm]odel:? (comb|snaive|ses|theta|holt_damped|naive)\b", html)
    visible = html.split("<details", 1)[0]
    assert "skill:http" not in visible  # the technical key only behind "Technische sleutel"


def test_vacancy_analysis_names_provinces_without_codes(client, users):
    client.force_login(users["analyst"])
    html = client.get("/vacatures/analyse/").content.decode()
    assert "Oost-Vlaanderen" in html and "(BE23)" not in html
    assert not re.search(r"<option value=\"C\"[^>]*>C —", html)
