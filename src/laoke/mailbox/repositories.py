"""Queries of the mailbox app: the address book, mail threads of customers, proposals."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from laoke.accounts.models import User
from laoke.core.mail import AddressBook, ThreadMail, domain_of
from laoke.customers.models import Contact
from laoke.customers.visibility import visible_for
from laoke.interactions.models import Interaction
from laoke.mailbox.models import MailAccount, ProposalStatusChoices, ProposedContact

MAIL_KINDS = ("email_in", "email_out")


def own_addresses(account: MailAccount) -> set[str]:
    """The addresses that mean "us" for this mailbox: its address, its login, the user's e-mail."""
    found = {account.email, account.username, account.user.email}
    return {a.strip().lower() for a in found if a and "@" in a}


def address_book(account: MailAccount) -> AddressBook:
    """Every contact's address of every customer (the company owns the record, see docs/mail.md)."""
    rows = Contact.objects.exclude(email="").values_list("customer_id", "pk", "email")
    own = {domain_of(a) for a in own_addresses(account)}
    return AddressBook(rows.iterator(chunk_size=5000), own_domains=own)


def thread_mails(customer_ids: Iterable[int]) -> list[tuple[int, ThreadMail, float | None]]:
    """The customers' mails that carry a Message-ID, as (customer id, thread mail, stored reply hours)."""
    rows = (
        Interaction.objects.filter(customer_id__in=list(customer_ids), kind__in=MAIL_KINDS)
        .exclude(message_id="")
        .values_list(
            "pk",
            "customer_id",
            "message_id",
            "direction",
            "occurred_at",
            "in_reply_to",
            "references",
            "subject",
            "reply_hours",
        )
    )
    out: list[tuple[int, ThreadMail, float | None]] = []
    for pk, customer_id, message_id, direction, when, in_reply_to, references, subject, stored in rows:
        mail = ThreadMail(
            key=pk,
            message_id=message_id,
            direction=direction,
            occurred_at=when,
            in_reply_to=in_reply_to,
            references=tuple(references.split()),
            subject=subject,
        )
        out.append((customer_id, mail, stored))
    return out


def open_proposals(user: User) -> QuerySet[ProposedContact]:
    """Proposed contacts of the customers the user may see, newest first."""
    qs = ProposedContact.objects.filter(status=ProposalStatusChoices.OPEN).select_related("customer")
    return visible_for(user, qs, "customer")


def unanswered_outgoing(user: User | None = None) -> QuerySet[Interaction]:
    """Outgoing mails nobody answered yet (``email_out`` with no reply time): the ladder's input."""
    qs = Interaction.objects.filter(kind="email_out", reply_hours__isnull=True)
    return qs if user is None else visible_for(user, qs, "customer")
