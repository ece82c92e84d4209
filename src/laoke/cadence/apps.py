from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.platform.nav import NavItem


class CadenceConfig(AppConfig):
    name = "laoke.cadence"
    label = "cadence"
    verbose_name = _("Follow-up plan")
    default_auto_field = "django.db.models.BigAutoField"
    nav_items: tuple[NavItem, ...] = (NavItem("cadence_overview", _("Follow-up plan"), "cadence"),)

    def ready(self) -> None:
        """Register the app's job handlers (every process may run a job: workers, and tests inline)
        and the wordings of its task messages (stored by the retention app, worded when shown): the
        rules' tasks, and the trips, win-back plans and urgent tasks (plan_messages)."""
        from laoke.cadence import job_handlers  # noqa: F401
        from laoke.cadence.messages import CATALOGUE
        from laoke.platform.messages import register

        register(CATALOGUE)
        # By path: the plans' words import the trip and win-back rules and the country calendars,
        # which only a page or job that words a stored task needs.
        register("laoke.cadence.plan_messages.PLAN_MESSAGES")
