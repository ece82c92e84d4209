"""Template tags of the cadence app: the win-back panel on the customer page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q

from laoke.cadence.models import ReactivationPlan

register = template.Library()


@register.inclusion_tag("cadence/_winback_panel.html")
def winback_panel(customer: Any) -> dict[str, Any]:
    """The customer's newest win-back plan with its attempt and rejection counts (nothing if none)."""
    plan = (
        ReactivationPlan.objects.filter(customer=customer)
        .annotate(n=Count("attempts"), r=Count("attempts", filter=Q(attempts__outcome="rejected")))
        .order_by("-started_on", "-pk")
        .first()
    )
    if plan is None:
        return {"plan": None}
    return {"plan": plan, "attempts": getattr(plan, "n", 0), "rejections": getattr(plan, "r", 0)}
