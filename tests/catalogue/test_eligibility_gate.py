"""The provider gate (issue 19.2): the learning rights and kinds of training a provider sets on its offer count only
once the secretariat approves them; an official register imported by the secretariat applies directly; the
compass's max-price filter counts only the rights an offer's provider is really eligible for."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from lifelong.accounts.services import accrue_rights
from lifelong.catalogue import eligibility, search_index
from lifelong.catalogue.booking import compass_offer
from lifelong.catalogue.models import EligibilityChange, EligibilityStatus, Offer
from lifelong.catalogue.selectors import Filters, net_prices, search_offers
from lifelong.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(make_user):
    return make_user("secretariat")


@pytest.fixture
def rich_learner(learner):
    accrue_rights(person=learner.person, on=timezone.localdate())
    return learner


def test_a_provider_cannot_make_its_own_offer_eligible(make_offer, staff, rich_learner):
    offer = make_offer(title="Excel voor de boekhouding", price_cents=25000, hours=40, approve=False,
                       schemes=["opleidingscheques", "vov"], categories=["basic_skills"])
    # nothing the provider asked counts: the offer, the rights engine and the booking see no right at all
    assert offer.scheme_codes == [] and offer.category_codes == []
    person = rich_learner.person
    assert net_prices(person, [offer])[offer.id] == 25000
    booked = compass_offer(person, Offer.objects.get(pk=offer.pk), timezone.localdate())
    assert booked.offer.eligible_schemes == frozenset() and booked.offer.categories == frozenset()
    # the request waits with who, when and what
    change = EligibilityChange.objects.get(offer=offer)
    assert change.status == EligibilityStatus.PENDING and change.requested_by == staff and change.requested_at
    assert change.added_schemes == ["opleidingscheques", "vov"] and change.added_categories == ["basic_skills"]
    # the provider cannot decide it itself
    with pytest.raises(PermissionDenied):
        eligibility.decide(user=staff, change=change, approve=True)
    client = Client()
    client.force_login(staff)
    assert client.post(f"/kompas/secretariaat/{change.pk}/beslissen/", {"decision": "approve"}).status_code == 403
    assert client.get("/kompas/secretariaat/").status_code == 403
    assert Offer.objects.get(pk=offer.pk).scheme_codes == []


def test_the_secretariat_refuses_with_a_reason_or_approves_on_its_review_page(make_offer, staff, secretariat,
                                                                               rich_learner):
    offer = make_offer(title="Basisvaardigheden rekenen", price_cents=20000, approve=False,
                       schemes=["opleidingscheques"], categories=["basic_skills"])
    change = EligibilityChange.objects.get(offer=offer, status=EligibilityStatus.PENDING)
    client = Client()
    client.force_login(secretariat)
    page = client.get("/kompas/secretariaat/").content.decode()
    assert "Basisvaardigheden rekenen" in page and staff.email in page
    # refusing needs a reason; without one nothing changes
    client.post(f"/kompas/secretariaat/{change.pk}/beslissen/", {"decision": "refuse", "reason": ""})
    assert EligibilityChange.objects.get(pk=change.pk).status == EligibilityStatus.PENDING
    client.post(f"/kompas/secretariaat/{change.pk}/beslissen/",
                {"decision": "refuse", "reason": "Geen erkenning als opleiding basisvaardigheden."})
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (EligibilityStatus.REFUSED, secretariat) and change.decided_at
    assert Offer.objects.get(pk=offer.pk).scheme_codes == []
    provider_client = Client()
    provider_client.force_login(staff)
    assert "Geen erkenning als opleiding" in provider_client.get(f"/kompas/aanbod/{offer.pk}/bewerken/").content.decode()
    # the provider asks again, for vouchers only this time; the secretariat approves: now they count
    from lifelong.catalogue.services import save_offer

    saved = save_offer(user=staff, provider=offer.provider, offer=Offer.objects.get(pk=offer.pk), competences=[],
                       values={"title": "Basisvaardigheden rekenen"}, schemes=["opleidingscheques"], sessions=[],
                       categories=[])
    assert saved.eligibility_pending is not None and saved.scheme_codes == []
    again = EligibilityChange.objects.get(offer=offer, status=EligibilityStatus.PENDING)
    client.post(f"/kompas/secretariaat/{again.pk}/beslissen/", {"decision": "approve", "reason": ""})
    offer.refresh_from_db()
    assert offer.scheme_codes == ["opleidingscheques"] and offer.category_codes == []
    assert net_prices(rich_learner.person, [offer])[offer.id] < 20000
    assert "Er wachten geen aanvragen" in client.get("/kompas/secretariaat/").content.decode()


def test_what_a_provider_takes_away_counts_at_once(make_offer, staff, provider):
    from lifelong.catalogue.services import save_offer

    offer = make_offer(title="Heftruck", schemes=["opleidingscheques", "vov"])  # approved
    assert offer.scheme_codes == ["opleidingscheques", "vov"]
    save_offer(user=staff, provider=provider, offer=offer, values={"title": "Heftruck"}, competences=[],
               schemes=["vov"], sessions=[])
    offer.refresh_from_db()
    assert offer.scheme_codes == ["vov"]
    assert not EligibilityChange.objects.filter(offer=offer, status=EligibilityStatus.PENDING).exists()


def test_an_official_register_applies_directly_with_per_line_refusals(make_offer, provider, secretariat, tmp_path,
                                                                       capsys):
    asked = make_offer(title="Lassen MIG", approve=False, schemes=["vov"], external_id="las-1")
    plain = make_offer(title="Koken", external_id="kook-1")
    rows = ["provider;external_id;schemes;categories",
            f"{provider.pk};las-1;vov|opleidingscheques;",
            f"{provider.pk};kook-1;opleidingscheques;basic_skills",
            f"{provider.pk};bestaat-niet;vov;",
            "999999;las-1;vov;",
            f"{provider.pk};kook-1;vliegbrevet;",
            f"{provider.pk};kook-1;vov;hobby"]
    path = tmp_path / "register.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code = main(["catalogue", "import-eligibility", str(path), "--source", "Vlaamse overheid, erkende opleidingen, "
                 "2026-12-01", "--as", secretariat.email])
    out = capsys.readouterr()
    assert code == 1 and "2 toegepast" in out.out and "4 geweigerd" in out.out
    assert "regel 4: aanbieder" in out.err and "bestaat-niet" in out.err
    assert "regel 5: onbekende aanbieder" in out.err
    assert "regel 6: onbekende leerrechten: vliegbrevet" in out.err
    assert "regel 7: onbekende soorten opleiding: hobby" in out.err
    asked.refresh_from_db()
    plain.refresh_from_db()
    assert asked.scheme_codes == ["opleidingscheques", "vov"]
    assert (plain.scheme_codes, plain.category_codes) == (["opleidingscheques"], ["basic_skills"])
    # the provider's own request was replaced by the register; the register's lines are recorded as approved
    assert not EligibilityChange.objects.filter(offer=asked, status=EligibilityStatus.PENDING).exists()
    recorded = EligibilityChange.objects.get(offer=plain, source__startswith="Vlaamse overheid")
    assert (recorded.status, recorded.decided_by) == (EligibilityStatus.APPROVED, secretariat)
    # only the secretariat imports a register
    with pytest.raises(PermissionDenied):
        eligibility.import_register(user=provider.staff.get(), records=[], source="x")


def test_the_register_can_be_uploaded_on_the_review_page(make_offer, provider, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    offer = make_offer(title="Boekhouden", external_id="boek-1")
    client = Client()
    client.force_login(secretariat)
    upload = SimpleUploadedFile("register.csv", f"provider,external_id,schemes\n{provider.pk},boek-1,vov\n"
                                f"{provider.pk},weg,vov\n".encode())
    page = client.post("/kompas/secretariaat/", {"file": upload, "source": "register test"}).content.decode()
    assert "1 toegepast" in page and "regel 3:" in page
    offer.refresh_from_db()
    assert offer.scheme_codes == ["vov"]


@pytest.mark.parametrize("in_memory", [False, True])
def test_max_price_filter_counts_only_rights_the_provider_is_eligible_for(make_offer, provider, other_provider,
                                                                          rich_learner, secretariat, in_memory):
    """An unregistered provider's offer that lists vouchers costs its full price: the filter must say so too."""
    person = rich_learner.person
    registered = make_offer(title="Vioolbouw", price_cents=20000, schemes=["opleidingscheques"])
    assert other_provider.quality_status != "registered"
    unregistered = make_offer(title="Vioolbouw", price_cents=20000, schemes=["opleidingscheques"],
                              who=secretariat, where=other_provider, external_id="viool-2")
    net = net_prices(person, [registered, unregistered])
    assert net[registered.id] < 20000 and net[unregistered.id] == 20000
    search_index.forget()
    found = {o.id for o in search_offers(Filters(q="vioolbouw", max_price_cents=net[registered.id]), person=person,
                                         in_memory=in_memory).offers}
    assert found == {registered.id}
    # once the provider is registered its vouchers count, in the index too (the status moves its freshness stamp)
    other_provider.quality_status = "registered"
    other_provider.save()
    found = {o.id for o in search_offers(Filters(q="vioolbouw", max_price_cents=net[registered.id]), person=person,
                                         in_memory=in_memory).offers}
    assert found == {registered.id, unregistered.id}


def test_the_import_page_says_which_rights_wait_for_the_secretariat(staff, provider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(staff)
    upload = SimpleUploadedFile("aanbod.csv", b"external_id;title;schemes;categories\n"
                                              b"imp-1;Rekenen voor volwassenen;opleidingscheques;basic_skills\n")
    page = client.post(f"/kompas/aanbieder/{provider.pk}/importeren/", {"file": upload}).content.decode()
    assert "tellen pas als het secretariaat ze goedkeurt" in page
    offer = Offer.objects.get(provider=provider, external_id="imp-1")
    assert (offer.scheme_codes, offer.category_codes) == ([], [])
    assert EligibilityChange.objects.get(offer=offer).requested_by == staff
