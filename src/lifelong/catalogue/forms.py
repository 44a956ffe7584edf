from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from lifelong.accounts.models import FundingCategory
from lifelong.reference import PROVINCE_CHOICES
from lifelong.web.uploads import MaxUploadSize

from .engine import parse_price_cents
from .models import Mode, Offer, OfferLanguage, OfferType
from .selectors import SORTS

ANY = [("", _("alle"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoekwoorden"), required=False, max_length=200)
    competentie = forms.CharField(label=_("Competentie"), required=False, max_length=300,
                                  help_text=_("Een paar woorden of een ESCO-adres (URI)."))
    soort = forms.ChoiceField(label=_("Soort leren"), required=False, choices=ANY + OfferType.choices)
    vorm = forms.ChoiceField(label=_("Vorm"), required=False, choices=ANY + Mode.choices)
    provincie = forms.ChoiceField(label=_("Provincie"), required=False, choices=ANY + PROVINCE_CHOICES)
    leerrecht = forms.ChoiceField(label=_("Betaalbaar met"), required=False, choices=ANY)
    taal = forms.ChoiceField(label=_("Taal"), required=False, choices=ANY + OfferLanguage.choices)
    max_prijs = forms.IntegerField(label=_("Hoogstens (euro, na je leerrechten)"), required=False, min_value=0)
    postcode = forms.RegexField(label=_("Vanaf postcode"), required=False, regex=r"^\d{4}$",
                                help_text=_("Je eigen postcode; leeg = je woonplaats als je aangemeld bent."))
    max_km = forms.IntegerField(label=_("Hoogstens zo ver (km)"), required=False, min_value=1, max_value=300)
    vanaf = forms.DateField(label=_("Start vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sorteer = forms.ChoiceField(label=_("Sorteer op"), required=False, choices=[
        ("relevance", _("best passend")), ("price", _("prijs")), ("start", _("startdatum")), ("title", _("titel"))])

    def __init__(self, *args, schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerrecht"].choices = ANY + list(schemes)

    def clean_sorteer(self):
        value = self.cleaned_data.get("sorteer") or "relevance"
        return value if value in SORTS else "relevance"


def _days(text: str) -> list[date]:
    out = []
    for part in (text or "").replace(",", " ").replace(";", " ").split():
        try:
            out.append(date.fromisoformat(part))
        except ValueError as exc:
            raise forms.ValidationError(_("'%(v)s' is geen datum (JJJJ-MM-DD).") % {"v": part}) from exc
    return out


class OfferForm(forms.ModelForm):
    price_eur = forms.CharField(label=_("Prijs in euro"), max_length=20, initial="0",
                                help_text=_("Bijvoorbeeld 250 of 250,50."))
    schemes = forms.MultipleChoiceField(label=_("Betaalbaar met deze leerrechten"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    categories = forms.MultipleChoiceField(
        label=_("Soort opleiding (voor de leerrechten)"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Voor deze opleidingen betaalt de lerende niets met opleidingscheques; loopbaancheques "
                    "zijn alleen voor loopbaanbegeleiding."))
    sessions_text = forms.CharField(label=_("Startdata"), required=False,
                                    help_text=_("Eén of meer datums, JJJJ-MM-DD, gescheiden door een spatie."))
    competence_uris = forms.MultipleChoiceField(label=_("Competenties (ESCO)"), required=False,
                                                widget=forms.CheckboxSelectMultiple)
    extra_competence = forms.CharField(label=_("Competentie toevoegen"), required=False, max_length=300,
                                       help_text=_("Een paar woorden of een ESCO-adres (URI)."))

    class Meta:
        model = Offer
        fields = ["title", "description", "offer_type", "qualification", "eqf_level", "mode", "language",
                  "postcode", "municipality", "hours", "low_literacy", "evening", "childcare",
                  "completion_rate_pct", "certification"]

    def __init__(self, *args, schemes=(), competence_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schemes"].choices = list(schemes)

        self.fields["categories"].choices = FundingCategory.choices
        self.fields["competence_uris"].choices = list(competence_choices)
        if self.instance.pk:
            self.initial.setdefault("price_eur", f"{self.instance.price_cents // 100},"
                                                 f"{self.instance.price_cents % 100:02d}")
            self.initial.setdefault("schemes", self.instance.scheme_codes)
            self.initial.setdefault("categories", self.instance.category_codes)
            self.initial.setdefault("competence_uris", list(self.instance.competences.values_list("uri", flat=True)))
            self.initial.setdefault("sessions_text", " ".join(
                s.start_date.isoformat() for s in self.instance.sessions.all()))

    def clean_price_eur(self):
        try:
            return parse_price_cents(self.cleaned_data["price_eur"])
        except ValueError as exc:
            raise forms.ValidationError(_("Schrijf de prijs als 250 of 250,50.")) from exc

    def clean_sessions_text(self):
        return _days(self.cleaned_data.get("sessions_text", ""))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand (CSV of JSON)"), validators=[MaxUploadSize("IMPORT_UPLOAD_MAX_BYTES")])


class RegisterForm(forms.Form):
    """An official register of recognised trainings (a trusted source): its eligibility applies directly."""

    file = forms.FileField(label=_("Register (CSV of JSON: provider, external_id, schemes, categories)"),
                           validators=[MaxUploadSize("IMPORT_UPLOAD_MAX_BYTES")])
    source = forms.CharField(label=_("Bron"), max_length=200,
                             help_text=_("Wie het register uitgaf, welke lijst en van wanneer."))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Beslissing"), choices=[("approve", _("goedkeuren")),
                                                                 ("refuse", _("weigeren"))])
    reason = forms.CharField(label=_("Reden"), required=False, max_length=500,
                             help_text=_("Verplicht als je weigert: de aanbieder leest ze."))


class SkillsForm(forms.Form):
    skills = forms.CharField(label=_("Welke competenties wil je ontwikkelen?"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("Eén per regel: een paar woorden (bv. 'boekhouding') of een ESCO-adres."))


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(label=_("Je score"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)])
    comment = forms.CharField(label=_("Opmerking (niet verplicht)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
