"""Pure rules: record validation, breaks, growth to a target, small-cell suppression."""

from __future__ import annotations

from decimal import Decimal

from lifelong.dashboard import engine
from lifelong.web import charts

UNITS = {"lfs_12m": "pct", "vov_unique_employees": "persons"}
GOOD = {"series_id": "lfs_12m", "geo": "BE2", "sex": "T", "age": "Y25-64", "breakdown": "total", "period": "2022",
        "value": "22.4", "unit": "pct", "flag": "", "source": "Statbel"}


def test_a_good_row_passes_with_its_flags():
    c = engine.check_series_row(2, {**GOOD, "flag": "b"}, UNITS)
    assert c.ok and c.values["value"] == Decimal("22.4") and c.values["is_break"] and c.values["year"] == 2022


def test_wrong_unit_is_refused_not_converted():
    c = engine.check_series_row(3, {**GOOD, "unit": "persons"}, UNITS)
    assert not c.ok and "niets omgerekend" in c.errors[0]


def test_every_reason_of_a_bad_row_is_reported():
    c = engine.check_series_row(4, {**GOOD, "geo": "BE9", "sex": "Q", "period": "2019-2021", "value": "22,4",
                                    "flag": "z", "source": "", "breakdown": "religion: x"}, UNITS)
    text = " | ".join(c.errors)
    for fragment in ("gebiedscode 'BE9'", "geslacht 'Q'", "periode '2019-2021'", "'22,4' is geen getal",
                     "vlag 'z'", "geen bron", "uitsplitsing 'religion: x'"):
        assert fragment in text
    assert len(c.errors) == 7


def test_percentages_above_100_and_unknown_codes_are_refused():
    assert "boven 100" in engine.check_series_row(5, {**GOOD, "value": "101"}, UNITS).errors[0]
    assert "onbekende indicator" in engine.check_series_row(5, {**GOOD, "series_id": "x"}, UNITS).errors[0]


def test_school_years_and_breakdowns_parse():
    assert engine.parse_period("2022-2023") == 2023 and engine.parse_period("2022-2024") is None
    assert engine.parse_breakdown("education: low (ISCED 0-2)") == ("education", "low (ISCED 0-2)")
    assert engine.parse_breakdown("firm size >50") == ("firm_size", ">50")


def test_target_without_definition_or_value_is_refused():
    row = {"target_id": "t", "measure": "", "target_value": "", "unit": "pct", "target_year": "2030",
           "source": "x"}
    errors = " ".join(engine.check_target_row(2, row).errors)
    assert "zonder meetdefinitie" in errors and "doelwaarde" in errors


def test_a_break_starts_a_new_segment():
    assert engine.segments([(2015, False), (2016, False), (2017, True), (2018, False), (2021, True)]) == \
        [0, 0, 1, 1, 2]


def test_growth_needed_and_trend_since_the_last_break_only():
    series = [(2015, 20.7, False), (2016, 20.9, False), (2017, 22.9, True), (2019, 23.0, False),
              (2021, 20.8, True), (2022, 22.4, False)]
    g = engine.growth_needed(series, 60, 2030)
    assert g.from_year == 2022 and round(g.pp_per_year, 2) == round((60 - 22.4) / 8, 2)
    assert round(g.trend_pp_per_year, 2) == 1.6  # 2021→2022 only, not across the 2021 break
    assert g.on_track is False
    assert round(g.pct_per_year, 4) == round((60 / 22.4) ** (1 / 8) - 1, 4)


def _cell(**kw):
    base = {"birth_year": 1965, "sex": "F", "education_level": "low", "labour_status": "employed",
            "province": "BE21", "size_class": "small", "persons": 0}
    return {**base, **kw}


def test_small_cells_are_suppressed():
    cells = [_cell(persons=30, participants=12, bookings=15, accrued_cents=1000),
             _cell(birth_year=1990, education_level="high", persons=4, participants=3, bookings=3)]
    groups = {"kortgeschoolden": {"education_level": ["low"]}, "ouderen": {"age_min": 55},
              "digibeten": {}}
    rows = {(r["code"], r["dimension"], r["category"]): r for r in engine.compute_platform_values(cells, groups, 2026)}
    assert rows[("platform_bookings", "total", "")]["value"] == 18
    assert rows[("platform_participation", "target_group", "kortgeschoolden")]["value"] == 40.0
    high = rows[("platform_bookings", "education", "high")]
    assert high["is_suppressed"] and high["value"] is None and high["n"] is None
    assert ("platform_bookings", "target_group", "ouderen") in rows  # born 1965: 61 in 2026
    assert not any(k[2] == "digibeten" for k in rows)  # a rule that cannot be computed matches nobody


def test_the_chart_is_data_and_renders_without_a_line_across_a_break():
    points = [{"series": "V", "year": y, "value": v, "segment": f"V · {s}", "flag": ""}
              for y, v, s in [(2015, 20.0, 0), (2016, 21.0, 0), (2017, 23.0, 1), (2018, 23.5, 1)]]
    spec = charts.trend_spec(title="t", description="d", points=points, breaks=[{"year": 2017, "series": "V"}],
                             targets=[{"label": "EU", "year": 2030, "value": 60}], y_title="%")
    assert spec["layer"][0]["encoding"]["detail"]["field"] == "segment"
    svg = charts.render_svg(spec)
    assert svg.count('class="segment"') == 2 and svg.count('class="break"') == 1 and 'class="target"' in svg
    assert 'role="img"' in svg and "<title" in svg


def test_the_funnel_counts_each_step_and_sector_groups_now_match():
    cells = [_cell(persons=40, checked=20, planned=12, participants=11, completed=9, sector="F"),
             _cell(birth_year=1990, persons=25, checked=10, planned=3, participants=0, completed=0, sector="C")]
    groups = {"bouw": {"sector": ["F"]}}
    rows = {(r["code"], r["dimension"], r["category"]): r for r in engine.compute_platform_values(cells, groups, 2026)}
    assert rows[("platform_persons", "total", "")]["value"] == 65
    assert rows[("platform_funnel_checked", "total", "")]["value"] == 30
    assert rows[("platform_funnel_planned", "total", "")]["value"] == 15
    assert rows[("platform_funnel_completed", "total", "")]["is_suppressed"]  # 9 people: too few to show
    assert rows[("platform_funnel_booked", "sector", "F")]["value"] == 11
    assert rows[("platform_funnel_planned", "sector", "C")]["is_suppressed"]  # 3 of 25
    assert rows[("platform_persons", "target_group", "bouw")]["value"] == 40  # the sector rule now matches


def test_provider_values_suppress_small_counts():
    rows = engine.compute_provider_values([{"provider": "Groot", "bookings": 30, "completed": 12},
                                           {"provider": "Klein", "bookings": 4, "completed": 0}])
    by = {(r["code"], r["category"]): r for r in rows}
    assert by[("platform_bookings", "Groot")]["value"] == 30 and by[("platform_funnel_completed", "Groot")]["value"] == 12
    assert by[("platform_bookings", "Klein")]["is_suppressed"] and by[("platform_bookings", "Klein")]["value"] is None
    assert by[("platform_funnel_completed", "Klein")]["value"] == 0  # zero is not a small cell


def test_the_referral_chain_counts_each_step_and_suppresses_small_counts():
    cells = [_cell(persons=40, referred=12, referral_accepted=11, referral_stepped=10, referral_booked=4),
             _cell(birth_year=1990, persons=8, referred=3, referral_accepted=1)]
    rows = {(r["code"], r["dimension"], r["category"]): r for r in engine.compute_platform_values(cells, {}, 2026)}
    assert rows[("platform_referral_made", "total", "")]["value"] == 15
    assert rows[("platform_referral_accepted", "total", "")]["value"] == 12
    assert rows[("platform_referral_step", "total", "")]["value"] == 10
    assert rows[("platform_referral_booked", "total", "")]["is_suppressed"]  # 4 people: too few to show
    assert rows[("platform_referral_booked", "total", "")]["value"] is None
    small = [r for (code, dim, _cat), r in rows.items() if code == "platform_referral_made" and dim == "age"
             and r["is_suppressed"]]
    assert small  # the age band with 8 persons is suppressed whole
