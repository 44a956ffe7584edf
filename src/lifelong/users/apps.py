from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class UsersConfig(AppConfig):
    name = "lifelong.users"
    label = "users"
    verbose_name = "Gebruikers"

    def ready(self):
        from . import admin_rights
        from .models import User

        post_migrate.connect(admin_rights.after_migrate, dispatch_uid="lifelong-secretariat-group")
        post_save.connect(_sync_admin_rights, sender=User, dispatch_uid="lifelong-secretariat-member")


def _sync_admin_rights(sender, instance, raw=False, **kwargs):
    if not raw:
        from . import admin_rights

        admin_rights.sync_user(instance)
