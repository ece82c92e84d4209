from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.platform.nav import NavItem


class PipelineConfig(AppConfig):
    name = "laoke.pipeline"
    label = "pipeline"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Pipeline")
    nav_items = (
        NavItem("pipeline_inquiries", _("Inquiries"), "inquiries"),
        NavItem("pipeline_board", _("Pipeline"), "pipeline"),
        NavItem("pipeline_target", _("Target profile"), "target"),
    )

    def ready(self) -> None:
        """Make the tasks this app stores as message codes (clashes, targets) readable anywhere."""
        from laoke.pipeline.task_messages import TASK_MESSAGES
        from laoke.platform.messages import register

        register(TASK_MESSAGES)
