from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lifelong.accounts"
    label = "accounts"
    verbose_name = _("Leer- en loopbaanrekening")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import Scheme, SchemeVersion
        from .services import clear_scheme_cache

        for model in (Scheme, SchemeVersion):
            post_save.connect(clear_scheme_cache, sender=model, dispatch_uid=f"scheme-cache-save-{model.__name__}")
            post_delete.connect(clear_scheme_cache, sender=model, dispatch_uid=f"scheme-cache-del-{model.__name__}")
