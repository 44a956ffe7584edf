"""Segments in the database, campaigns sent through a real SMTP server on localhost, reach and effect, the
API contract and its refusals (database; never transactional_db)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from lifelong.demo.services import DEMO_DOMAIN, demo_password
from lifelong.mobilisation import engine, selectors, services
from lifelong.mobilisation.models import Campaign, Channel, Delivery, DeliveryStatus, Segment
from lifelong.people.models import Person
from lifelong.users.models import User

from .conftest import BOUNCE

pytestmark = pytest.mark.django_db
# the tests send at noon (the quiet hours, 21:00-08:00, would defer every mail at night)
NOON = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)

def _client(role):
    c = Client()
    assert c.login(email=f"{role}@{DEMO_DOMAIN}", password=demo_password(role))
    return c


def _secretariat():
    return User.objects.get(email=f"secretariat@{DEMO_DOMAIN}")


def _people_with_mail(n, prefix):
    """n people of the demo get a login with an e-mail address (inside the test's transaction)."""
    people = list(Person.objects.filter(is_synthetic=True, user__isnull=True, education_level="medium")
                  .order_by("pk")[:n])
    for i, person in enumerate(people):
        person.user = User.objects.create(email=f"{prefix}{i}@example.org", role="learner")  # no password: no hashing
        person.save(update_fields=["user"])
    return people


def _segment(code="test-midden", rule=None, **kw):
    return services.save_segment(actor=_secretariat(), code=code, name="Middengeschoolden (test)",
                                 rule=rule or {"all": [{"fact": "education_level", "op": "=", "value": "medium"}]},
                                 source="test", **kw)


MESSAGES = {"nl": {"subject": "Hallo {{ first_name }}", "text": "Dag {{ first_name }}, kijk hier: {{ link }}"}}


def test_the_query_agrees_with_the_rule_person_by_person():
    rules = [s["rule"] for s in __import__("json").loads(services.SEGMENTS_FILE.read_text())["segments"]] + [
        {"any": [{"fact": "age", "op": "<", "value": 30}, {"fact": "province", "op": "in", "value": ["BE21", "BE25"]}]},
        {"all": [{"fact": "labour_status", "op": "!=", "value": "employed"}, {"fact": "has_email", "op": "=", "value": False}]},
        {"all": [{"fact": "firm_size", "op": "in", "value": ["micro", "small"]}, {"fact": "has_plan", "op": "=", "value": True}]},
    ]
    people = list(Person.objects.select_related("user", "employer")[:400])
    facts = {p.pk: selectors.facts_of(p) for p in people}
    for rule in rules:
        selected = set(Person.objects.filter(selectors.segment_filter(rule), pk__in=facts).values_list("pk", flat=True))
        expected = {pk for pk, f in facts.items() if engine.evaluate(rule, f)}
        assert selected == expected, rule
    assert any(selected for selected in [set(Person.objects.filter(selectors.segment_filter(r)).values_list("pk", flat=True)[:1]) for r in rules])


def test_a_segment_is_versioned_and_a_bad_rule_refused():
    first = _segment()
    assert _segment() == first  # unchanged: no new version
    second = _segment(rule={"all": [{"fact": "education_level", "op": "=", "value": "medium"},
                                    {"fact": "age", "op": ">=", "value": 30}]})
    assert (second.version, Segment.objects.get(pk=first.pk).active) == (2, False)
    with pytest.raises(services.Refused, match="onbekend gegeven 'schoenmaat'"):
        _segment(code="fout", rule={"all": [{"fact": "schoenmaat", "op": "=", "value": 42}]})
    with pytest.raises(services.Refused, match="geen geldige JSON"):
        _segment(code="fout", rule="{age > 3")
    learner = User.objects.get(email=f"learner@{DEMO_DOMAIN}")
    with pytest.raises(services.Refused):
        services.save_segment(actor=learner, code="x", name="x", rule={"fact": "age", "op": ">", "value": 1}, source="x")


def test_a_campaign_refuses_broken_messages_and_needs_easy_dutch_for_low_literacy():
    seg = _segment()
    with pytest.raises(services.Refused, match="onbekende variabele"):
        services.create_campaign(actor=_secretariat(), segment=seg, name="x", call_to_action="check",
                                 messages={"nl": {"subject": "Dag {{ naam }}", "text": "{{ link }}"}})
    with pytest.raises(services.Refused, match="geen {{ link }}"):
        services.create_campaign(actor=_secretariat(), segment=seg, name="x", call_to_action="check",
                                 messages={"nl": {"subject": "Dag", "text": "Zonder link"}})
    low = _segment(code="test-laag", low_literacy=True)
    with pytest.raises(services.Refused, match="eenvoudig Nederlands"):
        services.create_campaign(actor=_secretariat(), segment=low, name="x", call_to_action="check",
                                 messages=MESSAGES)
    assert not Campaign.objects.filter(name="x").exists()


def test_a_campaign_goes_through_real_smtp_once_per_person(smtp):
    people = _people_with_mail(30, "smtp")
    people[0].user.email = BOUNCE
    people[0].user.save(update_fields=["email"])
    services.set_preference(person=people[1], no_campaigns=True, no_email=False)
    services.set_preference(person=people[2], no_campaigns=False, no_email=True)
    seg = _segment(rule={"all": [{"fact": "education_level", "op": "=", "value": "medium"},
                                 {"fact": "has_email", "op": "=", "value": True}]})
    campaign = services.create_campaign(actor=_secretariat(), segment=seg, name="SMTP-test", call_to_action="check",
                                        messages=MESSAGES, holdout_permille=100)
    campaign = services.start_sending(actor=_secretariat(), campaign=campaign)
    assert campaign.status == "sending" and campaign.task_id  # queued for the worker; run it as the worker does:
    services.send_campaign(campaign, now=NOON)
    with pytest.raises(services.Refused):
        services.start_sending(actor=_secretariat(), campaign=campaign)  # never queued twice
    deliveries = {d.person_id: d for d in Delivery.objects.filter(campaign=campaign)}
    emailed = [d for d in deliveries.values() if d.channel == Channel.EMAIL and d.status == DeliveryStatus.SENT]
    assert len(smtp.messages) == len(emailed) > 0
    arrived = {m["To"]: m for m in smtp.messages}
    one = emailed[0]
    mail = arrived[one.person.user.email]
    assert mail["Subject"] == f"Hallo {one.person.given_name}"
    parts = {part.get_content_type(): part.get_content() for part in mail.walk() if not part.is_multipart()}
    assert set(parts) == {"text/plain", "text/html"} and one.token in parts["text/plain"]
    assert f'href="http://127.0.0.1:8000/mobilisatie/m/{one.token}/"' in parts["text/html"] or one.token in parts["text/html"]
    # the bounce, the opt-out and the letter are counted with their reasons; the hold-out gets nothing
    if people[0].pk in deliveries and deliveries[people[0].pk].status != DeliveryStatus.HELD_OUT:
        assert deliveries[people[0].pk].status == DeliveryStatus.BOUNCED
    if deliveries[people[1].pk].status != DeliveryStatus.HELD_OUT:
        assert (deliveries[people[1].pk].status, deliveries[people[1].pk].reason.startswith("wil geen")) == (
            DeliveryStatus.SKIPPED, True)
    if deliveries[people[2].pk].status != DeliveryStatus.HELD_OUT:
        assert deliveries[people[2].pk].channel == Channel.LETTER
        assert b"%PDF" in services.letters_pdf(campaign)[:8]
    held = [d for d in deliveries.values() if d.status == DeliveryStatus.HELD_OUT]
    assert all(d.person.user.email not in arrived for d in held)
    # sending again sends nobody twice
    before = len(smtp.messages)
    services.send_campaign(campaign, now=NOON)
    assert len(smtp.messages) == before
    # following the tracked link counts an opening and leads to the call to action
    response = Client().get(f"/mobilisatie/m/{one.token}/")
    assert response.status_code == 302 and response["Location"] == "/loopbaan/check/"
    reach = selectors.reach(campaign)
    assert reach["opened"] == 1 and reach["targeted"] + reach["holdout"] == len(deliveries)
    assert reach["delivered"] == len(emailed) + sum(1 for d in deliveries.values()
                                                     if d.channel == Channel.LETTER and d.status == DeliveryStatus.SENT)


def test_a_crash_half_way_loses_nobody_and_repeats_only_with_the_same_message_id(smtp, monkeypatch):
    _people_with_mail(25, "crash")
    seg = _segment(code="test-crash", rule={"all": [{"fact": "has_email", "op": "=", "value": True},
                                                    {"fact": "education_level", "op": "=", "value": "medium"}]})
    campaign = services.create_campaign(actor=_secretariat(), segment=seg, name="Crash", call_to_action="rights",
                                        messages=MESSAGES, holdout_permille=0)
    Campaign.objects.filter(pk=campaign.pk).update(status="sending")
    real = services._send_batch
    calls = {"n": 0}

    def crash_on_second_batch(c, batch, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            real(c, batch[:3], **kw)  # three mails leave, then the worker dies before it records them
            raise SystemExit("killed")
        return real(c, batch, **kw)

    monkeypatch.setattr(services, "_send_batch", crash_on_second_batch)
    with pytest.raises(SystemExit):
        services.send_campaign(campaign, batch_size=10, now=NOON)
    monkeypatch.setattr(services, "_send_batch", real)
    services.send_campaign(campaign, batch_size=10, now=NOON)
    emailed = Delivery.objects.filter(campaign=campaign, channel=Channel.EMAIL)
    assert set(emailed.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    received = [m["To"] for m in smtp.messages]
    assert set(received) == set(emailed.values_list("person__user__email", flat=True))  # nobody zero times
    repeated = [to for to in set(received) if received.count(to) > 1]
    assert len(repeated) <= 3  # only the batch that died mid-way, recognisable by its Message-ID:
    ids = {}
    for m in smtp.messages:
        ids.setdefault(m["To"], set()).add(m["Message-ID"])
    assert all(len(v) == 1 for v in ids.values())


def test_the_api_contract_and_its_refusals():
    services.load_segments()
    analyst = _client("analyst")
    rows = analyst.get("/api/v1/mobilisation/segments").json()
    assert {"laaggeschoold-geen-opleiding", "oudere-werknemers", "rechten-vervallen-geen-inschrijving"} <= {
        r["code"] for r in rows}
    assert set(rows[0]) == {"code", "name", "size", "rule"} and isinstance(rows[0]["size"], int)
    for role in ("learner", "employer", "provider"):
        assert _client(role).get("/api/v1/mobilisation/segments").status_code == 403
        assert _client(role).get("/api/v1/mobilisation/campaigns").status_code == 403
    assert Client().get("/api/v1/mobilisation/campaigns").status_code == 401
    campaigns = analyst.get("/api/v1/mobilisation/campaigns").json()
    assert campaigns and set(campaigns[0]) == {"id", "name", "segment", "status", "sent_at"}
    finished = next(c for c in campaigns if c["name"].startswith("Demo: doe de competentiecheck"))
    reach = analyst.get(f"/api/v1/mobilisation/campaigns/{finished['id']}/reach").json()
    assert {"targeted", "delivered", "opened", "acted", "holdout", "effect", "by_segment"} <= set(reach)
    assert reach["holdout"] > 0 and reach["targeted"] > reach["holdout"]
    assert set(reach["effect"]) == {"difference", "ci95"} and len(reach["effect"]["ci95"]) == 2
    assert reach["acted"] > 0 and reach["effect"]["ci95"][0] < reach["effect"]["difference"] < reach["effect"]["ci95"][1]
    assert _client("learner").get(f"/api/v1/mobilisation/campaigns/{finished['id']}/reach").status_code == 403


def test_the_demo_sent_what_a_new_user_can_read():
    letters = Delivery.objects.filter(campaign__name__startswith="Demo: doe de competentiecheck",
                                      channel=Channel.LETTER, status=DeliveryStatus.SENT)
    assert letters.exists()  # people without e-mail are in the letter batch
    learner = Person.objects.get(user__email=f"learner@{DEMO_DOMAIN}")
    reminder = Delivery.objects.filter(campaign__name=services_reminder(), person=learner).first()
    facts = selectors.facts_of(learner)
    if facts["rights_expire_within_days"] is not None and facts["rights_expire_within_days"] <= 60 \
            and not facts["has_booking"]:
        assert reminder is not None and reminder.channel == Channel.EMAIL and reminder.status == DeliveryStatus.SENT
    page = _client("secretariat").get("/mobilisatie/")
    assert page.status_code == 200 and "Laaggeschoolden die nog nooit inschreven" in page.content.decode()


def services_reminder():
    from lifelong.demo.mobilisation import REMINDER

    return REMINDER


def test_pages_for_readers_only():
    assert _client("learner").get("/mobilisatie/").status_code == 403
    assert Client().get("/mobilisatie/").status_code == 302
    campaign = Campaign.objects.first()
    assert _client("analyst").get(f"/mobilisatie/campagne/{campaign.pk}/").status_code == 200
    response = _client("analyst").post(f"/mobilisatie/campagne/{campaign.pk}/versturen/")
    assert response.status_code == 302 and Campaign.objects.get(pk=campaign.pk).status == campaign.status


def test_reach_on_the_dashboard_beside_the_funnel_with_small_cells_suppressed():
    page = _client("analyst").get("/dashboard/leerpad/").content.decode()
    assert 'id="campaign-reach"' in page and "Demo: doe de competentiecheck" in page
    rows = selectors.dashboard_reach()
    finished = next(r for r in rows if r["campaign"].name.startswith("Demo: doe de competentiecheck"))
    assert finished["targeted"] >= selectors.SMALL_CELL and finished["effect"]["ci95"]
    for row in rows:
        for key in ("targeted", "delivered", "opened", "acted"):
            assert row[key] is None or row[key] >= selectors.SMALL_CELL
        for seg in row["by_segment"]:
            assert all(seg[k] is None or seg[k] >= selectors.SMALL_CELL for k in ("targeted", "delivered", "acted"))
