"""What people read about jobs, in their language: kinds, stages and the reasons a job failed.

Rows store codes and parameters; the words are chosen when a page or ``laoke jobs`` shows them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laoke.jobs.models import Job
from laoke.platform.messages import number

#: Jobs a person or a schedule can start by name (``laoke jobs run NAME``, the Jobs page).
RUNNABLE = ("score", "agenda", "mail", "pool")

KIND_LABELS = {
    "score": gettext_lazy("Re-score the book"),
    "agenda": gettext_lazy("Refresh the follow-up plan"),
    "mail": gettext_lazy("Mail sync"),
    "mailbox": gettext_lazy("Mail sync of one mailbox"),
    "pool": gettext_lazy("Return neglected customers to the shared pool"),
    "import": gettext_lazy("Import a file"),
    "preview": gettext_lazy("Policy preview"),
    "export": gettext_lazy("Prepare a file to download"),
}

STAGE_LABELS = {
    "queued": gettext_lazy("waiting for a worker"),
    "waiting": gettext_lazy("waiting for the re-score running now"),
    "loading": gettext_lazy("loading the book"),
    "scoring": gettext_lazy("scoring"),
    "forecasting": gettext_lazy("forecasting"),
    "storing": gettext_lazy("storing"),
    "agenda": gettext_lazy("refreshing the follow-up plan"),
    "reading": gettext_lazy("reading and checking the file"),
    "writing": gettext_lazy("writing rows"),
    "mail": gettext_lazy("reading mail"),
    "pool": gettext_lazy("returning customers"),
    "retrying": gettext_lazy("failed; will try again"),
}


def kind_label(kind: str) -> str:
    """The name of a kind of job."""
    return str(KIND_LABELS.get(kind, kind))


def stage_label(stage: str) -> str:
    """What a running job is doing."""
    return str(STAGE_LABELS.get(stage, stage))


def error_text(job: Job) -> str:
    """Why the job failed (or why its last attempt failed), in the active language."""
    code, params = job.error_code, job.error_params or {}
    if not code:
        return ""
    if code == "worker_lost":
        return _("The worker running it stopped (attempt %(attempt)d of %(max)d).") % {
            "attempt": params.get("attempt", job.attempts),
            "max": job.max_attempts,
        }
    if code == "message":  # a reason already written in both languages
        lang = "zh" if _lang_is_zh() else "en"
        return str(params.get(lang) or params.get("en") or "")
    if code == "no_mailbox":
        return _("The mailbox is no longer connected.")
    if code == "no_author":
        return _("The person who asked for this file no longer has an active account.")
    return _("Unexpected error: %(error)s") % {"error": params.get("error", code)}


def _lang_is_zh() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("zh")


def old_book_warning(job: Job) -> str:
    """What a re-score says of a book whose newest order is over a year before the scoring date
    (``laoke.retention.services.scoring.STALE_AFTER_DAYS``); empty for any other job."""
    r: dict[str, Any] = job.result or {}
    if job.kind != "score" or not r.get("stale_days") or not r.get("last_order"):
        return ""
    text = _(
        "The book's newest order is on %(last)s, %(days)s days before %(as_of)s: scored as of that "
        "date every customer has long been silent and the forecasts say next to nothing."
    ) % {
        "last": _date(r["last_order"]),
        "days": number(r["stale_days"]),
        "as_of": _date(r.get("as_of")),
    }
    if r.get("plan_skipped"):
        text += " " + _(
            "No follow-up tasks were made: they would give the salespeople a task for every customer "
            "of a book that is history."
        )
    return text


def _date(value: Any) -> str:
    from django.utils.formats import date_format

    try:
        return date_format(dt.date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:
        return str(value)


def result_text(job: Job) -> str:
    """One line on what a finished job did."""
    r: dict[str, Any] = job.result or {}
    if job.kind == "score":
        if r.get("plan_requested") is False:
            return _(
                "%(customers)s customers scored as of %(as_of)s; alerts: %(raised)s new, %(cleared)s "
                "cleared. No follow-up tasks were made: scored as of a day long past, they would all "
                "have been due then."
            ) % {
                "customers": number(r.get("customers") or 0),
                "as_of": _date(r.get("as_of")),
                "raised": number(r.get("alerts_raised") or 0),
                "cleared": number(r.get("alerts_cleared") or 0),
            }
        return _(
            "%(customers)s customers scored; alerts: %(raised)s new, %(cleared)s cleared; "
            "follow-up tasks: %(created)s new."
        ) % {
            "customers": number(r.get("customers") or 0),
            "raised": number(r.get("alerts_raised") or 0),
            "cleared": number(r.get("alerts_cleared") or 0),
            "created": number(r.get("tasks_created") or 0),
        }
    if job.kind == "agenda":
        return _("Follow-up tasks: %(created)s new, %(updated)s updated, %(cleared)s cleared.") % {
            "created": number(r.get("created") or 0),
            "updated": number(r.get("updated") or 0),
            "cleared": number(r.get("cleared") or 0),
        }
    if job.kind == "mail":
        return _("%(count)d mailboxes queued for a sync.") % {"count": r.get("mailboxes", 0)}
    if job.kind == "mailbox":
        return _("%(fetched)d new messages, %(stored)d stored.") % {
            "fetched": r.get("fetched", 0),
            "stored": r.get("stored", 0),
        }
    if job.kind == "pool":
        return _("%(count)d customers returned to the shared pool.") % {"count": r.get("returned", 0)}
    if job.kind == "import":
        return _("%(rows)d rows imported.") % {"rows": r.get("rows", 0)}
    if job.kind == "export":
        rows, name = r.get("rows", 0), r.get("filename", "")
        return _("%(rows)d rows written to %(name)s.") % {"rows": rows, "name": name}
    if job.kind == "preview":
        return _("%(changed)d of %(customers)d customers would change grade.") % {
            "changed": r.get("changed", 0),
            "customers": r.get("customers", 0),
        }
    return ""
