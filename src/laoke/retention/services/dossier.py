"""The handover dossier's facts: a JSON snapshot of what the new owner must know."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum

from laoke.customers.models import Customer
from laoke.interactions.models import Interaction, Promise
from laoke.orders.models import Order, Payment
from laoke.retention.models import CustomerScore, Task, TaskStatusChoices

LAST_INTERACTIONS = 5
LAST_ORDERS = 5

OPEN_TASK_STATES = (TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED)


def dossier_facts(customer: Customer) -> dict[str, Any]:
    """Grade, state, open tasks, last interactions, orders, open payments, promises, contacts, notes."""
    score = CustomerScore.objects.filter(customer=customer).first()
    tasks = Task.objects.filter(customer=customer, status__in=OPEN_TASK_STATES).order_by("due_on")
    interactions = Interaction.objects.filter(customer=customer).order_by("-occurred_at")[:LAST_INTERACTIONS]
    orders = (
        Order.objects.filter(customer=customer)
        .annotate(total=Sum("lines__amount"))
        .order_by("-order_date")[:LAST_ORDERS]
    )
    payments = Payment.objects.filter(customer=customer, paid_date__isnull=True).order_by("due_date")
    promises = Promise.objects.filter(customer=customer, kept__isnull=True).order_by("due_date")
    return {
        "grade": score.grade if score else "",
        "state": score.state if score else "",
        "score": round(score.total, 1) if score and score.total is not None else None,
        "revenue_12m": round(score.revenue_12m) if score else None,
        "treatment_en": score.treatment_en if score else "",
        "treatment_zh": score.treatment_zh if score else "",
        "relationship_level": customer.relationship_level,
        "notes": customer.notes,
        "contacts": [
            {"name": c.name, "role": c.role, "email": c.email, "phone": c.phone, "primary": c.is_primary}
            for c in customer.contacts.all()
        ],
        "open_tasks": [
            {
                "title_msg": t.title_msg,
                "title_en": t.title_en,
                "title_zh": t.title_zh,
                "due_on": t.due_on.isoformat(),
            }
            for t in tasks
        ],
        "interactions": [
            {
                "at": i.occurred_at.date().isoformat(),
                "kind": i.kind,
                "subject": i.subject,
                "outcome": i.outcome,
            }
            for i in interactions
        ],
        "orders": [
            {
                "order_no": o.order_no,
                "date": o.order_date.isoformat(),
                "amount": float(o.total) if o.total is not None else None,
            }
            for o in orders
        ],
        "open_payments": [{"due": p.due_date.isoformat(), "amount": float(p.amount)} for p in payments],
        "open_promises": [
            {"description": p.description, "due": p.due_date.isoformat(), "kind": p.kind} for p in promises
        ],
    }
