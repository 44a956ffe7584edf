from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacanciesConfig(AppConfig):
    name = "lifelong.vacancies"
    label = "vacancies"
    verbose_name = _("Vacatureanalyse")
    default_auto_field = "django.db.models.BigAutoField"
