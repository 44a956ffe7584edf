"""Issue 16.5: "download my data" holds the learning account — balances, ledger entries, reservations, bookings,
federal records and notifications — for the person only."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from lifelong.accounts import federal, services
from lifelong.catalogue.booking import compass_offer
from lifelong.catalogue.models import Offer, Provider
from lifelong.users.models import Role, User

from .conftest import make_person

pytestmark = pytest.mark.django_db
PASSWORD = "leren-is-fijn-2026"
EXPORT = "/loopbaan/privacy/mijn-gegevens.json"


def test_my_data_holds_the_learning_account(client, schemes):
    user = User.objects.create_user(f"{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.LEARNER)
    person = make_person(user=user)
    today = timezone.localdate()
    services.accrue_year(on=today, person_ids=[person.pk])
    provider = Provider.objects.create(name="Exportacademie", kind="private", province="BE21", postcode="2000",
                                       quality_status="registered")
    offer = Offer.objects.create(provider=provider, external_id="x1", title="Lassen MIG", price_cents=40000, hours=40,
                                 eligible_schemes=",vov,opleidingscheques,")
    booking = services.book_offer(user=user, password=PASSWORD, person=person,
                                  offer=compass_offer(person, offer, today), on=today, idempotency_key="export-1",
                                  client_address="10.1.2.3")
    day = today - timedelta(days=2)
    federal.import_records("record_id,person,training,hours,started_on,ended_on,completed,certificate\n"
                           f"F-export-{person.pk},{user.email},Veilig werken,8,{day},{day},ja,VCA\n")
    client.force_login(user)
    data = client.get(EXPORT).json()["learning_account"]
    assert [(b["id"], b["offer_ref"], b["hours"], b["status"], b["client_address"]) for b in data["bookings"]] == [
        (booking.pk, offer.reference, 40, "reserved", "10.1.2.3")]
    assert {r["scheme_code"] for r in data["reservations"]} >= {"vov", "opleidingscheques"}
    kinds = {(e["transaction_kind"], e["account_scheme_code"]) for e in data["ledger_entries"]}
    assert {("accrue", "vov"), ("reserve", "vov"), ("reserve", "opleidingscheques")} <= kinds
    assert ("consume", "federaal_opleidingsrecht") in kinds  # the completed federal training used the right
    assert sum(e["amount"] for e in data["ledger_entries"]
               if e["account_scheme_code"] == "vov" and e["account_kind"] == "available") == \
        next(a["balance"] for a in data["accounts"] if a["scheme_code"] == "vov" and a["kind"] == "available")
    assert [(r["record_id"], r["minutes"], r["completed"]) for r in data["federal_records"]] == [
        (f"F-export-{person.pk}", 480, True)]
    assert any("Lassen MIG" in n["text"] for n in data["notifications"])
    # another person's account is not in it
    other = User.objects.create_user(f"{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.LEARNER)
    make_person(user=other)
    client.force_login(other)
    theirs = client.get(EXPORT).json()["learning_account"]
    assert theirs["bookings"] == [] and theirs["ledger_entries"] == [] and theirs["federal_records"] == []
