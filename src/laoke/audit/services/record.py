"""Write one audit event. Callers own the transaction (the event commits with the action)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from laoke.audit.models import AuditEvent

_request_ip: ContextVar[str | None] = ContextVar("laoke_audit_ip", default=None)


def current_ip() -> ContextVar[str | None]:
    """The context variable holding the client address of the request being served."""
    return _request_ip


def client_ip(request: HttpRequest) -> str | None:
    """The client address Django saw (``REMOTE_ADDR``; proxies are not trusted)."""
    value = request.META.get("REMOTE_ADDR") or None
    return value if isinstance(value, str) else None


def record(
    user: Any,
    action: str,
    *,
    target: str = "",
    rows: int | None = None,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one audit event.

    ``user`` is the acting user (or ``None`` for the system or an unknown visitor); ``action`` one
    of :class:`~laoke.audit.models.AuditAction` (other apps may use their own short keys);
    ``target`` what it acted on, in words ("customers export", "customer C-0042"); ``rows`` how
    many rows it touched; ``detail`` any JSON-serialisable facts.
    """
    user_model = get_user_model()
    acting = user if isinstance(user, user_model) and user.pk is not None else None
    name = username or (acting.get_username() if acting is not None else "")
    return AuditEvent.objects.create(
        user=acting,
        username=name[:150],
        action=str(action)[:40],
        target=str(target)[:300],
        rows=rows,
        detail=detail or {},
        ip=_request_ip.get(),
    )
