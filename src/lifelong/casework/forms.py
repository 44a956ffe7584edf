from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReferralService


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Notitie (alleen je eigen organisatie leest dit)"),
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class AppointmentForm(forms.Form):
    at = forms.DateTimeField(label=_("Wanneer?"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                             input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    what = forms.CharField(label=_("Waarover?"), max_length=200)
    place = forms.CharField(label=_("Waar?"), max_length=200, required=False)


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
