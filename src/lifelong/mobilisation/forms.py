from django import forms
from django.utils.translation import gettext_lazy as _

from lifelong.translations import active_language

from . import rules
from .models import CallToAction, Segment


def _kind_choices(kinds) -> list[tuple[str, str]]:
    """Kinds of message with their names in the reader's language (evaluated per form, not at import)."""
    language = active_language()
    return [(k, rules.kind_name(k, language)) for k in kinds]


class SegmentForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Naam"), max_length=200)
    rule = forms.CharField(label=_("Regel (JSON)"), widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_('Bv. {"all": [{"fact": "age", "op": ">=", "value": 55}]}'))
    source = forms.CharField(label=_("Bron"), max_length=300)
    low_literacy = forms.BooleanField(label=_("Veel mensen in dit segment lezen moeilijk"), required=False)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Naam van de campagne"), max_length=200)
    segment = forms.ModelChoiceField(label=_("Segment"), queryset=Segment.objects.filter(active=True))
    call_to_action = forms.ChoiceField(label=_("Oproep"), choices=CallToAction.choices)
    kind = forms.ChoiceField(label=_("Soort bericht"), required=False, initial="campaign",
                             choices=lambda: _kind_choices(k for k in rules.KINDS if k in ("campaign", "partner_offer")),
                             help_text=_("Elke soort heeft een rechtsgrond; een aanbod van een partner gaat enkel naar "
                                         "wie toestemming gaf."))
    holdout_percent = forms.IntegerField(label=_("Controlegroep (%)"), min_value=0, max_value=50, initial=10,
                                         help_text=_("Zoveel procent krijgt niets: zo meten we het effect."))
    subject_nl = forms.CharField(label=_("Onderwerp (Nederlands)"), max_length=200)
    text_nl = forms.CharField(label=_("Tekst (Nederlands)"), widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Gebruik {{ first_name }} en {{ link }}."))
    subject_nl_easy = forms.CharField(label=_("Onderwerp (eenvoudig Nederlands)"), max_length=200, required=False)
    text_nl_easy = forms.CharField(label=_("Tekst (eenvoudig Nederlands)"), widget=forms.Textarea(attrs={"rows": 4}),
                                   required=False)
    subject_en = forms.CharField(label=_("Onderwerp (Engels)"), max_length=200, required=False)
    text_en = forms.CharField(label=_("Tekst (Engels)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    subject_fr = forms.CharField(label=_("Onderwerp (Frans)"), max_length=200, required=False)
    text_fr = forms.CharField(label=_("Tekst (Frans)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def messages(self) -> dict:
        data = self.cleaned_data
        return {lang: {"subject": data.get(f"subject_{lang}", ""), "text": data.get(f"text_{lang}", "")}
                for lang in ("nl", "nl_easy", "en", "fr")}


class PreferenceForm(forms.Form):
    """A learner's own wishes for messages (services.set_preference checks them)."""

    channel = forms.ChoiceField(label=_("Hoe wil je berichten krijgen?"), required=False, choices=[
        ("", _("vanzelf: e-mail, anders een brief")), ("email", _("e-mail")), ("letter", _("brief")),
        ("sms", _("sms")), ("bridge", _("via mijn brugfiguur of begeleider"))])
    phone = forms.CharField(label=_("Gsm-nummer (voor sms)"), max_length=30, required=False)
    quiet_from = forms.TimeField(label=_("Geen berichten vanaf (uur)"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}))
    quiet_until = forms.TimeField(label=_("tot (uur)"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    no_campaigns = forms.BooleanField(label=_("Ik wil geen oproepen krijgen"), required=False)
    no_kinds = forms.MultipleChoiceField(label=_("Deze berichten wil ik niet"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    consents = forms.MultipleChoiceField(label=_("Hiervoor geef ik toestemming"), required=False,
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, kinds: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["no_kinds"].choices = _kind_choices(k for k, r in kinds.items() if r.get("capped", True))
        self.fields["consents"].choices = _kind_choices(k for k, r in kinds.items() if r["legal_basis"] == "consent")
