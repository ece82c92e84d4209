"""Authentication: Django's model backend, plus departed people and lockouts are refused."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from laoke.accounts.throttle import is_locked
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
        if username and is_locked(username, ip):
            record(None, AuditAction.LOGIN_LOCKED, username=username[:150], detail={"ip": ip})
            if request is not None:
                request.laoke_locked_out = True  # type: ignore[attr-defined]
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user: Any) -> bool:
        """Inactive accounts and people who left cannot log in."""
        return bool(super().user_can_authenticate(user)) and getattr(user, "left_on", None) is None
