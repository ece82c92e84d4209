"""Login throttling and refusal of departed accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import LoginCounter, User
from laoke.accounts.throttle import MAX_FAILURES_PER_USER, WINDOW
from laoke.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-long-password"


def login(client: Client, username: str, password: str) -> str:
    """POST the login form in English; return the page text ('' when it redirected)."""
    client.cookies["django_language"] = "en"
    response = client.post("/login/", {"username": username, "password": password})
    return "" if response.status_code == 302 else response.content.decode()


def test_lockout_after_failures_even_with_the_right_password(client: Client) -> None:
    """After five bad passwords the right one is refused with the lockout message and logged."""
    User.objects.create_user("ann", password=PASSWORD)
    for _ in range(MAX_FAILURES_PER_USER):
        assert "correct username and password" in login(client, "ann", "nope")
    page = login(client, "ann", PASSWORD)
    assert "Too many failed logins" in page
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_LOCKED, username="ann").count() == 1
    assert "_auth_user_id" not in client.session


def test_lockout_message_in_chinese(client: Client) -> None:
    """The lockout message is in Chinese for a Chinese reader."""
    User.objects.create_user("bo", password=PASSWORD)
    for _ in range(MAX_FAILURES_PER_USER):
        login(client, "bo", "nope")
    client.cookies["django_language"] = "zh-hans"
    response = client.post("/login/", {"username": "bo", "password": PASSWORD})
    assert "登录失败次数过多" in response.content.decode()


def test_lock_expires_after_the_window(client: Client) -> None:
    """Failures older than the window no longer count."""
    User.objects.create_user("cy", password=PASSWORD)
    for _ in range(MAX_FAILURES_PER_USER):
        login(client, "cy", "nope")
    earlier = timezone.now() - WINDOW - dt.timedelta(minutes=1)
    AuditEvent.objects.filter(username="cy").update(at=earlier)
    LoginCounter.objects.update(last=earlier)
    assert login(client, "cy", PASSWORD) == ""


def test_departed_person_cannot_log_in_even_if_active(client: Client) -> None:
    """A person with a leaving date is refused with the ordinary message (no hint)."""
    User.objects.create_user("dan", password=PASSWORD, left_on=dt.date(2026, 1, 1))
    assert "correct username and password" in login(client, "dan", PASSWORD)


def test_passwords_use_django_default_hasher(production_password_hashers: list[str]) -> None:
    """Stored passwords are hashed with Django's default (PBKDF2, its full round count), never plain."""
    user = User.objects.create_user("eve", password=PASSWORD)
    assert user.password.startswith("pbkdf2_sha256$") and PASSWORD not in user.password
    assert int(user.password.split("$")[1]) == PBKDF2PasswordHasher.iterations
    assert user.check_password(PASSWORD)
