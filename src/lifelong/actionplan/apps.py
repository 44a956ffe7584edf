from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    name = "lifelong.actionplan"
    label = "actionplan"
    verbose_name = _("Actieplan levenslang leren (LLL-matrix)")
