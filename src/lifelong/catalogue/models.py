from django.db import models
from django.utils.translation import gettext_lazy as _

from lifelong.reference import PROVINCE_CHOICES


class ProviderKind(models.TextChoices):
    ADULT_EDUCATION = "adult_education", _("volwassenenonderwijs (CVO, CBE)")
    PUBLIC_EMPLOYMENT = "public_employment", _("publieke dienst voor arbeidsbemiddeling")
    HIGHER_EDUCATION = "higher_education", _("hoger onderwijs")
    SECTOR_FUND = "sector_fund", _("sectorfonds")
    PRIVATE = "private", _("private opleidingsverstrekker")
    NON_PROFIT = "non_profit", _("vzw of sociaal-cultureel werk")


class QualityStatus(models.TextChoices):
    REGISTERED = "registered", _("geregistreerd voor Vlaamse incentives")
    PENDING = "pending", _("registratie in behandeling")
    NONE = "none", _("niet geregistreerd")


class Provider(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=ProviderKind.choices)
    quality_status = models.CharField(_("kwaliteitsstatus"), max_length=12, choices=QualityStatus.choices,
                                      default=QualityStatus.NONE)
    province = models.CharField(_("provincie"), max_length=4, choices=PROVINCE_CHOICES)
    postcode = models.CharField(_("postcode"), max_length=4)
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL)
    staff = models.ManyToManyField("users.User", blank=True, related_name="providers",
                                   help_text=_("gebruikers (rol opleidingsverstrekker) die voor deze aanbieder werken"))
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("opleidingsverstrekker")
        verbose_name_plural = _("opleidingsverstrekkers")

    def __str__(self) -> str:
        return self.name

    def is_staffed_by(self, user) -> bool:
        return self.staff.filter(pk=user.pk).exists()
