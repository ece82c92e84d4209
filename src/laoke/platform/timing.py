"""``Server-Timing`` header: how long the app took to answer, for load tests and the browser's dev tools.

The header costs two clock reads per request, so it is always on. ``bench/web_load.py`` reads it to
report server time apart from network and queueing time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ServerTimingMiddleware:
    """Add ``Server-Timing: app;dur=<milliseconds>`` to every response (outermost middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        return response
