"""Mailbox passwords at rest."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from laoke.mailbox.crypto import decrypt_secret, encrypt_secret
from laoke.mailbox.errors import SecretUnreadable


def test_round_trip_and_no_clear_text(settings: Any) -> None:
    """The stored token never contains the password and decrypts back to it (non-ASCII too)."""
    settings.MAIL_SECRET_KEY = "key-one"
    token = encrypt_secret("授权码-secret-1")
    assert "secret" not in token and "授权码" not in token
    assert decrypt_secret(token) == "授权码-secret-1"
    assert encrypt_secret("授权码-secret-1") != token  # a fresh IV each time


def test_changed_key_asks_for_the_password_again(settings: Any) -> None:
    """After the key changes the password cannot be read, and the user is told to enter it again."""
    settings.MAIL_SECRET_KEY = "key-one"
    token = encrypt_secret("pw")
    settings.MAIL_SECRET_KEY = "key-two"
    with pytest.raises(SecretUnreadable) as error:
        decrypt_secret(token)
    with translation.override("en"):
        assert "Enter the password again" in error.value.user_message()
    settings.MAIL_SECRET_KEY = ""  # falls back to a key derived from SECRET_KEY
    assert decrypt_secret(encrypt_secret("pw")) == "pw"
