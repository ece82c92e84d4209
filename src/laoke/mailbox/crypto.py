"""Mailbox passwords encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256).

The key comes from settings: ``MAIL_SECRET_KEY`` (environment ``LAOKE_MAIL_SECRET_KEY``) when
set, else it is derived from ``SECRET_KEY``. Changing the key makes stored passwords unreadable:
the salesperson is asked to enter the password again; nothing else breaks.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from laoke.mailbox.errors import SecretUnreadable


def _fernet() -> Fernet:
    secret = str(getattr(settings, "MAIL_SECRET_KEY", "") or settings.SECRET_KEY)
    key = hashlib.sha256(b"laoke-mailbox-password:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(plain: str) -> str:
    """The password encrypted for storage."""
    return _fernet().encrypt(plain.encode()).decode("ascii")


def decrypt_secret(token: str) -> str:
    """The stored password in clear, for one connection; raises SecretUnreadable on a key change."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError) as exc:
        raise SecretUnreadable() from exc
