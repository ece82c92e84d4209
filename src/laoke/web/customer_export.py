"""The customer list as a file (.xlsx or .csv): the same rows whether a request or a worker writes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.customers.services.exports import record_export
from laoke.fileio.export import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from laoke.importing.services.preview import home_currency  # one reading of the setting
from laoke.web.customer_query import CustomerFilter, filtered_customers
from laoke.web.templatetags.laoke_web import reason_text

#: Reasons per customer shown in the list and written in the export.
TOP_REASONS = 2


@dataclass(frozen=True)
class ExportFile:
    """A written export: its bytes, name, content type and row count."""

    data: bytes
    filename: str
    content_type: str
    rows: int


def customer_export_file(user: User, *, query: str, fmt: str = "xlsx") -> ExportFile:
    """The customers ``user`` sees through the list's filter ``query``, in the list's order (audited)."""
    flt = CustomerFilter.from_query(QueryDict(query))
    rows = export_rows(filtered_customers(user=user, flt=flt))
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        data, content_type = csv_bytes(export_headers(), rows), CSV_CONTENT_TYPE
    else:
        fmt, content_type = "xlsx", XLSX_CONTENT_TYPE
        data = xlsx_bytes(
            export_headers(),
            rows,
            sheet=_("Customers"),
            widths={0: 14, 1: 36, **dict.fromkeys(range(2, 11), 12), 11: 60},
            number_formats={8: "#,##0"},
        )
    record_export(user, what="customers", rows=len(rows), detail={"format": fmt, "query": query[:500]})
    return ExportFile(data, f"laoke-customers-{stamp}.{fmt}", content_type, len(rows))


def export_rows(customers: QuerySet[Customer]) -> list[list[Any]]:
    """The rows of the Excel export (one per customer, the list's columns)."""
    rows = []
    currency = home_currency()
    for c in customers:
        score = getattr(c, "score", None) if _has_score(c) else None
        rows.append(
            [
                c.code,
                c.name,
                c.country,
                c.get_kind_display() if c.kind else "",
                str(c.owner) if c.owner else "",
                score.grade if score else "",
                score.treatment if score else "",
                score.get_state_display() if score and score.state else "",
                round(score.total, 1) if score and score.total is not None else None,
                score.revenue_12m if score else None,
                c.last_order,  # type: ignore[attr-defined]
                c.open_alerts,  # type: ignore[attr-defined]
                (
                    "; ".join(reason_text(r, currency) for r in (score.reasons or [])[:TOP_REASONS])
                    if score
                    else ""
                ),
            ]
        )
    return rows


def _has_score(customer: Customer) -> bool:
    try:
        customer.score  # noqa: B018 - touching the relation tells whether the row exists
    except Customer.score.RelatedObjectDoesNotExist:
        return False
    return True


def export_headers() -> list[str]:
    """Column titles of the customer export, in the reader's language."""
    return [
        _("Code"),
        _("Name"),
        _("Country"),
        _("Kind"),
        _("Owner"),
        _("Grade"),
        _("Treatment"),
        _("State"),
        _("Score"),
        _("Sales, last 12 months") + f" ({home_currency()})",
        _("Last order"),
        _("Open alerts"),
        _("Top reasons"),
    ]
