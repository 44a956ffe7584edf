"""Demo data of the career platform for Synthetic Flanders: called by ``seed_demo`` after the people exist.

Deterministic (a seeded RNG over ids in order). Claims, a finished check, a POP and evidence for some
synthetic people; the first synthetic person (the demo learner's) gets a work history and a standing
consent to the demo counsellor when that user exists.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from lifelong.guidance.models import Consent, Scope
from lifelong.people.models import (
    ActivityKind,
    CheckAnswer,
    ClaimSource,
    CompetenceCheck,
    CompetenceClaim,
    DevelopmentPlan,
    Evidence,
    EvidenceKind,
    LearningActivity,
    Person,
    PlanCompetence,
    Proof,
    Qualification,
    ValidationRequest,
    WorkExperience,
)
from lifelong.taxonomy.models import Concept, OccupationSkill
from lifelong.users.models import User

DEMO_OCCUPATIONS = ["forklift operator", "accounting assistant", "welder", "nurse assistant", "shop assistant",
                    "software developer", "cook", "truck driver"]
COUNSELLOR_EMAIL = "counsellor@demo.lifelong.test"
LEARNER_EMAIL = "learner@demo.lifelong.test"


def seed_demo_people(*, people: int = 40, seed: int = 2026) -> dict:

    occupations = list(Concept.objects.filter(concept_type="occupation", label_en__in=DEMO_OCCUPATIONS)
                       .order_by("label_en"))
    if not occupations:
        return {"people": 0}
    essentials = {o.id: list(OccupationSkill.objects.filter(occupation=o, relevance="essential",
                                                             skill__concept_type="skill")
                             .order_by("skill__label_en").values_list("skill_id", flat=True))
                  for o in occupations}
    occupations = [o for o in occupations if essentials[o.id]]
    rng = random.Random(seed)
    today = timezone.localdate()
    persons = list(Person.objects.filter(is_synthetic=True).order_by("id")[:people])
    # the demo learner's person comes first: it gets the own claims and the standing consent
    learner = Person.objects.filter(user__email=LEARNER_EMAIL).first()
    if learner:
        persons = [learner] + [p for p in persons if p.pk != learner.pk][: people - 1]
    claims, counts = [], {"people": len(persons), "checks": 0, "plans": 0, "evidence": 0}
    for i, person in enumerate(persons):
        occ = occupations[i % len(occupations)]
        skills = essentials[occ.id]
        start = date(today.year - rng.randint(1, 15), rng.randint(1, 12), 1)
        WorkExperience.objects.create(person=person, occupation=occ, started_on=start,
                                      employer_name="Demo Werk nv" if i % 2 else "")
        if i % 3 == 0:
            Qualification.objects.create(person=person, title="Diploma secundair onderwijs", eqf_level=4,
                                         awarded_by="Demo Atheneum", awarded_on=date(person.birth_year + 18, 6, 30))
        if i == 0:
            # the demo learner: a few own claims; the rest of the journey happens in the browser
            for sid in skills[:3]:
                claims.append(CompetenceClaim(person=person, skill_id=sid, level=3, proof=Proof.SELF_DECLARED,
                                              source=ClaimSource.SELF, on=today - timedelta(days=30)))
            counsellor = User.objects.filter(email=COUNSELLOR_EMAIL, is_active=True).first()
            if counsellor:
                now = timezone.now()
                Consent.objects.bulk_create([Consent(person=person, grantee=counsellor, scope=s, valid_from=now,
                                                     valid_until=now + timedelta(days=365)) for s in Scope])
            continue
        check = CompetenceCheck.objects.create(person=person, occupation=occ)
        ratings = [rng.choice([1, 2, 3, 3, 4]) for _ in skills]
        CheckAnswer.objects.bulk_create([
            CheckAnswer(check_run=check, skill_id=sid, essential=True, position=n + 1, rating=r,
                        answered_at=timezone.now()) for n, (sid, r) in enumerate(zip(skills, ratings, strict=True))])
        check.completed_at = timezone.now()
        check.save(update_fields=["completed_at"])
        counts["checks"] += 1
        own = [CompetenceClaim(person=person, skill_id=sid, level=r, proof=Proof.SELF_DECLARED,
                               source=ClaimSource.CHECK, source_note=occ.label_en, on=today)
               for sid, r in zip(skills, ratings, strict=True) if r >= 2]
        CompetenceClaim.objects.bulk_create(own)
        gaps = [sid for sid, r in zip(skills, ratings, strict=True) if r <= 2]
        if gaps and i % 2 == 0:
            plan = DevelopmentPlan.objects.create(person=person, from_check=check, title=f"Groeien als {occ.label_en}",
                                                  goal="Sterker worden in mijn job.")
            PlanCompetence.objects.bulk_create([PlanCompetence(plan=plan, skill_id=sid) for sid in gaps[:5]])
            LearningActivity.objects.create(plan=plan, kind=ActivityKind.ON_THE_JOB, skill_id=gaps[0],
                                            title="Meelopen met een ervaren collega",
                                            deadline=today + timedelta(days=90))
            counts["plans"] += 1
        if own and i % 4 == 1:
            claim = CompetenceClaim.objects.get(person=person, skill_id=own[0].skill_id)
            claim.proof, claim.source = Proof.EVIDENCED, ClaimSource.EVIDENCE
            claim.save(update_fields=["proof", "source"])
            Evidence.objects.create(claim=claim, kind=EvidenceKind.WITNESS, witness_name="Demo Collega",
                                    description="Doet dit al jaren elke dag op het werk.")
            ValidationRequest.objects.create(claim=claim)
            counts["evidence"] += 1
    CompetenceClaim.objects.bulk_create(claims)
    return counts
