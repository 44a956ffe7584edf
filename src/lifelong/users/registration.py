"""Self-registration's account side: the e-mail verification and the limit per client address.

A new account is inactive until the link in the verification mail is followed (Django's
``default_token_generator``: the link stops working once used or after PASSWORD_RESET_TIMEOUT). At most
``REGISTRATIONS_PER_HOUR`` registrations per client address per hour. An address that already has an account
gets a mail saying so, and the page says the same as for a new one (nobody learns who has an account here).
The registration page and the short profile (they make the account's people.Person) are people's:
``people/registration.py``, mounted under /account/ and the ``users`` names by ``config/urls.py``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import RegistrationAttempt, User


def too_many_registrations(address: str) -> bool:
    since = timezone.now() - timedelta(hours=1)
    return RegistrationAttempt.objects.filter(address=address, at__gte=since).count() >= settings.REGISTRATIONS_PER_HOUR


def send_verification(request, user):
    link = request.build_absolute_uri(reverse("users:verify", args=[
        urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]))
    send_mail(_("Bevestig je e-mailadres voor lifelong"),
              _("Hallo,\n\nKlik op deze link om je account te activeren:\n%(link)s\n\n"
                "Heb je geen account gemaakt? Dan mag je deze mail negeren.") % {"link": link},
              None, [user.email])


def send_already_registered(request, email):
    send_mail(_("Je hebt al een account bij lifelong"),
              _("Hallo,\n\nIemand wilde met dit e-mailadres een account maken, maar je hebt er al een. "
                "Meld je aan op %(link)s\n\nWas jij dit niet? Dan mag je deze mail negeren.")
              % {"link": request.build_absolute_uri(reverse("users:login"))},
              None, [email])


def verify(request, uidb64: str, token: str):
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "users/verify_failed.html", status=400)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("web:home")
