from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "laoke.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the app's job kinds (the customer-list export); build the customer list's book
        table ahead once a job changed the book (:func:`laoke.web.customer_query.warm_after_job`)."""
        from laoke.jobs.runner import job_done
        from laoke.web import job_handlers  # noqa: F401
        from laoke.web.customer_query import warm_after_job

        job_done.connect(warm_after_job, dispatch_uid="laoke-web-warm-customer-list")
