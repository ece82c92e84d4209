"""Reading the company settings never writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laoke.company.models import CompanySettings

pytestmark = pytest.mark.django_db


def test_load_without_a_row_writes_nothing() -> None:
    """It returns the defaults without creating the settings row or running any write."""
    CompanySettings.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        settings = CompanySettings.load()
    assert settings.home_currency == "USD" and settings.time_zone == "Asia/Shanghai"
    assert not CompanySettings.objects.exists()
    assert [
        q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")
    ] == []


def test_migrations_create_the_settings_row() -> None:
    """It finds the one settings row in a freshly migrated database."""
    assert CompanySettings.objects.filter(pk=1).exists()


def test_load_returns_the_stored_row() -> None:
    """It reads what was saved."""
    CompanySettings.objects.update_or_create(pk=1, defaults={"home_currency": "CNY"})
    assert CompanySettings.load().home_currency == "CNY"
