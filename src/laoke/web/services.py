"""Write actions the web pages offer that have no service in their own app yet.

Plain functions with keyword-only arguments; the caller owns the transaction.
TODO(next engineer): move ``dismiss_alert`` to ``laoke.retention.services.alerts`` and
``log_interaction`` to ``laoke.interactions.services`` once those modules exist.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.interactions.models import Interaction
from laoke.retention.models import Alert
from laoke.web.models import SavedView


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


def log_interaction(*, interaction: Interaction, customer: Customer, user: User) -> Interaction:
    """Save a new interaction for the customer, recorded as made by the user."""
    interaction.customer = customer
    interaction.user = user
    if not interaction.direction:
        interaction.direction = "in" if interaction.kind in {"email_in", "complaint"} else "out"
    interaction.save()
    return interaction


def save_view(*, user: User, name: str, querystring: str) -> SavedView:
    """Create or overwrite the user's saved view of that name."""
    view, _created = SavedView.objects.update_or_create(
        user=user, name=name.strip(), defaults={"querystring": querystring.lstrip("?")}
    )
    return view
