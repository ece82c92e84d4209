"""Behind a trusted reverse proxy the login throttle counts each client, not the proxy."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.utils import override_settings

from laoke.accounts import throttle
from laoke.accounts.models import User
from laoke.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-long-password"
PROXY = "10.0.0.5"
PER_IP = 3


def login(remote: str, forwarded: str, username: str, password: str) -> str:
    """POST the login form from ``remote`` with an X-Forwarded-For header; '' when it logged in."""
    client = Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    client.cookies["django_language"] = "en"
    response = client.post("/login/", {"username": username, "password": password})
    return "" if response.status_code == 302 else response.content.decode()


@pytest.fixture
def few_per_ip(monkeypatch: pytest.MonkeyPatch) -> None:
    """An address is locked after three failures (instead of 30) to keep the tests short."""
    monkeypatch.setattr(throttle, "MAX_FAILURES_PER_IP", PER_IP)


@override_settings(LAOKE_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_two_clients_behind_the_proxy_are_counted_separately(few_per_ip: None) -> None:
    """One client locking its address through the proxy does not lock another client's login."""
    User.objects.create_user("ann", password=PASSWORD)
    for i in range(PER_IP):
        assert "correct username and password" in login(PROXY, "203.0.113.7", f"nobody{i}", "nope")
    assert "Too many failed logins" in login(PROXY, "203.0.113.7", "ann", PASSWORD)
    assert login(PROXY, "198.51.100.20", "ann", PASSWORD) == ""
    addresses = set(AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).values_list("ip", flat=True))
    assert addresses == {"203.0.113.7"}


@override_settings(LAOKE_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_right_most_untrusted_address_is_the_client(few_per_ip: None) -> None:
    """Addresses a client writes left of its own in X-Forwarded-For change nothing."""
    for i in range(PER_IP):
        login(PROXY, f"192.0.2.{i}, 203.0.113.7, 10.0.0.9", f"nobody{i}", "nope")
    assert set(AuditEvent.objects.values_list("ip", flat=True)) == {"203.0.113.7"}


@override_settings(LAOKE_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_forged_header_from_an_untrusted_address_is_ignored(few_per_ip: None) -> None:
    """A client that is not the proxy cannot dodge its lock by inventing X-Forwarded-For."""
    User.objects.create_user("bo", password=PASSWORD)
    for i in range(PER_IP):
        login("198.51.100.99", f"192.0.2.{i}", f"nobody{i}", "nope")
    assert "Too many failed logins" in login("198.51.100.99", "192.0.2.200", "bo", PASSWORD)
    assert set(AuditEvent.objects.values_list("ip", flat=True)) == {"198.51.100.99"}


def test_without_trusted_proxies_the_header_is_ignored(few_per_ip: None) -> None:
    """By default X-Forwarded-For is never read: the proxy's own address is the client."""
    login(PROXY, "203.0.113.7", "nobody", "nope")
    assert set(AuditEvent.objects.values_list("ip", flat=True)) == {PROXY}
