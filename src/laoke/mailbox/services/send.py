"""Sending a mail through the salesperson's own SMTP server, recorded as an outgoing interaction.

The sent mail gets its own Message-ID; when the server also files a copy in the sent folder, the
next sync finds the same Message-ID for the same customer and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from django.utils import timezone

from laoke.core.mail import domain_of
from laoke.core.mail.parse import make_snippet
from laoke.customers.models import Contact, Customer
from laoke.interactions.models import Interaction
from laoke.mailbox.errors import (
    LoginRefused,
    RecipientsRefused,
    SendingNotConfigured,
    ServerUnreachable,
    reaching,
)
from laoke.mailbox.models import MailAccount
from laoke.mailbox.services.accounts import account_password
from laoke.mailbox.services.threads import recompute_reply_times

TIMEOUT_SECONDS = 30


def build_message(
    *,
    account: MailAccount,
    to: Sequence[str],
    subject: str,
    body: str,
    when: dt.datetime,
    in_reply_to: str = "",
    references: Sequence[str] = (),
) -> EmailMessage:
    """An RFC 5322 message from the account's address, UTF-8, with a fresh Message-ID."""
    message = EmailMessage()
    name = account.user.get_full_name()
    message["From"] = formataddr((name, account.email)) if name else account.email
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = make_msgid(domain=domain_of(account.email) or None)
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = " ".join(
            [*references, in_reply_to] if in_reply_to not in references else references
        )
    message.set_content(body)
    return message


def _deliver(account: MailAccount, message: EmailMessage) -> None:
    server = f"{account.smtp_host}:{account.smtp_port}"
    with reaching(server, smtplib.SMTPException):
        if account.smtp_security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                account.smtp_host,
                account.smtp_port,
                timeout=TIMEOUT_SECONDS,
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(account.smtp_host, account.smtp_port, timeout=TIMEOUT_SECONDS)
            if account.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
    try:
        smtp.ehlo_or_helo_if_needed()
        if smtp.has_extn("auth"):
            try:
                smtp.login(account.username, account_password(account))
            except smtplib.SMTPAuthenticationError as exc:
                raise LoginRefused(server, account.username, str(exc.smtp_error)) from exc
        try:
            smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise RecipientsRefused(", ".join(exc.recipients)) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise ServerUnreachable(server, str(exc)) from exc
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def send_mail(
    *,
    account: MailAccount,
    customer: Customer,
    to: Sequence[str],
    subject: str,
    body: str,
    contact: Contact | None = None,
    in_reply_to: str = "",
    references: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> Interaction:
    """Send the mail through the account's SMTP server and record it as an ``email_out``.

    Raises a MailServerError (nothing is recorded) when the mail could not be handed over.
    """
    if not account.can_send:
        raise SendingNotConfigured()
    when = now or timezone.now()
    message = build_message(
        account=account,
        to=to,
        subject=subject,
        body=body,
        when=when,
        in_reply_to=in_reply_to,
        references=references,
    )
    _deliver(account, message)
    interaction = Interaction.objects.create(
        customer=customer,
        contact=contact,
        user=account.user,
        kind="email_out",
        direction="out",
        occurred_at=when,
        subject=subject[:300],
        snippet=make_snippet(body)[:300],
        message_id=str(message["Message-ID"]).strip(),
        in_reply_to=in_reply_to,
        references="\n".join(str(message.get("References", "")).split()),
        mail_account=account,
    )
    recompute_reply_times(customer_ids=[customer.pk])
    interaction.refresh_from_db(fields=["reply_hours"])
    return interaction
