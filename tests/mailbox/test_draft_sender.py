"""The cadence draft page's "send through my mailbox" button, against a real SMTP listener."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from laoke.accounts.models import User
from laoke.interactions.models import Interaction
from laoke.retention.models import Task
from tests.mailbox import seed
from tests.mailbox.conftest import connect_account
from tests.mailbox.servers import Dovecot, SmtpSink, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales(db: None) -> User:
    """A salesperson with a connected mailbox (below) and a ladder task for Hamburg Tools."""
    return User.objects.create_user("sales1", email=seed.US, password="x-pass-123")


def _task(sales: User) -> Task:
    book = seed.customers(sales)
    return Task.objects.create(
        customer=book.hamburg,
        assignee=sales,
        kind="ladder_ask",
        title_en="Ask whether the mail arrived",
        title_zh="询问邮件是否收到",
        due_on=timezone.localdate(),
    )


def test_draft_sent_through_my_mailbox(
    client: Client, sales: User, dovecot: Dovecot, imap_login: str, smtp: tuple[int, SmtpSink]
) -> None:
    """The button appears once SMTP is configured; clicking it delivers the mail and records it."""
    task = _task(sales)
    client.force_login(sales)
    client.cookies["django_language"] = "en"
    url = reverse("cadence_draft", args=[task.pk])
    account = connect_account(sales, dovecot, imap_login, email=seed.US)
    before = client.get(url)
    assert before.status_code == 200
    assert "Send through my mailbox" not in before.content.decode()  # no SMTP server yet
    port, sink = smtp
    account.smtp_host, account.smtp_port, account.smtp_security = "127.0.0.1", port, "none"
    account.save()
    assert "Send through my mailbox" in client.get(url).content.decode()
    data = {"via": "mailbox", "to": "anna@hamburg-tools.de", "subject": "News from us", "body": "Hello Anna"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert len(sink.received) == 1 and sink.received[0][1] == ["anna@hamburg-tools.de"]
    sent = Interaction.objects.get(kind="email_out")
    assert (sent.subject, sent.mail_account, sent.contact.email if sent.contact else None) == (
        "News from us",
        account,
        "anna@hamburg-tools.de",
    )
    assert sent.message_id.startswith("<") and sent.reply_hours is None


def test_draft_send_failure_shows_the_reason(
    client: Client, sales: User, dovecot: Dovecot, imap_login: str
) -> None:
    """A dead SMTP server: the page says why, nothing is recorded, the task stays open."""
    task = _task(sales)
    connect_account(
        sales,
        dovecot,
        imap_login,
        email=seed.US,
        smtp_host="127.0.0.1",
        smtp_port=free_port(),
        smtp_security="none",
    )
    client.force_login(sales)
    client.cookies["django_language"] = "en"
    data = {"via": "mailbox", "to": "anna@hamburg-tools.de", "subject": "S", "body": "B"}
    response = client.post(reverse("cadence_draft", args=[task.pk]), data)
    assert "Cannot reach the mail server" in response.content.decode()
    assert not Interaction.objects.exists()
    task.refresh_from_db()
    assert task.status == "open"
