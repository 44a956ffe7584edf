"""The rules of when a message may go (pure): quiet hours, the frequency cap, the legal basis per kind, and
the SMS facts (Belgian mobile numbers, parts of a text)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from lifelong.mobilisation import rules

BXL = ZoneInfo("Europe/Brussels")


def test_the_rules_are_data_with_their_sources():
    assert rules.RULES["quiet_hours"]["source"] and rules.RULES["frequency_cap"]["source"]
    for kind, rule in rules.KINDS.items():
        assert rule["legal_basis"] in rules.RULES["legal_bases"] and rule["source"], kind


def test_quiet_hours_run_over_midnight():
    assert rules.in_quiet_hours(time(23, 0)) and rules.in_quiet_hours(time(7, 59))
    assert not rules.in_quiet_hours(time(8, 0)) and not rules.in_quiet_hours(time(20, 59))
    assert rules.in_quiet_hours(time(13, 0), time(12, 0), time(14, 0))
    evening = datetime(2026, 3, 3, 22, 30, tzinfo=BXL)
    assert rules.quiet_end(evening) == datetime(2026, 3, 4, 8, 0, tzinfo=BXL)
    early = datetime(2026, 3, 4, 6, 0, tzinfo=BXL)
    assert rules.quiet_end(early) == datetime(2026, 3, 4, 8, 0, tzinfo=BXL)


def test_judge_gives_one_verdict_with_its_reason():
    noon = datetime(2026, 3, 3, 12, 0, tzinfo=BXL)
    assert rules.judge(kind="campaign", channel="email", local_now=noon, sent_recently=0).send
    assert "geen rechtsgrond" in rules.judge(kind="reclame", channel="email", local_now=noon, sent_recently=0).reason
    no_consent = rules.judge(kind="partner_offer", channel="email", local_now=noon, sent_recently=0)
    assert not no_consent.send and "geen toestemming" in no_consent.reason
    assert rules.judge(kind="partner_offer", channel="email", local_now=noon, sent_recently=0,
                       consents=["partner_offer"]).send
    assert "opt-out" in rules.judge(kind="campaign", channel="email", local_now=noon, sent_recently=0,
                                    opted_out_kinds=["campaign"]).reason
    capped = rules.judge(kind="campaign", channel="letter", local_now=noon, sent_recently=rules.CAP_MAX)
    assert not capped.send and "frequentiegrens" in capped.reason
    # a confirmation of what the person did is not capped (but counts for the others)
    assert rules.judge(kind="booking", channel="email", local_now=noon, sent_recently=rules.CAP_MAX + 5).send
    night = datetime(2026, 3, 3, 23, 0, tzinfo=BXL)
    deferred = rules.judge(kind="campaign", channel="sms", local_now=night, sent_recently=0)
    assert not deferred.send and deferred.not_before == datetime(2026, 3, 4, 8, 0, tzinfo=BXL)
    assert rules.judge(kind="campaign", channel="letter", local_now=night, sent_recently=0).send  # a letter waits anyway
    own = rules.judge(kind="campaign", channel="email", local_now=noon, sent_recently=0, quiet=(time(11), time(13)))
    assert own.not_before == datetime(2026, 3, 3, 13, 0, tzinfo=BXL)


@pytest.mark.parametrize("written", ["0470 12 34 56", "+32 470 12 34 56", "0032470123456", "+32 (0)470/12.34.56",
                                     "0470-123456"])
def test_belgian_mobile_numbers_in_the_ways_people_write_them(written):
    assert rules.belgian_mobile(written) == "+32470123456"


@pytest.mark.parametrize("written, reason", [
    ("02 123 45 67", "geen Belgisch gsm-nummer"),  # a landline: no SMS
    ("0470 12 34 5", "aantal cijfers"), ("+31 6 12345678", "geen Belgisch nummer"), ("bel me", "geen telefoonnummer"),
    ("470123456", "begin met 04"), ("0440 12 34 56", "geen Belgisch gsm-nummer"),
])
def test_other_numbers_are_refused_with_the_reason(written, reason):
    with pytest.raises(rules.PhoneError, match=reason):
        rules.belgian_mobile(written)


def test_sms_parts_are_counted_as_the_network_does():
    assert rules.sms_length("a" * 160) == rules.SmsLength("GSM-7", 160, 1)
    assert rules.sms_length("a" * 161).parts == 2 and rules.sms_length("a" * 306).parts == 2
    assert rules.sms_length("a" * 307).parts == 3
    assert rules.sms_length("€" * 80).units == 160 and rules.sms_length("€" * 81).parts == 2  # two places each
    assert rules.sms_length("Dag Émile, café").encoding == "GSM-7"  # é and É are in the GSM set
    assert rules.sms_length("Dag Zoë").encoding == "UCS-2"  # ë is not
    assert rules.sms_length("ş" * 70).parts == 1 and rules.sms_length("ş" * 71).parts == 2
    assert rules.sms_length("").parts == 0
