"""Pages and exports, and who may see or change what (refusals included)."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from lifelong.actionplan.models import Action, ChangeRecord, Comment
from lifelong.dashboard.models import Indicator

READERS = ["secretariat", "partnership", "observer", "analyst"]
OTHERS = ["learner", "employer", "provider", "counsellor"]
PAGES = ["dashboard:overview", "actionplan:plan", "dashboard:matrix", "dashboard:macro", "dashboard:resources",
         "dashboard:platform", "actionplan:barriers", "dashboard:report", "dashboard:funnel", "dashboard:meso"]


@pytest.fixture
def as_role(client, users):
    def login(role):
        client.force_login(users[role])
        return client
    return login


@pytest.mark.parametrize("role", READERS)
def test_readers_see_every_page(as_role, role, action):
    c = as_role(role)
    for name in PAGES:
        assert c.get(reverse(name)).status_code == 200, name
    assert c.get(reverse("actionplan:action", args=["VS1.2"])).status_code == 200


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused(as_role, role, action):
    c = as_role(role)
    for name in PAGES:
        assert c.get(reverse(name)).status_code == 403, name
    assert c.get(reverse("dashboard:export", args=["macro", "csv"])).status_code == 403


def test_anonymous_is_sent_to_login_but_sees_the_public_page(client, action):
    r = client.get(reverse("dashboard:matrix"))
    assert r.status_code == 302 and "/account/login/" in r["Location"]
    page = client.get(reverse("dashboard:public")).content.decode()
    assert "Deelname aan opleiding, laatste 12 maanden (EAK)" in page and "22,4%" in page
    assert "60 %" in page and "Doel Vlaanderen 2030" in page


@pytest.mark.parametrize("role,status", [("secretariat", 302), ("partnership", 403), ("observer", 403),
                                         ("analyst", 403)])
def test_only_the_secretariat_edits_an_action_in_the_web(as_role, role, status, action):
    action.working_group = None
    action.save()
    c = as_role(role)
    data = {"title": "LLL-dashboard", "status": "running", "status_note": "", "goals": "Dashboard live",
            "description": "", "procurement": "", "why": "stand van zaken DWSE"}
    r = c.post(reverse("actionplan:action_edit", args=["VS1.2"]), data)
    assert r.status_code == status
    edited = Action.objects.get(code="VS1.2").status == "running"
    assert edited == (status == 302)


def test_edit_without_why_is_refused_with_a_message(as_role, action):
    r = as_role("secretariat").post(reverse("actionplan:action_edit", args=["VS1.2"]),
                                    {"title": "x", "status": "running", "why": ""})
    assert r.status_code == 400 and "Dit veld is verplicht" in r.content.decode()
    assert not ChangeRecord.objects.filter(action=action).exists()


def test_working_group_member_edits_own_action_in_the_web(as_role, users, action):
    action.working_group.members.add(users["partnership"])
    r = as_role("partnership").post(reverse("actionplan:action_edit", args=["VS1.2"]), {
        "title": "LLL-dashboard", "status": "planned", "why": "werkgroep"})
    assert r.status_code == 302
    assert as_role("partnership").post(reverse("actionplan:action_edit", args=["VS6.x1"]), {
        "title": "x", "status": "planned", "why": "x"}).status_code == 403


@pytest.mark.parametrize("role,allowed", [("partnership", True), ("observer", True), ("analyst", False)])
def test_partnership_and_observer_comment(as_role, role, allowed, action):
    r = as_role(role).post(reverse("actionplan:action_comment", args=["VS1.2"]), {"text": "Graag per provincie"})
    assert r.status_code == (302 if allowed else 403)
    assert Comment.objects.filter(action=action).exists() == allowed


@pytest.mark.parametrize("role,status", [("secretariat", 302), ("partnership", 403), ("observer", 403)])
def test_only_the_secretariat_edits_an_indicator(as_role, role, status, action):
    r = as_role(role).post(reverse("dashboard:indicator", args=["lfs_12m"]), {
        "form": "definition", "def-name": "Deelname 12 maanden (EAK)", "def-numerator": "n", "def-denominator": "d",
        "def-source": "Statbel", "def-why": "kortere naam"})
    assert r.status_code == status
    assert (Indicator.objects.get(code="lfs_12m").name == "Deelname 12 maanden (EAK)") == (status == 302)


def test_secretariat_adds_a_value_and_a_bad_one_is_refused(as_role, action):
    c = as_role("secretariat")
    url = reverse("dashboard:indicator", args=["lfs_12m"])
    base = {"form": "value", "val-geo": "BE2", "val-sex": "T", "val-age": "Y25-64", "val-breakdown": "total",
            "val-period": "2023", "val-flag": "", "val-source": "Statbel 2024", "val-why": "nieuw cijfer"}
    bad = c.post(url, {**base, "val-value": "24,1"})
    assert bad.status_code == 200 and "geen getal" in bad.content.decode()
    assert c.post(url, {**base, "val-value": "24.1"}).status_code == 302
    assert Indicator.objects.get(code="lfs_12m").values.get(geo="BE2", period="2023").value == Decimal("24.1")


def test_matrix_shows_uncovered_barriers_as_text_and_colour(as_role, action):
    html = as_role("observer").get(reverse("dashboard:matrix")).content.decode()
    assert '<caption>Acties per drempel en niveau' in html and 'scope="col"' in html
    assert 'class="cov-0">0 <span class="cov-label">geen actie</span>' in html
    assert "Geen tijd (werk, gezin)" in html.split('id="uncovered"')[1]


def test_macro_spec_never_draws_across_a_break(as_role, action):
    spec = json.loads(as_role("analyst").get(reverse("dashboard:macro_spec")).content)
    points = [p for p in spec["data"]["values"] if p["series"].startswith("Vlaams Gewest")]
    by_year = {p["year"]: p for p in points}
    assert by_year[2022]["value"] == 22.4
    for year in (2017, 2021):
        assert by_year[year]["flag"] == "b" and by_year[year]["segment"] != by_year[year - 1]["segment"]
    assert {t["value"] for t in spec["layer"][2]["data"]["values"]} >= {60.0, 47.0}
    html = as_role("analyst").get(reverse("dashboard:macro")).content.decode()
    assert '<svg' in html and 'class="break"' in html and 'id="growth"' in html


def test_csv_and_xlsx_exports_carry_their_parameters(as_role, action):
    c = as_role("partnership")
    r = c.get(reverse("dashboard:export", args=["macro", "csv"]) + "?meting=lfs_4w&gebied=BE2")
    text = r.content.decode()
    assert r["Content-Disposition"].endswith('lll-macro.csv"')
    assert "# meting=lfs_4w" in text and "# gebied=BE2" in text and "Vlaams Gewest" in text
    from openpyxl import load_workbook

    r = c.get(reverse("dashboard:export", args=["matrix", "xlsx"]))
    wb = load_workbook(io.BytesIO(r.content))
    assert wb["gegevens"]["A1"].value == "drempel" and wb["parameters"]["B1"].value == "Acties per drempel en niveau"
    assert c.get(reverse("dashboard:export", args=["nope", "csv"])).status_code == 404


def test_platform_export_never_shows_small_cells(as_role, action):
    text = as_role("secretariat").get(reverse("dashboard:export", args=["platform", "csv"])
                                      + "?indicator=platform_rights_accrued_cents&uitsplitsing=province").content
    rows = text.decode().splitlines()
    assert any("< 10" in r or "," in r for r in rows)
    from lifelong.dashboard.models import IndicatorValue

    for v in IndicatorValue.objects.filter(indicator__computed=True, is_suppressed=True):
        assert v.value is None


def test_api_reads_for_readers_and_refuses_others(as_role, client, action):
    r = as_role("observer").get("/api/v1/dashboard/indicators/lfs_12m/values")
    assert r.status_code == 200
    rows = [v for v in r.json() if v["geo"] == "BE2" and v["period"] == "2021" and v["sex"] == "T"]
    assert rows[0]["flags"] == ["break"] and rows[0]["value"] == 20.8
    assert as_role("analyst").get("/api/v1/dashboard/actions").json()[0]["inferred"] is not None
    assert as_role("learner").get("/api/v1/dashboard/actions").status_code == 403
    client.logout()
    assert client.get("/api/v1/dashboard/headline").status_code == 200


def test_printable_report_and_its_pdf(as_role, action):
    c = as_role("observer")
    assert "<button type=\"button\" data-print>" in c.get(reverse("dashboard:report")).content.decode()  # site.js prints
    r = c.get(reverse("dashboard:report_pdf"))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert as_role("learner").get(reverse("dashboard:report_pdf")).status_code == 403


def test_secretariat_sets_owners_budget_and_milestone_in_the_web(as_role, action):
    c = as_role("secretariat")
    r = c.post(reverse("actionplan:action_edit", args=["VS1.2"]), {
        "title": "LLL-dashboard", "status": "running", "owners_text": "DWSE, Steunpunt Werk",
        "partners_text": "Statistiek Vlaanderen", "working_group": action.working_group_id, "why": "loodsen bekend"})
    assert r.status_code == 302
    action.refresh_from_db()
    assert sorted(s.name for s in action.owners.all()) == ["DWSE", "Steunpunt Werk"]
    base = {"budget-year": "2026", "budget-planned": "1000.00", "budget-committed": "800", "budget-why": "begroting"}
    c.post(reverse("actionplan:action_budget", args=["VS1.2"]), {**base, "budget-spent": "900"})
    assert not action.budget_lines.filter(year=2026).exists()  # spent > committed: refused
    c.post(reverse("actionplan:action_budget", args=["VS1.2"]), {**base, "budget-spent": "250.50"})
    assert action.budget_lines.get(year=2026).spent_cents == 25050
    c.post(reverse("actionplan:action_milestone", args=["VS1.2"]), {"ms-title": "Eerste versie online",
                                                                   "ms-due": "2026-06-30", "ms-why": "planning"})
    assert action.milestones.filter(title="Eerste versie online").exists()
    page = c.get(reverse("actionplan:action", args=["VS1.2"])).content.decode()
    assert "loodsen bekend" in page and "DWSE" in page and "Eerste versie online" in page
    assert as_role("observer").post(reverse("actionplan:action_milestone", args=["VS1.2"]),
                                    {"ms-title": "x", "ms-why": "x"}).status_code == 403


def test_funnel_shows_each_step_from_the_demo_and_suppresses_small_cells(as_role, action):
    from lifelong.dashboard.services import recompute_now

    recompute_now()
    c = as_role("analyst")
    html = c.get(reverse("dashboard:funnel")).content.decode()
    assert "deden een competentiecheck" in html and "maakten een ontwikkelplan (POP)" in html
    assert "% van de stap ervoor" in html
    csv = c.get(reverse("dashboard:export", args=["leerpad", "csv"]) + "?uitsplitsing=province").content.decode()
    assert "# uitsplitsing=province" in csv
    from lifelong.dashboard.selectors import funnel

    table = funnel("target_group")
    total = next(r for r in table.rows if r[0] == "totaal")
    assert total[1] >= 10 and total[2] is not None  # the demo has people who did a check
    for row in table.rows:  # counts are either shown (>= 10 or 0) or suppressed (None), never small
        assert all(v is None or v == 0 or v >= 10 for v in row[1::2][:1] + row[2::2])


def test_meso_by_province_and_an_unknown_split_falls_back(as_role, action):
    from lifelong.dashboard.services import recompute_now

    recompute_now()
    c = as_role("partnership")
    html = c.get(reverse("dashboard:meso") + "?uitsplitsing=provider").content.decode()
    assert "aanbieder" in html
    html = c.get(reverse("dashboard:meso") + "?uitsplitsing=%3Cscript%3E").content.decode()
    assert "<script>" not in html and "provincie" in html
