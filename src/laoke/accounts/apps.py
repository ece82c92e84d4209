from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.platform.nav import NavItem


class AccountsConfig(AppConfig):
    name = "laoke.accounts"
    label = "accounts"
    verbose_name = _("People and teams")
    default_auto_field = "django.db.models.BigAutoField"
    nav_items: tuple[NavItem, ...] = (
        NavItem("team", _("Team"), "team", managers_only=True),
        NavItem("pool", _("Shared pool"), "pool"),
    )
