"""Who sees mobilisation (segments, campaigns, reach): the secretariat, analysts and the partnership;
only the secretariat composes and sends (``services.COMPOSERS``)."""

from __future__ import annotations

from lifelong.users.models import Role

READERS = (Role.SECRETARIAT, Role.ANALYST, Role.PARTNERSHIP)


def can_read(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in READERS))
