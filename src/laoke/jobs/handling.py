"""What each kind of job does. Handlers are thin: they call the apps' services and report progress.

A handler's writes are one transaction (re-score parts, pool, import) or resumable (mail sync
stores each batch with the folder's last UID), so a worker killed mid-job leaves nothing
half-written and the job can simply run again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from laoke.jobs import queue
from laoke.jobs.models import Job
from laoke.jobs.runner import JobFailed, Reporter, Retry, handler
from laoke.jobs.services import queue_job


def _as_of(job: Job) -> dt.date:
    value = (job.params or {}).get("as_of")
    return dt.date.fromisoformat(value) if value else timezone.localdate()


def in_both_languages(message: Any) -> dict[str, str]:
    """A message built by ``message()`` under English and under Chinese."""
    texts = {}
    for code, lang in (("en", "en"), ("zh", "zh-hans")):
        with translation.override(lang):
            texts[code] = str(message())
    return texts


class _Held:
    """Hold the Huey lock ``name`` for the handler; a held lock sends the job back to wait."""

    def __init__(self, name: str) -> None:
        self.lock = queue.lock(name)

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except queue.TaskLockedException as exc:
            raise Retry from exc

    def __exit__(self, *exc: object) -> None:
        self.lock.clear()


@handler("score")
def score(job: Job, report: Reporter) -> dict[str, Any]:
    """Re-score the book under the book lock: scores, forecasts, alerts, then the follow-up plan."""
    from laoke.cadence.services.book import rescore_book

    with _Held(queue.BOOK_LOCK):
        done = rescore_book(as_of=_as_of(job), progress=lambda step, percent: report(step, percent))
    return {
        "as_of": done.scores.as_of.isoformat(),
        "customers": done.scores.customers,
        "grades": done.scores.grades,
        "alerts_raised": done.scores.alerts.raised,
        "alerts_cleared": done.scores.alerts.cleared,
        "tasks_created": done.agenda.created,
    }


@handler("agenda")
def agenda(job: Job, report: Reporter) -> dict[str, Any]:
    """Recompute the rule-made follow-up tasks (under the book lock)."""
    from laoke.cadence.services.agenda import refresh_agenda

    with _Held(queue.BOOK_LOCK):
        report("agenda", 10)
        with transaction.atomic():
            done = refresh_agenda(as_of=_as_of(job))
    return {"created": done.created, "updated": done.updated, "cleared": done.cleared}


@handler("pool")
def pool(job: Job, report: Reporter) -> dict[str, Any]:
    """Return the customers nobody contacted for the team's number of days to the shared pool."""
    from laoke.customers.models import AccessPolicy
    from laoke.customers.services.pool import return_to_pool

    report("pool", 10)
    days = AccessPolicy.current().pool_after_days
    if not days:
        return {"returned": 0}
    with transaction.atomic():
        returned = return_to_pool(as_of=_as_of(job), days=days)
    return {"returned": returned}


@handler("mail")
def mail(job: Job, report: Reporter) -> dict[str, Any]:
    """Queue one sync job per connected mailbox (several workers then sync them side by side)."""
    from laoke.mailbox.models import MailAccount

    ids = list(MailAccount.objects.order_by("pk").values_list("pk", flat=True))
    for account_id in ids:
        queue_job("mailbox", params={"account": account_id}, schedule=job.schedule)
    return {"mailboxes": len(ids)}


@handler("mailbox")
def mailbox(job: Job, report: Reporter) -> dict[str, Any]:
    """Fetch the new mail of one mailbox (one sync of a mailbox at a time)."""
    from laoke.mailbox.errors import MailServerError
    from laoke.mailbox.models import MailAccount
    from laoke.mailbox.services.sync import sync_account

    account = MailAccount.objects.filter(pk=job.params.get("account")).first()
    if account is None:
        raise JobFailed("no_mailbox")
    with _Held(f"mailbox-{account.pk}"):
        report("mail", 1)
        try:
            done = sync_account(
                account=account,
                progress=lambda _folder, n, total: report("mail", done=n, total=total),
                limit=job.params.get("limit"),
            )
        except MailServerError as exc:
            raise JobFailed("message", **in_both_languages(exc.user_message)) from exc
    return {
        "fetched": done.fetched,
        "stored": done.stored,
        "skipped": len(done.skipped),
        "waiting": done.waiting,
    }


@handler("import")
def import_file(job: Job, report: Reporter) -> dict[str, Any]:
    """Import an uploaded file (all-or-nothing unless partial), then queue a re-score of the book."""
    from laoke.fileio.errors import FileReadError
    from laoke.importing.models import ImportBatch
    from laoke.project.dbstats import refresh_planner_statistics
    from laoke.web.import_flow import Upload, run_import

    p = job.params
    batch = ImportBatch.objects.get(pk=p["batch"])
    if batch.status != ImportBatch.Status.RUNNING:  # an earlier attempt committed before its worker died
        return {"rows": batch.rows_imported, "batch": batch.pk}
    upload = Upload(p["token"], p["name"], "customers" if p["kind"] == "customers" else "orders")
    report("reading", 1)
    ImportBatch.objects.filter(pk=batch.pk).update(stage="reading")
    try:
        done = run_import(
            upload,
            mapping=p["mapping"],
            partial=bool(p.get("partial")),
            user=job.created_by,
            lang=p.get("lang", "en"),
            batch=batch,
            on_read=lambda rows: report("writing", done=0, total=rows),
            progress=lambda _stage, n, total: report("writing", done=n, total=total),
        )
    except FileReadError as exc:
        _batch_failed(batch, exc.message(p.get("lang", "en")))
        raise JobFailed("message", en=exc.message("en"), zh=exc.message("zh-hans")) from exc
    except Exception as exc:
        if job.attempts >= job.max_attempts:
            _batch_failed(batch, f"{type(exc).__name__}: {exc}")
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(stage="", progress=100)
    if done.written:
        upload.path.unlink(missing_ok=True)
        refresh_planner_statistics(done.rows_imported)
        queue_job("score", user=job.created_by)
    return {"rows": done.rows_imported, "batch": batch.pk}


def _batch_failed(batch: Any, reason: str) -> None:
    from laoke.importing.models import ImportBatch

    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
        status=ImportBatch.Status.FAILED, stage="", failure=reason[:2000], finished_at=timezone.now()
    )


@handler("preview")
def preview(job: Job, report: Reporter) -> dict[str, Any]:
    """Re-score the book in memory with an edited policy and count the grade moves (nothing stored)."""
    from laoke.core.scorecard.policy_toml import policy_from_toml
    from laoke.web.policy_changes import grade_changes, scoring_date

    report("scoring", 20)
    changes = grade_changes(policy_from_toml(job.params["toml"]), as_of=scoring_date(timezone.localdate()))
    return {
        "grades": changes.grades,
        "matrix": [[a, b, n] for (a, b), n in changes.matrix.items()],
        "customers": changes.customers,
        "changed": changes.changed,
    }


@handler("export")
def export(job: Job, report: Reporter) -> dict[str, Any]:
    """Write a long export (the customer list, the year-end review) for its author, in their language."""
    from laoke.jobs.exports import remove_old, store

    p = job.params
    user = job.created_by
    if user is None or not user.is_active:
        raise JobFailed("no_author")
    remove_old()
    report("writing", 10)
    with translation.override(p.get("lang") or "en"):
        if p.get("what") == "review":
            from laoke.retention.services.review import review_export

            year = int(p["year"])
            data, rows = review_export(user, year=year, chinese=(p.get("lang") or "").startswith("zh"))
            name, suffix = f"review-{year}.xlsx", "xlsx"
        else:
            from laoke.web.customer_export import customer_export_file

            done = customer_export_file(user, query=str(p.get("query", "")), fmt=str(p.get("fmt", "xlsx")))
            data, rows, name, suffix = done.data, done.rows, done.filename, done.filename.rsplit(".", 1)[-1]
    return {"file": store(job, data, suffix=suffix), "filename": name, "rows": rows}
