from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.platform.nav import NavItem


class KpiConfig(AppConfig):
    name = "laoke.kpi"
    label = "kpi"
    verbose_name = _("KPIs")
    default_auto_field = "django.db.models.BigAutoField"
    nav_items: tuple[NavItem, ...] = (NavItem("kpi", _("KPIs"), "kpi"),)
