"""The malformed-file corpus (tests/fixtures/malformed/<importer>/): every importer refuses each bad record with
its reason and keeps the rest; a file it cannot read at all is refused whole with a reason, never a crash (19.8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifelong.users.models import User

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "malformed"


def test_federal_hours_overflow_and_long_ids_are_refused_per_record(esco):
    from lifelong.accounts import federal
    from lifelong.accounts.models import FederalRecord

    report = federal.import_records(CORPUS / "federal" / "hours_and_ids.csv")
    refused = {rid: " ".join(reasons) for _line, rid, reasons in report.refused}
    assert set(refused) == {"M-infinity", "M-1e30", "M-1e8", "M-nan", "R" * 101 + "1", "R" * 101 + "2"}
    for rid in ("M-infinity", "M-1e30", "M-1e8"):
        assert "tot 1000 uur" in refused[rid]
    assert "langer dan 100 tekens" in refused["R" * 101 + "1"]
    assert report.created == 1
    assert FederalRecord.objects.get(record_id="M-good").minutes == 180
    assert not FederalRecord.objects.filter(record_id__startswith="RRRR").exists()


def _provider_staff():
    from lifelong.catalogue.models import Provider

    staff = User.objects.get(email="provider@demo.lifelong.test")
    return staff, Provider.objects.filter(staff=staff).first()


def test_catalogue_one_column_csv_is_refused_per_record(esco):
    from lifelong.catalogue.services import import_offers, read_records

    staff, provider = _provider_staff()
    records = read_records((CORPUS / "catalogue" / "one_column.csv").read_bytes(), "csv")
    report = import_offers(user=staff, provider=provider, records=records)
    assert report.created == 0 and len(report.refused) == 2
    assert all("external_id" in " ".join(map(str, r.reasons)) for r in report.refused)


def test_catalogue_deeply_nested_json_is_refused_whole_with_a_reason(esco):
    from lifelong.catalogue.services import read_records

    with pytest.raises(ValueError, match="te diep genest"):
        read_records((CORPUS / "catalogue" / "deep.json").read_bytes(), "json")


def test_catalogue_prices_above_seven_digits_and_long_ids_are_refused(esco):
    from lifelong.catalogue.models import Offer
    from lifelong.catalogue.services import import_offers, read_records

    staff, provider = _provider_staff()
    records = read_records((CORPUS / "catalogue" / "prices_and_ids.json").read_bytes(), "json")
    report = import_offers(user=staff, provider=provider, records=records)
    refused = {r.external_id: " ".join(map(str, r.reasons)) for r in report.refused}
    assert set(refused) == {"M-price-int", "M-price-8", "R" * 101, "M-nul"}
    assert "prijs" in refused["M-price-int"] and "NUL" in refused["M-nul"]
    assert report.created == 1
    assert Offer.objects.get(provider=provider, external_id="M-good").price_cents == 25_000
    assert not Offer.objects.filter(price_cents__gte=10**9).exists()


def test_catalogue_import_page_refuses_a_deep_file_with_a_reason(client, esco):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff, provider = _provider_staff()
    client.force_login(staff)
    resp = client.post(f"/kompas/aanbieder/{provider.pk}/importeren/",
                       {"file": SimpleUploadedFile("deep.json", (CORPUS / "catalogue" / "deep.json").read_bytes())})
    assert resp.status_code == 200 and "te diep genest" in resp.content.decode()


@pytest.mark.parametrize("name,good", [("deep.jsonl", {"M-good-1", "M-good-2"}), ("deep.json", {"M-good-3", "M-good-4"})])
def test_vacancy_import_refuses_the_deep_record_and_keeps_the_rest(esco, name, good):
    from lifelong.vacancies.models import Vacancy
    from lifelong.vacancies.services import import_vacancies

    report = import_vacancies(paths=[CORPUS / "vacancies" / name], source="malformed")
    assert [r.reason for r in report.refused] == ["JSON nested too deeply (the record is refused, the rest is read)"]
    assert set(Vacancy.objects.filter(source="malformed").values_list("external_id", flat=True)) == good
