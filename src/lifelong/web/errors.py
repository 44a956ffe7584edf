"""Error pages (403, 404, 500) in the site's layout and the reader's language, saying what to do next.

The API answers its errors in JSON (``/api/…``). Under DEBUG (the demo) Django's own 404 page lists every
URL pattern: ``FriendlyNotFoundMiddleware`` replaces it with ours; a 500 keeps DEBUG's traceback.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _reason(exception) -> str:
    """The refusal's own reason when the code gave one (``PermissionDenied("…")``), else empty."""
    if exception is None or not getattr(exception, "args", None) or not exception.args[0]:
        return ""
    return str(exception.args[0])


def _page(request, template: str, status: int, context: dict | None = None) -> HttpResponse:
    response = HttpResponse(loader.render_to_string(template, context or {}, request), status=status)
    response.lifelong_error_page = True
    return response


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Niet gevonden.")}, status=404)
    return _page(request, "errors/404.html", 404, {"path": request.path})


def bad_request(request, exception=None):
    """A request Django could not read (a broken multipart body, too many fields …): 400 with the reason."""
    from django.http.multipartparser import MultiPartParserError

    reason = _("Je verzoek kon niet gelezen worden.")
    if isinstance(exception, MultiPartParserError):
        reason = _("De inhoud van je verzoek is geen geldige multipart/form-data (%(e)s).") % {"e": exception}
    if _is_api(request):
        return JsonResponse({"detail": reason}, status=400)
    return HttpResponse(reason, content_type="text/plain; charset=utf-8", status=400)


def permission_denied(request, exception=None):
    reason = _reason(exception)
    if _is_api(request):
        return JsonResponse({"detail": reason or _("Je hebt geen toegang.")}, status=403)
    return _page(request, "errors/403.html", 403, {"reason": reason})


def csrf_failure(request, reason=""):
    """A form sent without (or with a stale) security token: say so and how to recover."""
    if _is_api(request):
        return JsonResponse({"detail": _("Het beveiligingstoken (CSRF) ontbreekt of is verlopen.")}, status=403)
    return _page(request, "errors/403.html", 403, {
        "reason": _("Het formulier was verlopen of kwam niet van deze site (beveiligingstoken ontbreekt)."),
        "csrf": True,
    })


def server_error(request):
    """The 500 page must not fail itself: no database, no user; a plain fallback when even that fails."""
    if _is_api(request):
        return JsonResponse({"detail": _("Er ging iets mis aan onze kant.")}, status=500)
    try:
        return HttpResponse(loader.render_to_string("errors/500.html", {"request_path": request.path}), status=500)
    except Exception:  # the layout itself failed: still one clear page
        log.exception("the 500 page could not be rendered")
        return HttpResponse(_("Er ging iets mis aan onze kant. Probeer het later opnieuw."),
                            content_type="text/plain; charset=utf-8", status=500)


class FriendlyNotFoundMiddleware:
    """Under DEBUG Django answers an unknown page with its URL list: answer with our 404 instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (settings.DEBUG and response.status_code == 404 and not getattr(response, "lifelong_error_page", False)
                and response.get("Content-Type", "").startswith("text/html")):
            return not_found(request)
        return response
