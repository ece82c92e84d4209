"""What the 360° page reads once or takes from what it has: the header's links, the complaint
deadline's policy, whether a win-back plan may start."""

from __future__ import annotations

import dataclasses

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.services.plans import may_start_plan
from laoke.company.models import ScoringPolicy
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.policy_toml import policy_to_toml
from laoke.customers.models import CustomerShare, HandoverDossier
from laoke.retention.services.activity import complaint_days
from laoke.retention.services.losses import mark_lost
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def test_the_header_links_show_a_dossier_and_the_number_of_shares(
    manager_client: Client, manager: User, sales: User, other_sales: User
) -> None:
    """No dossier, no share: no dossier link, "Shared with" alone; then the link and "(2)", in both
    languages."""
    cust = f.customer(owner=sales)
    page = manager_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "Handover dossier" not in page and "Shared with</a>" in page
    HandoverDossier.objects.create(customer=cust, from_user=other_sales, to_user=sales)
    CustomerShare.objects.create(customer=cust, user=other_sales)
    CustomerShare.objects.create(customer=cust, user=manager)
    page = manager_client.get(f"/customers/{cust.pk}/").content.decode()
    assert f'href="/customers/{cust.pk}/dossiers/">Handover dossier</a>' in page
    assert "Shared with (2)</a>" in page
    manager_client.cookies["django_language"] = "zh-hans"
    page = manager_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "交接档案</a>" in page and "共享给 (2)</a>" in page


def test_the_complaint_deadline_follows_a_newly_saved_policy() -> None:
    """The default policy's days, then those of each policy saved after it (the parsed text is kept)."""
    assert complaint_days() == Policy().lifecycle.complaint_open_days
    for days in (21, 9):
        base = Policy()
        policy = dataclasses.replace(
            base, lifecycle=dataclasses.replace(base.lifecycle, complaint_open_days=days)
        )
        ScoringPolicy.objects.create(text=policy_to_toml(policy), note="t")
        assert complaint_days() == days


@pytest.mark.parametrize("state", ["active", "at_risk", "dormant", "lost", None])
def test_the_scorecards_state_given_answers_as_the_stored_one(state: str | None, sales: User) -> None:
    """Given the state the page has read, ``may_start_plan`` answers as when it reads it itself."""
    cust = f.customer(owner=sales)
    if state is not None:
        f.score(cust, state=state)
    assert may_start_plan(cust, state=state) == may_start_plan(cust)
    assert may_start_plan(cust, state=state) == (state in ("dormant", "lost"))
    mark_lost(customer=cust, reason="competitor", user=sales, lost_on=timezone.localdate())
    assert may_start_plan(cust, state=state) is True
