"""Shared fixtures. The database is SQLite unless LAOKE_DATABASE_URL points at PostgreSQL."""

from __future__ import annotations

import os

from hypothesis import settings as hypothesis_settings

# Browser tests run Django's live server in a thread while Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests explore new random examples on a developer's machine; CI replays a fixed
# sequence so that a red build always points at a change, not at luck.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
