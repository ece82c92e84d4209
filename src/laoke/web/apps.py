from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "laoke.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the app's job kinds (the customer-list export)."""
        from laoke.web import job_handlers  # noqa: F401
