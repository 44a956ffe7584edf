"""The action plan as data: plan → flagships → actions, on the axes of the LLL-matrix.

Axes: action streams × levels, with barriers (drempels) as the third dimension.
Every item keeps where it comes from (``src``: vl, serv, inferred, secretariat);
what the sources do not state is marked ``inferred`` and shown as such.
Every change made through the services is written to ``ChangeRecord`` (who, when, why).
Names and titles are Dutch; their English and French versions are in ``translations``
(``lifelong.translations``); ``str()`` gives the reader's language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lifelong.translations import Translated


class Source(models.TextChoices):
    VL = "vl", _("vlaanderen.be (samenvatting van het actieplan)")
    SERV = "serv", _("SERV-advies (februari 2022)")
    INFERRED = "inferred", _("afgeleid: niet in een bron, na te kijken")
    SECRETARIAT = "secretariat", _("ingevuld door het secretariaat")


def src_field():
    return models.CharField(_("bron"), max_length=12, choices=Source.choices, default=Source.SECRETARIAT)


class Plan(Translated):
    code = models.SlugField(unique=True)
    title = models.CharField(_("titel"), max_length=300)
    author = models.CharField(_("auteur"), max_length=300, blank=True)
    published = models.CharField(_("gepubliceerd"), max_length=20, blank=True)
    endorsed_on = models.DateField(_("goedgekeurd door de Vlaamse Regering"), null=True, blank=True)
    priority_actions_total = models.PositiveIntegerField(_("aantal prioritaire acties"), null=True, blank=True)
    headline_target = models.CharField(_("hoofddoel"), max_length=300, blank=True)
    src = src_field()

    class Meta:
        verbose_name = _("actieplan")
        verbose_name_plural = _("actieplannen")

    def __str__(self) -> str:
        return self.localized("title")


class ActionStream(Translated):
    """One of the five action streams (actiestromen)."""

    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    src = src_field()

    class Meta:
        verbose_name = _("actiestroom")
        verbose_name_plural = _("actiestromen")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.localized('name')}"


class Level(Translated):
    """One of the four levels (niveaus): individu, organisatie, aanbod, samenleving."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    src = src_field()

    class Meta:
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaus")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.localized("name")


class TargetGroup(Translated):
    """A target group; ``rule`` is a condition over Person facts (computed, never typed in).

    Rule keys understood by the dashboard engine: ``education_level``, ``labour_status``,
    ``age_min``, ``age_max``, ``firm_size`` (employer size class), ``sector`` (NACE sections).
    An empty rule means the group cannot be computed from the platform's facts (yet).
    """

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=150)
    under_represented = models.BooleanField(_("ondervertegenwoordigd (prioritaire groep)"), default=False)
    rule = models.JSONField(_("regel over persoonsgegevens"), default=dict, blank=True)
    rule_note = models.CharField(_("toelichting bij de regel"), max_length=300, blank=True)
    src = src_field()

    class Meta:
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")
        ordering = ["-under_represented", "name"]

    def __str__(self) -> str:
        return self.localized("name")


class BarrierActor(models.TextChoices):
    INDIVIDUAL = "individual", _("individu")
    ORGANISATION = "organisation", _("werkgever / organisatie")
    PROVIDER = "provider", _("aanbod")
    SOCIETY = "society", _("samenleving / systeem")


class BarrierType(models.TextChoices):
    DISPOSITIONAL = "dispositional", _("houding")
    SITUATIONAL = "situational", _("situatie")
    INFORMATIONAL = "informational", _("informatie")
    INSTITUTIONAL = "institutional", _("institutioneel")
    ORGANISATIONAL = "organisational", _("organisatie")


class Barrier(Translated):
    """A barrier to learning (drempel): the third dimension of the matrix. Editable taxonomy."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    actor = models.CharField(_("bij wie"), max_length=14, choices=BarrierActor.choices)
    type = models.CharField(_("soort"), max_length=16, choices=BarrierType.choices)
    description = models.TextField(_("omschrijving"), blank=True)
    grounding = models.TextField(_("onderbouwing"), blank=True)
    src = src_field()

    class Meta:
        verbose_name = _("drempel")
        verbose_name_plural = _("drempels")
        ordering = ["actor", "type", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(actor__in=[a.value for a in BarrierActor]), name="barrier_actor_valid"),
            models.CheckConstraint(condition=Q(type__in=[t.value for t in BarrierType]), name="barrier_type_valid"),
        ]

    def __str__(self) -> str:
        return self.localized("name")


class Stakeholder(models.Model):
    """An organisation that owns (loods, trekker) or partners in actions."""

    name = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actoren")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkingGroup(Translated):
    """An ad-hoc working group of the partnership; its members edit its own actions."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="working_groups")

    class Meta:
        verbose_name = _("werkgroep")
        verbose_name_plural = _("werkgroepen")

    def __str__(self) -> str:
        return self.localized("name")


class Flagship(Translated):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="flagships")
    number = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("naam"), max_length=300)
    stream = models.ForeignKey(ActionStream, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="flagships", verbose_name=_("actiestroom"))
    serv_ask = models.TextField(_("vraag van de SERV"), blank=True)
    serv_priority = models.CharField(_("prioriteit volgens de SERV"), max_length=300, blank=True)
    note = models.TextField(_("opmerking"), blank=True)
    src = src_field()

    class Meta:
        verbose_name = _("vlaggenschip")
        verbose_name_plural = _("vlaggenschepen")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="flagship_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.localized('name')}"


class ActionStatus(models.TextChoices):
    UNKNOWN = "unknown", _("onbekend")
    PLANNED = "planned", _("gepland")
    RUNNING = "running", _("lopend")
    DONE = "done", _("afgerond")
    PAUSED = "paused", _("stilgelegd")


class Action(Translated):
    flagship = models.ForeignKey(Flagship, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(_("code"), max_length=20, unique=True)
    number = models.PositiveSmallIntegerField(_("nummer in het plan"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    goals = models.TextField(_("doelstellingen"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.UNKNOWN)
    status_note = models.TextField(_("stand van zaken"), blank=True)
    wave = models.PositiveSmallIntegerField(_("golf"), null=True, blank=True)
    procurement = models.CharField(_("overheidsopdracht"), max_length=300, blank=True)
    levels = models.ManyToManyField(Level, blank=True, related_name="actions", verbose_name=_("niveaus"))
    barriers = models.ManyToManyField(Barrier, blank=True, related_name="actions", verbose_name=_("drempels"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, related_name="actions",
                                           verbose_name=_("doelgroepen"))
    owners = models.ManyToManyField(Stakeholder, blank=True, related_name="owned_actions",
                                    verbose_name=_("loodsen / trekkers"))
    partners = models.ManyToManyField(Stakeholder, blank=True, related_name="partner_actions",
                                      verbose_name=_("partners"))
    working_group = models.ForeignKey(WorkingGroup, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="actions", verbose_name=_("werkgroep"))
    src = src_field()
    inferred = models.JSONField(_("afgeleide velden"), default=list, blank=True,
                                help_text=_("velden waarvan de waarde niet in een bron staat"))

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["flagship__number", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in ActionStatus]), name="action_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.localized('title')}"


class BudgetLine(models.Model):
    """Budget of an action for one year, in euro cents: planned ≥ committed ≥ spent."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("jaar"))
    planned_cents = models.BigIntegerField(_("gepland (cent)"), default=0)
    committed_cents = models.BigIntegerField(_("vastgelegd (cent)"), default=0)
    spent_cents = models.BigIntegerField(_("uitgegeven (cent)"), default=0)
    note = models.CharField(_("opmerking"), max_length=300, blank=True)
    src = src_field()

    class Meta:
        verbose_name = _("begrotingslijn")
        verbose_name_plural = _("begrotingslijnen")
        ordering = ["action", "year"]
        constraints = [
            models.UniqueConstraint(fields=["action", "year"], name="budget_one_line_per_year"),
            models.CheckConstraint(condition=Q(planned_cents__gte=0, committed_cents__gte=0, spent_cents__gte=0),
                                   name="budget_nonnegative"),
            models.CheckConstraint(condition=Q(spent_cents__lte=F("committed_cents"))
                                   & Q(committed_cents__lte=F("planned_cents")), name="budget_adds_up"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="budget_year_plausible"),
        ]

    def clean(self):
        if self.spent_cents > self.committed_cents:
            raise ValidationError(_("Uitgegeven (%(s)s) is meer dan vastgelegd (%(c)s): dat klopt niet.")
                                  % {"s": self.spent_cents / 100, "c": self.committed_cents / 100})
        if self.committed_cents > self.planned_cents:
            raise ValidationError(_("Vastgelegd (%(c)s) is meer dan gepland (%(p)s): pas eerst het geplande "
                                    "budget aan.") % {"c": self.committed_cents / 100, "p": self.planned_cents / 100})


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("mijlpaal"), max_length=300)
    due = models.DateField(_("gepland op"), null=True, blank=True)
    done_on = models.DateField(_("bereikt op"), null=True, blank=True)
    evidence = models.CharField(_("bewijs (link of document)"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["due", "id"]


class AdviceLink(models.Model):
    """Advice of a council (SERV, Vlor …) linked to an action or a whole flagship."""

    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="advice")
    flagship = models.ForeignKey(Flagship, null=True, blank=True, on_delete=models.CASCADE, related_name="advice")
    council = models.CharField(_("adviesraad"), max_length=20)
    title = models.CharField(_("titel"), max_length=300)
    url = models.URLField(_("link"), blank=True)
    summary = models.TextField(_("samenvatting"), blank=True)

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        constraints = [models.CheckConstraint(condition=Q(action__isnull=False) | Q(flagship__isnull=False),
                                              name="advice_linked")]


class Comment(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("opmerking"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["created_at", "id"]


class ChangeRecord(models.Model):
    """One versioned change of the plan or of an indicator: who, when, why, and the fields before/after.

    Written only by the services (never edited); ``subject`` is ``app.model:pk``.
    """

    subject = models.CharField(max_length=80, db_index=True)
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="history")
    verb = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    why = models.TextField(_("waarom"))
    changes = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(why=""), name="change_has_why")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("change records are append-only")
        super().save(*args, **kwargs)
