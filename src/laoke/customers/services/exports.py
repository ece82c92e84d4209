"""Export guard for every export (pages, KPI pack, API): the salesperson limit and the audit trail.

Use::

    refused = export_refused(user, rows=n, what="customers")
    if refused is not None:
        ...tell the user: n rows is more than `refused` (the limit)...
    else:
        ...write the file...
        record_export(user, what="customers", rows=n, detail={"format": "xlsx"})
"""

from __future__ import annotations

from typing import Any

from laoke.audit.models import AuditAction, AuditEvent
from laoke.audit.services.record import record


def export_limit(user: Any) -> int | None:
    """The largest export ``user`` may make at once (None: no limit, for managers)."""
    from laoke.customers.models import AccessPolicy

    if getattr(user, "is_manager", False):
        return None
    return AccessPolicy.current().export_row_limit


def export_refused(user: Any, *, rows: int, what: str) -> int | None:
    """The limit when ``rows`` is over it for this user (the refusal is logged); None when allowed."""
    limit = export_limit(user)
    if limit is None or rows <= limit:
        return None
    record(user, AuditAction.EXPORT_REFUSED, target=what, rows=rows, detail={"limit": limit})
    return limit


def record_export(user: Any, *, what: str, rows: int, detail: dict[str, Any] | None = None) -> AuditEvent:
    """Log an export: who, what, how many rows."""
    return record(user, AuditAction.EXPORT, target=what, rows=rows, detail=detail)
