from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.platform.nav import NavItem


class ApiConfig(AppConfig):
    name = "laoke.api"
    label = "api"
    verbose_name = _("REST API")
    default_auto_field = "django.db.models.BigAutoField"
    nav_items: tuple[NavItem, ...] = (NavItem("api:tokens_page", _("API tokens"), "api_tokens"),)
