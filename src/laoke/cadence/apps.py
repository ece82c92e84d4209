from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.web.nav import NavItem


class CadenceConfig(AppConfig):
    name = "laoke.cadence"
    label = "cadence"
    verbose_name = _("Cadence")
    default_auto_field = "django.db.models.BigAutoField"
    nav_items: tuple[NavItem, ...] = ()
