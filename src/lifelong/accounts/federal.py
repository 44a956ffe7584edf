"""Federal alignment: training records of the federal individual training account, in and out.

One CSV layout both ways (UTF-8, comma or semicolon):

    record_id,person,training,hours,started_on,ended_on,completed,certificate

* ``person``: the e-mail address of the person's login, or ``person:<id>`` (the platform's own
  reference). The federal account identifies people by their national number (INSZ); this platform keeps
  only its keyed hash, from a sign-in with a digital key (see docs/accounts.md).
* ``national_number`` (optional column): the INSZ; a person who signed in with a digital key is matched on
  its keyed hash (users/identity.py) first, the ``person`` column is the fallback.
* ``hours``: the duration, ``7,5`` or ``7.5``; it must be a whole number of minutes.
* ``completed``: ja/nee (yes/no, true/false, 1/0). A completed training needs its end date.

Importing a completed training uses the person's federal right of that calendar year in the ledger
(reserve and consume in the same step, idempotent by the record id), up to what is left; the rest is
noted on the record, never lost. A record id seen before with the same content is skipped; with
another content it is refused (a correction goes through the federal account). Exporting writes every
booking on this platform that used the federal right and whose attendance was confirmed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lifelong.people.models import Person
from lifelong.users.identity import national_number_hash

NATIONAL_NUMBER_COLUMN = "national_number"  # optional: when present and known, it wins over ``person``
COLUMNS = ["record_id", "person", "training", "hours", "started_on", "ended_on", "completed", "certificate"]
SCHEME = "federaal_opleidingsrecht"
YES = {"ja", "yes", "true", "1", "oui", "j", "y"}
NO = {"nee", "no", "false", "0", "non", "n", ""}
# One record is one training: more hours than this is a mistake (the federal right is 5 days a year, Arbeidsdeal
# 2022), not a reason to store billions of minutes. Also the limits of the columns the record goes into.
MAX_RECORD_HOURS = 1000
RECORD_ID_MAX = 100


@dataclass
class CleanRecord:
    record_id: str
    person: str
    training: str
    minutes: int
    started_on: date
    ended_on: date | None
    completed: bool
    certificate: str


@dataclass
class FederalReport:
    created: int = 0
    unchanged: int = 0
    minutes_counted: int = 0
    refused: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (line, record id, reasons)
    notes: list[tuple[int, str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.created} nieuw, {self.unchanged} ongewijzigd, {len(self.refused)} geweigerd; "
                f"{self.minutes_counted} minuten afgeboekt van het federale opleidingsrecht")


def read_day(text: str, what: str, reasons: list[str]) -> date | None:
    """An ISO date from an import file's cell; None when empty, or (with a reason added) when unreadable.
    Shared by the importers of federal records and of an employer's staff."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        reasons.append(_("%(what)s is geen datum als 2025-03-31: '%(value)s'") % {"what": what, "value": text})
        return None


def clean_row(row: dict) -> tuple[CleanRecord | None, list[str]]:
    """One CSV row → a clean record, or the list of every reason it is refused (plain Dutch)."""
    reasons: list[str] = []
    get = {k: (row.get(k) or "").strip() for k in COLUMNS}
    if any("\x00" in v for v in get.values()):
        reasons.append(_("het record bevat een NUL-teken"))
        get = {k: v.replace("\x00", "") for k, v in get.items()}
    if not get["record_id"]:
        reasons.append(_("het nummer van het record (record_id) ontbreekt"))
    elif len(get["record_id"]) > RECORD_ID_MAX:
        reasons.append(_("het nummer van het record is langer dan %(n)s tekens") % {"n": RECORD_ID_MAX})
    if not get["person"]:
        reasons.append(_("de persoon ontbreekt"))
    if not get["training"]:
        reasons.append(_("de naam van de opleiding ontbreekt"))
    minutes = None
    try:
        hours = Decimal(get["hours"].replace(",", "."))
        exact = hours * 60
        if not hours.is_finite() or hours > MAX_RECORD_HOURS:
            reasons.append(_("de duur moet een getal tot %(max)s uur zijn: '%(v)s'")
                           % {"max": MAX_RECORD_HOURS, "v": get["hours"]})
        elif hours <= 0:
            reasons.append(_("de duur moet meer dan 0 uur zijn: '%(v)s'") % {"v": get["hours"]})
        elif exact != exact.to_integral_value():
            reasons.append(_("de duur is geen geheel aantal minuten: '%(v)s' uur") % {"v": get["hours"]})
        else:
            minutes = int(exact)
    except InvalidOperation:
        reasons.append(_("de duur is geen getal: '%(v)s'") % {"v": get["hours"]})
    started = read_day(get["started_on"], _("het begin"), reasons)
    if started is None and not get["started_on"]:
        reasons.append(_("de begindatum ontbreekt"))
    ended = read_day(get["ended_on"], _("het einde"), reasons)
    if started and ended and ended < started:
        reasons.append(_("de opleiding eindigt voor ze begint"))
    flag = get["completed"].lower()
    if flag not in YES | NO:
        reasons.append(_("'gevolgd' moet ja of nee zijn: '%(v)s'") % {"v": get["completed"]})
    completed = flag in YES
    if completed and ended is None and get["ended_on"] == "":
        reasons.append(_("een gevolgde opleiding heeft een einddatum nodig"))
    if ended and ended > timezone.localdate() and completed:
        reasons.append(_("een opleiding die nog niet voorbij is, kan niet gevolgd zijn"))
    if reasons:
        return None, reasons
    return CleanRecord(get["record_id"], get["person"], get["training"][:300], minutes, started, ended,
                       completed, get["certificate"][:200]), []


def _rows(text: str):
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(_("Deze kolommen ontbreken: %(cols)s (verwacht: %(all)s)")
                         % {"cols": ", ".join(missing), "all": ",".join(COLUMNS)})
    for row in reader:
        yield reader.line_num, row


def _person_of(ref: str):

    if ref.startswith("person:") and ref[7:].isdigit():
        return Person.objects.filter(pk=int(ref[7:])).first()
    return Person.objects.filter(user__email__iexact=ref).first()


def _person_by_national_number(number: str | None):
    """The person whose sign-in with a digital key carried this national number (matched on its keyed hash)."""
    from django.conf import settings


    if not settings.NATIONAL_NUMBER_HASH_KEY:  # no key, no hash was ever kept: the person column decides
        return None
    digest = national_number_hash(number or "")
    return Person.objects.filter(user__national_number_hash=digest).first() if digest else None


def import_records(source: Path | str, *, actor=None) -> FederalReport:
    """Read federal training records (a path, or the CSV text itself); see the module's docstring."""
    from .models import FederalRecord

    text = Path(source).read_bytes().decode("utf-8-sig") if isinstance(source, Path) else source
    report = FederalReport()
    seen: set[str] = set()
    for line, row in _rows(text):
        record, reasons = clean_row(row)
        rid = (row.get("record_id") or "").strip()
        if record is not None:
            person = _person_by_national_number(row.get(NATIONAL_NUMBER_COLUMN)) or _person_of(record.person)
            if person is None:
                reasons.append(_("onbekende persoon: '%(ref)s'") % {"ref": record.person})
            if record.record_id in seen:
                reasons.append(_("dit record staat twee keer in het bestand"))
        if reasons:
            report.refused.append((line, rid, reasons))
            continue
        seen.add(record.record_id)
        existing = FederalRecord.objects.filter(record_id=record.record_id).first()
        if existing is not None:
            same = (existing.person_id, existing.training, existing.minutes, existing.started_on, existing.ended_on,
                    existing.completed, existing.certificate) == (person.pk, record.training, record.minutes,
                                                                   record.started_on, record.ended_on,
                                                                   record.completed, record.certificate)
            if same:
                report.unchanged += 1
            else:
                report.refused.append((line, rid, [_("dit record bestaat al met andere gegevens; een correctie "
                                                     "gebeurt in de federale opleidingsrekening")]))
            continue
        counted, note = _store(record, person, actor)
        report.created += 1
        report.minutes_counted += counted
        if note:
            report.notes.append((line, rid, note))
    return report


@transaction.atomic
def _store(record: CleanRecord, person, actor) -> tuple[int, str]:
    from . import services
    from .models import FederalRecord
    from .selectors import available_by_code

    note, counted = "", 0
    if record.completed:
        on = record.ended_on
        left = available_by_code(person=person, on=on).get(SCHEME, 0)
        counted = min(record.minutes, max(left, 0))
        if counted:
            hold = services.reserve(person=person, scheme_code=SCHEME, amount=counted, on=on,
                                    expires_at=timezone.now() + timedelta(days=1),
                                    idempotency_key=f"federal:{record.record_id}:hold", actor=actor,
                                    memo=f"federaal record {record.record_id}")
            services.consume(hold=hold, idempotency_key=f"federal:{record.record_id}:use", actor=actor,
                             memo=f"federaal record {record.record_id}: {record.training}"[:300])
        if counted < record.minutes:
            note = (_("%(n)s minuten vallen buiten het federale opleidingsrecht van %(year)s op dit platform")
                    % {"n": record.minutes - counted, "year": on.year})
    FederalRecord.objects.create(person=person, record_id=record.record_id, direction="in",
                                 training=record.training, minutes=record.minutes, started_on=record.started_on,
                                 ended_on=record.ended_on, completed=record.completed,
                                 certificate=record.certificate, minutes_counted=counted, note=note)
    return counted, note


def export_records(*, since: date | None = None) -> str:
    """The CSV for the federal account: every confirmed booking here that used the federal right (recorded
    once as an outgoing record, so a second export gives the same record ids)."""
    from .models import AccountKind, FederalRecord, Hold, HoldStatus, LedgerEntry

    holds = (Hold.objects.filter(scheme__code=SCHEME, status=HoldStatus.CONSUMED, booking__isnull=False,
                                 booking__federal__isnull=True)
             .select_related("booking", "settle_tx"))
    for hold in holds:
        used = LedgerEntry.objects.filter(transaction=hold.settle_tx, account__kind=AccountKind.CONSUMED) \
            .aggregate(s=Sum("amount"))["s"] or 0
        booking = hold.booking
        FederalRecord.objects.get_or_create(record_id=f"lifelong-booking-{booking.pk}", defaults=dict(
            person_id=booking.person_id, direction="out", training=booking.offer_title[:300],
            minutes=max(booking.hours * 60, used), started_on=timezone.localdate(booking.created_at),
            ended_on=timezone.localdate(hold.settle_tx.created_at), completed=True, booking=booking,
            minutes_counted=used))
    records = FederalRecord.objects.filter(direction="out").select_related("person__user").order_by("record_id")
    if since is not None:
        records = records.filter(ended_on__gte=since)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for r in records:
        who = r.person.user.email if r.person.user_id else f"person:{r.person_id}"
        writer.writerow([r.record_id, who, r.training, _hours(r.minutes), r.started_on.isoformat(),
                         r.ended_on.isoformat() if r.ended_on else "", "ja" if r.completed else "nee",
                         r.certificate])
    return out.getvalue()


def _hours(minutes: int) -> str:
    value = Decimal(minutes) / 60
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value.quantize(Decimal('0.01'))}"


def records_of(person) -> list:
    from .models import FederalRecord

    return list(FederalRecord.objects.filter(person=person))
