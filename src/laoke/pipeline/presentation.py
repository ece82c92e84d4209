"""Turn portraits, target portraits and look-alike evidence into rows for the templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from laoke.accounts.models import User
from laoke.core.portrait.dimensions import DIMENSIONS
from laoke.core.portrait.lookalike import TargetPortrait
from laoke.customers.book_cache import cached
from laoke.customers.models import PaymentTermsChoices
from laoke.pipeline import messages
from laoke.pipeline.models import BrandRoleChoices, ChannelRoleChoices
from laoke.pipeline.repositories import visible_prospects
from laoke.pipeline.services.board import pace

CHOICE_LABELS: dict[str, Any] = {
    "channel": ChannelRoleChoices,
    "brand": BrandRoleChoices,
    "payment_terms": PaymentTermsChoices,
}


def chinese() -> bool:
    """Whether the page is in Chinese."""
    return (get_language() or "").lower().startswith("zh")


def dimension_label(key: str) -> str:
    """The dimension's name in the reader's language."""
    return messages.dimension_label(key)


def format_value(key: str, value: Any, currency: str = "", *, short: bool = False) -> str:
    """One portrait value as text (— when unknown); ``short`` leaves out the words around a number."""
    if value is None or value == [] or value == "":
        return "—"
    if key in CHOICE_LABELS:
        choices = CHOICE_LABELS[key]
        return str(choices(value).label) if value in choices.values else str(value)
    if key == "attributes":
        return ", ".join(str(v) for v in value)
    if key in {"turnover", "volume"}:
        return f"{currency} {float(value):,.0f}".strip()
    if key == "headcount":
        return f"{float(value):,.0f}"
    if key == "delivery_sensitivity":
        return f"{float(value):.1f}/5".replace(".0/", "/")
    if key in {"new_products", "loyalty"}:
        return f"{float(value) * 100:.0f}%"
    if key == "punctuality":
        if short:
            return _("%(days).0f days") % {"days": float(value)}
        return _("%(days).0f days late on average") % {"days": float(value)}
    return str(value)


def portrait_rows(portrait: dict[str, Any], currency: str = "") -> list[dict[str, str]]:
    """(label, value) rows of a portrait in dimension order."""
    return [
        {
            "key": d.key,
            "label": dimension_label(d.key),
            "value": format_value(d.key, portrait.get(d.key), currency),
        }
        for d in DIMENSIONS
    ]


def target_rows(target: TargetPortrait, currency: str = "") -> list[dict[str, Any]]:
    """The target portrait as table rows: the best customers' typical value next to the whole book's."""
    rows = []
    for row in target.rows:
        if row.kind == "number":
            best = (
                _("%(median)s (half between %(low)s and %(high)s)")
                % {
                    "median": format_value(row.key, row.median, currency),
                    "low": format_value(row.key, row.low, currency, short=True),
                    "high": format_value(row.key, row.high, currency, short=True),
                }
                if row.median is not None
                else "—"
            )
            everyone = format_value(row.key, row.median_all, currency)
        elif row.kind == "category":
            best = (
                _("%(value)s (%(share).0f%% of them)")
                % {"value": format_value(row.key, row.value), "share": (row.share_best or 0) * 100}
                if row.value
                else "—"
            )
            everyone = (
                _("%(share).0f%% of all customers") % {"share": row.share_all * 100}
                if row.share_all is not None
                else "—"
            )
        else:
            best = ", ".join(f"{a} ({share * 100:.0f}%)" for a, share in row.attributes) or "—"
            everyone = "—"
        rows.append(
            {
                "key": row.key,
                "label": dimension_label(row.key),
                "best": best,
                "everyone": everyone,
                "known": row.best_count,
                "separation": row.separation,
            }
        )
    return rows


def evidence(details: dict[str, Any]) -> dict[str, Any]:
    """Look-alike evidence with labels in the reader's language."""
    return {
        "matches": [dimension_label(m["key"]) for m in details.get("matches", [])],
        "differences": [dimension_label(m["key"]) for m in details.get("differences", [])],
        "missing": [dimension_label(k) for k in details.get("missing", [])],
        "warning": messages.warning(details),
        "enough": details.get("enough", True) is not False,
        "helpful": [dimension_label(k) for k in details.get("helpful", [])],
    }


def pace_context(user: User) -> dict[str, Any]:
    """Pace rows (company and, for a manager, every salesperson) and the chart data.

    Cached per visibility scope, day, language and book version (prospects and their moves are
    part of it): the manager dashboard draws this panel on every visit.
    """
    today = timezone.localdate()
    return cached("pipeline-pace", user, (get_language(), today.isoformat()), lambda: _pace(user, today))


def _pace(user: User, today: dt.date) -> dict[str, Any]:
    table = pace(prospects=visible_prospects(user), as_of=today)
    company = table.filter(table["owner"].is_null())
    rows = table.sort(["quarter_start", "owner"], nulls_last=True).to_dicts()
    chart = {
        "quarters": company["quarter"].to_list(),
        "entered": company["entered"].to_list(),
        "converted": company["converted"].to_list(),
        "goal": company["goal"].to_list(),
        "names": {"entered": _("Entered"), "converted": _("Converted"), "goal": _("Goal")},
    }
    return {"pace_rows": rows, "pace_chart": chart}
