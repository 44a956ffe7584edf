"""The person erases their account and all their data."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Evidence
from ..selectors import person_of
from ..signals import person_erased
from .base import Refused


def delete_my_account(*, user, password: str) -> None:
    """Erase the person, their files and their login. The learning account's ledger is reconciled after
    (a receiver of ``signals.person_erased``)."""
    if not user.check_password(password):
        raise Refused(_("Dat wachtwoord klopt niet. Er is niets gewist."))
    person = person_of(user)
    files = []
    with transaction.atomic():
        if person is not None:
            files = [e.file for e in Evidence.objects.filter(claim__person=person).exclude(file="")]
            person.delete()
        user.delete()
    for f in files:
        f.storage.delete(f.name)
    person_erased.send(sender=None)  # the learning account reconciles its ledger (accounts/apps.py)
