"""Template tags of the cadence app: the win-back panel on the customer page.

Most customers have no win-back plan: their panel is empty, or (lost or dormant) only the button
that starts one. Those two shapes are drawn in Python (:func:`_without_plan`), the same HTML as
``cadence/_winback_panel.html``, which stays the reference: its source is checked once per process
(an edited template is drawn by the template engine again) and draws every panel with a plan.
``tests/cadence/test_winback_html.py`` compares both in English and Chinese.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import connection
from django.db.models import Count, Q
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from laoke.cadence.models import AttemptOutcomeChoices, PlanStatusChoices, ReactivationPlan
from laoke.customers.permissions import may_manage_customer
from laoke.platform.prepared import PreparedRows
from laoke.platform.python_html import templates_unchanged, url_around_id
from laoke.platform.python_html import value as _v

register = template.Library()

#: The context's (customer id, id of its newest win-back plan or None, whether a loss is open),
#: when the page read them (:func:`winback_panel` reads them otherwise).
KNOWN = "winback_known"

TEMPLATE = "cadence/_winback_panel.html"
#: SHA-1 of the template source :func:`_without_plan` was written from.
TEMPLATE_SHA1 = "8b23409064396cd00f90301e8a4776a97c001217"
_checked: dict[str, bool] = {}


@register.simple_tag(takes_context=True)
def winback_panel(context: Context, customer: Any) -> SafeString:
    """The customer's newest win-back plan with its counts (touches, rejections); for a customer
    marked lost (or dormant) without an active plan, the button that starts one
    (``cadence/_winback_panel.html``; without a plan drawn in Python, the same HTML)."""
    values = _panel_values(context, customer)
    if (
        values["plan"] is None
        and context.autoescape
        and templates_unchanged({TEMPLATE: TEMPLATE_SHA1}, _checked)
    ):
        return _without_plan(context, customer, values["may_start"])
    # As the inclusion tag it was: the values alone, with the page's CSRF token.
    return mark_safe(get_template(TEMPLATE).template.render(context.new(values)))  # type: ignore[attr-defined]


def _without_plan(context: Context, customer: Any, may_start: bool) -> SafeString:
    """The panel of a customer without a win-back plan: nothing (a line break), or the button."""
    if not may_start:
        return mark_safe("\n")
    head, tail = url_around_id("cadence_plan_start")
    return mark_safe(
        '\n<section class="card shadow-sm mb-3" aria-labelledby="h-winback">\n'
        '  <div class="card-header d-flex justify-content-between"><h2 class="h6 mb-0" id="h-winback">'
        f"{_v(gettext('Win-back plan'), context)}</h2></div>\n"
        '  <div class="card-body small">\n'
        "    \n"
        "    \n"
        f'    <form method="post" action="{head}{customer.pk}{tail}" class="mt-2">\n'
        '      <input type="hidden" name="csrfmiddlewaretoken"'
        f' value="{_v(context.get("csrf_token"), context)}">\n'
        '      <p class="mb-1 text-body-secondary">'
        + _v(
            gettext(
                "Lost customers can be won back: a plan prepares the answers and the touches, "
                "and puts the first one on Today."
            ),
            context,
        )
        + "</p>\n"
        '      <button class="btn btn-sm btn-outline-primary" type="submit">'
        f"{_v(gettext('Start a win-back plan'), context)}</button>\n"
        "    </form>\n"
        "    \n"
        "  </div>\n"
        "</section>\n"
        "\n"
    )


def _panel_values(context: Context, customer: Any) -> dict[str, Any]:
    """What ``cadence/_winback_panel.html`` draws: the newest plan (or None) with its counts and
    whether the reader may start one."""
    # Imported here: Django's template check imports every tag library when any command starts,
    # and the plans service pulls in the scoring (SciPy, Polars).
    from laoke.cadence.services.plans import may_start_plan
    from laoke.platform.unset import UNSET, Unset
    from laoke.retention.models import CustomerScore

    plan = None
    # The 360° page has read the newest plan's id and whether a loss is open (with its other small
    # answers, one query): (customer id, newest plan id or None, open loss).
    known = context.get(KNOWN)
    open_loss: bool | Unset = UNSET
    if isinstance(known, tuple) and len(known) == 3 and known[0] == customer.pk:
        newest, open_loss = known[1], known[2]
    else:
        newest = _newest_plan(customer.pk)
    if newest is not None:  # most customers never had a plan: no model is read for them
        plan = _plan_with_counts(newest)
    request = context.get("request")
    user = getattr(request, "user", None)
    # The 360° page has worked out whether its reader may manage this customer (one query less).
    may_manage = context.get("may_manage")
    if not isinstance(may_manage, bool):
        may_manage = bool(user is not None and user.is_authenticated and may_manage_customer(user, customer))
    # The 360° page has read the scorecard: its state saves may_start_plan a query.
    score = context.get("score")
    state = score.state if isinstance(score, CustomerScore) and score.customer_id == customer.pk else UNSET
    # No plan at all, or the newest one active: whether one is active is known (most customers
    # never had a plan).
    active: bool | Unset = UNSET
    if plan is None:
        active = False
    elif plan.status == PlanStatusChoices.ACTIVE:
        active = True
    may_start = bool(may_manage and may_start_plan(customer, state=state, active=active, open_loss=open_loss))
    return {
        "plan": plan,
        "attempts": getattr(plan, "n", 0),
        "rejections": getattr(plan, "r", 0),
        "may_start": may_start,
        "customer": customer,
        "csrf_token": context.get("csrf_token"),
    }


def _counted_plan(plan_id: int) -> Any:
    rejected = Q(attempts__outcome=AttemptOutcomeChoices.REJECTED)
    return (
        ReactivationPlan.objects.filter(pk=plan_id)
        .values_list(*_PLAN_FIELDS)
        .annotate(n=Count("attempts", filter=~rejected), r=Count("attempts", filter=rejected))
    )


#: What the panel shows of a plan (the other fields are read if an edited template asks for them).
_PLAN_FIELDS = ("id", "status", "left_because")
#: A plan's shown fields with its touches and rejections counted: compiled once (``PreparedRows``).
_PLAN_COUNTS = PreparedRows(_counted_plan, 987654321)


def _plan_with_counts(plan_id: int) -> ReactivationPlan | None:
    """The plan (its shown fields; the others deferred) with ``n`` (touches that were no
    rejection) and ``r`` (rejections): one query, compiled once a process."""
    rows = _PLAN_COUNTS.rows(plan_id)
    if not rows:
        return None
    *fields, n, r = rows[0]
    plan = ReactivationPlan.from_db("default", list(_PLAN_FIELDS), fields)
    plan.n, plan.r = n, r  # type: ignore[attr-defined]
    return plan


def _newest_plan(customer_id: int) -> int | None:
    """The id of the customer's newest win-back plan (the latest started), if it had one: one
    query of one column, written out."""
    quote = connection.ops.quote_name
    meta = ReactivationPlan._meta
    pk, started = quote(meta.pk.column), quote(meta.get_field("started_on").column)
    sql = (  # names from the model, the id as a parameter
        f"SELECT {pk} FROM {quote(meta.db_table)} WHERE {quote(meta.get_field('customer').column)} = %s"
        f" ORDER BY {started} DESC, {pk} DESC LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [customer_id])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


@register.filter
def stage_title(code: Any) -> str:
    """A win-back stage in words in the reader's language (``new_products`` → introduce new products)."""
    from laoke.cadence.plan_messages import stage_name  # the plans' words: not at start-up

    return stage_name(code)


@register.filter
def prepared_answer(answer: Any, part: str) -> str:
    """A prepared answer's ``rejection`` (what they may say) or ``answer``, in the reader's language."""
    from laoke.cadence.plan_messages import answer_text

    return answer_text(answer, part) if isinstance(answer, dict) else ""
