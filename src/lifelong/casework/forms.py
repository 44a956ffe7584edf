from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lifelong.guidance.models import Scope
from lifelong.people.models import ActivityKind
from lifelong.reference import EducationLevel, LabourStatus

from .models import ReferralService


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Notitie (alleen je eigen organisatie leest dit)"),
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class AppointmentForm(forms.Form):
    at = forms.DateTimeField(label=_("Wanneer?"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                             input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    what = forms.CharField(label=_("Waarover?"), max_length=200)
    place = forms.CharField(label=_("Waar?"), max_length=200, required=False)


class CancelAppointmentForm(forms.Form):
    reason = forms.CharField(label=_("Waarom annuleer je de afspraak?"), max_length=300)


class PrepareForm(forms.Form):
    offer = forms.IntegerField(label=_("Nummer van de opleiding in het opleidingskompas"), min_value=1)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("De code op het scherm"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    pin = forms.CharField(label=_("Je pincode of wachtwoord"), widget=forms.PasswordInput(attrs={"autocomplete": "off"}))


class OwnConfirmForm(forms.Form):
    password = forms.CharField(label=_("Je pincode of wachtwoord"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class ReferralForm(forms.Form):
    to_service = forms.ModelChoiceField(label=_("Naar een dienst"), queryset=ReferralService.objects.filter(active=True),
                                        required=False, to_field_name="pk")
    to_email = forms.EmailField(label=_("Of naar een begeleider of opleidingsverstrekker (e-mailadres)"),
                                required=False)
    reason = forms.CharField(label=_("Waarom?"), max_length=300)


class NewAccountForm(forms.Form):
    given_name = forms.CharField(label=_("Voornaam"), max_length=100)
    family_name = forms.CharField(label=_("Familienaam"), max_length=100)
    birth_year = forms.IntegerField(label=_("Geboortejaar"), min_value=1900, max_value=2100)
    postcode = forms.CharField(label=_("Postcode"), max_length=4, min_length=4)
    education_level = forms.ChoiceField(label=_("Hoogste diploma"), choices=EducationLevel.CHOICES)
    labour_status = forms.ChoiceField(label=_("Werk je nu?"), choices=LabourStatus.CHOICES)
    phone = forms.CharField(label=_("Telefoon (mag leeg blijven)"), max_length=30, required=False)
    scopes = forms.MultipleChoiceField(label=_("De persoon geeft jou toestemming om:"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       initial=[Scope.PROFILE, Scope.START_CHECK, Scope.PLAN, Scope.BOOK, Scope.REFER])
    pin = forms.CharField(label=_("De persoon kiest een pincode van 6 cijfers"), min_length=6, max_length=6,
                          widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}))
    pin_again = forms.CharField(label=_("Nog eens dezelfde pincode"), min_length=6, max_length=6,
                                widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("pin") and data.get("pin") != data.get("pin_again"):
            raise forms.ValidationError(_("De twee pincodes zijn niet gelijk."))
        return data


class CodeLoginForm(forms.Form):
    login_code = forms.CharField(label=_("Je code (van je inlogblad)"), max_length=12,
                                 widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "characters"}))
    pin = forms.CharField(label=_("Je pincode"), max_length=6,
                          widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "current-password"}))


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Je e-mailadres"))


class PlanActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Wat gaat de persoon doen?"), max_length=200)
    offer_reference = forms.CharField(label=_("Code van de opleiding (mag leeg blijven)"), max_length=100,
                                      required=False)
    deadline = forms.DateField(label=_("Tegen wanneer?"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))


class OrganisationConsentForm(forms.Form):
    guide_email = forms.EmailField(label=_("E-mailadres van de loopbaanbegeleider of brugfiguur"))
    days = forms.IntegerField(label=_("Hoeveel dagen?"), min_value=1, max_value=730, initial=365)


class OrganisationCommentForm(forms.Form):
    text = forms.CharField(label=_("Opmerking bij de competentiecheck of het opleidingsplan"),
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    proposal_title = forms.CharField(label=_("Voorgestelde actie voor het plan (mag leeg blijven)"), max_length=300,
                                     required=False)
    offer_id = forms.IntegerField(label=_("Nummer van een opleiding in het opleidingskompas (mag leeg blijven)"),
                                  min_value=1, required=False)
    deadline = forms.DateField(label=_("Tegen wanneer? (mag leeg blijven)"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
