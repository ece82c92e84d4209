from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.platform.nav import NavItem


class CompanyConfig(AppConfig):
    name = "laoke.company"
    label = "company"
    verbose_name = _("Company")
    default_auto_field = "django.db.models.BigAutoField"
    nav_items: tuple[NavItem, ...] = (NavItem("company_setup", _("Company"), "company", managers_only=True),)
