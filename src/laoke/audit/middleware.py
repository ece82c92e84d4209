"""Middleware that lets :func:`laoke.audit.services.record` know the client address."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from laoke.audit.services.record import client_ip, current_ip


class AuditContextMiddleware:
    """Keep the request's client address in a context variable for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip().set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip().reset(token)
