"""When a message may go to a person, pure Python (no Django): quiet hours, the frequency cap over every
message (campaigns and notices together), the legal basis per kind of message (``data/message_rules.json``,
with their sources), and the SMS facts: Belgian mobile numbers and how many SMS parts a text takes.

``judge`` gives one verdict per message: send, defer until the quiet hours end, or skip with a reason in
plain Dutch (shown and counted). A kind without a legal basis, or whose basis is consent the person did not
give, is never sent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent / "data" / "message_rules.json"
RULES: dict = json.loads(RULES_FILE.read_text(encoding="utf-8"))


def _hm(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


QUIET_FROM = _hm(RULES["quiet_hours"]["from"])
QUIET_UNTIL = _hm(RULES["quiet_hours"]["until"])
QUIET_CHANNELS = tuple(RULES["quiet_hours"]["channels"])
CAP_MAX = int(RULES["frequency_cap"]["max"])
CAP_DAYS = int(RULES["frequency_cap"]["days"])
KINDS: dict[str, dict] = RULES["kinds"]


@dataclass(frozen=True)
class Verdict:
    send: bool
    reason: str = ""
    not_before: datetime | None = None  # set when deferred (quiet hours): send then


def in_quiet_hours(at: time, start: time = QUIET_FROM, until: time = QUIET_UNTIL) -> bool:
    """Whether a local time falls in the quiet hours (which may run over midnight)."""
    if start == until:
        return False
    if start < until:
        return start <= at < until
    return at >= start or at < until


def quiet_end(local_now: datetime, start: time = QUIET_FROM, until: time = QUIET_UNTIL) -> datetime:
    """The first moment after ``local_now`` (aware, local) when the quiet hours are over."""
    end = local_now.replace(hour=until.hour, minute=until.minute, second=0, microsecond=0)
    return end if end > local_now else end + timedelta(days=1)


def kind_name(kind: str, language: str = "nl") -> str:
    """The name of a kind of message in ``language`` ("nl", "en", "fr"): ``name_en``/``name_fr`` beside the Dutch
    ``name`` in the rules file, the Dutch when there is no translation."""
    rule = KINDS[kind]
    return rule.get(f"name_{language}") or rule["name"]


def legal_problem(kind: str, consents=()) -> str:
    """Why a kind of message may not be sent at all ('' when it may)."""
    rule = KINDS.get(kind)
    if rule is None or not rule.get("legal_basis"):
        return f"geen rechtsgrond voor berichten van de soort '{kind}'"
    if rule["legal_basis"] == "consent" and kind not in set(consents or ()):
        return f"geen toestemming voor berichten van de soort '{kind}'"
    return ""


def judge(*, kind: str, channel: str, local_now: datetime, sent_recently: int, consents=(), opted_out_kinds=(),
          quiet: tuple[time, time] | None = None) -> Verdict:
    """One message to one person: send now, defer (quiet hours) or skip with the reason.

    ``sent_recently``: the messages this person got in the last ``CAP_DAYS`` days (every kind, every channel);
    ``quiet``: the person's own quiet hours, if they chose them (else the rule's)."""
    problem = legal_problem(kind, consents)
    if problem:
        return Verdict(False, problem)
    if kind in set(opted_out_kinds or ()):
        return Verdict(False, f"wil geen berichten van de soort '{kind}' (opt-out)")
    if KINDS[kind].get("capped", True) and sent_recently >= CAP_MAX:
        return Verdict(False, f"frequentiegrens bereikt: al {sent_recently} berichten in {CAP_DAYS} dagen "
                              f"(hoogstens {CAP_MAX})")
    start, until = quiet or (QUIET_FROM, QUIET_UNTIL)
    if channel in QUIET_CHANNELS and in_quiet_hours(local_now.timetz().replace(tzinfo=None), start, until):
        return Verdict(False, "stille uren", not_before=quiet_end(local_now, start, until))
    return Verdict(True)


# -- SMS --------------------------------------------------------------------------------------------------
# GSM 03.38 basic set (and the extension table, whose characters take two places)
GSM7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
           "¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXT = set("^{}\\[~]|€")


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # characters as the network counts them
    parts: int  # how many SMS the text takes (a long text is split; each part carries a header)


def sms_length(text: str) -> SmsLength:
    """GSM-7: 160 in one SMS, 153 per part when split; any other character: UCS-2, 70 and 67."""
    if all(c in GSM7 or c in GSM7_EXT for c in text):
        units = sum(2 if c in GSM7_EXT else 1 for c in text)
        single, per_part, encoding = 160, 153, "GSM-7"
    else:
        units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)  # UTF-16 code units
        single, per_part, encoding = 70, 67, "UCS-2"
    parts = 0 if units == 0 else 1 if units <= single else -(-units // per_part)
    return SmsLength(encoding, units, parts)


MAX_SMS_PARTS = 4


class PhoneError(ValueError):
    pass


def belgian_mobile(number: str) -> str:
    """A Belgian mobile number in E.164 (+324XXXXXXXX), from the ways people write it; anything else is
    refused with the reason (a landline cannot receive an SMS)."""
    raw = (number or "").strip()
    digits = re.sub(r"[\s./()-]", "", raw)
    if digits.startswith("+"):
        digits = "00" + digits[1:]
    if not digits.isdigit():
        raise PhoneError(f"'{raw}' is geen telefoonnummer")
    if digits.startswith("0032"):
        national = digits[4:]
    elif digits.startswith("00"):
        raise PhoneError(f"'{raw}' is geen Belgisch nummer")
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise PhoneError(f"'{raw}': begin met 04 of +32 4")
    if national.startswith("0"):
        national = national[1:]  # +32 (0)470 …
    if not national.startswith("4"):
        raise PhoneError(f"'{raw}' is geen Belgisch gsm-nummer (een vast nummer kan geen sms krijgen)")
    if len(national) != 9:
        raise PhoneError(f"'{raw}' heeft niet het juiste aantal cijfers voor een Belgisch gsm-nummer")
    if not re.fullmatch(r"4[5-9]\d{7}", national):
        raise PhoneError(f"'{raw}' is geen Belgisch gsm-nummer (die beginnen met 045 tot 049)")
    return "+32" + national
