"""Who sees vacancy analysis (role checks live with the domain)."""

from lifelong.users.models import Role

#: the analyst page and the demand API
READ_ROLES = (Role.ANALYST, Role.PARTNERSHIP, Role.SECRETARIAT)
#: may start a processing run from the page
RUN_ROLES = (Role.ANALYST, Role.SECRETARIAT)


def can_read(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(*READ_ROLES)))


def can_run(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(*RUN_ROLES)))
