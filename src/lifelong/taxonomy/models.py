"""ESCO, the one competence language: concepts, labels, relations, version.

One ``Concept`` table holds skills (and knowledge), skill groups, occupations
and ISCO groups, because ESCO's hierarchies mix them (a skill's broader concept
can be a skill group; an occupation's broader can be an ISCO group). ``Skill``
and ``Occupation`` are proxies for the two kinds the other apps refer to. The
URI is the identity everywhere.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConceptType(models.TextChoices):
    SKILL = "skill", _("Competentie of kennis")
    SKILL_GROUP = "skill_group", _("Competentiegroep")
    OCCUPATION = "occupation", _("Beroep")
    ISCO_GROUP = "isco_group", _("ISCO-groep")


class SkillType(models.TextChoices):
    SKILL = "skill/competence", _("vaardigheid/competentie")
    KNOWLEDGE = "knowledge", _("kennis")
    NONE = "", _("(geen type)")


class ReuseLevel(models.TextChoices):
    TRANSVERSAL = "transversal", _("transversaal")
    CROSS_SECTOR = "cross-sector", _("sectoroverschrijdend")
    SECTOR = "sector-specific", _("sectorspecifiek")
    OCCUPATION = "occupation-specific", _("beroepsspecifiek")
    NONE = "", _("(geen)")


class Language(models.TextChoices):
    NL = "nl", "Nederlands"
    EN = "en", "English"
    FR = "fr", "Français"


class EscoVersion(models.Model):
    """One row per import run; the newest tells which ESCO the platform speaks."""

    version = models.CharField(max_length=20)
    source = models.CharField(max_length=500)
    imported_at = models.DateTimeField(auto_now_add=True)
    languages = models.CharField(max_length=50)
    concepts = models.PositiveIntegerField(default=0)
    relations = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"ESCO {self.version} ({self.imported_at:%Y-%m-%d})"


class Collection(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Concept(models.Model):
    uri = models.CharField(max_length=255, unique=True)
    concept_type = models.CharField(max_length=20, choices=ConceptType.choices, db_index=True)
    code = models.CharField(max_length=50, blank=True, db_index=True)
    skill_type = models.CharField(max_length=20, choices=SkillType.choices, blank=True)
    reuse_level = models.CharField(max_length=30, choices=ReuseLevel.choices, blank=True)
    isco_code = models.CharField(max_length=10, blank=True, db_index=True)
    status = models.CharField(max_length=20, blank=True)
    # Denormalised English preferred label: always present, used for sorting and fallback.
    label_en = models.CharField(max_length=500)
    collections = models.ManyToManyField(Collection, blank=True, related_name="concepts")
    broader = models.ManyToManyField("self", symmetrical=False, related_name="narrower", through="Broader")
    version = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["concept_type", "label_en"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(concept_type__in=[c.value for c in ConceptType]), name="concept_type_valid"
            ),
            models.CheckConstraint(condition=~models.Q(label_en=""), name="concept_has_label"),
        ]

    def __str__(self) -> str:
        return self.label_en


class SkillManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(concept_type=ConceptType.SKILL)


class OccupationManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(concept_type=ConceptType.OCCUPATION)


class Skill(Concept):
    objects = SkillManager()

    class Meta:
        proxy = True


class Occupation(Concept):
    objects = OccupationManager()

    class Meta:
        proxy = True


class LabelKind(models.TextChoices):
    PREFERRED = "preferred", _("voorkeurslabel")
    ALTERNATIVE = "alternative", _("alternatief label")
    HIDDEN = "hidden", _("verborgen label")


class Label(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="labels")
    language = models.CharField(max_length=2, choices=Language.choices)
    kind = models.CharField(max_length=12, choices=LabelKind.choices)
    text = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["concept", "language", "kind", "text"], name="label_unique"),
        ]
        indexes = [models.Index(fields=["concept", "language", "kind"])]


class Description(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="descriptions")
    language = models.CharField(max_length=2, choices=Language.choices)
    text = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concept", "language"], name="description_unique")]


class Broader(models.Model):
    narrower = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="broader_links")
    broader = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="narrower_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["narrower", "broader"], name="broader_unique"),
            models.CheckConstraint(condition=~models.Q(narrower=models.F("broader")), name="broader_not_self"),
        ]


class Relevance(models.TextChoices):
    ESSENTIAL = "essential", _("essentieel")
    OPTIONAL = "optional", _("optioneel")


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="occupation_links")
    relevance = models.CharField(max_length=10, choices=Relevance.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_unique"),
            models.CheckConstraint(
                condition=models.Q(relevance__in=["essential", "optional"]), name="relevance_valid"
            ),
        ]


class LocalLabel(str):
    """A label string that knows its language (``label.language``), whether it fell back to English,
    and its vocabulary (``"esco"``, or ``"competent"`` for a VDAB Competent name standing in for a
    missing ESCO label)."""

    language: str
    fallback: bool
    vocabulary: str

    def __new__(cls, text: str, language: str, fallback: bool, vocabulary: str = "esco"):
        obj = super().__new__(cls, text)
        obj.language = language
        obj.fallback = fallback
        obj.vocabulary = vocabulary
        return obj


# -- VDAB's Competent, a second vocabulary linked to ESCO -----------------------
class CompetentCompetence(models.Model):
    """A competence of VDAB's Competent (e.g. ``KN-10`` "Dierlijke fysiologie"), the language of VDAB's counsellors."""

    code = models.CharField(max_length=20, unique=True)
    uri = models.CharField(max_length=255, blank=True)
    name_nl = models.CharField(max_length=500)
    name_fr = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=20)
    skills = models.ManyToManyField(Concept, through="CompetentMatch", related_name="competent_competences")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_nl}"


class MatchRelation(models.TextChoices):
    """SKOS mapping relations, as the ESCO–Competent crosswalk states them."""

    EXACT = "exactMatch", _("zelfde betekenis")
    CLOSE = "closeMatch", _("bijna dezelfde betekenis")
    BROAD = "broadMatch", _("ruimer")
    NARROW = "narrowMatch", _("enger")


# relations close enough to name an ESCO skill by its Competent name (best first)
NAMING_RELATIONS = (MatchRelation.EXACT, MatchRelation.CLOSE)


class CompetentMatch(models.Model):
    competence = models.ForeignKey(CompetentCompetence, on_delete=models.CASCADE, related_name="matches")
    skill = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="competent_matches")
    relation = models.CharField(max_length=12, choices=MatchRelation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["competence", "skill"], name="competent_match_unique"),
            models.CheckConstraint(condition=models.Q(relation__in=[c.value for c in MatchRelation]),
                                   name="competent_relation_valid"),
        ]
