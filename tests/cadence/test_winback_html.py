"""The win-back panel of a customer without a plan drawn in Python
(``laoke.cadence.templatetags.cadence_tags``) is ``cadence/_winback_panel.html``'s HTML, to the
character: nothing for a customer that is not lost, the start button for one that is."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import ngettext

from laoke.accounts.models import User
from laoke.cadence.models import PlanStatusChoices, ReactivationAttempt, ReactivationPlan
from laoke.cadence.templatetags import cadence_tags
from laoke.retention.models import LossReasonChoices, LossRecord
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
_CLOCK = re.compile(r'(name="occurred_at" value=")[^"]*')
_TEMPLATE = Path(cadence_tags.__file__).parent.parent / "templates" / cadence_tags.TEMPLATE


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("may_start", [False, True])
@pytest.mark.parametrize("token", ["tok<&>en", None])
def test_the_panel_without_a_plan_drawn_in_python_is_the_template(
    language: str, may_start: bool, token: str | None, sales: User
) -> None:
    customer = f.customer("Lost", owner=sales)
    values = {"plan": None, "attempts": 0, "rejections": 0, "may_start": may_start, "customer": customer}
    with translation.override(language):
        drawn = str(cadence_tags._without_plan(Context({"csrf_token": token}), customer, may_start))
        reference = Template(_TEMPLATE.read_text()).render(Context({**values, "csrf_token": token}))
    assert drawn == reference
    assert ('id="h-winback"' in drawn) is may_start
    if may_start:
        assert f'action="/cadence/customers/{customer.pk}/plan/"' in drawn


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_is_the_same_drawn_either_way(
    language: str, client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lost customer's page (the start button) and an active one's (no panel), with the
    template engine and in Python."""
    lost, active = f.customer("Lost", owner=sales), f.customer("Active", owner=sales)
    f.score(active, state="active")
    f.score(lost, state="active")
    LossRecord.objects.create(customer=lost, lost_on=dt.date(2025, 4, 1), reason=LossReasonChoices.values[0])
    client.force_login(sales)
    client.cookies["django_language"] = language
    pages: dict[tuple[int, bool], str] = {}
    for fast in (True, False):
        monkeypatch.setitem(cadence_tags._checked, "ok", fast)
        for customer in (lost, active):
            html = client.get(f"/customers/{customer.pk}/").content.decode()
            pages[customer.pk, fast] = _CLOCK.sub(r"\1", _PER_REQUEST.sub(r'\1…"', html))
    assert pages[lost.pk, True] == pages[lost.pk, False]
    assert pages[active.pk, True] == pages[active.pk, False]
    assert 'id="h-winback"' in pages[lost.pk, True] and 'id="h-winback"' not in pages[active.pk, True]
    assert pages[lost.pk, True].count('name="csrfmiddlewaretoken" value="…"') >= 1


def test_the_source_drawn_is_the_template() -> None:
    cadence_tags._checked.clear()
    assert cadence_tags.templates_unchanged(
        {cadence_tags.TEMPLATE: cadence_tags.TEMPLATE_SHA1}, cadence_tags._checked
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_plan_with_its_counts_is_read_in_one_compiled_query(
    language: str, manager_client: Client, sales: User
) -> None:
    """The panel of a customer with a plan shows its status, its touches and rejections and why the
    customer left, read in one query of the shown columns (the plan's other fields are not read)."""
    customer = f.customer("Planned", owner=sales)
    plan = ReactivationPlan.objects.create(
        customer=customer, started_on=dt.date(2025, 5, 1), left_because="Price <too> high"
    )
    for day, outcome in ((2, "no_reply"), (3, "rejected"), (4, "rejected"), (5, "interested")):
        ReactivationAttempt.objects.create(plan=plan, attempted_on=dt.date(2025, 5, day), outcome=outcome)
    manager_client.cookies["django_language"] = language
    with CaptureQueriesContext(connection) as captured:
        html = manager_client.get(f"/customers/{customer.pk}/").content.decode()
    panel = html[html.index('id="h-winback"') : html.index("</section>", html.index('id="h-winback"'))]
    with translation.override(language):
        status = str(PlanStatusChoices(plan.status).label)
        tried = ngettext("Tried %(counter)s time", "Tried %(counter)s times", 2) % {"counter": 2}
        rejections = ngettext("%(counter)s rejection", "%(counter)s rejections", 2) % {"counter": 2}
    assert f'<span class="badge text-bg-light border">{status}</span>' in panel
    assert f"{tried} · {rejections}" in panel
    assert "Price &lt;too&gt; high" in panel and f'href="/cadence/plans/{plan.pk}/"' in panel
    plans = [q["sql"] for q in captured.captured_queries if '"cadence_reactivationplan"' in q["sql"]]
    assert plans and not [s for s in plans if '"came_for"' in s]
