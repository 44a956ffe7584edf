"""What the secretariat may do in the Django admin ("Beheer"), as data.

The secretariat's users are staff (``User.save``) and members of the group ``Secretariaat``, which holds
the model permissions below. Personal files (people, consents) stay out of it: those are seen through the
pages that check consent. Money is read-only: the ledger changes only through the accounts' services.
The group is brought in line after every ``migrate`` and a user joins or leaves it with the role.
"""

from __future__ import annotations

GROUP = "Secretariaat"

ALL = ("add", "change", "delete", "view")
READ = ("view",)

# app label → {model name (lower case) or "*": actions}
SECRETARIAT_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "actionplan": {"*": ALL},  # the action plan and its working groups
    "dashboard": {"*": ALL},  # indicators, targets and their values
    "forecasts": {"*": ALL},  # series, surveys, panels, combination rules
    "catalogue": {"provider": ALL, "offer": ALL, "rating": READ},
    "organisations": {"*": ALL},
    "vacancies": {"*": READ},
    "taxonomy": {"*": READ},
    "accounts": {"scheme": READ, "schemeversion": READ, "booking": READ, "hold": READ,
                 "ledgeraccount": READ, "ledgertransaction": READ},
    "guidance": {"accesslog": READ},  # oversight of who looked at whose data; not the consents themselves
    "users": {"user": ("view", "change")},
}


def secretariat_permissions():
    from django.contrib.auth.models import Permission

    wanted = []
    for app, models in SECRETARIAT_PERMISSIONS.items():
        for perm in Permission.objects.filter(content_type__app_label=app).select_related("content_type"):
            actions = models.get(perm.content_type.model, models.get("*", ()))
            if perm.codename.split("_", 1)[0] in actions:
                wanted.append(perm)
    return wanted


def ensure_secretariat_group():
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(secretariat_permissions())
    return group


def sync_user(user) -> None:
    """The secretariat's users are in the group; users of other roles are not."""
    from django.contrib.auth.models import Group

    from .models import Role

    if user.role == Role.SECRETARIAT:
        group = Group.objects.filter(name=GROUP).first() or ensure_secretariat_group()
        user.groups.add(group)
    else:
        user.groups.remove(*Group.objects.filter(name=GROUP))


def after_migrate(sender, **kwargs) -> None:
    from django.apps import apps

    from .models import Role, User

    last = [a for a in apps.get_app_configs() if a.models_module is not None][-1]
    if sender.label != last.label:  # once per migrate, when every app's permissions exist
        return
    group = ensure_secretariat_group()
    for user in User.objects.filter(role=Role.SECRETARIAT).exclude(groups=group):
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
