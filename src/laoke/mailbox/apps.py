from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from laoke.platform.nav import NavItem


class MailboxConfig(AppConfig):
    name = "laoke.mailbox"
    label = "mailbox"
    verbose_name = _("Mailbox")
    default_auto_field = "django.db.models.BigAutoField"
    nav_items: tuple[NavItem, ...] = (NavItem("mailbox_settings", _("Mailbox"), "mailbox"),)

    def ready(self) -> None:
        from laoke.mailbox import job_handlers  # noqa: F401  (registers the app's job kinds)
        from laoke.mailbox.draft_sender import register

        register()
