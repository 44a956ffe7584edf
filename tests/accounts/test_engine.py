"""The pure rule engine: examples from the rules, then properties over many generated people and offers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lifelong.accounts import engine

RULES = engine.load_rules()
ALL_CODES = frozenset(r.code for r in RULES)


def facts(**kw) -> engine.Facts:
    base = dict(on=date(2026, 3, 2), birth_year=1980, labour_status="employed", education_level="medium",
                employer_size=120)
    base.update(kw)
    return engine.Facts(**base)


def right(code, f):
    return next(r for r in engine.rights_of(f, RULES) if r.code == code)


def test_federal_right_is_five_days_from_2024_and_pro_rata():
    assert right("federaal_opleidingsrecht", facts()).amount == 5 * 456
    assert right("federaal_opleidingsrecht", facts(fte_permille=800)).amount == 4 * 456
    assert right("federaal_opleidingsrecht", facts(on=date(2023, 6, 1))).amount == 4 * 456
    assert right("federaal_opleidingsrecht", facts(on=date(2022, 6, 1))).amount == 3 * 456


def test_federal_right_firm_size_exceptions():
    assert right("federaal_opleidingsrecht", facts(employer_size=15)).amount == 456
    small = right("federaal_opleidingsrecht", facts(employer_size=9))
    assert small.amount == 0 and not small.eligible and "minder dan 10" in small.explanation()


def test_training_leave_follows_the_school_year_and_the_one_off_250_hours():
    r = right("vov", facts(on=date(2026, 10, 1)))
    assert (r.amount, r.period_start, r.period_end) == (7500, date(2026, 9, 1), date(2027, 8, 31))
    assert right("vov", facts(on=date(2022, 3, 1))).amount == 15000


def test_training_leave_needs_half_time_work():
    r = right("vov", facts(fte_permille=400))
    assert not r.eligible and "50%" in r.explanation()


def test_job_seeker_gets_no_employee_rights_and_is_told_why():
    f = facts(labour_status="job_seeker", employer_size=None)
    for code in ("vov", "opleidingscheques", "federaal_opleidingsrecht"):
        r = right(code, f)
        assert not r.eligible and r.amount == 0 and "werknemer" in r.explanation()


def test_highly_educated_without_pop_cannot_use_vouchers_for_an_offer_outside_a_pop():
    offer = engine.Offer("Python", 40000, 40, "P", frozenset({"opleidingscheques"}))
    sim = engine.simulate(facts(education_level="high"), offer, RULES, {"opleidingscheques": 25000})
    assert sim.uses == () and sim.net_cost_cents == 40000
    in_pop = engine.Offer("Python", 40000, 40, "P", frozenset({"opleidingscheques"}), in_pop=True)
    sim = engine.simulate(facts(education_level="high", has_pop=True), in_pop, RULES, {"opleidingscheques": 25000})
    assert sim.net_cost_cents == 40000 - 12500


def test_basic_skills_are_fully_paid_by_vouchers():
    offer = engine.Offer("Digitale basis", 20000, 40, "P", frozenset({"opleidingscheques"}),
                         categories=frozenset({"basic_skills"}))
    sim = engine.simulate(facts(), offer, RULES, {"opleidingscheques": 25000})
    assert sim.net_cost_cents == 0


def test_stacking_order_leave_before_federal_vouchers_before_top_up():
    offer = engine.Offer("Lassen", 60000, 40, "P", ALL_CODES)
    balances = {"vov": 1200, "federaal_opleidingsrecht": 2280, "opleidingscheques": 25000, "employer_topup": 20000}
    sim = engine.simulate(facts(), offer, RULES, balances)
    assert [u.code for u in sim.uses] == ["vov", "federaal_opleidingsrecht", "opleidingscheques", "employer_topup"]
    assert sim.net_time_minutes == 0  # 1200 + 1200 of the 2280 federal minutes
    assert sim.net_cost_cents == 60000 - 12500 - 20000


def test_short_offer_gets_no_training_leave():
    offer = engine.Offer("Kort", 10000, 8, "P", frozenset({"vov"}))
    sim = engine.simulate(facts(), offer, RULES, {"vov": 7500})
    assert sim.uses == () and sim.net_time_minutes == 8 * 60
    assert any("32" in r.text() for _c, reasons in sim.refused for r in reasons)


def test_offer_refuses_fractional_or_negative_amounts():
    import pytest

    for bad in (-1, 10.5, True):
        with pytest.raises(ValueError):
            engine.Offer("x", bad, 1, "p")


def test_two_versions_in_force_on_one_day_are_an_error():
    import pytest

    twin = RULES[0].__class__(**{**RULES[0].__dict__, "version": 99})
    with pytest.raises(ValueError):
        engine.rules_in_force([RULES[0], twin], RULES[0].valid_from)


# ---------------------------------------------------------------- properties

days = st.dates(min_value=date(2022, 1, 1), max_value=date(2030, 12, 31))
facts_st = st.builds(
    engine.Facts, on=days, birth_year=st.integers(1940, 2008),
    labour_status=st.sampled_from(["employed", "self_employed", "job_seeker", "inactive"]),
    education_level=st.sampled_from(["low", "medium", "high"]), region=st.sampled_from(["flanders", "other"]),
    employer_size=st.none() | st.integers(0, 5000), fte_permille=st.integers(0, 1000), has_pop=st.booleans(),
    years_worked=st.integers(0, 50), public_sector=st.booleans())
offers = st.builds(
    engine.Offer, title=st.just("x"), price_cents=st.integers(0, 2_000_000), hours=st.integers(0, 400),
    provider=st.just("p"), eligible_schemes=st.frozensets(st.sampled_from(sorted(ALL_CODES))),
    categories=st.frozensets(st.sampled_from(["basic_skills", "shortage_occupation", "career_guidance", "other"])),
    in_working_time=st.booleans(), in_pop=st.booleans())
balances_st = st.dictionaries(st.sampled_from(sorted(ALL_CODES)), st.integers(-10, 100_000))


@settings(max_examples=300, deadline=None)
@given(facts_st)
def test_every_right_is_whole_nonnegative_and_explained(f):
    for r in engine.rights_of(f, RULES):
        assert isinstance(r.amount, int) and r.amount >= 0
        assert r.reasons and all(x.text() for x in r.reasons)
        assert r.eligible == all(x.ok for x in r.reasons)
        if not r.eligible:
            assert r.amount == 0
        if r.period_start:
            assert r.period_start <= f.on <= r.period_end


@settings(max_examples=400, deadline=None)
@given(facts_st, offers, balances_st)
def test_simulation_never_pays_more_than_the_price_or_the_balance(f, offer, balances):
    sim = engine.simulate(f, offer, RULES, balances)
    assert 0 <= sim.net_cost_cents <= offer.price_cents
    full_time = offer.hours * 60 if offer.in_working_time else 0
    assert 0 <= sim.net_time_minutes <= full_time
    for use in sim.uses:
        assert use.code in offer.eligible_schemes
        assert 0 < use.amount <= max(0, balances.get(use.code, 0))
        assert 0 <= use.covers <= use.amount
    money = sum(u.covers for u in sim.uses if u.unit == engine.CENTS)
    time = sum(u.covers for u in sim.uses if u.unit == engine.MINUTES)
    assert sim.net_cost_cents == offer.price_cents - money
    assert sim.net_time_minutes == full_time - time


@settings(max_examples=200, deadline=None)
@given(facts_st, offers, balances_st, st.integers(1, 100_000))
def test_more_balance_never_costs_more(f, offer, balances, extra):
    before = engine.simulate(f, offer, RULES, balances)
    richer = {code: max(0, v) + extra for code, v in balances.items()}
    after = engine.simulate(f, offer, RULES, richer)
    assert after.net_cost_cents <= before.net_cost_cents
    assert after.net_time_minutes <= before.net_time_minutes


@given(days, st.sampled_from(["calendar_year", "school_year", "multi_year"]))
def test_a_day_lies_in_its_period(day, kind):
    start, end = engine.period_of(kind, day, {"period_years": 6, "anchor_year": 2020})
    assert start <= day <= end
    assert engine.period_of(kind, end + timedelta(days=1), {"period_years": 6, "anchor_year": 2020})[0] == \
        end + timedelta(days=1)
