from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.platform.nav import NavItem


class JobsConfig(AppConfig):
    name = "laoke.jobs"
    label = "jobs"
    verbose_name = _("Jobs")
    default_auto_field = "django.db.models.BigAutoField"
    nav_items: tuple[NavItem, ...] = (NavItem("jobs", _("Jobs"), "jobs", managers_only=True),)
