"""Content Security Policy (Django 5.2 has none built in): scripts only from this site or with the
request's nonce, no plugins, no framing, forms and connections to this site only.

Templates mark an inline script with ``<script nonce="{{ csp_nonce }}">`` (context processor
:func:`csp_nonce`). Styles allow inline ``style`` attributes (Bootstrap utilities, htmx's indicator
style); scripts do not allow inline code or ``eval``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Give each request a fresh nonce and send the policy (``LAOKE_CSP=report-only`` to only report)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        mode = getattr(settings, "LAOKE_CSP", "enforce")
        if mode != "off":
            header = "Content-Security-Policy" + ("-Report-Only" if mode == "report-only" else "")
            if header not in response:
                response[header] = POLICY.format(nonce=nonce)
        return response


def csp_nonce(request: HttpRequest) -> dict[str, str]:
    """Context processor: ``csp_nonce`` for inline scripts."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
