"""What the customer page needs for the manager actions: who may act, the forms and the histories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.customers.permissions import may_manage_customer
from laoke.retention.services.losses import open_loss
from laoke.web.customer_forms import ManualFactsForm, MarkLostForm, ReopenForm

#: Changes of hand-set facts shown on the page (the audit log keeps them all).
FACT_HISTORY_ROWS = 20


def action_panels(
    user: User, customer: Customer, *, today: dt.date, forms: Mapping[str, object]
) -> dict[str, Any]:
    """Context for the action panels; ``forms`` holds refused forms to show again with their errors."""
    return {
        "may_manage": may_manage_customer(user, customer),
        "facts_form": forms.get("facts_form") or ManualFactsForm(customer=customer),
        "fact_changes": customer.dimension_changes.select_related("changed_by")[:FACT_HISTORY_ROWS],
        "open_loss": open_loss(customer),
        "lost_form": forms.get("lost_form") or MarkLostForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
    }
