"""Fixtures: one real Dovecot for the session, a fresh IMAP login per test, a real SMTP listener."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from laoke.accounts.models import User
from laoke.mailbox.models import MailAccount
from laoke.mailbox.services.accounts import set_password
from tests.mailbox.servers import Dovecot, SmtpSink, running_dovecot, running_smtp

_logins = itertools.count(1)
PASSWORD = "imap-secret-1"


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """A Dovecot IMAP server on 127.0.0.1, started for the test session."""
    with running_dovecot() as server:
        yield server


@pytest.fixture
def imap_login(dovecot: Dovecot) -> str:
    """A new, empty mailbox login on the server (password PASSWORD)."""
    name = f"user{next(_logins)}"
    dovecot.add_user(name, PASSWORD)
    return name


@pytest.fixture
def smtp() -> Iterator[tuple[int, SmtpSink]]:
    """A real SMTP listener: (port, sink with the received mail)."""
    with running_smtp() as server:
        yield server


def connect_account(user: User, dovecot: Dovecot, login: str, *, email: str, **fields: object) -> MailAccount:
    """A MailAccount of the user on the test Dovecot (plain IMAP on 127.0.0.1)."""
    values: dict[str, object] = {
        "imap_host": dovecot.host,
        "imap_port": dovecot.port,
        "imap_security": "none",
    }
    account = MailAccount(user=user, email=email, username=login, **{**values, **fields})
    set_password(account=account, password=dovecot.users[login])
    account.save()
    return account
