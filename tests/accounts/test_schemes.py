"""Schemes as versioned data: loading, versions, and refusal of overlapping validity."""

from __future__ import annotations

from datetime import date

import pytest

from lifelong.accounts.models import Scheme, SchemeVersion
from lifelong.accounts.services import Refused, add_scheme_version, load_schemes


@pytest.mark.django_db
def test_every_scheme_in_the_data_file_is_loaded_with_its_source(schemes):
    codes = set(Scheme.objects.values_list("code", flat=True))
    assert {"vov", "opleidingscheques", "opleidingskrediet", "loopbaancheques", "federaal_opleidingsrecht",
            "kmo_portefeuille", "sector_topup", "employer_topup"} <= codes
    assert not SchemeVersion.objects.filter(source_title="").exists()


@pytest.mark.django_db
def test_loading_twice_changes_nothing(schemes):
    before = SchemeVersion.objects.count()
    report = load_schemes()
    assert report.created == [] and report.refused == []
    assert SchemeVersion.objects.count() == before


@pytest.mark.django_db
def test_a_change_of_law_is_a_new_version_and_overlap_is_refused(schemes):
    scheme = Scheme.objects.get(code="federaal_opleidingsrecht")
    current = scheme.versions.get(valid_until__isnull=True)
    with pytest.raises(Refused, match="overlapt met versie 3"):
        add_scheme_version(scheme=scheme, version=4, valid_from=date(2027, 1, 1), valid_until=None,
                           period="calendar_year", params=current.params, source_title="nieuwe wet")
    assert not scheme.versions.filter(version=4).exists()
    # close the current version first, then the new one fits
    SchemeVersion.objects.filter(pk=current.pk).update(valid_until=date(2026, 12, 31))
    v4 = add_scheme_version(scheme=scheme, version=4, valid_from=date(2027, 1, 1), valid_until=None,
                            period="calendar_year", params={**current.params, "days_per_fte": 6},
                            source_title="nieuwe wet")
    assert v4.as_rule().params["days_per_fte"] == 6


@pytest.mark.django_db
def test_an_end_before_the_start_is_refused(schemes):
    scheme = Scheme.objects.get(code="sector_topup")
    with pytest.raises(Refused, match="einddatum"):
        add_scheme_version(scheme=scheme, version=9, valid_from=date(2020, 5, 1), valid_until=date(2020, 1, 1),
                           period="calendar_year", params={}, source_title="x")


@pytest.mark.django_db
def test_voucher_period_is_configuration(tmp_path, schemes):
    import json

    from lifelong.accounts.engine import SCHEMES_FILE

    data = json.loads(SCHEMES_FILE.read_text())
    data["schemes"] = [s for s in data["schemes"] if s["code"] == "opleidingscheques"]
    data["schemes"][0]["code"] = "opleidingscheques_school"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    load_schemes(path=path, voucher_period="school_year")
    assert SchemeVersion.objects.get(scheme__code="opleidingscheques_school").period == "school_year"


@pytest.mark.django_db
def test_cached_schemes_see_a_new_version_at_once_and_forget_a_rolled_back_one(schemes, monkeypatch):
    from lifelong.accounts import services

    monkeypatch.setattr(services.schemes, "_no_cache_until", 0.0)  # the cache as a long-running process has it
    services._scheme_cache.clear()
    scheme = services.scheme_of("vov")
    before = services.version_in_force(scheme, date(2031, 6, 1))
    assert "vov" in services._scheme_cache  # cached: the next call asks the database nothing
    last = SchemeVersion.objects.filter(scheme=scheme).order_by("-version").first()
    if last.valid_until is None:
        last.valid_until = date(2030, 12, 31)
        last.save()
    new = add_scheme_version(scheme=scheme, version=last.version + 1, valid_from=date(2031, 1, 1),
                             valid_until=None, period=last.period, params=last.params, source_title="test: new law")
    assert services.version_in_force(services.scheme_of("vov"), date(2031, 6, 1)) == new != before
    assert "vov" not in services._scheme_cache  # a save stops caching for a while: a rollback is never kept
