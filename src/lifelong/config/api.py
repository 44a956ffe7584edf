"""The JSON API; OpenAPI schema at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

from lifelong import __version__
from lifelong.accounts.api import router as accounts_router
from lifelong.catalogue.api import router as catalogue_router
from lifelong.catalogue.booking.api import router as booking_router
from lifelong.dashboard.api import router as dashboard_router
from lifelong.people import api_writes  # noqa: F401  its operations (start a check, add evidence …) join api_records
from lifelong.taxonomy.api import router as taxonomy_router
from lifelong.web.refusals import install_api_handlers

api = NinjaAPI(
    title="lifelong API",
    version=__version__,
    description="Open platform for lifelong learning in Flanders. "
    "This service uses the ESCO classification of the European Commission.",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/v1/", taxonomy_router)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", booking_router)  # the compass's booking under /accounts/simulate and /accounts/bookings
api.add_router("/v1/", catalogue_router)
api.add_router("/v1/", "lifelong.catalogue.api_provider.router")  # recommendations, the provider's own offers
api.add_router("/v1/", "lifelong.people.api.router")
api.add_router("/v1/", "lifelong.people.api_records.router")  # checks, development plans, evidence (EVC)
api.add_router("/v1/", dashboard_router)
api.add_router("/v1/", "lifelong.forecasts.api.router")
api.add_router("/v1/", "lifelong.vacancies.api.router")
api.add_router("/v1/", "lifelong.mobilisation.api.router")
api.add_router("/v1/", "lifelong.employers.api.router")
api.add_router("/v1/", "lifelong.employers.api_wallet.router")  # SME wallet, top-ups, done plan actions
api.add_router("/v1/", "lifelong.casework.api.router")
install_api_handlers(api)  # every refusal and malformed request a 4xx with {"detail": ...}, never a 500
