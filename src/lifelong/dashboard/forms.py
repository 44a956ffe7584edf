from django import forms
from django.utils.translation import gettext_lazy as _

from lifelong.actionplan.forms import WHY

from .models import Indicator


class IndicatorForm(forms.ModelForm):
    why = WHY

    class Meta:
        model = Indicator
        fields = ["name", "description", "numerator", "denominator", "source", "breaks_note", "baseline_period",
                  "baseline_value", "headline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ValueForm(forms.Form):
    geo = forms.CharField(label=_("Gebiedscode (NUTS, bv. BE2)"), initial="BE2", max_length=12)
    sex = forms.CharField(label=_("Geslacht (T, F of M)"), initial="T", max_length=1)
    age = forms.CharField(label=_("Leeftijd (bv. Y25-64)"), initial="Y25-64", required=False, max_length=12)
    breakdown = forms.CharField(label=_("Uitsplitsing (total of bv. 'education: low')"), initial="total",
                                max_length=120)
    period = forms.CharField(label=_("Periode (JJJJ of JJJJ-JJJJ)"), max_length=9)
    value = forms.CharField(label=_("Waarde (decimaalpunt)"), max_length=30)
    flag = forms.CharField(label=_("Vlag (b = breuk, e = schatting, u = onbetrouwbaar)"), required=False,
                           max_length=3)
    source = forms.CharField(label=_("Bron"), max_length=500)
    why = WHY
