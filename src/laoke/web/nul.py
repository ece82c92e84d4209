"""Refuse requests whose parameters carry a NUL character (PostgreSQL cannot store or compare it)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    """A query-string or form value containing NUL is answered 400, before any view queries with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = [v for _k, vs in request.GET.lists() for v in vs]
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            values += [v for _k, vs in request.POST.lists() for v in vs]
        if any("\x00" in v for v in values):
            return HttpResponseBadRequest(_("A value holds a NUL character, which is not allowed."))
        return self.get_response(request)
