"""Customer 360°: header, scorecard, charts, alerts, timeline, contacts, orders, payments, loss."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user
from laoke.customers.book_cache import cached_for_everyone
from laoke.customers.models import Customer
from laoke.customers.permissions import may_manage_customer
from laoke.customers.visibility import customer_for, one_of, visible_for
from laoke.retention.models import Alert, CustomerScore, Forecast
from laoke.retention.services.activity import log_touch
from laoke.retention.services.alerts import AlreadyDismissedError, dismiss_alert
from laoke.retention.services.tasks import active_tasks
from laoke.web import customer_360 as c360
from laoke.web.customer_data_cards import orders_card, payments_card
from laoke.web.customer_frame import customer_html
from laoke.web.customer_panels import action_panels, loss_forms
from laoke.web.forms import DismissAlertForm, InteractionQuickForm

TIMELINE_ROWS = 30

#: Panels below the fold and their templates, drawn when they come into view (htmx asks
#: ``customer_panel``) instead of with the page; ``?show=NAME`` draws one in the page (the link
#: shown without scripts).
_PANEL_TEMPLATES = {"timeline": "web/partials/timeline.html", "history": "web/customer/_history_panel.html"}
DEFERRED_PANELS = tuple(_PANEL_TEMPLATES)
#: Anchors inside a deferred panel: a redirect to one asks for the panel in the page.
_PANEL_OF_ANCHOR = {
    "h-timeline": "timeline",
    "timeline": "timeline",
    "history": "history",
    "h-tasks": "history",
    "h-promises": "history",
    "h-states": "history",
    "h-loss": "history",
}


def customer_url(customer_id: int, anchor: str) -> str:
    """The customer's page at ``anchor``, with the deferred panel that holds it drawn in the page."""
    url = reverse("customer_detail", args=[customer_id])
    panel = _PANEL_OF_ANCHOR.get(anchor)
    return f"{url}?show={panel}#{anchor}" if panel else f"{url}#{anchor}"


def _back_to_customer(request: HttpRequest, customer_id: int, anchor: str) -> HttpResponse | None:
    """Without htmx (a click before the script ran, or scripts off) the form posts as a page: send
    the browser back to the customer's page at the card it acted on, instead of a bare fragment."""
    if request.headers.get("HX-Request"):
        return None
    return redirect(customer_url(customer_id, anchor))


def _timeline(customer: Customer) -> list[object]:
    return list(
        customer.interactions.select_related("user", "contact").order_by("-occurred_at", "-pk")[
            :TIMELINE_ROWS
        ]
    )


def _order_panels(
    customer: Customer, today: dt.date, currency: str, version: str | None = None
) -> tuple[dict[dt.date, Decimal], str, str]:
    """The monthly sales behind the charts and the drawn "Latest orders" and "Payments" cards,
    kept per customer, language, currency, day and book version: they read only orders, lines and
    payments (which move the book version when they change). A first visit reads them with two
    queries of plain values (each order's total, the latest payments). The caller checked who
    may see it."""

    def compute() -> tuple[dict[dt.date, Decimal], str, str]:
        monthly, orders = c360.order_history(customer.pk)
        payments = c360.payment_rows(customer.pk, today)
        return monthly, orders_card(currency, orders), payments_card(currency, payments)

    key = (customer.pk, get_language(), currency, str(today))
    return cached_for_everyone("customer-360-orders", key, compute, version=version)


@login_required
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The 360° page of one customer the user may see."""
    # The scorecard, forecast and edited portrait (one each at most) come with the customer.
    customer = customer_for(current_user(request), customer_id, *_ONE_EACH)
    return customer_page(request, customer, visible=True)


#: The customer's one-to-one rows the page shows, read with the customer by ``customer_detail``.
_ONE_EACH = ("score", "forecast", "portrait")


def customer_page(
    request: HttpRequest, customer: Customer, *, status: int = 200, visible: bool = False, **forms: Any
) -> HttpResponse:
    """Render the 360° page; ``forms`` replaces the action forms (a refused form with its errors).
    ``visible``: ``customer`` was just read through the user's visible customers (``customer_for``)."""
    user = current_user(request)
    today = timezone.localdate()
    # The queries are built only when the rows were not read with the customer.
    score = one_of(customer, "score", lambda: CustomerScore.objects.filter(customer=customer).first())
    forecast = one_of(customer, "forecast", lambda: Forecast.objects.filter(customer=customer).first())
    # The header's links, the win-back panel's newest plan and open loss, the policy and the home
    # currency: one query.
    facts = c360.page_facts(customer.pk)
    currency = facts.currency
    dimensions = c360.dimension_rows(score, currency=currency)
    # Read with the page's facts, for the order cards and the portrait (both kept per book version).
    version = facts.version
    monthly, orders_panel, payments_panel = _order_panels(customer, today, currency, version)
    open_alerts, dismissed_alerts = c360.alert_cards(customer)
    panels = action_panels(
        user,
        customer,
        today=today,
        forms=forms or _asked_forms(request),
        visible=visible,
        policy_text=facts.policy_text,
    )
    context = {
        "customer": customer,
        "score": score,
        "has_dossier": facts.has_dossier,
        "share_count": facts.share_count,
        # What the win-back panel reads otherwise (``laoke.cadence.templatetags.cadence_tags.KNOWN``).
        "winback_known": (customer.pk, facts.newest_plan, facts.open_loss),
        "forecast": forecast,
        "dimensions": dimensions,
        "radar": c360.radar_chart(dimensions),
        "orders_chart": c360.orders_chart(monthly, forecast, today),
        "season_chart": c360.seasonality_chart(monthly),
        "has_orders": bool(monthly),
        "alerts": open_alerts,
        "dismissed_alerts": dismissed_alerts,
        # The blank "Log a touch" form offers the contacts the page has read ({% touch_form %}).
        "touch_contacts": [c for c, _day, _form in panels["contacts"]],
        "orders_panel": mark_safe(orders_panel),
        "payments_panel": mark_safe(payments_panel),
        "currency": currency,
        "today": today,
        "nav": "customers",
        "book_version": version,
        **panels,
    }
    # A refused form shows the page as it was, every panel in it (the loss forms are in the history).
    shown = set(DEFERRED_PANELS) if forms else set(request.GET.getlist("show")) & set(DEFERRED_PANELS)
    for panel in shown:
        context.update(_panel_context(panel, customer, forms))
    context["shown"] = shown
    # The page around the content (menu, language form, footer) is kept per reader (customer_frame);
    # a refused form's page is drawn whole.
    html = customer_html(request, context, whole=bool(forms) or status != 200)
    if html is not None:
        return HttpResponse(html, status=status)
    return render(request, "web/customer_detail.html", context, status=status)


def _asked_forms(request: HttpRequest) -> dict[str, object]:
    """``?edit_contact=ID`` (the link without scripts) draws that contact's edit form in the page."""
    asked = request.GET.get("edit_contact", "")
    return {"contact_edit_id": int(asked)} if asked.isascii() and asked.isdigit() else {}


def _panel_context(panel: str, customer: Customer, forms: dict[str, object]) -> dict[str, object]:
    """What a deferred panel draws; ``forms`` holds refused forms to show again with their errors."""
    if panel == "timeline":
        return {"timeline": _timeline(customer)}
    return {
        "loss_records": customer.loss_records.select_related("recorded_by"),
        "state_changes": customer.state_changes.order_by("-changed_on")[:10],
        "tasks": active_tasks().filter(customer=customer).order_by("effective_due")[:10],
        "promises": customer.promises.order_by("-due_date")[:10],
        **loss_forms(customer, forms),
    }


@login_required
def customer_panel(request: HttpRequest, customer_id: int, panel: str) -> HttpResponse:
    """One deferred panel of the 360° page, drawn as in the page (htmx asks when it comes into view)."""
    if panel not in _PANEL_TEMPLATES:
        raise Http404
    user = current_user(request)
    customer = customer_for(user, customer_id)
    context: dict[str, object] = {"customer": customer, **_panel_context(panel, customer, {})}
    if panel == "history":
        context["may_manage"] = may_manage_customer(user, customer)
    return render(request, _PANEL_TEMPLATES[panel], context)


@login_required
@require_POST
def interaction_create(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Log a touch, with its next follow-up (htmx): returns the form, and the timeline once saved."""
    user = current_user(request)
    customer = customer_for(user, customer_id)
    form = InteractionQuickForm(request.POST, customer=customer)
    saved, follow_up = False, None
    if form.is_valid():
        with transaction.atomic():
            _touch, follow_up = log_touch(
                interaction=form.save(commit=False),
                customer=customer,
                user=user,
                follow_up_on=form.cleaned_data.get("follow_up_on"),
            )
        form = InteractionQuickForm(customer=customer)
        saved = True
    back = _back_to_customer(request, customer.pk, "touch-form")
    if back is not None:
        if saved:
            messages.success(request, _("Saved."))
        else:
            messages.error(request, _("The interaction was not saved: please check the form."))
        return back
    context = {
        "customer": customer,
        "form": form,
        "timeline": _timeline(customer),
        "saved": saved,
        "follow_up": follow_up,
    }
    # Errors come back with 200 so htmx swaps the form in and shows them next to the fields; once
    # saved, the timeline is swapped too (out of band).
    return render(request, "web/partials/touch_form.html", context)


@login_required
@require_POST
def alert_dismiss(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Dismiss an alert with a note (htmx): returns the alert card in its new state."""
    user = current_user(request)
    alert = get_object_or_404(visible_for(user, Alert.objects.select_related("customer")), pk=alert_id)
    form = DismissAlertForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            dismiss_alert(alert=alert, user=user, note=form.cleaned_data["note"])
        except AlreadyDismissedError:
            error = "already"
    back = _back_to_customer(request, alert.customer_id, "h-alerts")
    if back is not None:
        if not form.is_valid():
            messages.error(request, _("Please say why."))
        elif not error:
            messages.success(request, _("Alert dismissed: %(note)s") % {"note": form.cleaned_data["note"]})
        return back
    return render(request, "web/partials/alert.html", {"alert": alert, "dismiss_form": form, "error": error})
