"""The audit log: who did what, when, to how many rows. Rows are only ever added."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOGIN_LOCKED = "login_locked", _("Login locked out")
    LOGOUT = "logout", pgettext_lazy("audited action", "Logged out")
    PASSWORD_CHANGE = "password_change", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Temporary password set")
    EXPORT = "export", _("Export")
    EXPORT_REFUSED = "export_refused", _("Export refused")
    HANDOVER = "handover", _("Handover")
    DEACTIVATE = "deactivate", _("Account deactivated")
    DELETE = "delete", _("Deletion")
    POLICY_CHANGE = "policy_change", _("Policy change")
    SHARE = "share", _("Customer shared")
    POOL = "pool", _("Shared pool")
    BACKUP = "backup", _("Backup")
    RESTORE = "restore", _("Restore")
    API = "api", _("API")
    COMPANY_SETUP = "company_setup", _("Company set-up")


class AuditEvent(models.Model):
    """One audited action. ``username`` keeps the name typed at a failed login (no user row)."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    target = models.CharField(pgettext_lazy("audited action", "target"), max_length=300, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "at"]), models.Index(fields=["user", "at"])]

    def action_label(self) -> str:
        """The action in the reader's language (the raw key for actions other apps invent)."""
        try:
            return str(AuditAction(self.action).label)
        except ValueError:
            return self.action

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.target}"
