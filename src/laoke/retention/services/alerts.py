"""What people do with alerts.

Plain functions with keyword-only arguments; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from laoke.accounts.models import User
from laoke.retention.models import Alert


class AlreadyDismissedError(ValueError):
    """The alert was dismissed before."""


def dismiss_alert(*, alert: Alert, user: User, note: str, now: dt.datetime | None = None) -> Alert:
    """Dismiss an alert with the user's note; recomputation keeps it dismissed (same ``key``)."""
    if alert.dismissed_at is not None:
        raise AlreadyDismissedError(f"alert {alert.pk} was dismissed on {alert.dismissed_at:%Y-%m-%d}")
    alert.dismissed_at = now or timezone.now()
    alert.dismissed_by = user
    alert.dismissed_note = note.strip()
    alert.save(update_fields=["dismissed_at", "dismissed_by", "dismissed_note"])
    return alert
