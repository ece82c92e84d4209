from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "laoke.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Writes that change the book move its version (cached KPI pack and dashboard)."""
        from laoke.web.book_cache import connect

        connect()
