"""Fixtures for the cadence tests: the web tests' users and clients."""

from __future__ import annotations

from tests.web.conftest import manager, manager_client, other_sales, sales, sales_client

__all__ = ["manager", "manager_client", "other_sales", "sales", "sales_client"]
