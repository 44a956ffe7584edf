from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lifelong.reference import NACE_CHOICES, PROVINCE_CHOICES, EducationLevel, LabourStatus


class Person(models.Model):
    """An adult using the platform. The facts here are what the rules (rights, target groups) read."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="person")
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("familienaam"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"))
    sex = models.CharField(_("geslacht"), max_length=1, choices=[("F", _("vrouw")), ("M", _("man")), ("X", _("X"))])
    education_level = models.CharField(_("onderwijsniveau"), max_length=6, choices=EducationLevel.CHOICES)
    labour_status = models.CharField(_("arbeidsmarktpositie"), max_length=14, choices=LabourStatus.CHOICES)
    province = models.CharField(_("provincie"), max_length=4, choices=PROVINCE_CHOICES)
    postcode = models.CharField(_("postcode"), max_length=4)
    sector = models.CharField(_("sector (NACE)"), max_length=1, choices=NACE_CHOICES, blank=True)
    employer = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="employees_set")
    is_synthetic = models.BooleanField(default=False, help_text=_("verzonnen demogegevens"))

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        constraints = [
            models.CheckConstraint(condition=models.Q(birth_year__gte=1900, birth_year__lte=2100),
                                   name="person_birth_year_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"
