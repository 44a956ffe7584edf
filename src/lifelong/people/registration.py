"""Self-registration and the short profile after a first sign-in with a digital key: an account and its person.

The registration page makes an inactive learner account and its ``Person`` (the facts the rules read) in one
transaction, then mails the verification link (users/registration.py: the link, its check and the limit per
client address). After a first sign-in with a digital key, the profile page asks those facts once. The pages
keep the account's addresses and names (``users:register`` = /account/registreren/, ``users:profile`` =
/account/profiel/): ``config/urls.py`` mounts ``registration_pages`` of people/urls.py beside users/urls.py.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lifelong.reference import EducationLevel, LabourStatus, province_of_postcode
from lifelong.users.models import RegistrationAttempt, Role, User
from lifelong.users.permissions import role_required
from lifelong.users.registration import (
    send_already_registered,
    send_verification,
    too_many_registrations,
)
from lifelong.users.security import client_address

from .models import Person

SEX_CHOICES = [("F", gettext_lazy("vrouw")), ("M", gettext_lazy("man")), ("X", gettext_lazy("X"))]


class ProfileForm(forms.Form):
    """What people.Person needs: the facts the rules (rights, target groups) read."""

    given_name = forms.CharField(label=gettext_lazy("Voornaam"), max_length=100)
    family_name = forms.CharField(label=gettext_lazy("Familienaam"), max_length=100)
    birth_year = forms.IntegerField(label=gettext_lazy("Geboortejaar"), min_value=1900)
    sex = forms.ChoiceField(label=gettext_lazy("Geslacht"), choices=SEX_CHOICES)
    postcode = forms.CharField(label=gettext_lazy("Postcode"), max_length=4, min_length=4)
    education_level = forms.ChoiceField(label=gettext_lazy("Hoogste diploma"), choices=EducationLevel.CHOICES)
    labour_status = forms.ChoiceField(label=gettext_lazy("Wat doe je nu?"), choices=LabourStatus.CHOICES)

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year > timezone.localdate().year - 15:
            raise forms.ValidationError(_("Je moet minstens 15 jaar zijn om een account te maken."))
        return year

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if not postcode.isdigit() or province_of_postcode(postcode) is None:
            raise forms.ValidationError(_("Geef een Vlaamse postcode van 4 cijfers (bv. 9000)."))
        return postcode

    def create_person(self, user):
        data = self.cleaned_data
        return Person.objects.create(
            user=user, given_name=data["given_name"], family_name=data["family_name"],
            birth_year=data["birth_year"], sex=data["sex"], postcode=data["postcode"],
            province=province_of_postcode(data["postcode"]), education_level=data["education_level"],
            labour_status=data["labour_status"])


class RegistrationForm(ProfileForm):
    email = forms.EmailField(label=gettext_lazy("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(label=gettext_lazy("Wachtwoord"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=gettext_lazy("Wachtwoord nog eens"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    field_order = ["email", "password1", "password2", "given_name", "family_name", "birth_year", "sex",
                   "postcode", "education_level", "labour_status"]

    def clean(self):
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("De twee wachtwoorden zijn niet hetzelfde."))
        elif one:
            probe = User(email=data.get("email") or "",
                         display_name=f"{data.get('given_name', '')} {data.get('family_name', '')}")
            try:
                password_validation.validate_password(one, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


@require_http_methods(["GET", "POST"])
def register(request):
    if request.method == "POST":
        address = client_address(request) or ""
        if too_many_registrations(address):
            return render(request, "users/register.html", {"form": RegistrationForm(request.POST), "too_many": _(
                "Er zijn vanaf jouw internetverbinding te veel accounts gemaakt. Probeer het over een uur opnieuw, "
                "of vraag je loopbaanbegeleider om hulp.")}, status=429)
        form = RegistrationForm(request.POST)
        if form.is_valid():
            email = User.objects.normalize_email(form.cleaned_data["email"]).lower()
            with transaction.atomic():
                RegistrationAttempt.objects.create(address=address)
                existing = User.objects.filter(email__iexact=email).first()
                if existing is None:
                    user = User.objects.create_user(
                        email, form.cleaned_data["password1"], role=Role.LEARNER, is_active=False,
                        display_name=f"{form.cleaned_data['given_name']} {form.cleaned_data['family_name']}"[:150])
                    form.create_person(user)
            if existing is None:
                send_verification(request, user)
            else:
                send_already_registered(request, email)
            return render(request, "users/register_sent.html", {"email": email})
    else:
        form = RegistrationForm()
    return render(request, "users/register.html", {"form": form})


@role_required(Role.LEARNER)
@require_http_methods(["GET", "POST"])
def profile(request):
    """After a first sign-in with a digital key: the few facts people.Person needs, asked once."""
    if Person.objects.filter(user=request.user).exists():
        return redirect("web:home")
    form = ProfileForm(request.POST or None, initial={"given_name": request.user.display_name.split(" ")[0]})
    if request.method == "POST" and form.is_valid():
        form.create_person(request.user)
        return redirect("web:home")
    return render(request, "users/profile.html", {"form": form})
