"""Demo offers for the synthetic providers, deterministic. Most are realistic Flemish courses from a curated
list (``COURSES``: a Dutch title, what you learn, and the ESCO skills they are tagged with); the rest are
written from ESCO occupations with a Dutch name and their essential skills. A title or a "Je leert" line
only names a skill by its Dutch label: a skill without one is tagged but never written into the Dutch text."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lifelong.catalogue import engine
from lifelong.catalogue.geo import place_of
from lifelong.catalogue.models import Offer, OfferToken, Provider, Session
from lifelong.taxonomy.models import Concept, Label, LabelKind, OccupationSkill
from lifelong.taxonomy.selectors import labels_of

OFFERS_PER_PROVIDER = 4
SKILLS_PER_OFFER = 3
CURATED_PER_PROVIDER = 3  # of the OFFERS_PER_PROVIDER, this many come from COURSES
OCCUPATION_TITLES = ["Opleiding {occ}", "Word {occ}: de basis", "Bijscholing {occ}"]
SKILL_TITLES = ["{skill} voor beginners", "{skill} in de praktijk", "Leren op de werkvloer: {skill}"]
ESCO = "http://data.europa.eu/esco/skill/"
# (title, what you learn, ESCO skill ids): courses as Flemish centres (VDAB, CVO, Syntra) offer them
COURSES = [
    ("Heftruckchauffeur: attest heftruck besturen", "veilig een heftruck besturen en de dagelijkse controle doen",
     ["28cb374e-6261-4133-8371-f9a5470145da", "3c84f7d9-7a3e-4343-814f-31de0aa61651"]),
    ("Magazijnmedewerker met heftruck en reachtruck", "goederen ontvangen, opslaan en met de heftruck verplaatsen",
     ["7afb5a64-e574-421a-bb3a-7a7bc108d2a5", "28cb374e-6261-4133-8371-f9a5470145da"]),
    ("Boekhouding voor kmo's", "de boekhouding van een kleine onderneming voeren volgens de Belgische regels",
     ["e2e15494-65b9-4af5-8b86-53fb51e7e022", "880c54f9-866e-4f37-b5fa-25ef8a7d49b6",
      "2ff405ec-f59c-4a7b-84b6-9776a49582c4"]),
    ("Dubbel boekhouden: de basis", "boekingen maken en de financiële administratie bijhouden",
     ["99b163e8-7815-43e2-83f3-a47f3076354c", "faf8943c-72ff-4736-a587-25508695d6f0"]),
    ("Loon- en personeelsadministratie", "lonen berekenen en de personeelsadministratie opvolgen",
     ["9d916d7c-89b3-4084-a6d9-e2b0b3091404", "3ee090a1-9d1c-44ed-bd93-f6b7c9b68a97"]),
    ("HBO5 Verpleegkunde: modules voor werkenden", "de basis van de verpleegkunde en verpleegkundige zorg",
     ["d429b19a-132f-44d3-971b-bb0ccd94f979", "8b3aefd2-5021-418f-b069-828fb7abc598",
      "1023ac61-250f-4eef-b7a9-238cf071685f"]),
    ("Zorgkundige in de ouderenzorg", "ouderen verzorgen en begeleiden in een woonzorgcentrum",
     ["261e740b-d32d-4356-94a8-3ea29128b70b", "1023ac61-250f-4eef-b7a9-238cf071685f"]),
    ("Lassen MIG/MAG voor beginners", "veilig lassen met MIG/MAG en je lasapparaat instellen",
     ["2fcd95a4-1f9a-41cf-95a9-4701bde476b4", "530cb489-d900-46ab-9350-4d50ccd49eea",
      "60ff3eac-7d4d-4e51-87b8-74c3b5d62498"]),  # … MAG-lassen
    ("TIG-lassen in de praktijk", "roestvrij staal en aluminium lassen en metalen verbinden",
     ["530cb489-d900-46ab-9350-4d50ccd49eea", "29d762da-1711-4a3c-b424-f0a404f4bf2d",
      "a51adea8-bf02-488a-a0d8-b0961caca5b0"]),  # … TIG-lassen
    ("Nederlands voor anderstaligen (NT2) – richtgraad 1", "Nederlands begrijpen en spreken in het dagelijks leven",
     ["cad4f44b-28a8-4448-86e5-7389e5ebf3eb", "347d33a8-3698-4549-a7de-722a0216ee40",
      "c44b765b-76fb-4a16-be7e-9925beee072c"]),
    ("Zakelijk Nederlands: helder schrijven op het werk", "heldere mails en verslagen schrijven in het Nederlands",
     ["e35cfb6e-ea8e-4aef-aab9-3cbc7d79647b", "96ab25a3-c89b-43ea-833b-26b637c3b6ed"]),
    ("Excel voor gevorderden", "rekenbladen, formules en draaitabellen in Excel",
     ["1973c966-f236-40c9-b2d4-5d71a89019be"]),
    ("Digitale basisvaardigheden: computer, mail en Office", "werken met Word, Excel en je mailbox",
     ["f683ae1d-cb7c-4aa1-b9fe-205e1bd23535", "1973c966-f236-40c9-b2d4-5d71a89019be"]),
    ("Rijbewijs C en vakbekwaamheid vrachtwagenchauffeur", "een vrachtwagen veilig besturen en manoeuvreren",
     ["8215bbba-2f6d-4530-bf41-904d871eaf72", "2a82241a-216e-44d8-bb50-6b9a0ef82084"]),
    ("VCA Basisveiligheid", "veilig werken en de regels voor welzijn op het werk",
     ["f2f463e5-2382-49cb-8199-e7e043d868df"]),
    ("EHBO op de werkvloer", "eerste hulp bieden bij een ongeval op het werk",
     ["1d21f6ad-340f-45da-a0a3-4e83867f47a6"]),
    ("Elektrische installaties lezen volgens het AREI", "elektrische schema's en installatieplannen lezen",
     ["ed291aa0-8b2f-4179-b2f7-540ea6f63bf3", "d15e92c4-c8dc-48cd-a1f6-94fe13347f87"]),
    ("Leidinggeven aan een team", "een team aansturen, opvolgen en motiveren",
     ["339ac029-066a-4985-9f9d-b3d7c8fea0bb", "9601b2a8-68e4-4906-9306-a23679b8f0b0"]),
    ("Klantvriendelijk onthaal en klachten behandelen", "klanten te woord staan en klachten goed afhandelen",
     ["28d715e3-3e5b-4fb6-8dd2-4be4919c8587"]),
    ("Kok: basistechnieken in de keuken", "koken met de klassieke technieken van de professionele keuken",
     ["f3934441-4bff-4076-9945-e6c51a01c467"]),
    ("Programmeren in Python", "programmeren in Python, van de eerste regels code tot een klein project",
     ["ccd0a1d9-afda-43d9-b901-96344886e14d"]),
    ("Schilder-decorateur: schilderen en behangen", "muren voorbereiden, schilderen en behangen",
     ["b826a56a-811d-477c-b165-271729f644a4", "7d2a1c45-fae0-4bd6-b570-c668c9d4eda7"]),
    ("Verkoper in de detailhandel", "klanten adviseren en producten verkopen",
     ["29a50780-f81b-429c-b410-7f23a492e19d"]),
    ("Projectmanagement: de basis", "een project plannen, opvolgen en afronden",
     ["7111b95d-0ce3-441a-9d92-4c75d05c4388"]),
    ("Kinderbegeleider in de kinderopvang", "kinderen begeleiden en zorgen voor hun welbevinden",
     ["f8d4a24c-fb62-444e-9525-7aa5662f440d", "a65fb963-6faf-47b2-a3d9-c4e5e4d833c5"]),
    ("Engels op de werkvloer", "vlot Engels spreken en schrijven op het werk",
     ["6d3edede-8951-4621-a835-e04323300fa0", "3993c87c-7719-4186-811b-8ddfb40e76be"]),
    ("Frans voor de klantendienst", "klanten in het Frans te woord staan",
     ["e747e77e-0ea1-4001-8b07-1d11946b5f1b", "5dfc81aa-c395-4e88-a0e0-a2fbb681ecc0"]),
    ("Schoonmaaktechnieken in zorg en kantoor", "professioneel en hygiënisch schoonmaken",
     ["ce2dbe33-9e13-47bb-91bf-00cf799ac34c"]),
    ("Sanitair installateur", "leidingen aanleggen en sanitaire toestellen plaatsen",
     ["8755734c-2919-41a3-9ca6-1e3d1f169213", "ef6cb992-07d1-435b-a150-45d92228db1e"]),
]
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


def _courses() -> list[tuple[str, str, list[int]]]:
    """``COURSES`` with their skills as concept ids (a skill missing from the loaded ESCO is left out)."""

    ids = dict(Concept.objects.filter(uri__in=[ESCO + u for _t, _l, us in COURSES for u in us])
               .values_list("uri", "id"))
    out = [(title, learn, [ids[ESCO + u] for u in us if ESCO + u in ids]) for title, learn, us in COURSES]
    return [c for c in out if c[2]]


@transaction.atomic
def seed_demo_offers(*, seed: int = 2026, per_provider: int = OFFERS_PER_PROVIDER) -> int:
    rng = random.Random(seed)
    occupations = _occupations()
    courses = _courses()
    providers = list(Provider.objects.filter(is_synthetic=True).order_by("id"))
    if not occupations or not providers:
        return 0
    skill_ids = sorted({s for _o, _l, skills in occupations for s in skills} | {s for *_c, ss in courses for s in ss})
    local = labels_of(skill_ids, "nl")
    skill_label = {k: str(v) for k, v in local.items()}
    dutch = {k for k, v in local.items() if v.language == "nl"}  # only these are written into the Dutch text
    today = timezone.localdate()
    rows, plans = [], []
    for pi, p in enumerate(providers):
        for n in range(per_provider):
            if courses and n < CURATED_PER_PROVIDER:
                title, learn, chosen = courses[(pi * CURATED_PER_PROVIDER + n) % len(courses)]
                occ = ""
                names = [skill_label[s] for s in chosen]
                description = (f"In deze opleiding leer je {learn}. "
                               f"We werken in kleine groepen met veel oefeningen. Je hebt geen voorkennis nodig.")
            else:
                _occ_id, occ, skills = occupations[rng.randrange(len(occupations))]
                chosen = rng.sample(skills, SKILLS_PER_OFFER)
                names = [skill_label[s] for s in chosen]
                spoken = [skill_label[s] for s in chosen if s in dutch]
                if spoken and rng.random() < 0.5:
                    title = rng.choice(SKILL_TITLES).format(skill=spoken[0][:1].upper() + spoken[0][1:])
                else:
                    title = rng.choice(OCCUPATION_TITLES).format(occ=occ)
                description = (f"Deze opleiding is voor wie wil werken als {occ} of al zo werkt en wil bijleren. "
                               + (f"Je leert: {', '.join(spoken)}. " if spoken else "")
                               + "We werken in kleine groepen met veel oefeningen. Je hebt geen voorkennis nodig.")
            mode, kind = _pick(rng, MODES), _pick(rng, TYPES)
            if mode == "workplace" and rng.random() < 0.5:
                kind = "informal"
            hours = rng.choice([4, 8, 16, 24, 40, 60, 120])
            price = 0 if kind == "informal" else rng.randrange(0, 1500, 5) * 100
            start = today + timedelta(days=rng.randrange(7, 240))
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
                offer_type=kind, qualification=(f"attest {occ or title}")[:200] if kind != "informal" else "",
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
