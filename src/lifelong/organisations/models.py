from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lifelong.reference import NACE_CHOICES, PROVINCE_CHOICES, FirmSize


class Organisation(models.Model):
    """An employer (or any organisation that learns): size, sector and region drive the rules."""

    name = models.CharField(_("naam"), max_length=200)
    enterprise_number = models.CharField(_("ondernemingsnummer"), max_length=12, unique=True)
    nace_section = models.CharField(_("sector (NACE)"), max_length=1, choices=NACE_CHOICES)
    employees = models.PositiveIntegerField(_("werknemers"), validators=[MinValueValidator(0)])
    size_class = models.CharField(_("grootte"), max_length=6, choices=FirmSize.CHOICES)
    province = models.CharField(_("provincie"), max_length=4, choices=PROVINCE_CHOICES)
    postcode = models.CharField(_("postcode"), max_length=4)
    is_synthetic = models.BooleanField(default=False, help_text=_("verzonnen demogegevens"))
    staff = models.ManyToManyField("users.User", blank=True, related_name="organisations",
                                   verbose_name=_("medewerkers met een account"),
                                   help_text=_("gebruikers (rol werkgever) die voor deze organisatie antwoorden"))

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.size_class = FirmSize.of(self.employees)
        super().save(*args, **kwargs)
