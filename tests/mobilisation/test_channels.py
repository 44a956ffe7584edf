"""Every message through one service (database, real SMTP and a real local HTTP SMS gateway): the frequency
cap across campaigns and notices, quiet hours, the legal basis per kind, the account's notifications
delivered, SMS, the bridge figure's task, and scheduling with the clock under the test's control."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lifelong.accounts.models import AccountKind, Booking, LedgerAccount, Notification
from lifelong.demo.services import DEMO_DOMAIN, demo_password
from lifelong.guidance.models import Consent
from lifelong.mobilisation import notices, rules, selectors, services
from lifelong.mobilisation.models import (
    BridgeTask,
    Campaign,
    Channel,
    Delivery,
    DeliveryStatus,
    Notice,
)
from lifelong.people.models import Person
from lifelong.users.models import User

pytestmark = pytest.mark.django_db

NOON = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
MESSAGES = {"nl": {"subject": "Hallo {{ first_name }}", "text": "Dag {{ first_name }}, kijk hier: {{ link }}"}}


def _secretariat():
    return User.objects.get(email=f"secretariat@{DEMO_DOMAIN}")


def _people(n, prefix, *, with_mail=True):
    people = list(Person.objects.filter(is_synthetic=True, user__isnull=True)
                  .exclude(campaign_deliveries__status="sent").order_by("-pk")[:n])
    assert len(people) == n
    for i, person in enumerate(people):
        if with_mail:
            person.user = User.objects.create(email=f"{prefix}{i}@example.org", role="learner")
            person.save(update_fields=["user"])
    return people


def _campaign(people, *, kind="campaign", name="Regels-test"):
    seg = services.save_segment(actor=_secretariat(), code=f"test-{name.lower()}", name=name, source="test", rule={
        "all": [{"fact": "education_level", "op": "=", "value": "medium"}, {"fact": "has_email", "op": "=", "value": True}]})
    campaign = services.create_campaign(actor=_secretariat(), segment=seg, name=name, call_to_action="rights",
                                        messages=MESSAGES, holdout_permille=0, kind=kind)
    # only these people (planned by hand): the others of the segment are not part of this test
    people = Person.objects.filter(pk__in=[p.pk for p in people]).select_related("user", "message_preference")
    Delivery.objects.bulk_create([services._delivery(campaign, p) for p in people])
    Campaign.objects.filter(pk=campaign.pk).update(status="sending", sent_at=NOON, planned_at=NOON)
    return campaign


def _status(campaign, person):
    d = Delivery.objects.get(campaign=campaign, person=person)
    return d.status, d.reason


def test_the_cap_counts_campaigns_and_notices_together_and_opt_out_and_legal_basis_are_reasons(smtp):
    a, b, c = _people(3, "cap")
    for i in range(rules.CAP_MAX):  # a got two notices this week already
        Notice.objects.create(key=f"t:{a.pk}:{i}", kind="booking", person=a, subject="x", text="x", channel="email",
                              status=DeliveryStatus.SENT, sent_at=NOON - timedelta(days=i + 1))
    services.set_preference(person=b, no_kinds=["campaign"])
    campaign = _campaign([a, b, c])
    report = services.send_campaign(campaign, now=NOON)
    assert _status(campaign, a)[0] == DeliveryStatus.SKIPPED and "frequentiegrens" in _status(campaign, a)[1]
    assert _status(campaign, b) == (DeliveryStatus.SKIPPED, "wil geen berichten van de soort 'campaign' (opt-out)")
    assert _status(campaign, c)[0] == DeliveryStatus.SENT
    assert [m["To"] for m in smtp.messages] == [c.user.email] and report["skipped"] == 2
    reasons = dict(selectors.skip_reasons(campaign))
    assert sum(reasons.values()) == 2
    # a kind that needs consent goes only to who gave it; a kind without legal basis to nobody
    services.set_preference(person=c, consents=["partner_offer"])
    offer = _campaign([a, b, c], kind="partner_offer", name="Aanbod")
    services.send_campaign(offer, now=NOON + timedelta(days=8))
    assert _status(offer, c)[0] == DeliveryStatus.SENT
    assert "geen toestemming" in _status(offer, a)[1]
    lawless = _campaign([a, b, c], name="Zonder")
    Campaign.objects.filter(pk=lawless.pk).update(kind="reclame")  # (the data file lost its rule)
    services.send_campaign(lawless, now=NOON + timedelta(days=20))
    assert {_status(lawless, p)[1] for p in (a, b, c)} == {"geen rechtsgrond voor berichten van de soort 'reclame'"}
    with pytest.raises(services.Refused, match="rechtsgrond"):
        services.create_campaign(actor=_secretariat(), segment=offer.segment, name="x", call_to_action="check",
                                 messages=MESSAGES, kind="reclame")


def test_quiet_hours_defer_and_the_worker_comes_back(smtp):
    people = _people(3, "quiet")
    campaign = _campaign(people, name="Nacht")
    night = NOON.replace(hour=23)
    report = services.send_campaign(campaign, now=night)
    morning = (night + timedelta(days=1)).replace(hour=8, minute=0)
    assert report["sent"] == 0 and datetime.fromisoformat(report["deferred_until"]) == morning and not smtp.messages
    assert Campaign.objects.get(pk=campaign.pk).status == "sending"
    queued = DBTaskResult.objects.filter(task_path__endswith="send_campaign_task", status=TaskResultStatus.READY,
                                         args_kwargs__args=[campaign.pk], run_after=morning)
    assert queued.exists()  # the worker picks it up in the morning
    assert services.send_campaign(campaign, now=morning - timedelta(minutes=1))["sent"] == 0
    assert services.send_campaign(campaign, now=morning)["sent"] == 3 and len(smtp.messages) == 3
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


def test_a_scheduled_campaign_starts_at_its_time():
    people = _people(2, "sched", with_mail=False)
    services.set_preference(person=people[0], channel="letter")
    campaign = _campaign(people, name="Gepland")
    Campaign.objects.filter(pk=campaign.pk).update(status="draft", sent_at=None)
    with pytest.raises(services.Refused, match="toekomst"):
        services.schedule_sending(actor=_secretariat(), campaign=campaign, at=NOON - timedelta(hours=1), now=NOON)
    at = NOON + timedelta(hours=2)
    campaign = services.schedule_sending(actor=_secretariat(), campaign=campaign, at=at, now=NOON)
    assert (campaign.status, campaign.scheduled_for) == ("scheduled", at)
    assert DBTaskResult.objects.filter(pk=campaign.task_id, run_after=at, status=TaskResultStatus.READY).exists()
    assert services.send_campaign(campaign, now=at - timedelta(minutes=1)).get("waiting_until")
    assert services.send_due_campaigns(now=at - timedelta(minutes=1)) == []
    assert Campaign.objects.get(pk=campaign.pk).status == "scheduled"
    assert services.send_due_campaigns(now=at) == [campaign.pk]
    campaign.refresh_from_db()
    assert campaign.status == "sent" and campaign.sent_at == at
    assert Delivery.objects.filter(campaign=campaign, status="sent", channel="letter").count() == 2


def test_the_account_notifications_are_delivered_once_under_the_same_rules(smtp):
    person, quiet = _people(2, "notice")
    Notification.objects.create(person=person, text="Je inschrijving voor Excel is bevestigd.")
    Notification.objects.create(person=quiet, text="Je inschrijving is geannuleerd.")
    services.set_preference(person=quiet, no_kinds=["booking"])
    report = notices.sweep(now=NOON)
    mine = Notice.objects.get(person=person, kind="booking")
    assert (mine.status, mine.channel) == (DeliveryStatus.SENT, Channel.EMAIL) and report["sent"] >= 1
    mail = next(m for m in smtp.messages if m["To"] == person.user.email)
    assert "Excel is bevestigd" in mail.get_body(("plain",)).get_content()
    assert Notice.objects.get(person=quiet).reason.endswith("(opt-out)")
    before = len(smtp.messages)
    notices.sweep(now=NOON + timedelta(minutes=5))
    assert len(smtp.messages) == before and Notice.objects.filter(person=person).count() == 1  # once


def test_expiring_rights_are_reminded_once_per_person():
    account = (LedgerAccount.objects.filter(kind=AccountKind.AVAILABLE, balance__gt=0, person__isnull=False,
                                            period_end__isnull=False)
               .exclude(person_id__in=Booking.objects.values("person_id")).order_by("pk").first())
    assert account is not None
    today = account.period_end - timedelta(days=30)
    made = notices.remind_expiring_rights(today=today)
    assert made >= 1 and Notice.objects.filter(person=account.person, kind="rights_expiring").count() == 1
    notices.remind_expiring_rights(today=today)
    assert Notice.objects.filter(person=account.person, kind="rights_expiring").count() == 1
    notices.deliver_notices(now=NOON)
    notice = Notice.objects.get(person=account.person, kind="rights_expiring")
    assert notice.status in (DeliveryStatus.SENT, DeliveryStatus.SKIPPED) and notice.channel
    if notice.status == DeliveryStatus.SKIPPED:
        assert notice.reason  # (the cap or an opt-out: always with the reason)


class Gateway(BaseHTTPRequestHandler):
    """A real HTTP SMS gateway on localhost: answers like a provider, keeps what it got."""

    received: list = []
    down = False

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if Gateway.down:
            self.send_response(503)
            self.end_headers()
            return
        if self.headers.get("Authorization") != "Bearer geheim":
            self.send_response(401)
            self.end_headers()
            return
        if body["to"] == "+32499999999":
            self.send_response(400)
            self.end_headers()
            self.wfile.write(b"unknown number")
            return
        Gateway.received.append(body)
        answer = json.dumps({"id": f"m{len(Gateway.received)}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    Gateway.received, Gateway.down = [], False
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with override_settings(SMS_BACKEND="http", SMS_GATEWAY_URL=f"http://127.0.0.1:{server.server_port}/sms",
                           SMS_GATEWAY_TOKEN="geheim", SMS_SENDER="Leerrekening"):
        yield Gateway
    server.shutdown()
    server.server_close()


def test_sms_through_a_real_http_gateway(gateway):
    ok, wrong, later = _people(3, "sms")
    with pytest.raises(services.Refused, match="geen Belgisch gsm-nummer"):
        services.set_preference(person=ok, channel="sms", phone="02 123 45 67")
    services.set_preference(person=ok, channel="sms", phone="0470 12 34 56")
    services.set_preference(person=wrong, channel="sms", phone="0499 99 99 99")
    services.set_preference(person=later, channel="sms", phone="0471 00 00 01")
    campaign = _campaign([ok, wrong], name="Sms")
    services.send_campaign(campaign, now=NOON)
    assert len(gateway.received) == 1
    got = gateway.received[0]
    sent = Delivery.objects.get(campaign=campaign, person=ok)
    assert (got["to"], got["from"]) == ("+32470123456", "Leerrekening") and sent.token in got["text"]
    assert sent.channel == Channel.SMS and sent.parts == rules.sms_length(got["text"]).parts >= 1
    assert _status(campaign, wrong)[0] == DeliveryStatus.BOUNCED and "400" in _status(campaign, wrong)[1]
    # the provider is down: the message waits and goes once it is back
    gateway.down = True
    other = _campaign([later], name="Sms-later")
    services.send_campaign(other, now=NOON)
    waiting = Delivery.objects.get(campaign=other, person=later)
    assert waiting.status == DeliveryStatus.PENDING and waiting.not_before > NOON
    gateway.down = False
    services.send_campaign(other, now=waiting.not_before)
    assert _status(other, later)[0] == DeliveryStatus.SENT and gateway.received[-1]["to"] == "+32471000001"
    assert selectors.reach(campaign)["sms_parts"] == sent.parts


def test_through_my_bridge_figure_becomes_a_task_on_their_list():
    helped, alone = _people(2, "bridge", with_mail=False)
    guide = User.objects.get(email=f"bridge@{DEMO_DOMAIN}")
    Consent.objects.create(person=helped, grantee=guide, scope="profile", valid_from=NOON - timedelta(days=1),
                           valid_until=NOON + timedelta(days=300))
    for person in (helped, alone):
        services.set_preference(person=person, channel="bridge")
    campaign = _campaign([helped, alone], name="Brug")
    services.send_campaign(campaign, now=NOON)
    task = BridgeTask.objects.get(person=helped)
    assert task.guide == guide and task.delivery.campaign == campaign and "Dag" in task.text
    assert _status(campaign, alone) == (DeliveryStatus.SKIPPED, "geen brugfiguur of begeleider met toestemming")
    client = Client()
    assert client.login(email=guide.email, password=demo_password("bridge"))
    page = client.get("/mobilisatie/taken/")
    assert page.status_code == 200 and str(helped) in page.content.decode()
    assert client.post(f"/mobilisatie/taken/{task.pk}/klaar/").status_code == 302
    assert BridgeTask.objects.get(pk=task.pk).done_at is not None
    learner = Client()
    assert learner.login(email=f"learner@{DEMO_DOMAIN}", password=demo_password("learner"))
    assert learner.get("/mobilisatie/taken/").status_code == 403
    assert learner.post(f"/mobilisatie/taken/{task.pk}/klaar/").status_code == 403
    other = Client()
    other.force_login(User.objects.get(email=f"counsellor@{DEMO_DOMAIN}"))
    assert other.post(f"/mobilisatie/taken/{task.pk}/klaar/").status_code == 404  # not theirs


def test_a_learner_sets_their_own_wishes_on_a_page():
    client = Client()
    assert client.login(email=f"learner@{DEMO_DOMAIN}", password=demo_password("learner"))
    page = client.get("/mobilisatie/mijn-berichten/")
    assert page.status_code == 200 and "hoogstens 2 per 7 dagen" in page.content.decode()
    bad = client.post("/mobilisatie/mijn-berichten/", {"channel": "sms", "phone": "02 123 45 67"})
    assert bad.status_code == 400 and "vast nummer" in bad.content.decode()
    ok = client.post("/mobilisatie/mijn-berichten/", {"channel": "sms", "phone": "0470 12 34 56", "quiet_from": "20:00",
                                                      "quiet_until": "09:00", "no_kinds": ["campaign"],
                                                      "consents": ["partner_offer"]})
    assert ok.status_code == 302
    person = Person.objects.get(user__email=f"learner@{DEMO_DOMAIN}")
    p = person.message_preference
    assert (p.channel, p.phone, p.no_kinds, p.consents) == ("sms", "+32470123456", ["campaign"], ["partner_offer"])
    assert str(p.quiet_from) == "20:00:00"
    other = Client()
    other.force_login(User.objects.get(email=f"analyst@{DEMO_DOMAIN}"))
    assert other.get("/mobilisatie/mijn-berichten/").status_code == 403


def test_notices_sent_as_letters_are_in_their_print_batch():
    (person,) = _people(1, "brief", with_mail=False)
    Notification.objects.create(person=person, text="Je inschrijving is bevestigd.")
    notices.sweep(now=NOON)
    notice = Notice.objects.get(person=person, kind="booking")
    assert (notice.channel, notice.status) == (Channel.LETTER, DeliveryStatus.SENT)
    pdf = services.notice_letters_pdf(now=NOON)
    assert pdf[:5] == b"%PDF-"
    secretariat = Client()
    secretariat.force_login(_secretariat())
    assert secretariat.get("/mobilisatie/meldingen/brieven.pdf")["Content-Type"] == "application/pdf"
    assert "notice-summary" in secretariat.get("/mobilisatie/").content.decode()


def test_the_secretariat_plans_a_campaign_on_its_page():
    seg = services.save_segment(actor=_secretariat(), code="test-plannen", name="Plannen", source="test",
                                rule={"all": [{"fact": "education_level", "op": "=", "value": "high"}]})
    campaign = services.create_campaign(actor=_secretariat(), segment=seg, name="Plannen", call_to_action="check",
                                        messages=MESSAGES, kind="partner_offer")
    at = timezone.localtime() + timedelta(days=2)
    analyst = Client()
    analyst.force_login(User.objects.get(email=f"analyst@{DEMO_DOMAIN}"))
    analyst.post(f"/mobilisatie/campagne/{campaign.pk}/plannen/", {"at": at.strftime("%Y-%m-%dT%H:%M")})
    assert Campaign.objects.get(pk=campaign.pk).status == "draft"  # only the secretariat plans
    secretariat = Client()
    secretariat.force_login(_secretariat())
    response = secretariat.post(f"/mobilisatie/campagne/{campaign.pk}/plannen/", {"at": at.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "scheduled" and campaign.kind == "partner_offer"
    assert timezone.localtime(campaign.scheduled_for).strftime("%Y-%m-%d %H:%M") == at.strftime("%Y-%m-%d %H:%M")
    assert "Gepland vanaf" in secretariat.get(f"/mobilisatie/campagne/{campaign.pk}/").content.decode()


def test_a_large_batch_goes_over_two_smtp_connections_each_mail_once(smtp):
    people = _people(120, "parallel")
    campaign = _campaign(people, name="Parallel")
    report = services.send_campaign(campaign, now=NOON)
    received = [m["To"] for m in smtp.messages]
    assert report["sent"] == 120 and len(received) == 120
    assert set(received) == {p.user.email for p in people}


def test_a_person_who_reads_french_gets_campaigns_and_notices_in_french(smtp):
    from lifelong.accounts.services.bookings import _notify

    person, dutch = _people(2, "langue")
    User.objects.filter(pk=person.user_id).update(preferred_language="fr")
    person.user.refresh_from_db()
    campaign = services.create_campaign(
        actor=_secretariat(), segment=services.save_segment(
            actor=_secretariat(), code="test-langue", name="Langue", source="test",
            rule={"all": [{"fact": "has_email", "op": "=", "value": True}]}),
        name="Langue", call_to_action="rights", holdout_permille=0,
        messages={**MESSAGES, "fr": {"subject": "Bonjour {{ first_name }}", "text": "Voici : {{ link }}"}})
    people = Person.objects.filter(pk__in=[person.pk, dutch.pk]).select_related("user", "message_preference")
    languages = {d.person_id: d.language for d in (services._delivery(campaign, p) for p in people)}
    assert languages == {person.pk: "fr", dutch.pk: "nl"}

    # a provider confirming in Dutch: the person still reads the notice in their own language
    _notify(person, "Je aanwezigheid voor '%(t)s' is bevestigd. De rechten zijn gebruikt.", t="Excel")
    _notify(dutch, "Je aanwezigheid voor '%(t)s' is bevestigd. De rechten zijn gebruikt.", t="Excel")
    notices.sweep(now=NOON)
    french = next(m for m in smtp.messages if m["To"] == person.user.email)
    body = french.get_body(("plain",)).get_content()
    assert french["Subject"] == "Nouvelles de votre inscription"
    assert body.startswith(f"Bonjour {person.given_name},") and "Votre présence" in body and "Excel" in body
    flemish = next(m for m in smtp.messages if m["To"] == dutch.user.email)
    assert flemish["Subject"] == "Nieuws over je inschrijving"
    assert flemish.get_body(("plain",)).get_content().startswith(f"Dag {dutch.given_name},")
