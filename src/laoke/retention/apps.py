from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.platform.nav import NavItem


class RetentionConfig(AppConfig):
    name = "laoke.retention"
    label = "retention"
    verbose_name = _("Retention")
    default_auto_field = "django.db.models.BigAutoField"
    nav_items: tuple[NavItem, ...] = (
        NavItem("alert_inbox", _("Alerts"), "alert_inbox", managers_only=True),
        NavItem("year_review_index", _("Year-end review"), "year_review", managers_only=True),
    )

    def ready(self) -> None:
        from laoke.customers.signals import owners_changed
        from laoke.platform.messages import register
        from laoke.retention import job_handlers  # noqa: F401  (registers the app's job kinds)
        from laoke.retention.alert_messages import CATALOGUE as ALERT_WORDINGS
        from laoke.retention.signals import open_tasks_follow_owner
        from laoke.retention.task_messages import TASK_MESSAGES

        register(TASK_MESSAGES)  # the words of the tasks this app writes (complaints, follow-ups)

        # Stored alerts (reason_msg / action_msg) are worded through the registry.
        register(ALERT_WORDINGS)

        owners_changed.connect(open_tasks_follow_owner, dispatch_uid="retention.open_tasks_follow_owner")
