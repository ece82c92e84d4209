"""A real ``laoke mail sync`` process killed (SIGKILL) half-way and run again: nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.mailbox import seed
from tests.mailbox.servers import Dovecot

MESSAGES = 600
LAOKE = str(Path(sys.executable).parent / "laoke")

SETUP = """
from laoke.accounts.models import User
from laoke.customers.models import Contact, Customer
from laoke.mailbox.models import MailAccount
from laoke.mailbox.services.accounts import set_password
user = User.objects.create_user("sales1", email="{us}", password="x-pass-123")
for c in range(20):
    customer = Customer.objects.create(code=f"K{{c}}", name=f"K{{c}}", owner=user)
    Contact.objects.create(customer=customer, name="Buyer", email=f"buyer@k{{c}}.com")
account = MailAccount(user=user, email="{us}", imap_host="{host}", imap_port={port}, imap_security="none",
                      username="{login}")
set_password(account=account, password="{password}")
account.save()
"""


def _count(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        rows, distinct = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT message_id) FROM interactions_interaction"
        ).fetchone()
        state = conn.execute(
            "SELECT COALESCE(MAX(last_uid), 0) FROM mailbox_folderstate WHERE folder='INBOX'"
        )
        return rows, distinct, state.fetchone()[0]


@pytest.mark.slow
def test_killed_sync_resumes_exactly(tmp_path: Path, dovecot: Dovecot, imap_login: str) -> None:
    """Kill -9 after some batches: the stored rows match the saved UID; the rerun completes exactly."""
    db = tmp_path / "kill.sqlite3"
    env = {
        **os.environ,
        "LAOKE_DATABASE_URL": f"sqlite:///{db}",
        "LAOKE_VAR_DIR": str(tmp_path),
        "LAOKE_LANGUAGE": "en",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run([LAOKE, "migrate", "-v0"], env=env, check=True)
    script = SETUP.format(
        us=seed.US, host=dovecot.host, port=dovecot.port, login=imap_login, password=dovecot.users[imap_login]
    )
    subprocess.run([LAOKE, "shell", "-c", script], env=env, check=True)
    mails = [
        seed.mail(f"buyer@k{n % 20}.com", seed.US, f"Order {n}", seed.at(n), f"<k{n}@k.com>", "x " * 400)
        for n in range(MESSAGES)
    ]
    dovecot.append(imap_login, "INBOX", mails)

    sync = subprocess.Popen(
        [LAOKE, "mail", "sync", "--batch-size", "20"], env=env, stdout=subprocess.PIPE, text=True
    )
    assert sync.stdout is not None
    for line in sync.stdout:
        if "INBOX: " in line and int(line.split("INBOX: ")[1].split(" /")[0]) >= 100:
            break
    sync.send_signal(signal.SIGKILL)
    sync.wait()
    rows, distinct, last_uid = _count(db)
    assert 100 <= rows < MESSAGES, "the kill should land half-way"
    assert rows == distinct == last_uid  # each stored batch is stored with its UID, or not at all

    done = subprocess.run([LAOKE, "mail", "sync"], env=env, capture_output=True, text=True, check=True)
    assert f"{MESSAGES - last_uid} stored" in done.stdout
    assert _count(db) == (MESSAGES, MESSAGES, MESSAGES)


def test_mail_sync_on_an_unmigrated_database_says_to_migrate(tmp_path: Path) -> None:
    """laoke mail sync before laoke migrate exits 2 and says what to run, no traceback."""
    database = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    env = {**os.environ, "LAOKE_DATABASE_URL": database, "LAOKE_LANGUAGE": "en"}
    done = subprocess.run([LAOKE, "mail", "sync"], env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert "laoke migrate" in done.stderr and "Traceback" not in done.stderr
