"""Accounts without an e-mail address (14.6): a guide makes one with the person present; the person logs in
with the printed login code and a PIN they chose, and may add an e-mail address later.

The user model needs a unique e-mail address: such an account gets ``<login code>@zonder-email.invalid``
(the reserved ``.invalid`` top-level domain: no mail is ever sent there) until the person adds a real one.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lifelong.guidance.services import grant_consent
from lifelong.people.models import Person
from lifelong.reference import province_of_postcode
from lifelong.users.models import Role, User

from .models import AssistedAccount
from .services import Refused, require_guide

PLACEHOLDER_DOMAIN = "zonder-email.invalid"
CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read from paper
PIN_LENGTH = 6


def new_login_code() -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if not AssistedAccount.objects.filter(login_code=code).exists():
            return code


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else ""


def check_pin(pin: str) -> str:
    pin = (pin or "").strip()
    if len(pin) != PIN_LENGTH or not pin.isdigit():
        raise Refused(_("Kies een pincode van 6 cijfers."))
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        raise Refused(_("Deze pincode is te makkelijk te raden. Kies een andere."))
    return pin


def create_account(*, by, given_name: str, family_name: str, birth_year: int, postcode: str, education_level: str,
                   labour_status: str, pin: str, scopes, phone: str = "") -> AssistedAccount:
    """With the person present: their account, their person, their PIN and their consent for ``by``."""
    require_guide(by)
    pin = check_pin(pin)
    this_year = date.today().year
    if not (this_year - 100 <= int(birth_year) <= this_year - 15):
        raise Refused(_("Dit geboortejaar kan niet kloppen."))
    province = province_of_postcode(postcode)
    if province is None:
        raise Refused(_("Deze postcode kennen we niet in Vlaanderen of Brussel."))
    if not given_name.strip() or not family_name.strip():
        raise Refused(_("Vul de voornaam en de familienaam in."))
    with transaction.atomic():
        code = new_login_code()
        user = User.objects.create_user(f"{code.lower()}@{PLACEHOLDER_DOMAIN}", pin, role=Role.LEARNER,
                                        display_name=f"{given_name.strip()} {family_name.strip()}"[:150])
        person = Person(user=user, given_name=given_name.strip()[:100], family_name=family_name.strip()[:100],
                        birth_year=int(birth_year), sex="X", education_level=education_level,
                        labour_status=labour_status, province=province, postcode=str(postcode).strip())
        try:
            person.full_clean()
        except ValidationError as exc:
            raise Refused(" ".join(exc.messages)) from exc
        person.save()
        account = AssistedAccount.objects.create(user=user, login_code=code, phone=phone.strip()[:30], created_by=by)
        try:
            grant_consent(person=person, grantee=by, scopes=list(scopes), days=365)
        except ValidationError as exc:
            raise Refused(" ".join(exc.messages)) from exc
    return account


def has_email(user) -> bool:
    return bool(user.email) and not user.email.endswith("@" + PLACEHOLDER_DOMAIN)


@transaction.atomic
def add_email(*, user, email: str) -> User:
    """The person adds (or changes) their e-mail address; the login code keeps working."""
    email = User.objects.normalize_email(email or "").strip().lower()
    if not email or email.endswith("@" + PLACEHOLDER_DOMAIN):
        raise Refused(_("Vul een geldig e-mailadres in."))
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise Refused(_("Dit e-mailadres is al in gebruik."))
    user.email = email
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise Refused(_("Vul een geldig e-mailadres in.")) from exc
    user.save(update_fields=["email"])
    return user


class LoginCodeBackend(ModelBackend):
    """Log in with the printed login code and the PIN (the user's password)."""

    def authenticate(self, request, login_code=None, pin=None, **kwargs):
        code = normalise_code(login_code or "")
        if not code or not pin:
            return None
        account = AssistedAccount.objects.filter(login_code=code).select_related("user").first()
        if account is None:
            User().set_password(pin)  # the same work as a real check: no timing oracle
            return None
        user = account.user
        if user.check_password(pin) and self.user_can_authenticate(user):
            return user
        return None


def login_sheet_pdf(account: AssistedAccount, login_url: str) -> bytes:
    """The printed login-code sheet: name, login code, where to log in; never the PIN."""
    from fpdf import FPDF

    def latin1(text: str) -> str:
        return str(text).encode("latin-1", "replace").decode("latin-1")

    person = account.user.person
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(_("Je inlogblad")))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 22)
    pdf.cell(0, 14, latin1(_("Je inlogblad")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    pdf.cell(0, 10, latin1(f"{person.given_name} {person.family_name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 10, latin1(_("Je code:")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Courier", "B", 32)
    pdf.cell(0, 18, account.login_code, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    pdf.ln(4)
    for line in (_("Ga naar deze website:"), login_url, _("Tik je code."), _("Tik je pincode."),
                 _("Je pincode staat niet op dit blad. Vertel ze aan niemand."),
                 _("Ben je je pincode kwijt? Vraag hulp aan je begeleider.")):
        pdf.multi_cell(0, 9, latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
