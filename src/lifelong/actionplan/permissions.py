"""Who may do what with the action plan and the dashboard (role checks live with the domain)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from lifelong.users.models import Role

#: roles that see the whole matrix and dashboard
READ_ROLES = (Role.SECRETARIAT, Role.PARTNERSHIP, Role.OBSERVER, Role.ANALYST)
#: roles that comment on actions (partnership members, the SERV observer, the secretariat)
COMMENT_ROLES = (Role.SECRETARIAT, Role.PARTNERSHIP, Role.OBSERVER)
#: roles that edit everything (actions, barriers, indicators)
EDIT_ROLES = (Role.SECRETARIAT,)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_read(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in READ_ROLES)


def can_comment(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in COMMENT_ROLES)


def can_edit_plan(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in EDIT_ROLES)


def can_edit_action(user, action) -> bool:
    """The secretariat edits every action; a working-group member edits the actions of their group."""
    if can_edit_plan(user):
        return True
    return (can_read(user) and action.working_group_id is not None
            and action.working_group.members.filter(pk=user.pk).exists())


def readers(view):
    """A page of the matrix or the dashboard: log in first; then only the partnership, the secretariat,
    observers and analysts (others: 403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
