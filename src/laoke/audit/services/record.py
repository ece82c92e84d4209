"""Write one audit event. Callers own the transaction (the event commits with the action)."""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from laoke.audit.models import AuditEvent

_request_ip: ContextVar[str | None] = ContextVar("laoke_audit_ip", default=None)


def current_ip() -> ContextVar[str | None]:
    """The context variable holding the client address of the request being served."""
    return _request_ip


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind a trusted proxy the forwarded address.

    Only when ``REMOTE_ADDR`` is one of ``LAOKE_TRUSTED_PROXIES`` is ``X-Forwarded-For`` read, from
    the right: the first address that is not itself a trusted proxy is the client (addresses left
    of it were written by the client and may be forged). Without that setting the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if not isinstance(remote, str):
        return None
    networks = _networks(tuple(getattr(settings, "LAOKE_TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            return remote  # a malformed hop: trust nothing further left
        if not _is_trusted(address, networks):
            return address
    return remote


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
