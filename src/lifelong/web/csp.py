"""Content-Security-Policy on every response (Django 5.2 has none built in): the policy is data in settings.

A view that needs another policy (an evidence file: a sandbox) sets the header itself; it is kept.
"""

from __future__ import annotations

from django.conf import settings


def policy_header(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = policy_header(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.header
        return response
