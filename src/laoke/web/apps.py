from typing import Any

from django.apps import AppConfig


def _build_list_ahead() -> None:
    """Build the customer list's table ahead (:func:`laoke.web.customer_query.warm_book_table`) and
    word its scorecards' reasons in each language (:func:`laoke.web.customer_rows.warm_reason_cells`)
    for the book as it is, so no request pays the read of the book (60-120 ms) or the wording, and
    no worker sorts it again. The list's code is imported here, not when a command starts: it reads
    the book with the analytics libraries, which a command that needs no model must not import."""
    from laoke.web.customer_export import home_currency
    from laoke.web.customer_query import warm_book_table
    from laoke.web.customer_rows import warm_reason_cells

    version = warm_book_table()
    warm_reason_cells(version, home_currency())


def _warm_after_job(*, kind: str, **_kwargs: Any) -> None:
    """Receiver of :data:`laoke.jobs.runner.job_done`: after a job that changed the book (a re-score,
    an import, a pool move, a mail sync), its worker builds the customer list ahead
    (:func:`_build_list_ahead`)."""
    from laoke.web.customer_query import BOOK_JOBS

    if kind in BOOK_JOBS:
        _build_list_ahead()


def _warm_at_start(**_kwargs: Any) -> None:
    """Receiver of :data:`laoke.jobs.runner.worker_started`: a worker that starts builds the
    customer list's table and words its reasons ahead (:func:`_build_list_ahead`, as after a job)
    unless they are ready for the book as it is now. ``make run`` scores the demo book with the
    command, then serves it: without this the first visitors of the list after a start paid the
    wording of each row they drew (600 lists drawn as under load, PostgreSQL: the CPU's 95th
    percentile 18 -> 14 ms)."""
    from django.conf import settings

    from laoke.customers.book_cache import book_version
    from laoke.web.customer_export import home_currency
    from laoke.web.customer_query import book_table_ready
    from laoke.web.customer_rows import book_reason_cells

    version, currency = book_version(), home_currency()
    worded = all(
        book_reason_cells(version, language, currency) is not None for language, _n in settings.LANGUAGES
    )
    if not (worded and book_table_ready(version)):
        _build_list_ahead()


class WebConfig(AppConfig):
    name = "laoke.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the app's job kinds (the customer-list export); build the customer list's book
        table ahead once a job changed the book (:func:`_warm_after_job`) and when a worker starts
        (:func:`_warm_at_start`)."""
        from laoke.jobs.runner import job_done, worker_started
        from laoke.web import job_handlers  # noqa: F401

        job_done.connect(_warm_after_job, dispatch_uid="laoke-web-warm-customer-list")
        worker_started.connect(_warm_at_start, dispatch_uid="laoke-web-warm-at-start")
