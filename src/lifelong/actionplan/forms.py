"""Forms of the action plan's pages (every edit asks why: the answer goes into the history)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action, Barrier, Level, TargetGroup

WHY = forms.CharField(label=_("Waarom wijzig je dit?"), widget=forms.Textarea(attrs={"rows": 2}),
                      help_text=_("Verplicht: komt in de geschiedenis van de actie."))


class ActionForm(forms.ModelForm):
    owners_text = forms.CharField(label=_("Loodsen / trekkers (namen, gescheiden door komma's)"), required=False,
                                  max_length=1000)
    partners_text = forms.CharField(label=_("Partners (namen, gescheiden door komma's)"), required=False,
                                    max_length=1000)
    why = WHY

    class Meta:
        model = Action
        fields = ["title", "status", "status_note", "goals", "description", "procurement", "working_group",
                  "levels", "barriers", "target_groups"]
        widgets = {"levels": forms.CheckboxSelectMultiple, "barriers": forms.CheckboxSelectMultiple,
                   "target_groups": forms.CheckboxSelectMultiple,
                   "goals": forms.Textarea(attrs={"rows": 3}), "description": forms.Textarea(attrs={"rows": 3}),
                   "status_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levels"].queryset = Level.objects.all()
        self.fields["barriers"].queryset = Barrier.objects.all()
        self.fields["target_groups"].queryset = TargetGroup.objects.all()
        if self.instance.pk and not self.is_bound:
            self.initial["owners_text"] = ", ".join(s.name for s in self.instance.owners.all())
            self.initial["partners_text"] = ", ".join(s.name for s in self.instance.partners.all())

    @staticmethod
    def names(text: str) -> list[str]:
        return [n.strip() for n in (text or "").split(",") if n.strip()]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Mijlpaal"), max_length=300)
    due = forms.DateField(label=_("Gepland op (JJJJ-MM-DD)"), required=False)
    why = WHY


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    planned = forms.DecimalField(label=_("Gepland (euro)"), min_value=0, decimal_places=2, max_digits=14)
    committed = forms.DecimalField(label=_("Vastgelegd (euro)"), min_value=0, decimal_places=2, max_digits=14)
    spent = forms.DecimalField(label=_("Uitgegeven (euro)"), min_value=0, decimal_places=2, max_digits=14)
    why = WHY

    def cents(self, name: str) -> int:
        return int(self.cleaned_data[name] * 100)  # decimal_places=2: exact


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Je opmerking"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class BarrierForm(forms.ModelForm):
    why = WHY

    class Meta:
        model = Barrier
        fields = ["code", "name", "actor", "type", "description", "grounding"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "grounding": forms.Textarea(attrs={"rows": 2})}
