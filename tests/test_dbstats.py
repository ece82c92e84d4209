"""Planner statistics after bulk loads (PostgreSQL only)."""

from __future__ import annotations

import pytest
from django.db import connection

from laoke.platform.dbstats import BULK_ROWS, refresh_planner_statistics

pytestmark = pytest.mark.django_db


def test_statistics_are_refreshed_after_bulk_loads_on_postgresql_only() -> None:
    """It analyses after a bulk load on PostgreSQL, never after a small one, never on SQLite."""
    assert refresh_planner_statistics(BULK_ROWS - 1) is False
    assert refresh_planner_statistics(BULK_ROWS) is (connection.vendor == "postgresql")
