"""The company's time zone is the one pages work in: its days begin and end where the company is."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from laoke.accounts.models import RoleChoices
from laoke.company.middleware import CompanyTimeZoneMiddleware, forget_company_time_zone
from laoke.company.models import CompanySettings
from laoke.company.services.setup import save_settings
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _zone_seen() -> str:
    seen: list[str] = []

    def view(request: object) -> object:
        seen.append(timezone.get_current_timezone_name())
        return None

    CompanyTimeZoneMiddleware(view)(RequestFactory().get("/"))  # type: ignore[arg-type]
    return seen[0]


def test_requests_run_in_the_company_time_zone() -> None:
    """A saved time zone is active during the next request, and only during it; an unknown name is ignored."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    forget_company_time_zone()
    settings = CompanySettings.load()
    settings.time_zone = "Europe/Berlin"
    save_settings(settings=settings, user=boss)
    assert _zone_seen() == "Europe/Berlin"
    assert timezone.get_current_timezone_name() != "Europe/Berlin"
    settings.time_zone = "Mars/Olympus"
    save_settings(settings=settings, user=boss)
    assert _zone_seen() == timezone.get_default_timezone_name()


def test_the_jobs_page_names_the_company_zone(client: Client) -> None:
    """Pages show times in the company's zone (the Jobs page names it)."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    settings = CompanySettings.load()
    settings.time_zone = "America/New_York"
    save_settings(settings=settings, user=boss)
    client.force_login(boss)
    assert "America/New_York" in client.get("/jobs/").content.decode()


def test_a_team_manager_reads_company_rules_but_cannot_change_them(client: Client) -> None:
    """Company settings and risk tables are company-wide: a team manager gets 403 on saving them."""
    from laoke.accounts.models import Team
    from laoke.company.models import CountryPolicy

    lead = f.user("lead", role=RoleChoices.MANAGER, team=Team.objects.create(name="A"))
    client.force_login(lead)
    assert client.get("/company/").status_code == 200
    assert client.post("/company/", {"name": "Hijack", "home_currency": "EUR"}).status_code == 403
    assert CompanySettings.load().name != "Hijack"
    risk = {"kind": "country", "country": "DE", "risk": "5"}
    assert client.post("/company/risks/", risk).status_code == 403
    assert not CountryPolicy.objects.filter(country="DE").exists()
