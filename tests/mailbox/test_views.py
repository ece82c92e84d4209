"""The mailbox settings page: connect, clear errors (en/zh), secret never shown, sync, proposals."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Contact, Customer
from laoke.jobs.models import Job
from laoke.mailbox.crypto import decrypt_secret
from laoke.mailbox.models import MailAccount, ProposalStatusChoices, ProposedContact
from tests.mailbox import seed
from tests.mailbox.conftest import PASSWORD, connect_account
from tests.mailbox.servers import Dovecot, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales(db: None) -> User:
    """A salesperson."""
    return User.objects.create_user("sales1", email=seed.US, password="x-pass-123")


def _client(client: Client, user: User, language: str = "en") -> Client:
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _form(dovecot: Dovecot, login: str, **overrides: Any) -> dict[str, Any]:
    data = {
        "email": seed.US,
        "imap_host": dovecot.host,
        "imap_port": dovecot.port,
        "imap_security": "none",
        "username": login,
        "password": PASSWORD,
        "smtp_host": "",
        "smtp_port": 465,
        "smtp_security": "ssl",
        "inbox_folder": "INBOX",
        "sent_folder": "",
    }
    data.update(overrides)
    return data


def test_connect_stores_the_password_encrypted_and_never_shows_it(
    client: Client, sales: User, dovecot: Dovecot, imap_login: str
) -> None:
    """A working login is saved; the password is encrypted in the database and absent from the page."""
    c = _client(client, sales)
    response = c.post(reverse("mailbox_settings"), _form(dovecot, imap_login), follow=True)
    assert response.status_code == 200
    assert "the login works" in response.content.decode()
    account = MailAccount.objects.get(user=sales)
    assert PASSWORD not in account.password_encrypted
    assert decrypt_secret(account.password_encrypted) == PASSWORD
    page = c.get(reverse("mailbox_settings")).content.decode()
    assert PASSWORD not in page
    assert account.password_encrypted not in page
    # Saving again with an empty password keeps the stored one.
    again = c.post(reverse("mailbox_settings"), _form(dovecot, imap_login, password="", sent_folder="Sent"))
    assert again.status_code == 302
    account.refresh_from_db()
    assert decrypt_secret(account.password_encrypted) == PASSWORD
    assert account.sent_folder == "Sent"


@pytest.mark.parametrize(
    ("language", "wrong_password", "expected"),
    [
        ("en", True, "refused the login"),
        ("zh-hans", True, "拒绝"),
        ("en", False, "Cannot reach the mail server"),
        ("zh-hans", False, "无法连接邮件服务器"),
    ],
)
def test_wrong_password_or_unreachable_server_shows_a_clear_error(
    client: Client,
    sales: User,
    dovecot: Dovecot,
    imap_login: str,
    language: str,
    wrong_password: bool,
    expected: str,
) -> None:
    """The form says what is wrong, in the user's language, and saves nothing."""
    c = _client(client, sales, language)
    data = (
        _form(dovecot, imap_login, password="wrong")
        if wrong_password
        else _form(dovecot, imap_login, imap_port=free_port())
    )
    response = c.post(reverse("mailbox_settings"), data)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not MailAccount.objects.exists()


def test_sync_now_and_proposals(client: Client, sales: User, dovecot: Dovecot, imap_login: str) -> None:
    """Sync now queues a sync job that stores the mail; a proposed contact can be added or dismissed."""
    seed.customers(sales)
    dovecot.append(imap_login, "INBOX", seed.first_five())
    connect_account(sales, dovecot, imap_login, email=seed.US)
    c = _client(client, sales)
    response = c.post(reverse("mailbox_sync"), follow=True)
    assert "Sync queued: a worker fetches the new mail" in response.content.decode()
    assert 'data-job="mailbox" data-state="done"' in response.content.decode()
    assert "5 new messages, 3 stored." in response.content.decode()
    assert "carl@acme.com" in response.content.decode()
    li = Customer.objects.get(code="LI")
    timeline = c.get(reverse("customer_detail", args=[li.pk]) + "?show=timeline").content.decode()
    assert "关于样品的问题" in timeline and "样品什么时候发？" in timeline  # subject and snippet
    proposal = ProposedContact.objects.get()
    c.post(reverse("mailbox_proposal", args=[proposal.pk]), {"decision": "add"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatusChoices.ADDED
    assert Contact.objects.filter(customer__code="AC", email="carl@acme.com", name="Carl Berg").exists()


def test_sync_now_answers_at_once_and_shows_the_job_until_a_worker_runs_it(
    client: Client, sales: User, dovecot: Dovecot, imap_login: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The request reads no mail: it queues a job, whose card polls; the worker then reads every message."""
    from laoke.jobs import runner, services

    sent: list[int] = []
    monkeypatch.setattr(services, "send", lambda job_id, delay=None: sent.append(job_id))
    dovecot.append(imap_login, "INBOX", seed.first_five())
    account = connect_account(sales, dovecot, imap_login, email=seed.US)
    c = _client(client, sales)
    page = c.post(reverse("mailbox_sync"), follow=True).content.decode()
    assert 'data-job="mailbox" data-state="queued"' in page and 'hx-trigger="every 1s"' in page
    assert not account.folders.exists()  # nothing read yet
    job = Job.objects.get(kind="mailbox")
    assert sent == [job.pk] and job.created_by == sales
    assert c.get(reverse("job_card", args=[job.pk])).status_code == 200
    runner.execute(sent.pop())
    assert account.folders.get(folder="INBOX").last_uid == 5
    page = c.get(reverse("mailbox_settings")).content.decode()
    assert 'data-state="done"' in page and "5 new messages" in page


def test_sync_now_reports_a_refused_login(
    client: Client, sales: User, dovecot: Dovecot, imap_login: str
) -> None:
    """Sync now with a password the server refuses shows the reason instead of failing."""
    account = connect_account(sales, dovecot, imap_login, email=seed.US)
    from laoke.mailbox.services.accounts import set_password

    set_password(account=account, password="stale")
    account.save()
    response = _client(client, sales).post(reverse("mailbox_sync"), follow=True)
    assert "refused the login" in response.content.decode()


def test_proposals_of_customers_the_user_cannot_see_are_hidden(client: Client, sales: User) -> None:
    """Another salesperson's customer's proposals are neither listed nor decidable."""
    other = User.objects.create_user("sales2", password="x-pass-123", role=RoleChoices.SALESPERSON)
    theirs = Customer.objects.create(code="X1", name="Theirs", owner=other)
    proposal = ProposedContact.objects.create(
        customer=theirs, email="a@theirs.com", first_seen_at=seed.T0, last_seen_at=seed.T0
    )
    c = _client(client, sales)
    assert "a@theirs.com" not in c.get(reverse("mailbox_settings")).content.decode()
    assert c.post(reverse("mailbox_proposal", args=[proposal.pk]), {"decision": "dismiss"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatusChoices.OPEN


def test_disconnect_forgets_the_mailbox(
    client: Client, sales: User, dovecot: Dovecot, imap_login: str
) -> None:
    """Disconnecting deletes the account and its encrypted password."""
    connect_account(sales, dovecot, imap_login, email=seed.US)
    _client(client, sales).post(reverse("mailbox_disconnect"))
    assert not MailAccount.objects.exists()
