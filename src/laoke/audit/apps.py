"""Laoke Audit log app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.platform.nav import NavItem


class AuditConfig(AppConfig):
    name = "laoke.audit"
    label = "audit"
    verbose_name = _("Audit log")
    default_auto_field = "django.db.models.BigAutoField"
    nav_items: tuple[NavItem, ...] = (NavItem("audit_log", _("Audit log"), "audit", managers_only=True),)

    def ready(self) -> None:
        from laoke.audit import private_files, signals  # noqa: F401 - connects the receivers
