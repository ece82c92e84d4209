"""Company settings and the country and currency risk tables."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict

from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.company.middleware import forget_company_time_zone
from laoke.company.models import CompanySettings, CountryPolicy, CurrencyPolicy

_SETTING_FIELDS = ("name", "home_currency", "fiscal_year_start_month", "time_zone")


def save_settings(*, settings: CompanySettings, user: Any) -> CompanySettings:
    """Save the company settings (creating the row if needed) and audit what changed."""
    before = CompanySettings.objects.filter(pk=1).values(*_SETTING_FIELDS).first() or {}
    settings.pk = 1
    settings.save()
    forget_company_time_zone()
    after = model_to_dict(settings, fields=_SETTING_FIELDS)
    changes = {
        field: [str(before.get(field, "")), str(value)]
        for field, value in after.items()
        if before.get(field) != value
    }
    record(user, AuditAction.COMPANY_SETUP, target="company settings", detail={"changes": changes})
    return settings


def save_country_policy(*, policy: CountryPolicy, user: Any) -> CountryPolicy:
    """Save a country's policy risk (one row per country) and audit it."""
    policy.save()
    record(
        user,
        AuditAction.COMPANY_SETUP,
        target=f"country risk {policy.country}",
        detail={"risk": policy.risk, "note": policy.note},
    )
    return policy


def delete_country_policy(*, policy: CountryPolicy, user: Any) -> None:
    """Delete a country's policy risk and audit it."""
    record(user, AuditAction.COMPANY_SETUP, target=f"country risk {policy.country} deleted")
    policy.delete()


def save_currency_policy(*, policy: CurrencyPolicy, user: Any) -> CurrencyPolicy:
    """Save a currency's exchange risk (one row per currency) and audit it."""
    policy.save()
    record(
        user,
        AuditAction.COMPANY_SETUP,
        target=f"currency risk {policy.currency}",
        detail={"volatility_pct": str(policy.volatility_pct), "note": policy.note},
    )
    return policy


def delete_currency_policy(*, policy: CurrencyPolicy, user: Any) -> None:
    """Delete a currency's exchange risk and audit it."""
    record(user, AuditAction.COMPANY_SETUP, target=f"currency risk {policy.currency} deleted")
    policy.delete()
