"""Refuse requests whose parameters carry a NUL character (PostgreSQL cannot store or compare it)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def _field_with_nul(request: HttpRequest) -> str | None:
    """The name of the first query or form field whose value (or name) holds NUL, if any."""
    sources = [request.GET]
    if request.method == "POST" and request.content_type in {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }:
        sources.append(request.POST)
    for source in sources:
        for key, values in source.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return key.replace("\x00", "")
    return None


class RejectNulMiddleware:
    """A query-string or form value containing NUL is refused before any view queries with it.

    Pages answer 400; the API answers its documented 422 error body naming the field.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = _field_with_nul(request)
        if field is None:
            return self.get_response(request)
        message = _("A value holds a NUL character, which is not allowed.")
        if request.path.startswith("/api/"):
            # The same shape as laoke.api.errors.body (web may not import the API adapter).
            errors = [{"field": field, "message": message}]
            return JsonResponse({"detail": _("The request has errors."), "errors": errors}, status=422)
        return HttpResponseBadRequest(message)
