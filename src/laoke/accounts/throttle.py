"""Login throttling, counted from the audit log (so it holds across worker processes).

A username is locked for :data:`WINDOW` after :data:`MAX_FAILURES_PER_USER` failed logins since
its last good login; an address after :data:`MAX_FAILURES_PER_IP` failures within the window.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils import timezone

from laoke.audit.models import AuditAction, AuditEvent

WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_IP = 30


def is_locked(username: str, ip: str | None, *, now: dt.datetime | None = None) -> bool:
    """True when this username or address has failed too often lately."""
    since = (now or timezone.now()) - WINDOW
    name = username.strip()
    if name:
        last_ok = AuditEvent.objects.filter(
            action=AuditAction.LOGIN, username__iexact=name, at__gte=since
        ).aggregate(last=Max("at"))["last"]
        failures = AuditEvent.objects.filter(
            action=AuditAction.LOGIN_FAILED, username__iexact=name, at__gte=max(since, last_ok or since)
        ).count()
        if failures >= MAX_FAILURES_PER_USER:
            return True
    if ip:
        failures = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, ip=ip, at__gte=since).count()
        if failures >= MAX_FAILURES_PER_IP:
            return True
    return False
