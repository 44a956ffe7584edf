"""Role checks, kept with the users they describe."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from ninja.security import SessionAuth


def role_required(*roles: str):
    """View decorator: log in first, then refuse (403) every role not listed."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_role(user, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_role(user, *roles: str) -> None:
    """The same refusal as ``role_required`` (a 403 naming the roles), for an API operation of a page's rule."""
    if not (user.is_superuser or user.has_role(*roles)):
        raise PermissionDenied(_refusal(roles))


class RoleSession(SessionAuth):
    """API auth: the session (CSRF checked on writes), then the page's roles. A signed-in user of another role
    gets the page's 403 before the request body is read; a visitor 401."""

    def __init__(self, *roles: str):
        super().__init__(csrf=True)
        self.roles = roles

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            require_role(user, *self.roles)
        return user


def _refusal(roles) -> str:
    """Why a role is refused: the roles the page is for, by name (shown on the 403 page)."""
    from .models import Role

    names = ", ".join(str(Role(r).label) if r in Role.values else r for r in roles)
    return str(format_lazy(_("Deze pagina is alleen voor: {roles}."), roles=names))
