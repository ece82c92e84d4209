from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "laoke.importing"
    label = "importing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the app's job handlers (every process may run a job: workers, and tests inline)."""
        from laoke.importing import job_handlers  # noqa: F401
