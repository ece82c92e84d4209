"""Panels other pages include: the customer's portrait, the pace chart on the manager dashboard."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.customers.visibility import one_of
from laoke.pipeline.models import CustomerPortrait

register = template.Library()


@register.simple_tag(takes_context=True)
def portrait_panel(context: template.Context, customer: Customer) -> str:
    """The customer's portrait along the 002 dimensions: derived from data, plus what was edited
    (``pipeline/_portrait_panel.html``, drawn in Python by :mod:`laoke.pipeline.portrait_html`)."""
    # Imported here, not at the top: Django's template check imports every tag library when any
    # command starts, and these pull in Polars and NumPy.
    from laoke.pipeline.portrait_html import portrait_panel as draw
    from laoke.pipeline.services.portraits import cached_customer_portrait
    from laoke.platform.unset import UNSET
    from laoke.retention.models import CustomerScore

    # The 360° page reads the edited portrait with the customer (one query less).
    # (The query is built only when it was not.)
    edited = one_of(customer, "portrait", lambda: CustomerPortrait.objects.filter(customer=customer).first())
    # The 360° page has read the customer's scorecard (one query less when the portrait is drawn).
    score = context.get("score")
    portrait = cached_customer_portrait(
        customer=customer,
        as_of=timezone.localdate(),
        edited=edited,
        score=score if isinstance(score, CustomerScore) and score.customer_id == customer.pk else UNSET,
        # The 360° page has read the book version for its order cards (one query less).
        version=version if isinstance(version := context.get("book_version"), str) else None,
    )
    return draw(context, customer, portrait, edited)


@register.inclusion_tag("pipeline/_pace_panel.html", takes_context=True)
def pace_panel(context: template.Context) -> dict[str, Any]:
    """Entered vs converted targets per quarter against the 5 % rule (004)."""
    user = context.get("user")
    if not isinstance(user, User):
        return {"pace_rows": [], "pace_chart": None}
    from laoke.pipeline import presentation

    return presentation.pace_context(user)


@register.filter
def add_class(field: Any, css: str) -> Any:
    """Render a bound form field with a CSS class (Bootstrap's form-control / form-select)."""
    return field.as_widget(attrs={"class": css})


@register.simple_tag(takes_context=True)
def board_cards(context: template.Context, col: Any, stages: Any, currency: Any) -> str:
    """One board column's cards (``pipeline/_board_cards.html``), drawn in Python: the same HTML."""
    from laoke.pipeline.board_cards import board_cards as draw

    return draw(context, col, stages, currency)
