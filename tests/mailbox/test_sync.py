"""Sync of a real Dovecot mailbox: the right interactions and reply times, idempotent, resumable."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from laoke.accounts.models import User
from laoke.cadence.services.agenda import refresh_agenda
from laoke.core.kpi.period import Period
from laoke.core.kpi.response import response_times
from laoke.interactions.models import Interaction
from laoke.kpi.repositories import received_mails
from laoke.mailbox import repositories
from laoke.mailbox.errors import LoginRefused, ServerUnreachable
from laoke.mailbox.models import FolderState, MailAccount, ProposedContact
from laoke.mailbox.services import sync as sync_module
from laoke.mailbox.services.accounts import set_password
from laoke.mailbox.services.sync import sync_account
from laoke.retention.models import Task
from tests.mailbox import seed
from tests.mailbox.conftest import connect_account
from tests.mailbox.servers import Dovecot, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales(db: None) -> User:
    """The salesperson whose mailbox is synced."""
    return User.objects.create_user("sales1", email=seed.US, password="x-pass-123")


@pytest.fixture
def book(sales: User) -> seed.Book:
    """The customers the seeded mail is about."""
    return seed.customers(sales)


@pytest.fixture
def account(sales: User, book: seed.Book, dovecot: Dovecot, imap_login: str) -> MailAccount:
    """The salesperson's account on a mailbox seeded with the inbox and sent folders of ``seed``."""
    dovecot.append(imap_login, "INBOX", seed.inbox())
    dovecot.append(imap_login, "Sent", seed.sent())
    return connect_account(sales, dovecot, imap_login, email=seed.US)


def _facts() -> dict[tuple[str, str], tuple[str, float | None, str]]:
    """(customer code, Message-ID) → (kind, reply hours, subject) of every synced interaction."""
    return {
        (i.customer.code, i.message_id): (i.kind, i.reply_hours, i.subject)
        for i in Interaction.objects.select_related("customer")
    }


def test_sync_stores_the_right_interactions_and_reply_times(account: MailAccount, book: seed.Book) -> None:
    """Customer mail in both folders becomes interactions with thread ids, snippets and reply times."""
    report = sync_account(account=account, batch_size=4)
    facts = _facts()
    assert facts[("HT", "<rfq1@hamburg-tools.de>")] == ("email_in", 0.25, "RFQ 500 pcs")
    assert facts[("HT", "<ans1@laoke-export.cn>")] == ("email_out", None, "Re: RFQ 500 pcs")
    assert facts[("AC", "<cat1@laoke-export.cn>")] == ("email_out", 26.0, "New catalogue")
    assert facts[("AC", "<carl1@acme.com>")] == ("email_in", None, "Re: New catalogue")
    assert facts[("LI", "<li1@laoke-export.cn>")] == ("email_out", None, "新产品介绍")
    assert facts[("OT", "<odd@other-co.com>")] == ("email_in", None, "Preis 报价")
    assert facts[("HT", "<huge@hamburg-tools.de>")][0] == "email_in"
    chinese = Interaction.objects.get(customer=book.li, kind="email_in")
    assert chinese.subject == "关于样品的问题"
    assert chinese.message_id.endswith("@laoke.invalid>")  # no Message-ID: stable stand-in
    assert chinese.snippet == "样品什么时候发？"
    assert len(facts) == 8  # duplicate RFQ once; the free-mail stranger and unknown company not at all
    huge = Interaction.objects.get(message_id="<huge@hamburg-tools.de>")
    assert huge.snippet == "See the drawing."
    assert huge.body == ""  # no bodies or attachments are stored
    carl = Interaction.objects.get(message_id="<carl1@acme.com>")
    assert carl.in_reply_to == "<cat1@laoke-export.cn>"
    assert carl.references == "<cat1@laoke-export.cn>"
    assert carl.contact is None and carl.mail_account == account and carl.user == account.user
    anna = Interaction.objects.get(message_id="<rfq1@hamburg-tools.de>")
    assert anna.contact is not None and anna.contact.email == "anna@hamburg-tools.de"
    assert anna.occurred_at == seed.at(0)
    assert (report.fetched, report.stored, report.already_stored, report.not_customer) == (13, 8, 1, 2)
    assert report.folders == {"INBOX": 10, "Sent": 3}
    proposals = list(ProposedContact.objects.values_list("customer__code", "email", "name"))
    assert proposals == [("AC", "carl@acme.com", "Carl Berg")]


def test_malformed_messages_are_skipped_with_a_logged_reason(
    account: MailAccount, caplog: pytest.LogCaptureFixture
) -> None:
    """The mail without sender and the non-mail are skipped and logged; the rest is stored."""
    with caplog.at_level(logging.WARNING, logger="laoke.mailbox"):
        report = sync_account(account=account)
    reasons = sorted(s.reason for s in report.skipped)
    assert reasons == ["no header lines", "no sender address (From: '')"]
    logged = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(logged) == 2
    assert any("no sender address" in line for line in logged)
    assert Interaction.objects.count() == 8


def test_second_sync_adds_nothing(account: MailAccount) -> None:
    """A second sync fetches no message and changes no row."""
    sync_account(account=account)
    before = _facts()
    again = sync_account(account=account)
    assert again.fetched == 0
    assert _facts() == before
    states = dict(FolderState.objects.values_list("folder", "last_uid"))
    assert states == {"INBOX": 10, "Sent": 3}


def test_new_mail_after_a_sync_is_picked_up_and_answers_old_mail(
    account: MailAccount, dovecot: Dovecot
) -> None:
    """A reply arriving later is fetched alone and fills the reply time of the mail it answers."""
    sync_account(account=account)
    reply = seed.mail(
        "li.wei@qq.com",
        seed.US,
        "回复：新产品介绍",
        seed.at(40),
        "<li-re@qq.com>",
        in_reply_to="<li1@laoke-export.cn>",
    )
    dovecot.append(account.username, "INBOX", [reply])
    report = sync_account(account=account)
    assert (report.fetched, report.stored) == (1, 1)
    assert Interaction.objects.get(message_id="<li1@laoke-export.cn>").reply_hours == 10.0


def test_interrupted_sync_resumes_without_loss_or_duplicates(
    account: MailAccount, book: seed.Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync that fails in the middle of a batch keeps earlier batches; the rerun completes exactly."""
    real_parse = sync_module.parse_message
    calls = {"n": 0}

    def failing_parse(raw: bytes, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 6:  # the second message of the second batch of the inbox
            raise RuntimeError("power cut")
        return real_parse(raw, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_module, "parse_message", failing_parse)
    with pytest.raises(RuntimeError, match="power cut"):
        sync_account(account=account, batch_size=4)
    assert FolderState.objects.get(folder="INBOX").last_uid == 4  # the first batch is kept
    kept = _facts()
    assert set(kept) == {("HT", "<rfq1@hamburg-tools.de>"), ("AC", "<carl1@acme.com>")}
    account.refresh_from_db()
    assert sorted(account.pending_customer_ids) == sorted([book.hamburg.pk, book.acme.pk])
    monkeypatch.setattr(sync_module, "parse_message", real_parse)
    report = sync_account(account=account, batch_size=4)
    assert report.fetched == 13 - 4
    facts = _facts()
    assert len(facts) == 8
    assert facts[("HT", "<rfq1@hamburg-tools.de>")] == ("email_in", 0.25, "RFQ 500 pcs")
    assert facts[("AC", "<cat1@laoke-export.cn>")] == ("email_out", 26.0, "New catalogue")
    assert ProposedContact.objects.get().messages == 1
    account.refresh_from_db()
    assert account.pending_customer_ids == []


def test_limit_leaves_the_rest_for_the_next_run(account: MailAccount) -> None:
    """A capped run reads only that many messages and counts the rest; the next run reads them."""
    first = sync_account(account=account, limit=6, batch_size=4)
    assert (first.fetched, first.waiting) == (6, 7)
    assert FolderState.objects.get(folder="INBOX").last_uid == 6
    assert FolderState.objects.get(folder="Sent").last_uid == 0
    second = sync_account(account=account)
    assert (second.fetched, second.waiting) == (7, 0)
    assert Interaction.objects.count() == 8


def test_uidvalidity_change_reads_the_folder_again_without_duplicates(account: MailAccount) -> None:
    """When the server renumbers a folder, it is read again from the start and nothing doubles."""
    sync_account(account=account)
    FolderState.objects.filter(folder="INBOX").update(uidvalidity=1)
    report = sync_account(account=account)
    assert report.folders["INBOX"] == 10
    assert report.stored == 0
    assert Interaction.objects.count() == 8


def test_wrong_password_and_unreachable_server(sales: User, dovecot: Dovecot, imap_login: str) -> None:
    """A wrong password or a dead port raises a clear error, kept on the account."""
    account = connect_account(sales, dovecot, imap_login, email=seed.US)
    set_password(account=account, password="not-the-password")
    account.save()
    with pytest.raises(LoginRefused) as refused, translation.override("en"):
        sync_account(account=account)
    with translation.override("en"):
        assert "refused the login" in refused.value.user_message()
    with translation.override("zh-hans"):
        assert "拒绝了" in refused.value.user_message()
    account.refresh_from_db()
    assert "refused the login" in account.last_error
    account.imap_port = free_port()
    with pytest.raises(ServerUnreachable) as unreachable:
        sync_account(account=account)
    with translation.override("en"):
        assert "Cannot reach the mail server 127.0.0.1" in unreachable.value.user_message()


@pytest.mark.parametrize(("security", "reason"), [("ssl", "TLS: "), ("starttls", "TLS not supported")])
def test_security_mismatch_is_named(
    sales: User, dovecot: Dovecot, imap_login: str, security: str, reason: str
) -> None:
    """SSL/TLS against a plain port, or STARTTLS where the server offers none, is a clear TLS error."""
    account = connect_account(sales, dovecot, imap_login, email=seed.US, imap_security=security)
    with pytest.raises(ServerUnreachable) as error:
        sync_account(account=account)
    assert reason in error.value.reason
    with translation.override("en"):
        assert "security setting" in error.value.user_message()


def test_cli_sync_reports_progress_and_errors(
    account: MailAccount, capsys: pytest.CaptureFixture[str], settings: Any
) -> None:
    """laoke mail sync prints progress and a summary; a refused login exits non-zero with the reason,
    in the configured language."""
    settings.LANGUAGE_CODE = "en"
    call_command("mail", "sync", "--user", "sales1", "--batch-size", "5")
    out = capsys.readouterr()
    assert "INBOX: 5 / 10" in out.out and "INBOX: 10 / 10" in out.out and "Sent: 3 / 3" in out.out
    assert "8 stored" in out.out
    assert "skipped INBOX UID" in out.err
    set_password(account=account, password="not-the-password")
    account.save()
    with pytest.raises(CommandError, match="1 mailbox"):
        call_command("mail", "sync")
    assert "refused the login" in capsys.readouterr().err
    settings.LANGUAGE_CODE = "zh-hans"
    with pytest.raises(CommandError, match="1 个邮箱同步失败"):
        call_command("mail", "sync")
    assert "拒绝了“user" in capsys.readouterr().err
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError, match="nobody"):
        call_command("mail", "check", "--user", "nobody")


def test_ladder_and_response_kpi_from_synced_mail_alone(account: MailAccount, book: seed.Book) -> None:
    """After a sync alone, the cadence engine chases the unanswered mail to Li (and not Acme, who
    answered), and the KPI page's query gives our 15-minute reply."""
    sync_account(account=account)
    unanswered = repositories.unanswered_outgoing(account.user)
    assert set(unanswered.values_list("customer__code", "message_id")) == {
        ("HT", "<ans1@laoke-export.cn>"),
        ("LI", "<li1@laoke-export.cn>"),
    }
    as_of = (seed.at(30) + dt.timedelta(days=4)).date()
    refresh_agenda(as_of=as_of)  # the cadence engine, reading the synced interactions
    ladder = Task.objects.filter(kind__startswith="ladder")
    assert set(ladder.values_list("customer__code", "kind")) == {("LI", "ladder_ask")}
    assert (
        ladder.get().details["interaction_id"]
        == Interaction.objects.get(message_id="<li1@laoke-export.cn>").pk
    )
    frame = received_mails(account.user, seed.T0.date(), seed.at(200).date())  # the KPI page's query
    kpi = response_times(frame, Period(seed.T0.date(), seed.at(200).date()))
    assert kpi.company.median_hours == 0.25
    assert (kpi.company.mails, kpi.company.answered) == (4, 1)


def test_cli_without_any_mailbox(capsys: pytest.CaptureFixture[str], settings: Any) -> None:
    """With no mailbox connected, the command says how to connect one and succeeds."""
    settings.LANGUAGE_CODE = "en"
    call_command("mail", "sync")
    assert "No mailbox is connected yet" in capsys.readouterr().out
