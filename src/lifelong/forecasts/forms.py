from django import forms
from django.utils.translation import gettext_lazy as _

from lifelong.users.models import User
from lifelong.web.uploads import MaxUploadSize

from .models import Direction


def _uris(text: str) -> list[str]:
    return [u.strip() for u in (text or "").replace(",", "\n").splitlines() if u.strip()]


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    intro = forms.CharField(label=_("Uitleg voor werkgevers"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    occupations = forms.CharField(
        label=_("Beroepen (ESCO-URI, één per regel)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Per beroep twee vragen: verwachte aanwervingen en moeilijk invulbare vacatures."))
    skills = forms.CharField(label=_("Competenties (ESCO-URI, één per regel)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Per competentie de vraag of ze ontbreekt in de organisatie (ja/nee)."))
    training = forms.BooleanField(label=_("Vraag naar opleidingsplannen"), required=False, initial=True)
    max_count = forms.IntegerField(label=_("Hoogste toegelaten aantal per antwoord"), min_value=1, initial=10_000)
    min_cell = forms.IntegerField(label=_("Minimum antwoorden per cel voor post-stratificatie"), min_value=2,
                                  max_value=50, initial=3)

    def clean_occupations(self):
        return _uris(self.cleaned_data["occupations"])

    def clean_skills(self):
        return _uris(self.cleaned_data["skills"])


class AnswerImportForm(forms.Form):
    file = forms.FileField(label=_("CSV-bestand (enterprise_number,kind,concept_uri,value)"),
                           validators=[MaxUploadSize("IMPORT_UPLOAD_MAX_BYTES")])


class PanelForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    question = forms.CharField(label=_("Vraag aan de experten"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    concepts = forms.CharField(label=_("Competenties of beroepen (ESCO-URI, één per regel)"),
                               widget=forms.Textarea(attrs={"rows": 3}))
    experts = forms.CharField(label=_("Experten (e-mailadres, één per regel)"), widget=forms.Textarea(attrs={"rows": 3}))
    consensus_iqr = forms.FloatField(label=_("Consensusdrempel: interkwartielafstand (procentpunt)"), min_value=0.1,
                                     initial=10)

    def clean_concepts(self):
        return _uris(self.cleaned_data["concepts"])

    def clean_experts(self):
        emails = [e.lower() for e in _uris(self.cleaned_data["experts"])]
        users = {u.email: u for u in User.objects.filter(email__in=emails, is_active=True)}
        unknown = [e for e in emails if e not in users]
        if unknown:
            raise forms.ValidationError(_("Geen gebruiker met dit e-mailadres: %(e)s") % {"e": ", ".join(unknown)})
        return list(users.values())


class PanelAnswerForm(forms.Form):
    direction = forms.ChoiceField(label=_("Richting"), choices=Direction.choices, widget=forms.RadioSelect)
    change_pct = forms.FloatField(label=_("Grootte van de verandering (%)"), min_value=0, max_value=100, initial=0)
    confidence = forms.TypedChoiceField(label=_("Zekerheid"), coerce=int,
                                        choices=[(i, str(i)) for i in range(1, 6)], initial=3,
                                        help_text=_("1 = heel onzeker, 5 = heel zeker"))
    reason = forms.CharField(label=_("Reden (de andere experten lezen ze anoniem)"),
                             widget=forms.Textarea(attrs={"rows": 2}))
