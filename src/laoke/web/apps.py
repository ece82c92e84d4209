from typing import Any

from django.apps import AppConfig


def _warm_after_job(*, kind: str, **_kwargs: Any) -> None:
    """Receiver of :data:`laoke.jobs.runner.job_done`: after a job that changed the book (a re-score,
    an import, a pool move, a mail sync), its worker builds the customer list's table ahead
    (:func:`laoke.web.customer_query.warm_book_table`) and words its scorecards' reasons in each
    language (:func:`laoke.web.customer_rows.warm_reason_cells`), so no request pays the read of the
    book (60-120 ms) or the wording, and no worker sorts it again. The list's code is imported when
    a job ends, not when a command starts: it reads the book with the analytics libraries, which a
    command that needs no model must not import."""
    from laoke.web.customer_export import home_currency
    from laoke.web.customer_query import BOOK_JOBS, warm_book_table
    from laoke.web.customer_rows import warm_reason_cells

    if kind in BOOK_JOBS:
        version = warm_book_table()
        warm_reason_cells(version, home_currency())


class WebConfig(AppConfig):
    name = "laoke.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the app's job kinds (the customer-list export); build the customer list's book
        table ahead once a job changed the book (:func:`_warm_after_job`)."""
        from laoke.jobs.runner import job_done
        from laoke.web import job_handlers  # noqa: F401

        job_done.connect(_warm_after_job, dispatch_uid="laoke-web-warm-customer-list")
