from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "laoke.customers"
    label = "customers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the app's job handlers; writes that change the book move its version (cached KPI
        pack and dashboard)."""
        from laoke.customers import job_handlers  # noqa: F401
        from laoke.customers.book_cache import connect

        connect()
