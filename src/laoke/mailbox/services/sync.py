"""Incremental, resumable sync of a mailbox's inbox and sent folders into interactions.

Each folder remembers its UIDVALIDITY and the last UID stored. New messages (UID above that)
are fetched in batches; each batch is stored in ONE transaction together with the new last UID,
so a crash or a kill loses at most the batch in flight, which the next run fetches again. A
mail is stored once per customer (unique Message-ID per customer), so a repeated batch, a
duplicate message or the same mail in two folders adds nothing. The customers a batch touched
are noted on the account in the same transaction; their reply times are recomputed once at the
end of the sync (a crash leaves the note, and the next run does it).

Unlike other services this one owns its transactions: a sync runs for minutes and must keep what
it has done when it is interrupted.
"""

from __future__ import annotations

import imaplib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from laoke.core.mail import AddressBook, MailFacts, MalformedMessage, parse_message
from laoke.interactions.models import Interaction
from laoke.mailbox import imap
from laoke.mailbox.errors import MailServerError
from laoke.mailbox.models import FolderState, MailAccount, ProposalStatusChoices, ProposedContact
from laoke.mailbox.repositories import address_book, own_addresses
from laoke.mailbox.services.accounts import open_session
from laoke.mailbox.services.threads import recompute_reply_times

logger = logging.getLogger("laoke.mailbox")

BATCH_SIZE = 200

#: progress(folder, done, total) after each stored batch.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SkippedMessage:
    """A message the sync could not use, with the reason that was logged."""

    folder: str
    uid: int
    reason: str


@dataclass
class SyncReport:
    """What one sync did."""

    fetched: int = 0
    stored: int = 0
    already_stored: int = 0
    not_customer: int = 0
    proposals: int = 0
    skipped: list[SkippedMessage] = field(default_factory=list)
    folders: dict[str, int] = field(default_factory=dict)
    waiting: int = 0  # new messages left for the next run (over ``limit``)


@dataclass(frozen=True)
class _Context:
    account: MailAccount
    book: AddressBook
    own: frozenset[str]
    folder: str
    is_sent: bool


def sync_account(
    *,
    account: MailAccount,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    limit: int | None = None,
) -> SyncReport:
    """Fetch and store the new mail of the account's inbox and sent folders.

    ``limit`` caps the messages read in this run (the web page's "Sync now" must answer within
    a request); the rest waits for the next run and is counted in ``report.waiting``.

    Raises
    ------
    MailServerError
        When the server cannot be reached, refuses the login or lacks a configured folder;
        the error is also kept on the account (``last_error``).
    """
    report = SyncReport()
    try:
        session = open_session(account=account)
    except MailServerError as exc:
        _remember_error(account, exc)
        raise
    try:
        folders = [(account.inbox_folder or "INBOX", False)]
        sent = account.sent_folder or imap.find_sent_folder(session)
        if sent:
            folders.append((sent, True))
        book = address_book(account)
        own = frozenset(own_addresses(account))
        for folder, is_sent in folders:
            context = _Context(account=account, book=book, own=own, folder=folder, is_sent=is_sent)
            _sync_folder(session, context, report, batch_size, progress, limit)
    except MailServerError as exc:
        _remember_error(account, exc)
        raise
    except (imaplib.IMAP4.error, OSError) as exc:
        error = MailServerError(str(exc))
        _remember_error(account, error)
        raise error from exc
    finally:
        imap.logout(session)
    with transaction.atomic():
        recompute_reply_times(customer_ids=account.pending_customer_ids)
        account.pending_customer_ids = []
        account.last_sync_at = timezone.now()
        account.last_error = ""
        account.save(update_fields=["pending_customer_ids", "last_sync_at", "last_error"])
    return report


def _remember_error(account: MailAccount, exc: MailServerError) -> None:
    account.last_error = exc.user_message()
    account.save(update_fields=["last_error"])


def _sync_folder(
    session: imaplib.IMAP4,
    context: _Context,
    report: SyncReport,
    batch_size: int,
    progress: Progress | None,
    limit: int | None,
) -> None:
    uidvalidity = imap.select(session, context.folder)
    state, _ = FolderState.objects.get_or_create(account=context.account, folder=context.folder)
    if state.uidvalidity != uidvalidity:
        # The server renumbered the folder: read it again; stored mail is not duplicated.
        if state.uidvalidity:
            logger.warning(
                "mailbox %s folder %s: UIDVALIDITY changed %s → %s, reading it again",
                context.account.pk,
                context.folder,
                state.uidvalidity,
                uidvalidity,
            )
        state.uidvalidity, state.last_uid = uidvalidity, 0
        state.save()
    uids = imap.new_uids(session, state.last_uid)
    if limit is not None:
        allowed = max(0, limit - report.fetched)
        report.waiting += max(0, len(uids) - allowed)
        uids = uids[:allowed]
    total, done = len(uids), 0
    report.folders[context.folder] = total
    if progress:
        progress(context.folder, 0, total)
    for start in range(0, total, batch_size):
        batch = uids[start : start + batch_size]
        messages = imap.fetch(session, batch)
        with transaction.atomic():
            touched = _store_batch(messages, context, report)
            if touched - set(context.account.pending_customer_ids):
                pending = sorted(set(context.account.pending_customer_ids) | touched)
                MailAccount.objects.filter(pk=context.account.pk).update(pending_customer_ids=pending)
                context.account.pending_customer_ids = pending
            # Only ever forward: an overlapping run (cron firing while a long sync still runs)
            # stores the same mail once (unique per customer) and cannot move the mark back.
            FolderState.objects.filter(pk=state.pk, last_uid__lt=batch[-1]).update(
                last_uid=batch[-1], updated_at=timezone.now()
            )
            state.last_uid = batch[-1]
        done += len(batch)
        if progress:
            progress(context.folder, done, total)


def _store_batch(messages: list[imap.FetchedMessage], context: _Context, report: SyncReport) -> set[int]:
    rows: list[Interaction] = []
    for message in messages:
        report.fetched += 1
        try:
            facts = parse_message(message.header, body_prefix=message.body_prefix)
        except MalformedMessage as exc:
            skipped = SkippedMessage(context.folder, message.uid, exc.reason)
            report.skipped.append(skipped)
            logger.warning(
                "mailbox %s folder %s UID %s skipped: %s",
                context.account.pk,
                context.folder,
                message.uid,
                exc.reason,
            )
            continue
        new_rows = _interactions_for(facts, message, context, report)
        if not new_rows:
            report.not_customer += 1
        rows.extend(new_rows)
    if not rows:
        return set()
    keys = {(r.customer_id, r.message_id) for r in rows}
    existing = set(
        Interaction.objects.filter(
            customer_id__in={c for c, _ in keys}, message_id__in={m for _, m in keys}
        ).values_list("customer_id", "message_id")
    )
    fresh: dict[tuple[int, str], Interaction] = {}
    for row in rows:
        key = (row.customer_id, row.message_id)
        if key in existing or key in fresh:
            report.already_stored += 1
        else:
            fresh[key] = row
    Interaction.objects.bulk_create(fresh.values(), ignore_conflicts=True)
    report.stored += len(fresh)
    return {customer_id for customer_id, _ in fresh}


def _interactions_for(
    facts: MailFacts, message: imap.FetchedMessage, context: _Context, report: SyncReport
) -> list[Interaction]:
    outgoing = facts.from_address in context.own or (
        context.is_sent and not context.book.is_known_contact(facts.from_address)
    )
    when = facts.date or message.internal_date or timezone.now()
    matches = []
    if outgoing:
        seen: set[object] = set()
        for address in facts.recipients:
            match = context.book.match(address)
            if match is not None and match.customer_id not in seen:
                seen.add(match.customer_id)
                matches.append(match)
    else:
        match = context.book.match(facts.from_address)
        if match is not None:
            matches.append(match)
            if match.contact_id is None:
                report.proposals += _propose(match.customer_id, facts, when)
    return [
        Interaction(
            customer_id=match.customer_id,
            contact_id=match.contact_id,
            user=context.account.user,
            kind="email_out" if outgoing else "email_in",
            direction="out" if outgoing else "in",
            occurred_at=when,
            subject=facts.subject,
            snippet=facts.snippet[:300],
            message_id=facts.message_id,
            in_reply_to=facts.in_reply_to,
            references="\n".join(facts.references),
            mail_account=context.account,
        )
        for match in matches
    ]


def _propose(customer_id: object, facts: MailFacts, when: object) -> int:
    """Record an unknown sender at a customer's domain as a proposed contact; 1 when new."""
    proposal, created = ProposedContact.objects.get_or_create(
        customer_id=customer_id,
        email=facts.from_address,
        defaults={"name": facts.from_name[:200], "first_seen_at": when, "last_seen_at": when, "messages": 1},
    )
    if not created:
        # Counted by the database: two syncs that meet the same sender at once both count it.
        same = ProposedContact.objects.filter(pk=proposal.pk)
        same.update(messages=F("messages") + 1)
        same.filter(last_seen_at__lt=when).update(last_seen_at=when)
        if facts.from_name:
            same.filter(name="").update(name=facts.from_name[:200])
    return int(created and proposal.status == ProposalStatusChoices.OPEN)
