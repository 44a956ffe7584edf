"""Importing job ads: formats, idempotence, refusals with file:line and reason, near-duplicates."""

from __future__ import annotations

import json

import pytest

from lifelong.vacancies.models import ImportRun, Vacancy, VacancyState
from lifelong.vacancies.services import import_vacancies

pytestmark = pytest.mark.django_db

DRIVER = ("Voor onze vestiging in Gent zoeken wij een vrachtwagenchauffeur CE. Je rijdt nationaal transport "
          "met een trekker en oplegger. Je laadt en lost zelf met de kraan. Je hebt een rijbewijs CE en een "
          "vakbekwaamheidsattest. Je werkt in dagdienst en bent stipt. Wij bieden een vast contract, een "
          "marktconform loon en maaltijdcheques.")
NURSE = ("Voor ons woonzorgcentrum in Gent zoeken wij een verpleegkundige. Je verzorgt bewoners, dient "
         "medicatie toe en werkt nauw samen met artsen en familie. Je hebt een diploma verpleegkunde. "
         "Wij bieden een vast contract, een marktconform loon en maaltijdcheques.")


def ad(i, **extra):
    return {"id": f"A{i}", "title": "Vrachtwagenchauffeur CE", "description": DRIVER, "employer": "Transport Leie nv",
            "postcode": "9000", "posted": "2026-03-02", "nace": "49.41", **extra}


def write_jsonl(path, records, raw_lines=()):
    with open(path, "wb") as fh:
        for r in records:
            fh.write((json.dumps(r, ensure_ascii=False) + "\n").encode())
        for line in raw_lines:
            fh.write(line + b"\n")
    return path


def test_jsonl_import_keeps_good_records_and_reports_each_bad_one(tmp_path):
    path = write_jsonl(tmp_path / "board.jsonl", [
        ad(1),
        ad(2, description=""),                                 # line 2: missing text
        ad(3, language="es"),                                  # line 3: unknown language
        ad(4, description="x" * 5_000_000),                    # line 4: a 5 MB description
        ad(1, title="Other"),                                  # line 5: duplicate id in the file
        ad(6, postcode="0999"),                                # line 6: unknown postcode
        ad(7, title="Verpleegkundige", description=NURSE, nace="Q", postcode="3500", employer="Zorg Demer"),
    ], raw_lines=[b'{"id": "A8", "title": ', b'{"id": "A9", "title": "caf\xe9", "description": "x", "posted": "2026-03-01"}'])
    report = import_vacancies(paths=[path], source="vdab")
    reasons = {r.line: r.reason for r in report.refused}
    assert set(reasons) == {2, 3, 4, 5, 6, 8, 9}
    assert "missing description" in reasons[2]
    assert "unknown language 'es'" in reasons[3]
    assert "too long: 5,000,000 characters" in reasons[4]
    assert "duplicate id 'A1'" in reasons[5] and "board.jsonl:1" in reasons[5]
    assert "unknown postcode '0999'" in reasons[6]
    assert reasons[8].startswith("malformed JSON") and reasons[9].startswith("invalid UTF-8")
    assert str(report.refused[0]).startswith(f"{path}:2: refused 'A2': ")
    assert report.run.created == 2
    nurse = Vacancy.objects.get(source="vdab", external_id="A7")
    assert (nurse.province, nurse.nace_section, nurse.language, nurse.language_detected) == ("BE22", "Q", "nl", True)
    driver = Vacancy.objects.get(source="vdab", external_id="A1")
    assert (driver.province, driver.nace_section) == ("BE23", "H")
    assert ImportRun.objects.get(pk=report.run.pk).refusals[0]["line"] == 2


def test_reimport_is_idempotent_and_a_changed_text_is_extracted_again(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [ad(1), ad(2, title="Verpleegkundige", description=NURSE)])
    assert import_vacancies(paths=[path], source="s").run.created == 2
    again = import_vacancies(paths=[path], source="s")
    assert (again.run.created, again.run.updated, again.run.unchanged) == (0, 0, 2)
    Vacancy.objects.filter(external_id="A1").update(state=VacancyState.PROCESSED)
    write_jsonl(path, [ad(1, description=DRIVER + " Je spreekt Frans."), ad(2, title="Verpleegkundige", description=NURSE)])
    changed = import_vacancies(paths=[path], source="s")
    assert (changed.run.created, changed.run.updated) == (0, 1)
    assert Vacancy.objects.get(external_id="A1").state == VacancyState.PENDING
    assert Vacancy.objects.filter(source="s").count() == 2


def test_csv_and_german_detection(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(
        "id,title,description,employer,municipality,posted,expires\n"
        'c1,Lasser,"Wij zoeken een lasser met ervaring in TIG-lassen.\nJe leest technische tekeningen.",Metaal bv,'
        "Kortrijk,2026-02-01,2026-03-01\n"
        'c2,Schweisser,"Wir suchen einen Schweisser mit Erfahrung. Sie haben Kenntnisse der Schweisstechnik und '
        'arbeiten im Team.",Metall GmbH,Onbekend Dorp,2026-02-01,\n'
        "c3,Fout,zonder datum,,,,\n"
        "c4,Te laat,tekst,,,2026-02-10,2026-02-01\n", encoding="utf-8")
    report = import_vacancies(paths=[path])
    assert report.run.created == 2
    reasons = {r.line: r.reason for r in report.refused}
    assert "missing posting date" in reasons[5] and "before it was posted" in reasons[6]
    welder = Vacancy.objects.get(external_id="c1")
    assert (welder.source, welder.province, welder.language) == ("feed", "BE25", "nl")
    assert "\n" in welder.description
    german = Vacancy.objects.get(external_id="c2")
    assert german.language == "de" and german.province == ""


def test_jobposting_json_ld_single_list_graph_and_html(tmp_path):
    posting = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Boekhouder",
               "description": "<p>Je verwerkt facturen.</p><ul><li>Je maakt de btw-aangifte.</li></ul>",
               "identifier": {"@type": "PropertyValue", "name": "jobat", "value": "J-1"},
               "hiringOrganization": {"@type": "Organization", "name": "Cijfers cv"},
               "jobLocation": {"@type": "Place", "address": {"postalCode": "2800", "addressCountry": "BE"}},
               "datePosted": "2026-01-15T09:00:00+01:00", "validThrough": "2026-02-15", "industry": "69.20",
               "inLanguage": "nl-BE"}
    (tmp_path / "one.jsonld").write_text(json.dumps(posting))
    listed = [dict(posting, identifier="L-1"), {"@type": "Organization", "name": "x"}, dict(posting, identifier="L-2")]
    (tmp_path / "list.json").write_text(json.dumps(listed, indent=1))
    (tmp_path / "graph.json").write_text(json.dumps({"@context": "https://schema.org", "@graph": [dict(posting, identifier="G-1")]}))
    (tmp_path / "page.html").write_text("<html><head>\n<script type=\"application/ld+json\">\n"
                                        + json.dumps(dict(posting, identifier="H-1")) + "\n</script></head></html>")
    files = [tmp_path / n for n in ("one.jsonld", "list.json", "graph.json", "page.html")]
    report = import_vacancies(paths=files, source="web")
    ids = set(Vacancy.objects.filter(external_id__in=["J-1", "L-1", "L-2", "G-1", "H-1"]).values_list("external_id", flat=True))
    assert ids == {"J-1", "L-1", "L-2", "G-1", "H-1"}
    [refusal] = report.refused
    assert refusal.file.endswith("list.json") and refusal.line > 1 and "not a JobPosting" in refusal.reason
    one = Vacancy.objects.get(external_id="J-1")
    assert (one.source, one.province, one.nace_section, str(one.posted_on)) == ("jobat", "BE21", "M", "2026-01-15")
    assert one.description.splitlines() == ["Je verwerkt facturen.", "Je maakt de btw-aangifte."]


def test_the_same_ad_reworded_on_two_boards_is_linked_once(tmp_path):
    reworded = DRIVER.replace("Voor onze vestiging in Gent zoeken wij", "Wij zoeken voor onze vestiging in Gent") \
        .replace("maaltijdcheques", "maaltijdcheques en een hospitalisatieverzekering")
    write_jsonl(tmp_path / "vdab.jsonl", [ad(1)])
    write_jsonl(tmp_path / "jobat.jsonl", [ad(99, title="Vrachtwagenchauffeur CE (m/v/x)", description=reworded,
                                                 employer="TRANSPORT LEIE", posted="2026-03-05")])
    import_vacancies(paths=[tmp_path / "vdab.jsonl"], source="vdab")
    report = import_vacancies(paths=[tmp_path / "jobat.jsonl"], source="jobat")
    assert report.run.duplicates == 1
    first = Vacancy.objects.get(source="vdab", external_id="A1")
    copy = Vacancy.objects.get(source="jobat", external_id="A99")
    assert copy.duplicate_of == first and copy.state == VacancyState.DUPLICATE
    assert list(first.copies.all()) == [copy]


def test_two_different_ads_of_one_employer_are_not_linked(tmp_path):
    write_jsonl(tmp_path / "x.jsonl", [ad(1), ad(2, title="Verpleegkundige", description=NURSE.replace(
        "woonzorgcentrum", "transportbedrijf"))])
    report = import_vacancies(paths=[tmp_path / "x.jsonl"], source="x")
    assert report.run.created == 2 and report.run.duplicates == 0
    assert not Vacancy.objects.filter(source="x", duplicate_of__isnull=False).exists()
