"""Login, logout and admin deletions go to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest

from laoke.audit.models import AuditAction
from laoke.audit.services.record import client_ip, current_ip, record


def _with_ip(request: HttpRequest | None) -> None:
    if request is not None and current_ip().get() is None:
        current_ip().set(client_ip(request))


@receiver(user_logged_in, dispatch_uid="laoke_audit_login")
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """A successful login."""
    _with_ip(request)
    record(user, AuditAction.LOGIN)


@receiver(user_logged_out, dispatch_uid="laoke_audit_logout")
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """A logout (``user`` is None when the session had expired)."""
    if user is not None:
        _with_ip(request)
        record(user, AuditAction.LOGOUT)


@receiver(user_login_failed, dispatch_uid="laoke_audit_login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A failed login, with the username that was typed (never the password)."""
    _with_ip(request)
    record(None, AuditAction.LOGIN_FAILED, username=str(credentials.get("username", ""))[:150])


@receiver(post_save, sender=LogEntry, dispatch_uid="laoke_audit_admin_delete")
def on_admin_delete(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """A deletion made in the admin site (Django logs it as a LogEntry)."""
    if created and instance.action_flag == DELETION:
        model = instance.content_type.model if instance.content_type else ""
        record(
            instance.user,
            AuditAction.DELETE,
            target=f"{model} {instance.object_repr}"[:300],
            rows=1,
            detail={"model": model, "object_id": instance.object_id},
        )
