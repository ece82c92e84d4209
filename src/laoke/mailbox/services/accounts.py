"""Connecting a mailbox: store it with the password encrypted, and check that the server lets us in."""

from __future__ import annotations

import imaplib

from laoke.mailbox import imap
from laoke.mailbox.crypto import decrypt_secret, encrypt_secret
from laoke.mailbox.models import MailAccount


def set_password(*, account: MailAccount, password: str) -> None:
    """Keep the password encrypted on the account (not saved: the caller saves)."""
    account.password_encrypted = encrypt_secret(password)


def account_password(account: MailAccount) -> str:
    """The stored password in clear, for one connection."""
    return decrypt_secret(account.password_encrypted)


def open_session(*, account: MailAccount, password: str | None = None) -> imaplib.IMAP4:
    """A logged-in IMAP session for the account (with ``password`` when given, else the stored one)."""
    return imap.connect(
        host=account.imap_host,
        port=account.imap_port,
        security=account.imap_security,
        username=account.username,
        password=account_password(account) if password is None else password,
    )


def check_connection(*, account: MailAccount, password: str | None = None) -> None:
    """Log in and out once; raises a MailServerError that says what is wrong."""
    session = open_session(account=account, password=password)
    imap.logout(session)
