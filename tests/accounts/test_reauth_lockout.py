"""The password before spending is counted like a login: repeated wrong ones lock booking out for a while."""

from __future__ import annotations

import pytest

from lifelong.accounts import services
from lifelong.accounts.models import Booking
from tests.users.test_login_protection import expire_lockouts

from .test_booking import PASSWORD, book, learner, provider, vov  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_wrong_reauthentications_lock_booking_then_it_works_again(learner, provider, settings):  # noqa: F811
    user, person = learner
    for i in range(5):
        with pytest.raises(services.NotAllowed, match="wachtwoord klopt niet|geblokkeerd"):
            book(user, person, key=f"w{i}", password="fout", address="198.51.100.20")
    with pytest.raises(services.NotAllowed, match="geblokkeerd"):  # the right password is refused now
        book(user, person, key="r1", password=PASSWORD, address="198.51.100.20")
    assert not Booking.objects.filter(person=person).exists() and vov(person) == 7500
    expire_lockouts(settings.AXES_COOLOFF_TIME)
    assert book(user, person, key="r2", password=PASSWORD, address="198.51.100.20").pk
    assert vov(person) < 7500
