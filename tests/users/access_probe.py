"""Enumerate every URL pattern and API operation and what each role gets (shared by the matrix test)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/", "^static/")  # Django's admin (own checks: staff only, tested) and static files
SAMPLE = {"int": "987654321", "str": "GEEN-CODE", "slug": "csv", "uuid": str(uuid.UUID(int=0)), "path": "x"}

API_SAMPLE = {"credential_id": SAMPLE["uuid"], "code": SAMPLE["str"], "what": "combined"}


@dataclass(frozen=True)
class Route:
    name: str      # the rule's key: "namespace:name", or "api:<operation>" for the API
    path: str      # as a request path, objects replaced by ids that do not exist
    method: str = "GET"


def _concrete(route_pattern: str) -> str:
    def sample(match):
        converter = match.group(1) or "str"
        return SAMPLE[converter]

    text = re.sub(r"<(?:(\w+):)?\w+>", sample, route_pattern)
    return "/" + text.lstrip("^").rstrip("$")


def page_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix="", ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                child_ns = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                if child_ns == "api":
                    continue  # the API is enumerated per operation below
                walk(p.url_patterns, prefix + str(p.pattern), child_ns)
            elif isinstance(p, URLPattern):
                raw = prefix + str(p.pattern)
                if raw.startswith(SKIPPED_PREFIXES):
                    continue
                name = f"{ns}:{p.name}" if ns else (p.name or raw)
                routes.append(Route(name, _concrete(raw)))

    walk(get_resolver().url_patterns)
    return routes


def api_routes() -> list[Route]:
    from lifelong.config.api import api

    routes = [Route("api:openapi-json", "/api/openapi.json"), Route("api:openapi-view", "/api/docs")]
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            concrete = re.sub(r"\{(\w+)\}", lambda m: API_SAMPLE.get(m.group(1), SAMPLE["int"]), path)
            for operation in path_view.operations:
                for method in operation.methods:
                    routes.append(Route(f"api:{operation.view_func.__name__}",
                                        f"/api/{prefix.strip('/')}/{concrete.lstrip('/')}", method))
    return routes


def outcome(response) -> str:
    """'login' (sent to sign in / 401), 'refused' (403), or 'open' (anything else: a page, 404, 405, 422 …)."""
    if response.status_code == 401:
        return "login"
    if response.status_code in (301, 302) and "/account/login/" in response.get("Location", ""):
        return "login"
    if response.status_code == 403:
        return "refused"
    return "open"
