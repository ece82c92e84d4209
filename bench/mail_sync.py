"""Mailbox sync throughput: seed a real Dovecot with N messages, sync them, then sync again.

Usage::

    .venv/bin/python bench/mail_sync.py [--messages 10000] [--customers 300] [--batch-size 200]
                                        [--database-url sqlite:////tmp/x.sqlite3 | postgres://…]

Starts its own Dovecot (as in the tests), APPENDs N RFC 5322 messages (a third in Sent, the rest in
the inbox; threads with In-Reply-To, Chinese subjects, a few free-mail strangers), migrates a
fresh database (a temporary SQLite file unless told otherwise), syncs with ``sync_account`` and
prints the first-sync throughput (messages per second) and the time of a re-sync with nothing new.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

US = "me@laoke-export.cn"
SUBJECTS = ["RFQ {n}", "新产品介绍 {n}", "Order {n} shipping", "报价单 {n}", "Samples {n}", "Payment {n}"]


def _messages(count: int, customers: int, seed: int = 7) -> tuple[list[bytes], list[bytes]]:
    """(inbox, sent) raw messages: customer mail in threads, some strangers."""
    import datetime as dt

    rng = random.Random(seed)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    inbox: list[bytes] = []
    sent: list[bytes] = []
    last: dict[int, int] = {}  # customer → their latest message number
    for n in range(count):
        c = rng.randrange(customers)
        when = start + dt.timedelta(minutes=37 * n)
        msg = EmailMessage()
        outgoing = n % 3 == 0
        stranger = rng.random() < 0.05
        them = f"stranger{n}@gmail.com" if stranger else f"buyer{c}@customer{c}.com"
        msg["From"], msg["To"] = (US, them) if outgoing else (them, US)
        msg["Subject"] = SUBJECTS[n % len(SUBJECTS)].format(n=n)
        msg["Date"] = format_datetime(when)
        msg["Message-ID"] = f"<m{n}@bench.laoke>"
        if c in last and not stranger and rng.random() < 0.6:  # a reply in the customer's thread
            msg["In-Reply-To"] = f"<m{last[c]}@bench.laoke>"
            msg["References"] = f"<m{last[c]}@bench.laoke>"
        if not stranger:
            last[c] = n
        msg.set_content(f"Dear partner,\nmessage number {n} about our products.\n" + "text " * 60)
        (sent if outgoing else inbox).append(msg.as_bytes())
    return inbox, sent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="laoke-mail-bench-"))
    os.environ["LAOKE_DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("LAOKE_VAR_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from tests.mailbox.servers import running_dovecot

    from laoke.accounts.models import User
    from laoke.customers.models import Contact, Customer
    from laoke.interactions.models import Interaction
    from laoke.mailbox.models import MailAccount
    from laoke.mailbox.services.accounts import set_password
    from laoke.mailbox.services.sync import sync_account

    call_command("migrate", verbosity=0)
    if Interaction.objects.exists():
        sys.exit("the database is not empty; give a fresh one")
    user = User.objects.create_user("bench", email=US, password="bench-pass-1")
    for c in range(args.customers):
        customer = Customer.objects.create(code=f"B{c:05d}", name=f"Customer {c}", owner=user)
        Contact.objects.create(customer=customer, name=f"Buyer {c}", email=f"buyer{c}@customer{c}.com")

    inbox, sent = _messages(args.messages, args.customers)
    with running_dovecot() as dovecot:
        dovecot.add_user("bench", "bench-imap-1")
        t0 = time.perf_counter()
        dovecot.append("bench", "INBOX", list(inbox))
        dovecot.append("bench", "Sent", list(sent))
        seeded = time.perf_counter() - t0
        account = MailAccount(
            user=user,
            email=US,
            imap_host=dovecot.host,
            imap_port=dovecot.port,
            imap_security="none",
            username="bench",
        )
        set_password(account=account, password="bench-imap-1")
        account.save()

        t0 = time.perf_counter()
        report = sync_account(account=account, batch_size=args.batch_size)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = sync_account(account=account, batch_size=args.batch_size)
        second = time.perf_counter() - t0

    answered = Interaction.objects.filter(reply_hours__isnull=False).count()
    engine = django.db.connection.vendor
    print(f"database: {engine}; messages: {args.messages} ({len(inbox)} inbox, {len(sent)} sent)")
    print(f"seeding by IMAP APPEND: {seeded:.1f} s")
    print(
        f"first sync: {report.fetched} messages in {first:.2f} s = {report.fetched / first:,.0f} messages/s; "
        f"{report.stored} interactions stored, {answered} with a reply time, "
        f"{report.not_customer} not about a customer"
    )
    print(f"re-sync (nothing new): {second:.3f} s, {again.fetched} messages fetched, {again.stored} stored")


if __name__ == "__main__":
    main()
