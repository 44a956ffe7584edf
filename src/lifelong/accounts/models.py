"""Schemes as versioned data, and a double-entry, append-only ledger of rights.

Sign convention: every holder account (available, held, consumed, expired) has a
balance ≥ 0; the scheme's funding account (the source of every accrual) has a
balance ≤ 0. Every transaction's entries sum to zero, so the sum of all balances
is always zero. ``LedgerAccount.balance`` is a running total kept in the same
transaction as the entries (checked by the database); the state-machine test
proves it equals the sum of the entries.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lifelong.translations import Translated

from . import engine


class Unit(models.TextChoices):
    CENTS = engine.CENTS, _("eurocent")
    MINUTES = engine.MINUTES, _("minuten")


class Period(models.TextChoices):
    CALENDAR_YEAR = "calendar_year", _("kalenderjaar")
    SCHOOL_YEAR = "school_year", _("schooljaar (1 sept – 31 aug)")
    MULTI_YEAR = "multi_year", _("blok van meerdere jaren")
    NONE = "none", _("geen periode")


class Beneficiary(models.TextChoices):
    PERSON = "person", _("persoon")
    ORGANISATION = "organisation", _("organisatie")


class Scheme(Translated):
    """A learning right or incentive; what it grants lives in its versions.

    ``name`` and ``description`` are Dutch; their English and French versions are in ``translations``."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("omschrijving"), blank=True)
    kind = models.CharField(_("soort regel"), max_length=30, choices=[(k, k) for k in engine.RULES])
    unit = models.CharField(_("eenheid"), max_length=8, choices=Unit.choices)
    beneficiary = models.CharField(_("voor"), max_length=12, choices=Beneficiary.choices, default=Beneficiary.PERSON)
    ledger = models.BooleanField(_("saldo bijhouden"), default=True,
                                 help_text=_("Uit: alleen informatie (bijvoorbeeld een maandpremie)."))

    class Meta:
        verbose_name = _("regeling")
        verbose_name_plural = _("regelingen")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(unit__in=[u.value for u in Unit]), name="scheme_unit_valid"),
        ]

    def __str__(self) -> str:
        return self.localized("name")


class SchemeVersion(models.Model):
    """One version of a scheme: amounts and conditions, with the legal source and the validity dates."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("versie"))
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    period = models.CharField(_("periode"), max_length=14, choices=Period.choices)
    params = models.JSONField(_("parameters"), default=dict)
    source_title = models.CharField(_("bron"), max_length=300)
    source_url = models.URLField(_("bron (link)"), blank=True)
    notes = models.TextField(_("opmerkingen"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("versie van een regeling")
        verbose_name_plural = _("versies van regelingen")
        ordering = ["scheme__code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "version"], name="schemeversion_unique_number"),
            models.UniqueConstraint(fields=["scheme", "valid_from"], name="schemeversion_unique_start"),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                                   name="schemeversion_until_after_from"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code} v{self.version} ({self.valid_from} – {self.valid_until or '…'})"

    def overlapping(self):
        """Other versions of the same scheme whose validity overlaps this one."""
        qs = SchemeVersion.objects.filter(scheme_id=self.scheme_id).exclude(pk=self.pk)
        if self.valid_until is not None:
            qs = qs.filter(valid_from__lte=self.valid_until)
        return qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))

    def clean(self):
        if self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("De einddatum ligt voor de begindatum.")})
        clash = self.overlapping().first() if self.scheme_id else None
        if clash:
            raise ValidationError(
                _("Deze versie overlapt met versie %(v)s (%(f)s – %(u)s). Sluit die versie eerst af "
                  "met een einddatum; een wetswijziging is een nieuwe versie.")
                % {"v": clash.version, "f": clash.valid_from, "u": clash.valid_until or "…"})
        if self.period == Period.MULTI_YEAR and not self.params.get("period_years"):
            raise ValidationError({"params": _("Een blok van meerdere jaren heeft 'period_years' nodig.")})

    def as_rule(self) -> engine.Rule:
        s = self.scheme
        return engine.Rule(code=s.code, version=self.version, name=s.localized("name"), unit=s.unit, kind=s.kind,
                           valid_from=self.valid_from, valid_until=self.valid_until, period=self.period,
                           params=self.params, source_title=self.source_title, source_url=self.source_url,
                           beneficiary=s.beneficiary, ledger=s.ledger)


class FundingCategory(models.TextChoices):
    """What kind of training an offer is, as far as the rules care: the exceptions with full support
    for training vouchers (``full_support_categories`` in schemes.json), and career guidance (the only
    use of career vouchers). A compass offer lists its categories; the rights engine reads them."""

    BASIC_SKILLS = "basic_skills", _("basisvaardigheden (lezen, rekenen, digitaal)")
    DUTCH_SECOND_LANGUAGE = "dutch_second_language", _("Nederlands als tweede taal")
    SECONDARY_DIPLOMA = "secondary_diploma", _("diploma secundair onderwijs")
    VKS_MAX_4 = "vks_max_4", _("beroepskwalificatie van niveau 4 of lager (VKS)")
    SHORTAGE_OCCUPATION = "shortage_occupation", _("opleiding voor een knelpuntberoep")
    CAREER_GUIDANCE = "career_guidance", _("loopbaanbegeleiding")
    # the two themes with a higher share of the SME wallet (``themed_categories`` of ``kmo_portefeuille``)
    SUSTAINABILITY_ENERGY = "sustainability_energy", _("thema duurzaamheid – energie-efficiëntie")
    DIGITAL_CYBERSECURITY = "digital_cybersecurity", _("thema digitalisering – cybersecurity")


class AccountKind(models.TextChoices):
    AVAILABLE = "available", _("beschikbaar")
    HELD = "held", _("gereserveerd")
    CONSUMED = "consumed", _("gebruikt")
    EXPIRED = "expired", _("vervallen")
    FUNDING = "funding", _("financiering (bron)")


HOLDER_KINDS = [AccountKind.AVAILABLE, AccountKind.HELD, AccountKind.CONSUMED, AccountKind.EXPIRED]


class LedgerAccount(models.Model):
    """One account per holder × scheme × period × kind; the funding account has no holder and no period."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="accounts")
    kind = models.CharField(max_length=10, choices=AccountKind.choices)
    # no index of their own: the unique (holder, scheme, period, kind) constraints below start with the holder
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="ledger_accounts", db_index=False)
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="ledger_accounts", db_index=False)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    balance = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("rekening")
        verbose_name_plural = _("rekeningen")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in AccountKind]), name="account_kind_valid"),
            models.CheckConstraint(
                condition=(Q(kind=AccountKind.FUNDING, balance__lte=0, person__isnull=True, organisation__isnull=True)
                           | (~Q(kind=AccountKind.FUNDING) & Q(balance__gte=0)
                              & (Q(person__isnull=False, organisation__isnull=True)
                                 | Q(person__isnull=True, organisation__isnull=False)))),
                name="account_sign_and_holder"),
            models.UniqueConstraint(fields=["scheme"], condition=Q(kind=AccountKind.FUNDING),
                                    name="account_one_funding_per_scheme"),
            models.UniqueConstraint(fields=["person", "scheme", "period_start", "kind"],
                                    condition=Q(person__isnull=False), name="account_unique_person_period"),
            models.UniqueConstraint(fields=["organisation", "scheme", "period_start", "kind"],
                                    condition=Q(organisation__isnull=False), name="account_unique_org_period"),
        ]

    def __str__(self) -> str:
        holder = self.person_id and f"person {self.person_id}" or self.organisation_id and \
            f"org {self.organisation_id}" or "—"
        return f"{self.scheme_id}/{self.kind}/{holder}/{self.period_start}"


class TxKind(models.TextChoices):
    ACCRUE = "accrue", _("toegekend")
    RESERVE = "reserve", _("gereserveerd")
    CONSUME = "consume", _("gebruikt")
    RELEASE = "release", _("vrijgegeven")
    EXPIRE = "expire", _("vervallen")
    CORRECT = "correct", _("rechtgezet")


class LedgerTransaction(models.Model):
    """A balanced set of entries; never edited, never deleted (a correction is a reversal)."""

    kind = models.CharField(max_length=8, choices=TxKind.choices)
    idempotency_key = models.CharField(max_length=200)  # unique: see Meta (no extra LIKE index on PostgreSQL)
    fingerprint = models.CharField(max_length=64, help_text="hash of the request, to refuse a key reused for another request")
    memo = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="tx_unique_idempotency_key"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in TxKind]), name="tx_kind_valid"),
            models.CheckConstraint(condition=Q(reverses__isnull=True) | Q(kind=TxKind.CORRECT),
                                   name="tx_only_corrections_reverse"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("ledger transactions are append-only")
        super().save(*args, **kwargs)


class LedgerEntry(models.Model):
    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="entries")
    # no index of its own: entry_account_id (account, id) serves every lookup by account
    account = models.ForeignKey(LedgerAccount, on_delete=models.CASCADE, related_name="entries", db_index=False)
    amount = models.BigIntegerField()

    class Meta:
        verbose_name = _("regel")
        verbose_name_plural = _("regels")
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="entry_amount_nonzero")]
        indexes = [models.Index(fields=["account", "id"], name="entry_account_id")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("ledger entries are append-only")
        super().save(*args, **kwargs)


class HoldStatus(models.TextChoices):
    ACTIVE = "active", _("gereserveerd")
    CONSUMED = "consumed", _("gebruikt")
    RELEASED = "released", _("vrijgegeven")
    EXPIRED = "expired", _("vervallen")


class Hold(models.Model):
    """A reservation of rights with an expiry; settled once (consumed, released or expired)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="holds")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="+")
    available = models.ForeignKey(LedgerAccount, on_delete=models.CASCADE, related_name="+")
    held = models.ForeignKey(LedgerAccount, on_delete=models.CASCADE, related_name="+")
    amount = models.BigIntegerField()
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=HoldStatus.choices, default=HoldStatus.ACTIVE)
    booking = models.ForeignKey("Booking", null=True, blank=True, on_delete=models.CASCADE, related_name="holds")
    reserve_tx = models.OneToOneField(LedgerTransaction, on_delete=models.PROTECT, related_name="hold")
    settle_tx = models.OneToOneField(LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="settled_hold")

    class Meta:
        verbose_name = _("reservering")
        verbose_name_plural = _("reserveringen")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="hold_amount_positive"),
            models.CheckConstraint(condition=Q(status=HoldStatus.ACTIVE, settle_tx__isnull=True)
                                   | (~Q(status=HoldStatus.ACTIVE) & Q(settle_tx__isnull=False)),
                                   name="hold_settled_once"),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="hold_status_expiry")]


class BookingStatus(models.TextChoices):
    RESERVED = "reserved", _("gereserveerd")
    CONFIRMED = "confirmed", _("aanwezigheid bevestigd")
    CANCELLED = "cancelled", _("geannuleerd")
    REVERSED = "reversed", _("aanwezigheid teruggedraaid door het secretariaat")


class Booking(models.Model):
    """A learner's booking of a training-compass offer (``offer_ref`` = ``kompas:<id>``; bookings made before
    issue 19 may hold a fingerprint of a typed-in offer)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="bookings")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    provider = models.ForeignKey("catalogue.Provider", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="account_bookings")
    offer_title = models.CharField(_("opleiding"), max_length=300)
    offer_ref = models.CharField(_("referentie"), max_length=100, blank=True)
    starts_on = models.DateField(_("start van de opleiding"), null=True, blank=True,
                                 help_text=_("de aanwezigheid kan pas vanaf deze dag bevestigd worden"))
    price_cents = models.BigIntegerField(_("prijs (cent)"))
    hours = models.PositiveIntegerField(_("uren"))
    net_cost_cents = models.BigIntegerField(_("eigen kost (cent)"))
    net_time_minutes = models.BigIntegerField(_("eigen tijd (minuten)"))
    status = models.CharField(max_length=10, choices=BookingStatus.choices, default=BookingStatus.RESERVED)
    idempotency_key = models.CharField(max_length=200, unique=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [
            models.CheckConstraint(condition=Q(price_cents__gte=0) & Q(net_cost_cents__gte=0)
                                   & Q(net_time_minutes__gte=0), name="booking_amounts_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_title} ({self.get_status_display()})"

    @property
    def compass_offer_id(self) -> int | None:
        """The id of the training-compass offer booked (``kompas:<id>``), or None for an old typed-in offer."""
        ref = self.offer_ref or ""
        return int(ref[7:]) if ref.startswith("kompas:") and ref[7:].isdigit() else None


class Notification(models.Model):
    """A message to the person (every booking is notified; delivery channel comes later)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="account_notifications")
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)


class FederalRecord(models.Model):
    """One training on the federal individual training account (federaal opleidingsrecht), imported from the
    federal side or exported to it from a confirmed booking here. A completed training uses the person's
    federal right of that calendar year in the ledger (``consume_tx``), up to what is left."""

    class Direction(models.TextChoices):
        IMPORTED = "in", _("ingelezen uit de federale opleidingsrekening")
        EXPORTED = "out", _("van dit platform naar de federale opleidingsrekening")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="federal_records")
    record_id = models.CharField(_("nummer van het federale record"), max_length=100, unique=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    training = models.CharField(_("opleiding"), max_length=300)
    minutes = models.PositiveIntegerField(_("duur (minuten)"))
    started_on = models.DateField(_("begin"))
    ended_on = models.DateField(_("einde"), null=True, blank=True)
    completed = models.BooleanField(_("gevolgd"), default=False)
    certificate = models.CharField(_("attest of certificaat"), max_length=200, blank=True)
    booking = models.OneToOneField(Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="federal")
    minutes_counted = models.PositiveIntegerField(_("minuten afgeboekt van het federale recht"), default=0)
    note = models.CharField(max_length=300, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "record_id"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                                   name="federal_record_ends_after_start"),
            models.CheckConstraint(condition=Q(minutes_counted__lte=models.F("minutes")),
                                   name="federal_record_counts_at_most_its_duration"),
        ]
