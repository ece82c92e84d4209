"""Shared fixtures. The database is SQLite unless LAOKE_DATABASE_URL points at PostgreSQL."""

from __future__ import annotations

import os

# Browser tests run Django's live server in a thread while Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
