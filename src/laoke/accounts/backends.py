"""Authentication: Django's model backend, plus departed people and lockouts are refused."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from laoke.accounts.throttle import attempt_succeeded, begin_attempt
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.audit.services.record import client_ip


class LockedOutError(Exception):
    """Too many failed logins for this username or address."""


class LaokeBackend(ModelBackend):
    """Passwords are checked by Django (default hasher); departed or locked-out users are refused."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        ip = client_ip(request) if request is not None else None
        if not username:
            return super().authenticate(request, username=username, password=password, **kwargs)
        # Counted before the password is checked (one atomic step), so parallel attempts cannot
        # all pass a check that none of them has recorded yet.
        if not begin_attempt(username, ip):
            record(None, AuditAction.LOGIN_LOCKED, username=username[:150], detail={"ip": ip})
            if request is not None:
                request.laoke_locked_out = True  # type: ignore[attr-defined]
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            attempt_succeeded(username, ip)
        return user

    def user_can_authenticate(self, user: Any) -> bool:
        """Inactive accounts and people who left cannot log in."""
        return bool(super().user_can_authenticate(user)) and getattr(user, "left_on", None) is None
