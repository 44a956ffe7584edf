"""Competence suggestions in bulk (extraction engine, fast) as a background job and a CLI; the search
paths that make 100,000 offers fast: grouped facet counts and the exact max price after rights."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lifelong.catalogue import selectors
from lifelong.catalogue.models import Offer, TaggingRun, TaggingStatus
from lifelong.catalogue.selectors import Filters, query, search_offers
from lifelong.catalogue.services import import_offers
from lifelong.catalogue.tagging import queue_tagging, run_tagging
from lifelong.cli import main
from lifelong.taxonomy.models import Concept

pytestmark = pytest.mark.django_db

FORKLIFT_OFFER = {"external_id": "hef-1", "title": "Heftruck besturen",
                  "description": "Je leert veilig een heftruck besturen en paletten stapelen in een magazijn.",
                  "price_eur": "300"}


def forklift():
    return Concept.objects.get(concept_type="skill", label_en="operate forklift")


def test_an_import_without_competences_queues_suggestions_for_the_worker(staff, provider,
                                                                        django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        report = import_offers(user=staff, provider=provider, records=[FORKLIFT_OFFER])
    run = report.tagging
    assert run is not None and run.provider == provider and run.total == 1 and run.status == TaggingStatus.QUEUED
    run.refresh_from_db()
    queued = DBTaskResult.objects.get(pk=run.task_id)
    assert queued.task_path.endswith("catalogue.tasks.tag_offers") and queued.args_kwargs["args"] == [run.pk]
    assert "automatisch voorstel" in report.summary()


def test_an_import_where_every_offer_has_competences_queues_nothing(staff, provider, skills):
    report = import_offers(user=staff, provider=provider,
                           records=[{**FORKLIFT_OFFER, "competences": skills[0].uri}])
    assert report.created == 1 and report.tagging is None


def test_the_job_suggests_competences_that_stay_suggestions(staff, provider, make_offer, skills):
    import_offers(user=staff, provider=provider, records=[FORKLIFT_OFFER])
    confirmed = make_offer(title="Heftruck en magazijn", description=FORKLIFT_OFFER["description"],
                           competences=[forklift()])
    run = TaggingRun.objects.filter(provider=provider).latest("id")
    seen = []
    from lifelong.catalogue.tasks import tag_offers

    assert tag_offers.call(run.pk) == 1  # the job itself, as the worker runs it
    run.refresh_from_db()
    assert (run.status, run.done, run.total, run.suggested, run.percent) == (TaggingStatus.DONE, 1, 1, 1, 100)
    offer = Offer.objects.get(provider=provider, external_id="hef-1")
    assert forklift().uri in offer.suggested and len(offer.suggested) <= 8
    assert offer.competences.count() == 0  # nothing becomes a competence until the provider ticks it
    # --all also reads offers with competences, and never proposes what is already confirmed
    again = run_tagging(TaggingRun.objects.create(provider=provider, only_missing=False), seen.append)
    assert again.done == 2 and seen and seen[-1].done == 2
    confirmed.refresh_from_db()
    assert forklift().uri not in confirmed.suggested
    assert queue_tagging(provider=provider, only_missing=True) is None  # nothing left without suggestions


def test_cli_tags_the_missing_offers_with_a_progress_line(staff, provider, capsys):
    import_offers(user=staff, provider=provider, records=[FORKLIFT_OFFER])
    assert main(["catalogue", "tag", "--missing", "--provider", str(provider.pk)]) == 0
    out = capsys.readouterr()
    assert "1/1 offers (100 %)" in out.err and "1 offers read" in out.out
    assert forklift().uri in Offer.objects.get(provider=provider, external_id="hef-1").suggested
    assert main(["catalogue", "tag", "--missing", "--provider", str(provider.pk)]) == 0
    assert "nothing to tag" in capsys.readouterr().out
    assert main(["catalogue", "tag", "--provider", "999999999"]) == 2


def test_provider_page_shows_progress_and_queues_a_run(client, staff, provider, other_provider):
    import_offers(user=staff, provider=provider, records=[FORKLIFT_OFFER])
    client.force_login(staff)
    page = client.get("/kompas/aanbieder/").content.decode()
    assert "Automatisch voorgestelde competenties" in page and "0 van 1 aanbiedingen gelezen" in page
    run = TaggingRun.objects.filter(provider=provider).latest("id")
    run_tagging(run)
    assert "Klaar: 1 aanbiedingen gelezen, 1 kregen voorstellen" in client.get("/kompas/aanbieder/").content.decode()
    assert client.post(f"/kompas/aanbieder/{other_provider.pk}/competenties-voorstellen/").status_code == 403
    Offer.objects.filter(provider=provider).update(suggested=[])
    assert client.post(f"/kompas/aanbieder/{provider.pk}/competenties-voorstellen/").status_code == 302
    assert TaggingRun.objects.filter(provider=provider).count() == 2
    offer = Offer.objects.get(provider=provider, external_id="hef-1")
    run_tagging(TaggingRun.objects.filter(provider=provider).latest("id"))
    assert "automatisch voorgesteld" in client.get(f"/kompas/aanbod/{offer.pk}/bewerken/").content.decode()


# -- search at scale ------------------------------------------------------------------------------------
def test_max_price_after_rights_is_exact_for_every_offer(make_offer, learner):
    """The filter from the per-scheme price ceilings (in SQL and in the index) keeps exactly the offers
    whose net price (the rights engine, offer by offer) is within the maximum."""
    from lifelong.accounts.services import accrue_rights

    person = learner.person
    accrue_rights(person=person, on=timezone.localdate())
    offers = [make_offer(title=f"Pottenbakken {i}", price_cents=price, schemes=schemes, categories=categories)
              for i, (price, schemes, categories) in enumerate([
                  (5000, [], []), (20000, ["opleidingscheques"], []), (40000, ["opleidingscheques"], []),
                  (90000, ["opleidingscheques", "vov"], []), (300000, ["opleidingscheques"], []),
                  (15000, ["vov"], []), (0, [], []),
                  # paid in full by the vouchers (basic skills, VKS ≤ 4), or a kind that changes nothing here
                  (20000, ["opleidingscheques"], ["basic_skills"]), (26000, ["opleidingscheques"], ["vks_max_4"]),
                  (12000, [], ["basic_skills"]), (20000, ["opleidingscheques"], ["career_guidance"])])]
    net = selectors.net_prices(person, offers)
    assert any(net[o.id] < o.price_cents for o in offers)  # rights do pay a part
    assert net[offers[7].id] == 0 and net[offers[8].id] == 1000  # in full, up to the €250 of vouchers
    for limit in (0, 5000, 10000, 12000, 20000, 50000, 250000):
        for in_memory in (False, True):  # the SQL filter and the index in memory
            found = {o.id for o in search_offers(Filters(q="pottenbakken", max_price_cents=limit), person=person,
                                                 limit=100, in_memory=in_memory).offers}
            assert found == {o.id for o in offers if net[o.id] <= limit}, (limit, in_memory)


def test_facets_and_total_from_one_grouped_count(make_offer, django_assert_max_num_queries):
    """(The SQL search, used until a large catalogue's index is built.)"""
    soon = timezone.localdate() + timedelta(days=10)
    make_offer(title="Tuba spelen", mode="online", schemes=["vov", "opleidingscheques"], sessions=[soon])
    make_offer(title="Tuba stemmen", mode="classroom", schemes=["vov"], language="en")
    make_offer(title="Tuba poetsen", mode="classroom", offer_type="informal")
    from lifelong.catalogue.selectors import query_skills

    query_skills("tuba")  # the taxonomy search's index (the skills a query names) is built once per process
    with django_assert_max_num_queries(4):  # facet combinations, the page (with its providers), cache
        result = search_offers(Filters(q="tuba", mode="classroom"), in_memory=False)
    assert result.total == 2 and len(result.offers) == 2
    assert dict(result.facets["mode"]) == {"classroom": 2, "online": 1}  # its own filter left out
    assert dict(result.facets["scheme"]) == {"vov": 1}
    assert dict(result.facets["language"]) == {"nl": 1, "en": 1}
    assert dict(result.facets["offer_type"]) == {"non_formal": 1, "informal": 1}
    # a new offer is counted at once (the cached counts start over when an offer changes)
    make_offer(title="Tuba herstellen", mode="classroom")
    assert search_offers(Filters(q="tuba", mode="classroom"), in_memory=False).total == 3


def test_rare_words_as_an_id_list_give_the_same_results_as_the_sql_path(make_offer, monkeypatch):
    make_offer(title="Klavecimbel stemmen", description="Je leert een klavecimbel stemmen.", mode="online")
    make_offer(title="Klavecimbel bouwen", description="Hout en snaren.")
    make_offer(title="Piano stemmen", description="Geen klavecimbel hier, wel stemmen.")
    make_offer(title="Orgel", description="Niets over dat andere instrument.")
    queries = [Filters(q="klavecimbel stemmen"), Filters(q="klavecimbel"), Filters(q="stemm"),
               Filters(q="klavecimbel stem", mode="online"), Filters(q="klavecimbel orgel")]

    def run():
        return [([o.id for o in r.offers], r.total, r.facets) for r in (search_offers(f, in_memory=False)
                                                                         for f in queries)]

    assert query._matching_ids("klavecimbel stemmen") is not None  # rare: the id-list path
    fast = run()
    monkeypatch.setattr(query, "ID_LIST_KEPT", 0)
    selectors.forget_facet_counts()
    assert query._matching_ids("klavecimbel stemmen") is None  # forced: one semi-join per word
    assert run() == fast
    assert [fast[i][1] for i in (0, 1, 3, 4)] == [2, 3, 1, 0]


def test_a_single_offer_edit_and_a_bulk_import_suggest_the_same_competences(client, staff, provider):
    """One engine for both paths (issue 17.1): the edit page and the background run over an import read the
    same text the same way."""
    text = {"title": "Magazijnmedewerker met heftruck",
            "description": "Je laadt en lost vrachtwagens, rijdt met de heftruck en houdt de voorraad bij in het "
                           "magazijnbeheersysteem. Je werkt ook met Excel."}
    client.force_login(staff)
    form = {**text, "offer_type": "non_formal", "mode": "classroom", "language": "nl", "postcode": "9000",
            "hours": "16", "price_eur": "300,00", "schemes": ["opleidingscheques"], "sessions_text": ""}
    assert client.post(f"/kompas/aanbieder/{provider.pk}/nieuw/", form).status_code == 302
    edited = provider.offers.get(title=text["title"])
    import_offers(user=staff, provider=provider, records=[{**text, "external_id": "bulk-1", "price_eur": "300"}])
    run_tagging(TaggingRun.objects.create(provider=provider, only_missing=True))
    imported = Offer.objects.get(provider=provider, external_id="bulk-1")
    assert edited.suggested and forklift().uri in edited.suggested
    assert imported.suggested == edited.suggested
