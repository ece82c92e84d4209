"""The audit log page: managers read and filter it, team managers their team only; policy changes logged."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, Team
from laoke.audit.models import AuditAction, AuditEvent
from laoke.audit.services import record
from laoke.core.scorecard.policy import Policy
from tests.web import factories as f
from tests.web.test_policy import book, form_data  # noqa: F401 - the policy page's fixtures

pytestmark = pytest.mark.django_db

#: The CSRF tokens a page holds (the htmx header and the forms' hidden fields).
_TOKENS = re.compile(r'(?<="X-CSRFToken": ")[^"]+|(?<=name="csrfmiddlewaretoken" value=")[^"]+')


def test_manager_filters_by_action_and_user(client: Client) -> None:
    """Filtering by action and user shows only the matching events, in both languages."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    ann, bob = f.user("ann"), f.user("bob")
    record(ann, AuditAction.EXPORT, target="customers", rows=12)
    record(bob, AuditAction.EXPORT, target="customers", rows=99)
    record(ann, AuditAction.LOGIN)
    client.force_login(boss)
    client.cookies["django_language"] = "en"
    page = client.get("/audit/", {"action": "export", "who": "ann"}).content.decode()
    # The page's CSRF tokens are random letters and digits: taken out, so "99" can only be Bob's row.
    page = _TOKENS.sub("", page)
    assert '<td class="text-end">12</td>' in page and "99" not in page
    client.cookies["django_language"] = "zh-hans"
    assert "导出" in client.get("/audit/").content.decode()


def test_team_manager_sees_only_their_team(client: Client) -> None:
    """A manager in a team reads their team's events, not another team's."""
    east, west = Team.objects.create(name="East"), Team.objects.create(name="West")
    lead = f.user("lead", role=RoleChoices.MANAGER, team=east)
    mine, theirs = f.user("mine", team=east), f.user("theirs", team=west)
    record(mine, AuditAction.EXPORT, target="east-export")
    record(theirs, AuditAction.EXPORT, target="west-export")
    client.force_login(lead)
    page = client.get("/audit/").content.decode()
    assert "east-export" in page and "west-export" not in page


def test_saving_the_scoring_policy_is_audited(client: Client, book: Any) -> None:  # noqa: F811
    """A new scoring-policy version leaves a policy-change event with the manager and the note."""
    manager = f.user("pm", role=RoleChoices.MANAGER)
    client.force_login(manager)
    response = client.post(reverse("policy"), form_data(Policy(), note="stricter"))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.POLICY_CHANGE)
    assert event.user == manager and event.detail == {"note": "stricter"}
