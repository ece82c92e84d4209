"""The audit log records actions, logins and failed logins."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from laoke.accounts.models import User
from laoke.audit.models import AuditAction, AuditEvent
from laoke.audit.services import record

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_and_rows() -> None:
    """record() stores the user, action, target, row count and detail."""
    user = User.objects.create_user("ann", password="x-long-password")
    event = record(user, AuditAction.EXPORT, target="customers", rows=12, detail={"filter": "grade=A"})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.user, stored.username, stored.action, stored.rows) == (user, "ann", "export", 12)
    assert stored.detail == {"filter": "grade=A"}
    with translation.override("en"):
        assert stored.action_label() == "Export"
    with translation.override("zh-hans"):
        assert stored.action_label() == "导出"


def test_record_without_user_is_allowed() -> None:
    """A system action has no user and keeps the given name."""
    event = record(None, "backup", username="cli")
    assert event.user is None and event.username == "cli"


def test_login_success_and_failure_are_logged(client: Client) -> None:
    """A good and a bad password each leave one event with the typed username and the IP."""
    User.objects.create_user("bob", password="right-password-1")
    client.post("/login/", {"username": "bob", "password": "wrong"})
    client.post("/login/", {"username": "bob", "password": "right-password-1"})
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "username", "ip"))
    assert events[0] == ("login_failed", "bob", "127.0.0.1")
    assert events[1] == ("login", "bob", "127.0.0.1")


def test_deletion_in_the_admin_site_is_logged(client: Client) -> None:
    """Deleting a row in the admin site leaves a deletion event naming the model and the row."""
    from laoke.accounts.models import Team

    root = User.objects.create_superuser("root", password="x-root-pass-1")
    team = Team.objects.create(name="Old team")
    client.force_login(root)
    response = client.post(f"/admin/accounts/team/{team.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Team.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.user == root and event.target == "team Old team" and event.rows == 1
