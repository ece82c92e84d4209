"""Errors talking to a mail server, each with a message for the user in their language."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _


class MailServerError(Exception):
    """Base class: ``user_message()`` says what went wrong and what to do, translated."""

    def user_message(self) -> str:
        return _("The mail server failed: %(detail)s") % {"detail": self}


class LoginRefused(MailServerError):
    """The server rejected the user name or password."""

    def __init__(self, server: str, username: str, detail: str = "") -> None:
        super().__init__(f"login refused for {username} at {server}: {detail}")
        self.server, self.username = server, username

    def user_message(self) -> str:
        return _(
            "%(server)s refused the login for “%(user)s”: wrong user name or password. "
            "Some providers (QQ, 163, Gmail, Outlook) need an app password or IMAP switched on."
        ) % {"server": self.server, "user": self.username}


class ServerUnreachable(MailServerError):
    """No connection: wrong host or port, firewall, or a TLS mismatch."""

    def __init__(self, server: str, reason: str) -> None:
        super().__init__(f"cannot reach {server}: {reason}")
        self.server, self.reason = server, reason

    def user_message(self) -> str:
        return _(
            "Cannot reach the mail server %(server)s (%(reason)s). "
            "Check the server name, the port and the security setting."
        ) % {"server": self.server, "reason": self.reason}


class FolderMissing(MailServerError):
    """A configured folder does not exist on the server."""

    def __init__(self, folder: str) -> None:
        super().__init__(f"no folder {folder!r}")
        self.folder = folder

    def user_message(self) -> str:
        return _(
            "The mailbox has no folder “%(folder)s”. Check the folder names in the mailbox settings."
        ) % {"folder": self.folder}


class SecretUnreadable(MailServerError):
    """The stored password cannot be decrypted (the key changed)."""

    def __init__(self) -> None:
        super().__init__("stored password cannot be decrypted")

    def user_message(self) -> str:
        return _("The stored mailbox password can no longer be read. Enter the password again.")


class SendingNotConfigured(MailServerError):
    """The mailbox has no SMTP server."""

    def __init__(self) -> None:
        super().__init__("no SMTP server configured")

    def user_message(self) -> str:
        return _("This mailbox has no SMTP server, so Laoke cannot send mail through it.")


class RecipientsRefused(MailServerError):
    """The SMTP server refused every recipient."""

    def __init__(self, recipients: str) -> None:
        super().__init__(f"recipients refused: {recipients}")
        self.recipients = recipients

    def user_message(self) -> str:
        return _("The mail server refused the recipients: %(recipients)s") % {"recipients": self.recipients}


@contextmanager
def reaching(server: str, *protocol_errors: type[Exception]) -> Iterator[None]:
    """Turn what opening a connection can raise (and the protocol's own errors) into ServerUnreachable."""
    other: tuple[type[Exception], ...] = (OSError, *protocol_errors)
    try:
        yield
    except ssl.SSLError as exc:
        raise ServerUnreachable(server, f"TLS: {exc.reason or exc}") from exc
    except TimeoutError as exc:
        raise ServerUnreachable(server, "timed out") from exc
    except socket.gaierror as exc:
        raise ServerUnreachable(server, f"unknown host ({exc.strerror})") from exc
    except other as exc:
        raise ServerUnreachable(server, getattr(exc, "strerror", None) or str(exc)) from exc
