"""Demo offers for the synthetic providers: Dutch titles and descriptions written from ESCO
occupations (Dutch labels) and their essential skills (Dutch, else English). Deterministic."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lifelong.catalogue import engine
from lifelong.catalogue.geo import place_of
from lifelong.catalogue.models import Offer, OfferToken, Provider, Session
from lifelong.taxonomy.models import Label, LabelKind, OccupationSkill
from lifelong.taxonomy.selectors import labels_of

OFFERS_PER_PROVIDER = 4
SKILLS_PER_OFFER = 3
TITLES = ["Opleiding {occ}", "Word {occ}: de basis", "{skill} voor beginners", "{skill} in de praktijk",
          "Bijscholing {occ}", "Leren op de werkvloer: {skill}"]
MODES = [("classroom", 45), ("blended", 20), ("online", 20), ("workplace", 15)]
TYPES = [("non_formal", 60), ("formal", 25), ("informal", 15)]
SCHEMES = ["opleidingscheques", "vov", "federaal_opleidingsrecht", "sector_topup", "employer_topup"]


def _pick(rng, pairs):
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def _occupations(limit: int = 400) -> list[tuple[int, str, list[int]]]:
    """(occupation id, Dutch label, essential skill ids) for occupations with a Dutch name, by URI."""
    dutch = dict(Label.objects.filter(language="nl", kind=LabelKind.PREFERRED, concept__concept_type="occupation")
                 .values_list("concept_id", "text"))
    skills: dict[int, list[int]] = {}
    for occ, skill in OccupationSkill.objects.filter(relevance="essential", occupation_id__in=list(dutch)) \
            .order_by("occupation__uri", "skill__uri").values_list("occupation_id", "skill_id"):
        skills.setdefault(occ, []).append(skill)
    ordered = [o for o in dutch if len(skills.get(o, [])) >= SKILLS_PER_OFFER]
    ordered.sort()
    return [(o, dutch[o], skills[o]) for o in ordered[:limit]]


@transaction.atomic
def seed_demo_offers(*, seed: int = 2026, per_provider: int = OFFERS_PER_PROVIDER) -> int:
    rng = random.Random(seed)
    occupations = _occupations()
    providers = list(Provider.objects.filter(is_synthetic=True).order_by("id"))
    if not occupations or not providers:
        return 0
    skill_ids = sorted({s for _o, _l, skills in occupations for s in skills})
    skill_label = {k: str(v) for k, v in labels_of(skill_ids, "nl").items()}
    today = timezone.localdate()
    rows, plans = [], []
    for p in providers:
        for n in range(per_provider):
            occ_id, occ, skills = occupations[rng.randrange(len(occupations))]
            chosen = rng.sample(skills, SKILLS_PER_OFFER)
            names = [skill_label[s] for s in chosen]
            title = rng.choice(TITLES).format(occ=occ, skill=names[0][:1].upper() + names[0][1:])
            mode, kind = _pick(rng, MODES), _pick(rng, TYPES)
            if mode == "workplace" and rng.random() < 0.5:
                kind = "informal"
            hours = rng.choice([4, 8, 16, 24, 40, 60, 120])
            price = 0 if kind == "informal" else rng.randrange(0, 1500, 5) * 100
            start = today + timedelta(days=rng.randrange(7, 240))
            description = (f"Deze opleiding is voor wie wil werken als {occ} of al zo werkt en wil bijleren. "
                           f"Je leert: {', '.join(names)}. "
                           f"We werken in kleine groepen met veel oefeningen. Je hebt geen voorkennis nodig.")
            _province, municipality, centre = place_of(p.postcode)
            schemes = set(rng.sample(SCHEMES, rng.randrange(0, 4))) | ({"opleidingscheques"} if n < 2 else set())
            if p.quality_status != "registered":  # Flemish incentives only with a registered provider (issue 19)
                schemes -= {"opleidingscheques", "vov"}
            schemes = sorted(schemes)
            eqf = rng.randrange(2, 6) if kind == "formal" else 0
            if n < 2:  # each provider has two running courses (started, you can still join): bookable and confirmable
                start, kind, eqf, price = today - timedelta(days=14), "non_formal", 0, max(price, 20000)
            rows.append(Offer(
                provider=p, external_id=f"demo-{p.pk}-{n}", title=title[:300], description=description,
                offer_type=kind, qualification=f"attest {occ}" if kind != "informal" else "",
                eqf_level=eqf if kind == "formal" else None, mode=mode,
                language="nl", postcode=p.postcode, municipality=municipality, province=p.province,
                latitude=centre[0] if centre and mode != "online" else None,
                longitude=centre[1] if centre and mode != "online" else None,
                hours=hours, price_cents=price, eligible_schemes=("," + ",".join(schemes) + ",") if schemes else "",
                low_literacy=rng.random() < 0.2, evening=rng.random() < 0.3, childcare=rng.random() < 0.1,
                certification="getuigschrift" if kind == "formal" else "",
                # a formal course up to level 4 leads to a professional qualification (VKS ≤ 4): vouchers pay all
                funding_categories=",vks_max_4," if kind == "formal" and eqf <= 4 else "",
                next_start=start, is_active=True))
            plans.append((chosen, start, title, description, names))
    Offer.objects.bulk_create(rows, batch_size=1000)
    ids = dict(Offer.objects.filter(provider__in=providers).values_list("external_id", "id"))
    through = Offer.competences.through
    links, tokens, sessions = [], [], []
    for offer, (chosen, start, title, description, names) in zip(rows, plans, strict=True):
        oid = ids[offer.external_id]
        links += [through(offer_id=oid, concept_id=s) for s in chosen]
        sessions += [Session(offer_id=oid, start_date=start), Session(offer_id=oid, start_date=start + timedelta(days=91))]
        weights = engine.index_tokens(title, description, " ".join(names))
        tokens += [OfferToken(offer_id=oid, token=t, weight=w) for t, w in weights.items()]
    through.objects.bulk_create(links, batch_size=2000)
    Session.objects.bulk_create(sessions, batch_size=2000)
    OfferToken.objects.bulk_create(tokens, batch_size=5000)
    return len(rows)


__all__ = ["seed_demo_offers"]
