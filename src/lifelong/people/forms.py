from django import forms
from django.utils.translation import gettext_lazy as _

from lifelong.guidance.models import Scope

from .models import ActivityKind, ActivityStatus, EvidenceKind, Mastery


class DateInput(forms.DateInput):
    input_type = "date"


class QualificationForm(forms.Form):
    title = forms.CharField(label=_("Naam van het diploma of certificaat"), max_length=300)
    awarded_by = forms.CharField(label=_("Van welke school of organisatie?"), max_length=200, required=False)
    awarded_on = forms.DateField(label=_("Datum"), required=False, widget=DateInput)
    eqf_level = forms.TypedChoiceField(label=_("Niveau (EQF/VKS), als je het weet"), required=False, coerce=int,
                                       empty_value=None,
                                       choices=[("", _("weet ik niet"))] + [(i, str(i)) for i in range(1, 9)])


class ExperienceForm(forms.Form):
    uri = forms.CharField(label=_("Beroep"), widget=forms.HiddenInput, required=False)
    employer_name = forms.CharField(label=_("Werkgever"), max_length=200, required=False)
    started_on = forms.DateField(label=_("Van"), widget=DateInput)
    ended_on = forms.DateField(label=_("Tot (leeg als je er nog werkt)"), required=False, widget=DateInput)


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Titel van je plan"), max_length=200)
    goal = forms.CharField(label=_("Wat wil je bereiken?"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Wat ga je doen?"), max_length=200)
    skill_uri = forms.ChoiceField(label=_("Voor welke competentie?"), required=False)
    offer_reference = forms.CharField(label=_("Code van de opleiding (als je die hebt)"), max_length=100,
                                      required=False)
    deadline = forms.DateField(label=_("Tegen wanneer?"), required=False, widget=DateInput)

    def __init__(self, *args, skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill_uri"].choices = [("", _("(geen)"))] + list(skills)


class ActivityStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    progress = forms.IntegerField(label=_("Hoe ver ben je (%)?"), min_value=0, max_value=100, required=False)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort bewijs"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("Wat toont dit bewijs? Wat heb je gedaan?"),
                                  widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("Bestand (PDF, PNG of JPEG, hoogstens 5 MB)"), required=False)
    witness_name = forms.CharField(label=_("Naam van een getuige"), max_length=200, required=False)
    witness_contact = forms.CharField(label=_("E-mail of telefoon van de getuige"), max_length=200, required=False)


class ConsentForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres van je loopbaanbegeleider, brugfiguur of werkgever"))
    scopes = forms.MultipleChoiceField(label=_("Wat mag die persoon doen?"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       initial=[Scope.PROFILE, Scope.CHECK, Scope.EVC])
    days = forms.IntegerField(label=_("Hoeveel dagen?"), min_value=1, max_value=730, initial=180)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Beslissing"), widget=forms.RadioSelect,
                                 choices=[("approve", _("Erkennen")), ("refuse", _("Niet erkennen"))])
    level = forms.TypedChoiceField(label=_("Niveau"), choices=Mastery.choices, coerce=int)
    reasons = forms.CharField(label=_("Waarom? (de lerende leest dit)"), widget=forms.Textarea(attrs={"rows": 4}))


class DeleteForm(forms.Form):
    password = forms.CharField(label=_("Je wachtwoord"), widget=forms.PasswordInput)
