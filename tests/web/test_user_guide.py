"""Issue 16.17: the user guide claims only what a user finds — every name it sets in bold is a label of the
site, and each role's menu row lists exactly the entries that role's menu shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "user-guide.md").read_text()
NOT_LABELS = {"NL / EN / FR", "A competence's page", "An offer's page", "Federaal opleidingsrecht in <jaar>"}
ROLES = {"learner": "learner", "employer": "employer", "provider": "provider", "counsellor": "counsellor",
         "bridge figure (brugfiguur)": "bridge", "analyst": "analyst", "partnership member": "partnership",
         "observer": "observer", "secretariat": "secretariat"}
EVERYONE = {"Competenties zoeken", "Beroepen zoeken", "Opleidingskompas"}


def test_every_bold_name_in_the_guide_is_a_label_of_the_site():
    sources = "".join(p.read_text(errors="ignore") for p in (ROOT / "src" / "lifelong").rglob("*")
                      if p.suffix in (".html", ".py"))
    bold = {re.sub(r"\s+", " ", t) for t in re.findall(r"\*\*([^*]+)\*\*", GUIDE)}  # a name may wrap a line
    missing = [t for t in sorted(bold) if t not in NOT_LABELS
               and t not in sources]
    assert not missing, f"the guide names what no page shows: {missing}"
    assert "organisation checks" not in GUIDE


def _menu_rows() -> dict[str, set[str]]:
    table = GUIDE[GUIDE.index("| role | menu entries"):]
    rows = {}
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        role, entries = [c.strip() for c in line.strip("|").split("|")]
        rows[role] = set(re.findall(r"\*\*([^*]+)\*\*", entries)) | (
            {"LLL-dashboard"} if "LLL-dashboard" in entries else set())
    return rows


@pytest.mark.django_db
def test_each_roles_menu_row_lists_what_its_menu_shows(esco):
    from lifelong.config.menus import menu_for
    from lifelong.demo.services import DEMO_DOMAIN
    from lifelong.users.models import User

    rows = _menu_rows()
    assert set(rows) == set(ROLES), "one row per role"
    for name, role in ROLES.items():
        user = User.objects.get(email=f"{role}@{DEMO_DOMAIN}")
        shown = {str(label) for label, _href in menu_for(user)} - EVERYONE - {"Expertpanels"}
        assert rows[name] == shown, (name, rows[name] ^ shown)


@pytest.mark.django_db
def test_the_account_without_email_the_guide_names_is_reachable_from_the_caseload(client, esco):
    from lifelong.demo.services import DEMO_DOMAIN
    from lifelong.users.models import User

    assert "**Account maken zonder e-mailadres**" in GUIDE
    for role in ("counsellor", "bridge"):
        client.force_login(User.objects.get(email=f"{role}@{DEMO_DOMAIN}"))
        page = client.get("/begeleiden/").content.decode()
        assert 'href="/begeleiden/nieuw-account/"' in page and "Account maken zonder e-mailadres" in page
