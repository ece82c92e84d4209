from typing import Any

from django.apps import AppConfig


def _warm_after_job(**kwargs: Any) -> None:
    """Receiver of :data:`laoke.jobs.runner.job_done`: :func:`laoke.web.customer_query.warm_after_job`,
    imported when a job ends, not when a command starts (it reads the book with the analytics
    libraries, which a command that needs no model must not import)."""
    from laoke.web.customer_query import warm_after_job

    warm_after_job(**kwargs)


class WebConfig(AppConfig):
    name = "laoke.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the app's job kinds (the customer-list export); build the customer list's book
        table ahead once a job changed the book (:func:`laoke.web.customer_query.warm_after_job`)."""
        from laoke.jobs.runner import job_done
        from laoke.web import job_handlers  # noqa: F401

        job_done.connect(_warm_after_job, dispatch_uid="laoke-web-warm-customer-list")
