"""Demand series (one long table) and stored forecasts with their provenance."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lifelong.reference import NACE_CHOICES, FirmSize


class Frequency(models.TextChoices):
    MONTHLY = "M", "monthly"
    QUARTERLY = "Q", "quarterly"


class DemandSeries(models.Model):
    """One value of one demand series (competence, occupation, sector, region…) in one period."""

    series_key = models.CharField(max_length=200, db_index=True)
    freq = models.CharField(max_length=1, choices=Frequency.choices)
    period = models.CharField(max_length=7, help_text="YYYY-MM or YYYY-Qn")
    value = models.FloatField()
    source = models.CharField(max_length=200, help_text="where the value comes from (file, feed, publisher)")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("series_key", "period")
        constraints = [
            models.UniqueConstraint(fields=("series_key", "period"), name="demandseries_one_value_per_period"),
            models.CheckConstraint(condition=Q(freq__in=("M", "Q")), name="demandseries_freq_m_or_q"),
        ]

    def __str__(self) -> str:
        return f"{self.series_key} {self.period} = {self.value}"


class ForecastRun(models.Model):
    """One run of the engine over stored series; ``provenance`` holds one record per series."""

    created_at = models.DateTimeField(auto_now_add=True)
    freq = models.CharField(max_length=1, choices=Frequency.choices)
    horizon = models.PositiveSmallIntegerField()
    engine_version = models.CharField(max_length=50)
    provenance = models.JSONField(default=list)
    refused = models.JSONField(default=list)

    class Meta:
        ordering = ("-created_at",)


class Forecast(models.Model):
    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="forecasts")
    series_key = models.CharField(max_length=200, db_index=True)
    period = models.CharField(max_length=7)
    model = models.CharField(max_length=30)
    forecast = models.FloatField()
    lo80 = models.FloatField()
    hi80 = models.FloatField()
    lo95 = models.FloatField()
    hi95 = models.FloatField()

    class Meta:
        ordering = ("run", "series_key", "period")
        constraints = [
            models.UniqueConstraint(fields=("run", "series_key", "period"), name="forecast_one_per_period"),
            models.CheckConstraint(condition=Q(lo95__lte=F("lo80")) & Q(lo80__lte=F("forecast"))
                                   & Q(forecast__lte=F("hi80")) & Q(hi80__lte=F("hi95")),
                                   name="forecast_intervals_nested"),
        ]


# --- employer surveys ---------------------------------------------------------------------------


class FirmPopulation(models.Model):
    """Number of firms in Flanders per size class × NACE section: the population surveys are weighted to.

    ``is_synthetic`` marks counts derived from the demo organisations (no official figure was at hand);
    an official table (e.g. Statbel/RSZ-ONSS) is imported with its source and ``is_synthetic=False``.
    """

    size_class = models.CharField(_("grootte"), max_length=6, choices=FirmSize.CHOICES)
    nace_section = models.CharField(_("sector (NACE)"), max_length=1, choices=NACE_CHOICES)
    firms = models.PositiveIntegerField(_("aantal ondernemingen"))
    source = models.CharField(_("bron"), max_length=300)
    is_synthetic = models.BooleanField(default=False, help_text=_("verzonnen of afgeleid van demogegevens"))

    class Meta:
        ordering = ("nace_section", "size_class")
        constraints = [models.UniqueConstraint(fields=("size_class", "nace_section"), name="firmpopulation_one_cell")]

    def __str__(self) -> str:
        return f"{self.nace_section}/{self.size_class}: {self.firms}"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("in voorbereiding")
    OPEN = "open", _("open")
    CLOSED = "closed", _("gesloten")


class QuestionKind(models.TextChoices):
    HIRING = "hiring", _("verwachte aanwervingen (12 maanden) per beroep")
    HARD_TO_FILL = "hard_to_fill", _("moeilijk in te vullen vacatures per beroep")
    MISSING_SKILL = "missing_skill", _("ontbrekende competentie (ja/nee)")
    TRAINING = "training", _("opleidingsplannen (ja/nee)")


#: kinds answered with a count (estimated as a population total) and with yes/no (a population share)
COUNT_KINDS = (QuestionKind.HIRING, QuestionKind.HARD_TO_FILL)
YESNO_KINDS = (QuestionKind.MISSING_SKILL, QuestionKind.TRAINING)


class Survey(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("uitleg voor werkgevers"), blank=True)
    status = models.CharField(_("status"), max_length=6, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    min_cell = models.PositiveSmallIntegerField(
        _("minimum antwoorden per cel"), default=3,
        help_text=_("post-stratificatie als elke cel (grootte × sector) zoveel antwoorden heeft, anders raking"))
    invited = models.ManyToManyField("organisations.Organisation", blank=True, related_name="surveys_invited",
                                     verbose_name=_("uitgenodigde organisaties"))
    created_by = models.ForeignKey("users.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    """One question as data: its kind, the ESCO concept it is about and the accepted range."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=60, help_text=_("kolomnaam in de CSV-import"))
    kind = models.CharField(_("soort"), max_length=14, choices=QuestionKind.choices)
    concept_uri = models.CharField(_("ESCO-URI"), max_length=255, blank=True,
                                   help_text=_("beroep (aanwervingen, moeilijk invulbaar) of competentie (ontbrekend)"))
    text = models.CharField(_("vraag"), max_length=300)
    min_value = models.FloatField(default=0)
    max_value = models.FloatField(default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("survey", "position", "id")
        constraints = [
            models.UniqueConstraint(fields=("survey", "code"), name="surveyquestion_code_unique"),
            models.CheckConstraint(condition=Q(min_value__lte=F("max_value")), name="surveyquestion_range"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_yesno(self) -> bool:
        return self.kind in YESNO_KINDS


class SurveyResponse(models.Model):
    """One firm's answers to one survey: a firm answers once (database constraint)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="survey_responses")
    answered_by = models.ForeignKey("users.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=200, help_text="web form or the imported file")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("survey", "submitted_at")
        constraints = [models.UniqueConstraint(fields=("survey", "organisation"), name="surveyresponse_once_per_firm")]


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=("response", "question"), name="surveyanswer_once")]


# --- expert panels (Delphi) --------------------------------------------------------------------


class Panel(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    question = models.TextField(_("vraag aan de experten"), blank=True)
    horizon_months = models.PositiveSmallIntegerField(_("horizon (maanden)"), default=12)
    consensus_iqr = models.FloatField(
        _("consensusdrempel (IQR, procentpunt)"), default=10.0,
        help_text=_("consensus als de interkwartielafstand van de verandering hieronder blijft"))
    experts = models.ManyToManyField("users.User", blank=True, related_name="panels", verbose_name=_("experten"))
    created_by = models.ForeignKey("users.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.title


class PanelItem(models.Model):
    """A competence or an occupation the panel forecasts (by ESCO URI)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="items")
    concept_uri = models.CharField(_("ESCO-URI"), max_length=255)
    label = models.CharField(_("naam"), max_length=300)

    class Meta:
        ordering = ("panel", "id")
        constraints = [models.UniqueConstraint(fields=("panel", "concept_uri"), name="panelitem_unique")]

    def __str__(self) -> str:
        return self.label


class RoundStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("gesloten")


class PanelRound(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=6, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("panel", "number")
        constraints = [models.UniqueConstraint(fields=("panel", "number"), name="panelround_number_unique")]

    def __str__(self) -> str:
        return f"{self.panel} — ronde {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class Direction(models.TextChoices):
    UP = "up", _("stijgt")
    STABLE = "stable", _("blijft gelijk")
    DOWN = "down", _("daalt")


class FrozenRound(Exception):
    """A write to an answer of a closed Delphi round."""


class PanelAnswer(models.Model):
    """One expert's estimate for one item in one round: one row (database constraint), frozen once closed."""

    round = models.ForeignKey(PanelRound, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(PanelItem, on_delete=models.CASCADE, related_name="answers")
    expert = models.ForeignKey("users.User", on_delete=models.CASCADE, related_name="panel_answers")
    direction = models.CharField(_("richting"), max_length=6, choices=Direction.choices)
    change_pct = models.FloatField(_("grootte van de verandering (%)"))
    confidence = models.PositiveSmallIntegerField(_("zekerheid (1-5)"))
    reason = models.TextField(_("reden"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("round", "item", "id")
        constraints = [
            models.UniqueConstraint(fields=("round", "item", "expert"), name="panelanswer_once_per_round"),
            models.CheckConstraint(condition=Q(change_pct__gte=0) & Q(change_pct__lte=100), name="panelanswer_size"),
            models.CheckConstraint(condition=Q(confidence__gte=1) & Q(confidence__lte=5), name="panelanswer_confidence"),
        ]

    @property
    def signed_change(self) -> float:
        return {"up": 1.0, "down": -1.0}.get(self.direction, 0.0) * self.change_pct

    def save(self, *args, **kwargs):
        if PanelRound.objects.filter(pk=self.round_id, status=RoundStatus.CLOSED).exists():
            raise FrozenRound(f"round {self.round_id} is closed: its answers are frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if PanelRound.objects.filter(pk=self.round_id, status=RoundStatus.CLOSED).exists():
            raise FrozenRound(f"round {self.round_id} is closed: its answers are frozen")
        return super().delete(*args, **kwargs)


# --- combination -------------------------------------------------------------------------------


class CombinationRule(models.Model):
    """The weights and bands of the combination, as data (one active rule; every combined forecast keeps its own)."""

    name = models.CharField(max_length=100, unique=True)
    weight_statistical = models.FloatField(default=0.5)
    weight_survey = models.FloatField(default=0.25)
    weight_panel = models.FloatField(default=0.25)
    cap_pct = models.FloatField(default=50.0, help_text="a source's signal is clipped to ±cap %")
    stable_band_pct = models.FloatField(default=3.0, help_text="|change| ≤ band → stabiel")
    survey_skill_scale = models.FloatField(
        default=1.0, help_text="% change per percentage point a skill is missed more often than the survey average")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-active", "-created_at")
        constraints = [
            models.CheckConstraint(condition=Q(weight_statistical__gte=0) & Q(weight_survey__gte=0)
                                   & Q(weight_panel__gte=0), name="combinationrule_weights_nonnegative"),
        ]

    def __str__(self) -> str:
        return self.name


class Outlook(models.TextChoices):
    RISING = "stijgend", _("stijgend")
    STABLE = "stabiel", _("stabiel")
    FALLING = "dalend", _("dalend")


class OutlookConfidence(models.TextChoices):
    HIGH = "hoog", _("hoog")
    MEDIUM = "middel", _("middel")
    LOW = "laag", _("laag")


class CombinedForecast(models.Model):
    """A published combined outlook for one series key: every source's signal, weight and provenance."""

    series_key = models.CharField(max_length=200, db_index=True)
    concept_uri = models.CharField(max_length=255, blank=True, db_index=True)
    province = models.CharField(max_length=4, blank=True)
    horizon_months = models.PositiveSmallIntegerField(default=12)
    change_pct = models.FloatField()
    outlook = models.CharField(max_length=8, choices=Outlook.choices)
    confidence = models.CharField(max_length=6, choices=OutlookConfidence.choices)
    contributions = models.JSONField(default=list)
    past_accuracy = models.JSONField(default=dict)
    rule = models.ForeignKey(CombinationRule, on_delete=models.PROTECT, related_name="+")
    rule_snapshot = models.JSONField(default=dict)
    forecast_run = models.ForeignKey(ForecastRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("series_key", "-created_at", "-id")
