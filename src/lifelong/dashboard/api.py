"""JSON API of the LLL-matrix and dashboard: /api/v1/dashboard/… (read roles; headline is public)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from lifelong.actionplan import permissions
from lifelong.actionplan.models import Action

from . import selectors
from .models import Indicator

router = Router(tags=["LLL-dashboard"])


def _reader(request):
    if not permissions.can_read(request.user):
        raise HttpError(403, _("Alleen voor het partnerschap, het secretariaat, waarnemers en analisten."))


class ActionOut(Schema):
    code: str
    title: str
    flagship: int
    status: str
    levels: list[str]
    barriers: list[str]
    inferred: list[str]


class ValueOut(Schema):
    geo: str
    sex: str
    breakdown: str
    period: str
    value: float | None
    n: int | None
    flags: list[str]
    source: str


@router.get("/dashboard/actions", response=list[ActionOut])
def actions(request):
    _reader(request)
    qs = Action.objects.select_related("flagship").prefetch_related("levels", "barriers")
    return [ActionOut(code=a.code, title=a.title, flagship=a.flagship.number, status=a.status,
                      levels=[lv.code for lv in a.levels.all()], barriers=[b.code for b in a.barriers.all()],
                      inferred=a.inferred) for a in qs]


@router.get("/dashboard/indicators/{code}/values", response=list[ValueOut])
def values(request, code: str):
    _reader(request)
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise HttpError(404, _("onbekende indicator"))
    out = []
    for v in indicator.values.order_by("geo", "breakdown", "sex", "year"):
        flags = [f for f, on in (("break", v.is_break), ("estimate", v.is_estimate),
                                 ("unreliable", v.is_unreliable), ("suppressed", v.is_suppressed)) if on]
        out.append(ValueOut(geo=v.geo, sex=v.sex, breakdown=v.breakdown, period=v.period,
                            value=None if v.value is None else float(v.value), n=v.n, flags=flags, source=v.source))
    return out


@router.get("/dashboard/charts/macro")
def macro_chart(request, meting: str = "lfs_12m"):
    """The macro chart as a Vega-Lite spec (data included)."""
    _reader(request)
    return selectors.macro(meting)["spec"]


@router.get("/dashboard/headline")
def headline(request):
    """The public headline indicators (no login)."""
    table = selectors.headline_table()
    return {"columns": table.columns, "rows": [[None if v is None else str(v) for v in r] for r in table.rows]}
