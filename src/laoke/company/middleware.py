"""Each request runs in the company's time zone (its days begin and end where the company is)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from laoke.company.models import CompanySettings

#: Cache key of the company's time zone (cleared when the settings are saved).
CACHE_KEY = "laoke.company.time_zone"
#: Seconds a process trusts its cached time zone (another process may have saved a new one).
CACHE_SECONDS = 60


def company_time_zone() -> str:
    """The company's IANA time zone name (read at most once a minute per process)."""
    name = cache.get(CACHE_KEY)
    if name is None:
        try:
            name = CompanySettings.load().time_zone or ""
        except (DatabaseError, RuntimeError):
            # No settings table yet (before migrate) or no database at all (the OpenAPI schema
            # served to a tool): the server's zone. RuntimeError is a test runner's refusal.
            return ""
        cache.set(CACHE_KEY, name, CACHE_SECONDS)
    return str(name)


def forget_company_time_zone() -> None:
    """Drop the cached time zone (after the settings changed)."""
    cache.delete(CACHE_KEY)


class CompanyTimeZoneMiddleware:
    """Activate the company's time zone for the request; an unknown name keeps the server's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = company_time_zone()
        try:
            if name:
                timezone.activate(zoneinfo.ZoneInfo(name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
