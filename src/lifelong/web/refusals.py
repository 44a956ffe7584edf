"""One place where hostile or malformed input becomes a refusal (4xx with a reason), never a 500.

- ``RefusalMiddleware`` refuses a ``multipart/form-data`` body without a boundary (pages and API alike; it
  ended in a 500 in the API) and NUL characters in the query string or in a form/JSON body before any view
  sees them (PostgreSQL cannot store them; a title with NUL ended in a 500), and turns a lookup of a row
  that does not exist (``ObjectDoesNotExist`` escaping a view) into the 404 page.
- ``install_api_handlers`` maps the same errors, the parse errors of a request body and the project's
  refusal exceptions to JSON answers of the API (``{"detail": ...}``) with a 4xx status.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from lifelong.errors import Refused

TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")
NUL_MARKS = (b"\x00", b"%00", b"\\u0000")


def has_nul(request) -> bool:
    if "\x00" in request.path or any("\x00" in k or any("\x00" in v for v in request.GET.getlist(k))
                                     for k in request.GET):
        return True
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in TEXT_BODIES:
        body = request.body
        return any(mark in body for mark in NUL_MARKS)
    return False


def _api(request) -> bool:
    return request.path.startswith("/api/")


def multipart_without_boundary(request) -> bool:
    """A body announced as ``multipart/form-data`` without a (usable) boundary: Django cannot split it, and the
    first read of ``request.POST`` (a view, the CSRF check) would fail deep inside."""
    if request.method not in ("POST", "PUT", "PATCH") or request.content_type != "multipart/form-data":
        return False
    boundary = request.content_params.get("boundary", "")
    return not boundary or len(boundary) > 200 or not boundary.isascii()


def _refuse(request, reason: str):
    if _api(request):
        return JsonResponse({"detail": reason}, status=400)
    from django.http import HttpResponseBadRequest

    return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if multipart_without_boundary(request):
            return _refuse(request, _("De inhoud van je verzoek is geen geldige multipart/form-data: de "
                                      "'boundary' ontbreekt in de Content-Type. Verstuur het formulier opnieuw."))
        if has_nul(request):
            return _refuse(request, _("Je invoer bevat een NUL-teken (\\0). Verwijder het en probeer opnieuw."))
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, ObjectDoesNotExist):
            raise Http404(_("Dit bestaat niet (meer).")) from exc
        return None


def _messages(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or exc.__class__.__name__


def install_api_handlers(api) -> None:
    def answer(request, status: int, detail: str):
        return api.create_response(request, {"detail": detail}, status=status)

    @api.exception_handler(ObjectDoesNotExist)
    def not_found(request, exc):
        return answer(request, 404, _("Dit bestaat niet (meer)."))

    @api.exception_handler(PermissionDenied)
    def denied(request, exc):
        return answer(request, 403, str(exc) or _("Dit mag je niet."))

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return answer(request, 422, _messages(exc))

    @api.exception_handler(MultiPartParserError)
    def bad_multipart(request, exc):
        return answer(request, 400, _("De inhoud van je verzoek is geen geldige multipart/form-data (%(e)s).")
                      % {"e": exc})

    @api.exception_handler(RecursionError)
    def too_deep(request, exc):
        return answer(request, 400, _("De inhoud van je verzoek is te diep genest."))

    @api.exception_handler(Refused)
    def refused(request, exc: Refused):
        """A rule said no (any app's refusal derives from lifelong.errors.Refused): its status and reason."""
        return api.create_response(request, {"detail": exc.reason, "code": exc.code}, status=exc.status)
