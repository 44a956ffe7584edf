from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from lifelong import __version__
from lifelong.taxonomy.selectors import current_version


def home(request):
    return render(request, "web/home.html", {"esco": current_version()})


def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and `make demo`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the reason is useful to the operator
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor, "version": __version__})
