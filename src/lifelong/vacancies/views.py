"""The analyst page: rising and falling competences in job ads, a trend per competence, the last run."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.reference import NACE_CHOICES
from lifelong.users.permissions import role_required

from . import permissions, selectors, services
from .places import PROVINCE_NAMES


def _filters(request) -> tuple[str, str]:
    province = request.GET.get("provincie", "")
    sector = request.GET.get("sector", "")
    return (province if province in PROVINCE_NAMES else ""), (sector if sector in dict(NACE_CHOICES) else "")


@role_required(*permissions.READ_ROLES)
def analysis(request):
    province, sector = _filters(request)
    language = (get_language() or "nl")[:2]
    trends = selectors.trends(province=province, sector=sector, language=language)
    uri = request.GET.get("competentie") or next((t.uri for t in trends["rising"] + trends["falling"]), "")
    chart = series = label = None
    if uri:
        label = selectors.labels_by_uri([uri], language)[uri]
        series = selectors.skill_series(uri, province=province, sector=sector)
        chart = selectors.trend_chart(uri, str(label), series)
    return render(request, "vacancies/analysis.html", {
        "trends": trends, "province": province, "sector": sector, "provinces": sorted(PROVINCE_NAMES.items()),
        "sectors": NACE_CHOICES, "uri": uri, "label": label, "series": series, "chart": chart,
        "run": selectors.latest_run(), "states": selectors.status_counts(),
        "can_run": permissions.can_run(request.user), "window": selectors.WINDOW, "min_ads": selectors.MIN_ADS,
        "query": request.GET.urlencode()})


@role_required(*permissions.RUN_ROLES)
@require_POST
def start_run(request):
    if not permissions.can_run(request.user):
        raise PermissionDenied
    run = services.request_processing(actor=request.user)
    messages.success(request, _("Verwerking #%(n)s staat in de wachtrij.") % {"n": run.pk})
    return redirect("vacancies:analysis")
