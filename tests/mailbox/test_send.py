"""Sending through the salesperson's SMTP server (a real aiosmtpd listener) and recording it."""

from __future__ import annotations

import email

import pytest
from django.utils import translation

from laoke.accounts.models import User
from laoke.interactions.models import Interaction
from laoke.mailbox.errors import SendingNotConfigured, ServerUnreachable
from laoke.mailbox.services.send import send_mail
from laoke.mailbox.services.sync import sync_account
from tests.mailbox import seed
from tests.mailbox.conftest import connect_account
from tests.mailbox.servers import Dovecot, SmtpSink, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales(db: None) -> User:
    """The salesperson who sends."""
    return User.objects.create_user("sales1", email=seed.US, password="x-pass-123", first_name="Li")


def test_sent_mail_is_delivered_recorded_and_not_duplicated_by_sync(
    sales: User, dovecot: Dovecot, imap_login: str, smtp: tuple[int, SmtpSink]
) -> None:
    """The mail reaches the SMTP server, is stored as email_out, answers the inbound mail, and the
    copy the server files in Sent is not stored twice."""
    port, sink = smtp
    book = seed.customers(sales)
    rfq = seed.mail("anna@hamburg-tools.de", seed.US, "RFQ", seed.at(0), "<rfq1@hamburg-tools.de>")
    dovecot.append(imap_login, "INBOX", [rfq])
    account = connect_account(
        sales, dovecot, imap_login, email=seed.US, smtp_host="127.0.0.1", smtp_port=port, smtp_security="none"
    )
    sync_account(account=account)
    sent = send_mail(
        account=account,
        customer=book.hamburg,
        to=["anna@hamburg-tools.de"],
        subject="Re: RFQ — 报价",
        body="Dear Anna,\nthe quote is attached.\n",
        in_reply_to="<rfq1@hamburg-tools.de>",
        now=seed.at(0.5),
    )
    assert len(sink.received) == 1
    sender, recipients, raw = sink.received[0]
    assert (sender, recipients) == (seed.US, ["anna@hamburg-tools.de"])
    delivered = email.message_from_bytes(raw)
    assert delivered["Message-ID"].strip() == sent.message_id
    assert delivered["In-Reply-To"] == "<rfq1@hamburg-tools.de>"
    assert (sent.kind, sent.direction, sent.subject) == ("email_out", "out", "Re: RFQ — 报价")
    assert sent.snippet == "Dear Anna, the quote is attached."
    assert Interaction.objects.get(message_id="<rfq1@hamburg-tools.de>").reply_hours == 0.5
    # The server keeps a copy in Sent; syncing it adds nothing.
    dovecot.append(imap_login, "Sent", [raw])
    report = sync_account(account=account)
    assert (report.fetched, report.stored, report.already_stored) == (1, 0, 1)
    assert Interaction.objects.filter(kind="email_out").count() == 1


def test_sending_errors_record_nothing(sales: User, dovecot: Dovecot, imap_login: str) -> None:
    """No SMTP server configured, or one that does not answer: a clear error and no interaction."""
    book = seed.customers(sales)
    account = connect_account(sales, dovecot, imap_login, email=seed.US)
    with pytest.raises(SendingNotConfigured):
        send_mail(account=account, customer=book.acme, to=["bob@acme.com"], subject="x", body="y")
    account.smtp_host, account.smtp_port, account.smtp_security = "127.0.0.1", free_port(), "none"
    with pytest.raises(ServerUnreachable) as error:
        send_mail(account=account, customer=book.acme, to=["bob@acme.com"], subject="x", body="y")
    with translation.override("en"):
        assert "Cannot reach the mail server" in error.value.user_message()
    assert not Interaction.objects.exists()
