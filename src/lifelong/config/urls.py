from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from lifelong.accounts.urls import urlpatterns as account_pages
from lifelong.catalogue.urls import booking_pages
from lifelong.people.urls import registration_pages
from lifelong.users.urls import urlpatterns as sign_in_pages
from lifelong.web.views import healthz

from .api import api

admin.site.site_header = "lifelong — secretariaat"
admin.site.site_title = "lifelong"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # signing in and the registration that makes an account's person, one address and one namespace ("users")
    path("account/", include((sign_in_pages + registration_pages, "users"))),
    path("esco/", include("lifelong.taxonomy.urls")),
    # the account's pages and the compass's booking pages, one address and one namespace ("accounts")
    path("rekening/", include((account_pages + booking_pages, "accounts"))),
    path("kompas/", include("lifelong.catalogue.urls")),
    path("loopbaan/", include("lifelong.people.urls")),
    path("begeleiden/", include("lifelong.casework.urls")),
    path("voorspellingen/", include("lifelong.forecasts.urls")),
    path("vacatures/", include("lifelong.vacancies.urls")),
    path("", include("lifelong.actionplan.urls")),  # actieplan/
    path("", include("lifelong.employers.urls")),  # werkgever/ and mijn-werk/
    path("", include("lifelong.dashboard.urls")),  # dashboard/
    path("", include("lifelong.mobilisation.urls")),  # mobilisatie/ and, under DEBUG, dev/inbox/
    path("", include("lifelong.web.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# error pages in the site's layout and the reader's language (JSON under /api/): lifelong/web/errors.py
handler400 = "lifelong.web.errors.bad_request"
handler403 = "lifelong.web.errors.permission_denied"
handler404 = "lifelong.web.errors.not_found"
handler500 = "lifelong.web.errors.server_error"

__all__ = ["urlpatterns", "i18n_patterns"]
