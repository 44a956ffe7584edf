"""The mobilisation journey in a real browser (issue 15): the secretariat defines a segment and composes a campaign
with a Dutch and an easy-Dutch text, sends it (a real `lifelong worker --batch` does the sending), the mails land in
the demo inbox, the people follow their tracked link, and the reach shows on the campaign page and on the dashboard
(where a count under 10 is shown as "–"). At 360 px the campaign page does not scroll sideways.

Independent of the clock: the recipients chose no quiet hours (start = end), the learner through "Mijn berichten",
the others in the setup, so the worker sends at once even at night."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from datetime import time as clock

import pytest

from tests.conftest import ROOT, database_url_for_processes

pytestmark = pytest.mark.browser

PEOPLE = 10  # exactly the smallest count the dashboard shows
PASSWORD = "e2e-mobilisatie-2026"
AGE = 97  # with sex X and province BE21: nobody of the demo, only the people made here


def _login(page, server_url, email, password, next_path):
    page.goto(f"{server_url}/account/login/?next={next_path}")
    page.get_by_label("E-mailadres").fill(email)
    page.locator("main input[type=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(next_path)))


@pytest.fixture
def recipients(django_db_blocker, server_url):
    """Ten committed learners of their own (one who can log in), erased afterwards with the campaign and segment."""
    from django.utils import timezone

    from lifelong.mobilisation.models import Campaign, MailboxMessage, Preference, Segment
    from lifelong.people.models import Person
    from lifelong.users.models import Role, User

    tag = uuid.uuid4().hex[:8]
    born = timezone.localdate().year - AGE
    with django_db_blocker.unblock():
        learner = User.objects.create_user(f"mob-{tag}-0@e2e.lifelong.test", PASSWORD, role=Role.LEARNER,
                                           display_name="Test Mobilisatie")
        others = [User.objects.create_user(f"mob-{tag}-{i}@e2e.lifelong.test", None, role=Role.LEARNER)
                  for i in range(1, PEOPLE)]
        for i, user in enumerate([learner, *others]):
            person = Person.objects.create(user=user, given_name=f"Mob{i}", family_name=tag, birth_year=born,
                                           sex="X", education_level="low", labour_status="inactive",
                                           province="BE21", postcode="2000")
            if user is not learner:  # the learner chooses through the page
                Preference.objects.create(person=person, quiet_from=clock(0, 0), quiet_until=clock(0, 0))
    yield {"tag": tag, "learner": learner, "emails": [learner.email] + [u.email for u in others]}
    with django_db_blocker.unblock():
        Campaign.objects.filter(segment__code=f"e2e-{tag}").delete()
        Segment.objects.filter(code=f"e2e-{tag}").delete()
        MailboxMessage.objects.filter(to__contains=f"mob-{tag}-").delete()
        Person.objects.filter(family_name=tag).delete()
        User.objects.filter(email__startswith=f"mob-{tag}-").delete()


def _reach(page) -> dict[str, str]:
    rows = page.locator("#reach tr")
    return {rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").inner_text()
            for i in range(rows.count())}


def _dashboard_row(page, server_url, name) -> list[str]:
    page.goto(server_url + "/dashboard/leerpad/")
    row = page.locator("#campaign-reach tbody tr", has=page.locator("th", has_text=name))
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def test_secretariat_segments_composes_sends_and_sees_the_reach(server_url, browser, recipients, django_db_blocker):
    from lifelong.mobilisation.models import Campaign, CampaignStatus, Preference

    tag, learner = recipients["tag"], recipients["learner"]
    name, code = f"Browsertest {tag}: kijk je leerrechten na", f"e2e-{tag}"

    # the learner takes no quiet hours (start = end) on "Mijn berichten"
    learner_ctx = browser.new_context(locale="nl-BE")
    lp = learner_ctx.new_page()
    _login(lp, server_url, learner.email, PASSWORD, "/mobilisatie/mijn-berichten/")
    lp.get_by_label("Geen berichten vanaf (uur)").fill("00:00")
    lp.get_by_label("tot (uur)").fill("00:00")
    lp.get_by_role("button", name="Bewaren").click()
    lp.wait_for_load_state()
    assert "Je keuzes zijn bewaard." in lp.content()
    with django_db_blocker.unblock():
        assert Preference.objects.filter(person__user=learner, quiet_from=clock(0, 0),
                                         quiet_until=clock(0, 0)).exists()

    # the secretariat defines a segment that reads with difficulty
    sec_ctx = browser.new_context(locale="nl-BE")
    page = sec_ctx.new_page()
    _login(page, server_url, "secretariat@demo.lifelong.test", "demo-secretariat-2026", "/mobilisatie/")
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_label("Naam", exact=True).fill(f"Hoogbejaarden {tag}")
    page.get_by_label("Regel (JSON)").fill(json.dumps({"all": [{"fact": "age", "op": "=", "value": AGE},
                                                               {"fact": "sex", "op": "=", "value": "X"},
                                                               {"fact": "province", "op": "=", "value": "BE21"}]}))
    page.get_by_label("Bron", exact=True).fill("browsertest")
    page.get_by_label("Veel mensen in dit segment lezen moeilijk").check()
    page.get_by_role("button", name="Segment bewaren").click()
    page.wait_for_load_state()
    assert "Het segment is bewaard." in page.content()
    row = page.locator("section[aria-labelledby=segments] tr", has=page.get_by_role("link", name=f"Hoogbejaarden {tag}"))
    assert row.locator("td").first.inner_text() == str(PEOPLE)  # exactly the ten people made for this test

    # a campaign with only a Dutch text is refused: this segment needs easy Dutch
    page.get_by_label("Naam van de campagne").fill(name)
    page.get_by_label("Segment", exact=True).select_option(label=f"Hoogbejaarden {tag} (v1)")
    page.get_by_label("Oproep", exact=True).select_option("rights")
    page.get_by_label("Controlegroep (%)").fill("0")
    page.get_by_label("Onderwerp (Nederlands)").fill(f"Je leerrechten ({tag})")
    page.get_by_label("Tekst (Nederlands)").fill("Dag {{ first_name }}, bekijk je leerrechten: {{ link }}")
    page.get_by_role("button", name="Campagne bewaren").click()
    page.wait_for_load_state()
    assert "eenvoudig Nederlands" in page.locator("section[aria-labelledby=new-campaign] [role=alert]").inner_text()
    page.get_by_label("Onderwerp (eenvoudig Nederlands)").fill(f"Je geld om te leren ({tag})")
    page.get_by_label("Tekst (eenvoudig Nederlands)").fill("Dag {{ first_name }}. Je hebt geld om te leren. "
                                                          "Kijk hier: {{ link }}")
    page.get_by_role("button", name="Campagne bewaren").click()
    page.wait_for_url(re.compile(r"/mobilisatie/campagne/\d+/$"))
    campaign_url = page.url
    assert page.locator("h1").inner_text() == name

    # send: the page queues it, the worker sends it
    page.get_by_role("button", name="Nu versturen").click()
    page.wait_for_load_state()
    assert "De campagne wordt verstuurd." in page.content()
    env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "DEBUG": "1", "SITE_URL": server_url}
    env.pop("EMAIL_HOST", None)  # the demo's mail sink, read on /dev/inbox/
    with open(ROOT / "var" / f"e2e-mobilisation-worker-{tag}.log", "w") as log:
        worker = subprocess.run([sys.executable, "-m", "lifelong.cli", "worker", "--batch"], env=env,
                                stdout=log, stderr=subprocess.STDOUT, timeout=300)
    assert worker.returncode == 0, f"see {log.name}"
    with django_db_blocker.unblock():
        assert Campaign.objects.get(name=name).status == CampaignStatus.SENT
    page.reload()
    assert page.locator("main p", has_text=f"Hoogbejaarden {tag}").inner_text().endswith("· verstuurd")
    assert page.get_by_role("button", name="Nu versturen").count() == 0
    reach = _reach(page)
    assert (reach["Aangeschreven"], reach["Afgeleverd"], reach["Link geopend"]) == ("10", "10", "0")

    # the demo inbox: each got the easy-Dutch mail with their own tracked link
    lp.goto(server_url + "/dev/inbox/")
    links = {}
    for email in recipients["emails"]:
        mail = lp.locator("article.mail", has_text=email)
        assert mail.count() == 1, email
        assert mail.locator("h2").inner_text() == f"Je geld om te leren ({tag})"
        assert "Je hebt geld om te leren." in mail.locator("pre").inner_text()
        links[email] = mail.locator("pre a").get_attribute("href")
        assert re.fullmatch(re.escape(server_url) + r"/mobilisatie/m/\w+/", links[email]), links[email]
    assert len(set(links.values())) == PEOPLE

    # nine others follow their link (not logged in): 9 opened is shown on the campaign page, not on the dashboard
    anonymous = browser.new_context(locale="nl-BE")
    other = anonymous.new_page()
    for email in recipients["emails"][1:]:
        other.goto(links[email])
    anonymous.close()
    page.goto(campaign_url)
    assert _reach(page)["Link geopend"] == "9"
    cells = _dashboard_row(page, server_url, name)
    assert cells[:4] == [code, "10", "10", "–"], cells  # segment, targeted, delivered, opened (9: suppressed)

    # the learner follows the link of their mail and lands on their learning rights
    lp.goto(server_url + "/dev/inbox/")
    lp.locator("article.mail", has_text=learner.email).locator("pre a").click()
    lp.wait_for_url(re.compile(r"/rekening/$"))
    learner_ctx.close()

    # the reach: ten opened, and for "see your rights" opening is the act
    page.goto(campaign_url)
    reach = _reach(page)
    assert (reach["Aangeschreven"], reach["Afgeleverd"], reach["Link geopend"]) == ("10", "10", "10")
    assert reach["Deden wat we vroegen (binnen 30 dagen)"] == "10"
    assert reach["Controlegroep (kreeg niets)"].startswith("0")
    cells = _dashboard_row(page, server_url, name)
    assert cells == [code, "10", "10", "10", "10", "–"], cells  # no hold-out: no effect to show
    segment_row = page.locator("#campaign-reach tr.sub", has=page.locator("td", has_text=re.compile(f"^{code}$")))
    assert [c.strip() for c in segment_row.first.locator("td").all_inner_texts()][1:4] == [code, "10", "10"]
    sec_ctx.close()

    # at 360 px the campaign page does not scroll sideways
    small = browser.new_context(locale="nl-BE", viewport={"width": 360, "height": 780})
    sp = small.new_page()
    _login(sp, server_url, "secretariat@demo.lifelong.test", "demo-secretariat-2026", campaign_url[len(server_url):])
    sp.wait_for_load_state("networkidle")
    assert sp.locator("#reach").is_visible()
    width = sp.evaluate("document.documentElement.scrollWidth")
    small.close()
    assert width <= 360, f"the campaign page scrolls sideways at 360 px: {width} px"
