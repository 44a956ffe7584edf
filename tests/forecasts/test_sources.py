"""Employer surveys, Delphi panels and the combination (database; never transactional_db)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from lifelong.forecasts import selectors
from lifelong.forecasts.engine.periods import format_period
from lifelong.forecasts.models import (
    FirmPopulation,
    FrozenRound,
    PanelAnswer,
    SurveyResponse,
    SurveyStatus,
)
from lifelong.forecasts.services import combination, import_series, panels, run_forecasts, surveys
from lifelong.organisations.models import Organisation
from lifelong.taxonomy.models import Concept
from lifelong.users.models import User

pytestmark = pytest.mark.django_db


def concepts(kind, n, offset=0):
    return list(Concept.objects.filter(concept_type=kind).order_by("id").values_list("uri", flat=True)[offset:offset + n])


@pytest.fixture
def survey(esco):
    occ = concepts("occupation", 1, 5)
    skills = concepts("skill", 2, 7)
    surveys.derive_population_from_organisations()
    s = surveys.create_survey(title="Test", occupations=occ, skills=skills, max_count=500)
    surveys.set_status(s, SurveyStatus.OPEN)
    return s


def dotted(number):
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


def csv_of(rows):
    return "enterprise_number,kind,concept_uri,value\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n"


def test_population_is_derived_from_demo_organisations_and_labelled_synthetic(esco):
    surveys.derive_population_from_organisations()
    assert sum(FirmPopulation.objects.values_list("firms", flat=True)) == Organisation.objects.filter(
        is_synthetic=True).count()
    source, synthetic = surveys.population_source()
    assert synthetic and source.startswith("SYNTHETISCH")


def test_csv_import_reports_each_bad_row_and_keeps_the_valid_ones(survey):
    orgs = list(Organisation.objects.filter(is_synthetic=True).exclude(survey_responses__survey=survey)
                .order_by("id")[:3])
    occ = survey.questions.get(kind="hiring").concept_uri
    skill = survey.questions.filter(kind="missing_skill").first().concept_uri
    text = csv_of([
        (orgs[0].enterprise_number, "hiring", occ, 4),
        (orgs[0].enterprise_number, "missing_skill", skill, "ja"),
        (orgs[0].enterprise_number, "hiring", occ, 5),  # line 4: the same firm answers twice
        (orgs[1].enterprise_number, "hiring", occ, 9999),  # out of range
        ("0999999999", "hiring", occ, 1),  # unknown organisation
        (orgs[1].enterprise_number, "hiring", "http://data.europa.eu/esco/occupation/nope", 1),  # unknown occupation
        (orgs[1].enterprise_number, "training", "", "misschien"),  # not yes/no
        (dotted(orgs[2].enterprise_number), "training", "", "nee"),  # 0999.000.001 = 0999000001
    ])
    report = surveys.import_answers(survey=survey, text=text, source="test.csv")
    reasons = dict(report.refused)
    assert "al op regel 2" in reasons[4] and "buiten het bereik" in reasons[5]
    assert "onbekende organisatie" in reasons[6] and "onbekend beroep" in reasons[7] and "ja/nee" in reasons[8]
    assert (report.firms, report.answers) == (2, 3)
    again = surveys.import_answers(survey=survey, text=csv_of([(orgs[2].enterprise_number, "hiring", occ, 1)]))
    assert "al beantwoord" in again.refused[0][1] and again.firms == 0


def test_csv_without_the_header_is_a_clear_error(survey):
    with pytest.raises(surveys.SurveyRefused, match="kolom"):
        surveys.import_answers(survey=survey, text="a,b\n1,2\n")


def test_web_answer_once_per_firm_and_range_checked(survey):
    org = Organisation.objects.filter(is_synthetic=True).order_by("-id").first()
    q = survey.questions.get(kind="hiring")
    with pytest.raises(surveys.SurveyRefused, match="buiten het bereik"):
        surveys.submit_response(survey=survey, organisation=org, values={q.id: "-1"})
    surveys.submit_response(survey=survey, organisation=org, values={q.id: "3"})
    with pytest.raises(surveys.SurveyRefused, match="al beantwoord"):
        surveys.submit_response(survey=survey, organisation=org, values={q.id: "4"})
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, organisation=org, source="x")


def test_estimates_have_intervals_method_and_response_rate(survey):
    occ = survey.questions.get(kind="hiring")
    orgs = list(Organisation.objects.filter(is_synthetic=True).order_by("id"))
    text = csv_of([(o.enterprise_number, "hiring", occ.concept_uri, i % 7) for i, o in enumerate(orgs[: len(orgs) // 2])]
                  + [(o.enterprise_number, "training", "", i % 2) for i, o in enumerate(orgs[: len(orgs) // 2])])
    surveys.import_answers(survey=survey, text=text)
    result = surveys.estimate_survey(survey)
    assert result.response_rate == pytest.approx((len(orgs) // 2) / result.invited)
    hiring = next(q for q in result.questions if q.question.id == occ.id)
    e = hiring.estimate
    assert hiring.method in ("post-stratificatie", "raking") and e.total_lo95 <= e.total <= e.total_hi95
    assert e.total_hi95 > e.total_lo95  # a sample, not a census
    training = next(q for q in result.questions if q.question.kind == "training")
    assert 0 <= training.estimate.mean_lo95 <= training.estimate.mean <= training.estimate.mean_hi95 <= 1
    rows = surveys.estimate_rows(result)
    assert {r["measure"] for r in rows} == {"total", "share"}


def test_census_survey_has_zero_width_intervals(survey):
    q = survey.questions.get(kind="training")
    orgs = Organisation.objects.filter(is_synthetic=True)
    surveys.import_answers(survey=survey, text=csv_of([(o.enterprise_number, "training", "", o.id % 2) for o in orgs]))
    e = next(x for x in surveys.estimate_survey(survey).questions if x.question.id == q.id).estimate
    assert e.mean_hi95 - e.mean_lo95 == pytest.approx(0, abs=1e-9)


@pytest.fixture
def panel(esco):
    experts = [User.objects.create_user(f"exp{i}@example.test", "x", role="observer") for i in range(4)]
    items = concepts("skill", 2, 3)
    p = panels.open_panel(title="Delphi", concept_uris=items, experts=experts, consensus_iqr=10)
    return p, experts


def answer(p, expert, change, direction="up", rnd=None, update=True, item=None):
    rnd = rnd or panels.current_round(p)
    return panels.submit_answer(rnd=rnd, item=item or p.items.first(), expert=expert, direction=direction,
                                change_pct=change, confidence=3, reason="omdat", update=update)


def test_expert_updates_own_answer_but_cannot_answer_twice(panel):
    p, experts = panel
    answer(p, experts[0], 10)
    answer(p, experts[0], 12)
    assert PanelAnswer.objects.filter(expert=experts[0]).count() == 1
    assert PanelAnswer.objects.get(expert=experts[0]).change_pct == 12
    with pytest.raises(panels.PanelRefused, match="al in ronde 1"):
        answer(p, experts[0], 15, update=False)
    a = PanelAnswer.objects.get(expert=experts[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        PanelAnswer.objects.create(round=a.round, item=a.item, expert=a.expert, direction="up", change_pct=1,
                                   confidence=1, reason="x")


def test_bad_panel_answers_are_refused(panel):
    p, experts = panel
    for direction, change, msg in (("stable", 5, "blijft gelijk"), ("up", 0, "grootte"), ("up", 150, "tussen 0 en 100"),
                                   ("sideways", 5, "richting")):
        with pytest.raises(panels.PanelRefused, match=msg):
            answer(p, experts[0], change, direction=direction)
    outsider = User.objects.create_user("out@example.test", "x")
    with pytest.raises(panels.PanelRefused, match="geen expert"):
        answer(p, outsider, 5)


def test_closed_round_is_frozen_and_summarised(panel):
    p, experts = panel
    for e, change in zip(experts, (5, 10, 10, 20), strict=True):
        answer(p, e, change)
    rnd = panels.close_round(panels.current_round(p))
    with pytest.raises(panels.PanelRefused, match="gesloten"):
        answer(p, experts[0], 30, rnd=rnd)
    a = PanelAnswer.objects.filter(round=rnd).first()
    a.change_pct = 99
    with pytest.raises(FrozenRound):
        a.save()
    with pytest.raises(FrozenRound):
        a.delete()
    res = panels.round_results(rnd)[0]
    assert res.summary.median == 10 and res.summary.iqr == pytest.approx(3.75) and res.summary.consensus
    assert len(res.reasons) == 4 and all("exp" not in r for r in res.reasons)
    with pytest.raises(panels.PanelRefused, match="al gesloten"):
        panels.close_round(rnd)
    second = panels.open_next_round(p)
    assert second.number == 2
    with pytest.raises(panels.PanelRefused, match="nog open"):
        panels.open_next_round(p)


def monthly(key, n=48, slope=2.0):
    return [(2 + k, key, format_period("M", 2021 * 12 + k), str(100 + slope * k + (k % 12))) for k in range(n)]


def test_combined_forecast_stores_each_source_and_the_outlook_selector(panel, survey):
    p, experts = panel
    skill = p.items.first().concept_uri
    occ = survey.questions.get(kind="hiring").concept_uri
    import_series(records=monthly(f"skill:{skill}") + monthly(f"skill:{skill}|BE21", slope=-3)
                  + monthly(f"occupation:{occ}"), source="test")
    keys = [f"skill:{skill}", f"skill:{skill}|BE21", f"occupation:{occ}"]
    run_forecasts(horizon=12, series_keys=keys)
    for e, change in zip(experts, (10, 20, 20, 30), strict=True):
        answer(p, e, change)
    panels.close_round(panels.current_round(p))
    orgs = Organisation.objects.filter(is_synthetic=True).order_by("id")[:30]
    surveys.import_answers(survey=survey, text=csv_of([(o.enterprise_number, "hiring", occ, 5) for o in orgs]))
    published = {c.series_key: c for c in combination.publish(keys)}
    flanders = published[f"skill:{skill}"]
    sources = {c["source"]: c for c in flanders.contributions}
    assert set(sources) == {"statistical", "panel"}
    assert sources["panel"]["signal_pct"] == 20 and sources["panel"]["provenance"]["round"] == 1
    assert sources["statistical"]["provenance"]["model"] and flanders.past_accuracy["mase"] is not None
    assert flanders.change_pct == pytest.approx(sum(c["contribution_pct"] for c in flanders.contributions), abs=0.01)
    assert flanders.outlook == "stijgend"
    occupation = published[f"occupation:{occ}"]
    assert {c["source"] for c in occupation.contributions} == {"statistical", "survey"}
    out = selectors.demand_outlook(skill)
    assert out.outlook == "stijgend" and out.series_key == f"skill:{skill}"
    assert selectors.demand_outlook(skill, province="BE21").series_key == f"skill:{skill}|BE21"
    assert selectors.demand_outlook(skill, province="BE25").series_key == f"skill:{skill}"
    assert selectors.demand_outlook("http://example.test/none") is None


def test_import_series_refuses_a_series_mixing_frequencies_and_keeps_the_rest(esco):
    recs = [(2, "skill:mixed", "2024-01", "3"), (3, "skill:mixed", "2024-Q2", "4"), (4, "skill:mixed", "2024-03", "5"),
            (5, "skill:ok", "2024-01", "1"), (6, "skill:ok", "2024-02", "zeven"), (7, "skill:ok", "2024-03", "2")]
    report = import_series(records=recs, source="test")
    text = "\n".join(map(str, report.refused))
    assert "series 'skill:mixed': mixes monthly and quarterly" in text and "row 6" in text
    assert report.created == 2


def test_cli_import_answers_and_combine(survey, tmp_path, capsys):
    from lifelong.cli import main

    org = Organisation.objects.filter(is_synthetic=True).order_by("id").first()
    f = tmp_path / "a.csv"
    f.write_text(csv_of([(org.enterprise_number, "training", "", "1"), ("0123", "training", "", "1")]))
    assert main(["forecasts", "import-answers", str(survey.pk), str(f)]) == 0
    out = capsys.readouterr()
    assert "1 ondernemingen, 1 antwoorden bewaard, 1 rijen geweigerd" in out.out and "refused line 3" in out.err
    assert main(["forecasts", "combine"]) == 0
    assert "combined forecasts published" in capsys.readouterr().out


def test_population_import_reports_bad_lines_and_keeps_its_source(esco):
    text = ("size_class,nace_section,firms\nmicro,C,120\nsmall,C,40\nhuge,C,1\nsmall,Z,3\nmedium,F,veel\n"
            "small,C,41\nlarge,f,2\n")
    stored, refused = surveys.import_population(text=text, source="test-tabel")
    assert stored == 3 and [line for line, _ in refused] == [4, 5, 6, 7]
    assert "grootteklasse" in refused[0][1] and "NACE" in refused[1][1] and "twee keer" in refused[3][1]
    assert surveys.population_cells() == {("micro", "C"): 120, ("small", "C"): 40, ("large", "F"): 2}
    assert surveys.population_source() == ("test-tabel", False)
    with pytest.raises(surveys.SurveyRefused, match="bron"):
        surveys.import_population(text=text, source=" ")
