from django import forms
from django.utils.translation import gettext_lazy as _

from lifelong.organisations.models import Statute


class EmploymentForm(forms.Form):
    person = forms.IntegerField(label=_("Persoon (nummer)"), min_value=1)
    start_date = forms.DateField(label=_("Begindatum"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Einddatum (leeg: loopt nog)"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    fte = forms.CharField(label=_("Tewerkstelling (1 = voltijds, 0,8 = 4/5)"), max_length=10)
    statute = forms.ChoiceField(label=_("Statuut"), choices=Statute.choices, initial=Statute.CLERK)
    joint_committee = forms.CharField(label=_("Paritair comité"), max_length=10, required=False)
    site = forms.CharField(label=_("Vestiging"), max_length=100, required=False)


class CorrectionForm(forms.Form):
    message = forms.CharField(label=_("Wat klopt er niet?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
