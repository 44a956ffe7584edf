"""The CV page in a real browser (issue 16 point 12): the "we lezen je cv" notice goes by itself once the reading is
done (the page polls), a suggestion can be rejected, and confirming one leaves you on the list with the others."""

from __future__ import annotations

import re
import uuid

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "e2e-cv-reading-2026"
CV_TEXT = "2024-nu: assistent-boekhouder bij Demo NV.\nIk reed dagelijks met de heftruck en laadde vrachtwagens."


@pytest.fixture
def cv_learner(django_db_blocker, server_url):
    """A committed learner of its own (erased afterwards, with its CV readings)."""
    from lifelong.people.models import Person
    from lifelong.users.models import User

    with django_db_blocker.unblock():
        user = User.objects.create_user(f"cv-{uuid.uuid4().hex[:8]}@e2e.lifelong.test", PASSWORD, role="learner",
                                        display_name="Test cv")
        Person.objects.create(user=user, given_name="Test", family_name="Cv", birth_year=1990, sex="X",
                              education_level="medium", labour_status="employed", province="BE23", postcode="9000")
    yield user
    with django_db_blocker.unblock():
        Person.objects.filter(user=user).delete()
        user.delete()


def test_notice_goes_when_read_then_reject_and_confirm_keep_the_list(server_url, page, cv_learner, django_db_blocker):
    from lifelong.people.models import CvReading, CvReadingStatus
    from lifelong.taxonomy.models import Concept

    page.goto(server_url + "/account/login/")
    page.get_by_label("E-mailadres").fill(cv_learner.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(server_url + "/loopbaan/cv/")
    page.get_by_label("Tekst van je cv").fill(CV_TEXT)
    page.get_by_role("button", name="Cv laten lezen").click()
    page.wait_for_load_state()
    assert page.locator("#cv-busy").is_visible()
    assert page.content().count("We lezen je cv") == 1

    # the worker reads it (here: the test writes the result the worker would)
    with django_db_blocker.unblock():
        labels = ["operate forklift", "load cargo", "use spreadsheets software"]
        skills = [Concept.objects.get(concept_type="skill", label_en=label) for label in labels]
        CvReading.objects.filter(person__user=cv_learner).update(
            status=CvReadingStatus.DONE, text="",
            suggestions=[{"uri": s.uri, "score": 1.0, "confidence": 5.0, "evidence": "heftruck"} for s in skills],
            facts=[{"kind": "work", "period": "2024–nu", "role": "assistent-boekhouder", "employer": "Demo NV",
                    "education": False}])
    page.locator("#cv-suggestions").wait_for(timeout=15_000)  # the polled block swaps in by itself
    page.locator("#cv-busy").wait_for(state="detached", timeout=5_000)
    assert "We lezen je cv" not in page.content()
    assert "Werkervaring: assistent-boekhouder bij Demo NV, 2024–nu" in page.locator("#cv-fact-list").inner_text()
    items = page.locator("#cv-suggestions > li")
    assert items.count() == 3

    # reject the second: it leaves the list, shows under "Afgewezen voorstellen", and can come back
    items.nth(1).get_by_role("button", name=re.compile("Klopt niet")).click()
    page.wait_for_load_state()
    assert page.locator("#cv-suggestions > li").count() == 2
    assert page.locator("#cv-rejected summary").inner_text() == "Afgewezen voorstel (1)"

    # confirm the first: you stay on the CV page, the other suggestion is still there
    page.locator("#cv-suggestions > li").first.get_by_role("button", name=re.compile("Bevestigen")).click()
    page.wait_for_load_state()
    assert re.search(r"/loopbaan/cv/(#cv-suggest)?$", page.url)
    assert page.locator("#cv-suggestions > li").count() == 1
    assert "Bevestigd" in page.content()

    page.locator("#cv-rejected summary").click()
    page.locator("#cv-rejected").get_by_role("button", name=re.compile("Toch tonen")).click()
    page.wait_for_load_state()
    assert page.locator("#cv-suggestions > li").count() == 2
