"""Forms of the compass's booking pages: a free-form simulation (never booked) and the booking of a compass offer
(moved here from the account, issue 17.2)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from lifelong.accounts import engine
from lifelong.accounts.models import FundingCategory
from lifelong.accounts.selectors import scheme_choices

from ..models import Provider

CATEGORIES = FundingCategory.choices


class SimulationForm(forms.Form):
    """A training outside the compass, typed in: only simulated, never booked."""

    title = forms.CharField(label=_("Naam van de opleiding"), max_length=300)
    price = forms.DecimalField(label=_("Prijs in euro"), min_value=Decimal("0"), max_digits=9, decimal_places=2,
                               help_text=_("Bijvoorbeeld 450 of 450,50."), localize=True)
    hours = forms.IntegerField(label=_("Aantal lesuren"), min_value=0, max_value=3000)
    provider = forms.ModelChoiceField(label=_("Opleidingsverstrekker"), queryset=Provider.objects.order_by("name"),
                                      required=False)
    schemes = forms.MultipleChoiceField(label=_("Voor welke rechten komt de opleiding in aanmerking?"),
                                        widget=forms.CheckboxSelectMultiple, required=False)
    categories = forms.MultipleChoiceField(label=_("Soort opleiding"), choices=CATEGORIES,
                                           widget=forms.CheckboxSelectMultiple, required=False)
    in_working_time = forms.BooleanField(label=_("De lessen vallen tijdens mijn werkuren"), required=False,
                                         initial=True)
    in_pop = forms.BooleanField(label=_("De opleiding staat in mijn persoonlijk ontwikkelingsplan (POP)"),
                                required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schemes"].choices = scheme_choices(ledger=True, beneficiary="person")

    def offer(self) -> engine.Offer:
        d = self.cleaned_data
        cents = int((d["price"] * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        return engine.Offer(title=d["title"], price_cents=cents, hours=d["hours"],
                            provider=d["provider"].name if d["provider"] else "",
                            eligible_schemes=frozenset(d["schemes"]), categories=frozenset(d["categories"]),
                            in_working_time=d["in_working_time"], in_pop=d["in_pop"])


class CompassBookForm(forms.Form):
    """Booking an offer of the training compass: the offer's own data (price, hours, schemes, kind, provider,
    development plan) come from the compass, never from the form; the learner only confirms with their
    password. (The free-form ``SimulationForm`` above only simulates; it cannot book.)"""

    aanbod = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200)
    password = forms.CharField(label=_("Je wachtwoord"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               help_text=_("Voor je veiligheid vragen we je wachtwoord opnieuw."))
