"""JSON API of casework: /api/v1/guidance/… (session login). A counsellor's or bridge figure's caseload."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from . import selectors

router = Router(tags=["guidance"], auth=django_auth)


class CaseOut(Schema):
    person: int
    name: str
    last_step: str | None  # "check", "plan", "booking", "attendance" or null
    last_step_at: datetime | None
    next_follow_up: datetime | None
    consent_scopes: list[str]
    waiting: list[str]


@router.get("/guidance/caseload", response=list[CaseOut],
            summary="My caseload (counsellor or bridge figure): people who gave me a consent in force; 403 otherwise")
def caseload(request):
    if not selectors.is_guide(request.user):
        raise HttpError(403, _("Alleen een loopbaanbegeleider of brugfiguur heeft een caseload."))
    return [row.__dict__ for row in selectors.caseload(request.user)]  # validated once, by the response schema
