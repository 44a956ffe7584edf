from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lifelong.accounts"
    label = "accounts"
    verbose_name = _("Leer- en loopbaanrekening")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        # wired once the apps are loaded (ready() may import models; apps.py itself may not): the account's part of
        # a person's data export, and reconciling the ledger when a person is erased
        from lifelong.people.selectors import register_personal_data
        from lifelong.people.signals import person_erased  # (see the comment above)

        from .models import Scheme, SchemeVersion
        from .selectors import personal_data
        from .services import clear_scheme_cache
        from .services.erasure import on_person_erased

        register_personal_data("learning_account", personal_data)
        person_erased.connect(on_person_erased, dispatch_uid="accounts-reconcile-after-erasure")

        for model in (Scheme, SchemeVersion):
            post_save.connect(clear_scheme_cache, sender=model, dispatch_uid=f"scheme-cache-save-{model.__name__}")
            post_delete.connect(clear_scheme_cache, sender=model, dispatch_uid=f"scheme-cache-del-{model.__name__}")
