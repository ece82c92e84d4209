"""Jobs of the mailboxes: one sync job per connected mailbox, and the sync of one.

Registered by the app's ``AppConfig.ready`` (see :mod:`laoke.jobs.handling`)."""

from __future__ import annotations

from typing import Any

from laoke.jobs.handling import Held, in_both_languages
from laoke.jobs.models import Job
from laoke.jobs.runner import JobFailed, Reporter, handler
from laoke.jobs.services import queue_job


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
    with Held(f"mailbox-{account.pk}"):
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
