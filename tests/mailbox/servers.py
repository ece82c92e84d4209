"""Real mail servers for the tests: a throw-away Dovecot IMAP server and an aiosmtpd SMTP listener.

Dovecot runs in the foreground (``-F``) with a config, a passwd file and maildirs under a
temporary folder, listening on a free port of 127.0.0.1; no systemd, no system config. It works
as root (mail processes then run as the unprivileged ``dovenull``/``nobody`` owner of the folder)
and as an ordinary user (everything runs as that user).
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def _run_as() -> tuple[str, str, int, int]:
    """User and group the mail processes run as: ourselves, or an unprivileged user when root."""
    if os.geteuid() != 0:
        user = pwd.getpwuid(os.geteuid())
        return user.pw_name, grp.getgrgid(os.getegid()).gr_name, user.pw_uid, user.pw_gid
    for name in ("dovenull", "nobody"):
        with contextlib.suppress(KeyError):
            user = pwd.getpwnam(name)
            return user.pw_name, grp.getgrgid(user.pw_gid).gr_name, user.pw_uid, user.pw_gid
    raise RuntimeError("running as root needs a 'dovenull' or 'nobody' user for Dovecot")


@dataclass
class Dovecot:
    """A running Dovecot: ``add_user`` creates a mailbox login, ``append`` seeds messages."""

    root: Path
    port: int
    process: subprocess.Popen[bytes]
    users: dict[str, str] = field(default_factory=dict)

    host = "127.0.0.1"

    def add_user(self, username: str, password: str) -> None:
        """Create (or re-password) a login; Dovecot re-reads the passwd file on each login."""
        self.users[username] = password
        lines = [f"{name}:{{PLAIN}}{secret}::::::" for name, secret in self.users.items()]
        # Atomically: Dovecot may read the file at any moment (another test's login).
        staging = self.root / "passwd.new"
        staging.write_text("\n".join(lines) + "\n")
        staging.chmod(0o644)
        os.replace(staging, self.root / "passwd")
        self._wait_until_login_works(username)

    def _wait_until_login_works(self, username: str, timeout: float = 10.0) -> None:
        """Dovecot stats the passwd file at most once a second: wait until it sees the change."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.connect(username).logout()
                return
            except imaplib.IMAP4.error:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def connect(self, username: str) -> imaplib.IMAP4:
        """An IMAP session logged in as the user."""
        imap = imaplib.IMAP4(self.host, self.port, timeout=30)
        imap.login(username, self.users[username])
        return imap

    def append(self, username: str, folder: str, messages: list[bytes | EmailMessage]) -> None:
        """APPEND the messages to the folder (created when missing), in order."""
        imap = self.connect(username)
        try:
            imap.create(folder)  # fails harmlessly when it exists
            for message in messages:
                raw = message.as_bytes() if isinstance(message, EmailMessage) else message
                typ, data = imap.append(folder, None, None, raw)
                if typ != "OK":
                    raise RuntimeError(f"APPEND to {folder} failed: {data!r}")
        finally:
            imap.logout()

    def stop(self) -> None:
        """Stop the server and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = {uid}
last_valid_uid = {uid}
first_valid_gid = 0
mail_location = maildir:{root}/mail/%u
mail_max_userip_connections = 100
# Throw-away mail: no fsync, so seeding thousands of messages takes seconds, not minutes.
mail_fsync = never
imap_max_line_length = 1M
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service auth {{
  unix_listener auth-userdb {{
    mode = 0666
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@contextlib.contextmanager
def running_dovecot(root: Path | None = None) -> Iterator[Dovecot]:
    """Start Dovecot with a config under ``root`` (default: a new temporary folder, removed after)."""
    user, group, uid, gid = _run_as()
    made = root is None
    # Not under pytest's tmp folder: as root that one is 0700 and the mail processes run unprivileged.
    root = Path(tempfile.mkdtemp(prefix="laoke-dovecot-")) if root is None else root
    root.mkdir(parents=True, exist_ok=True)
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir(exist_ok=True)
    port = free_port()
    (root / "passwd").write_text("")
    (root / "dovecot.conf").write_text(
        CONFIG.format(root=root, user=user, group=group, uid=uid, gid=gid, port=port)
    )
    if os.geteuid() == 0:
        for path in [root, *root.rglob("*")]:
            os.chown(path, uid, gid)
        os.chmod(root, 0o755)
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    server = Dovecot(root=root, port=port, process=process)
    try:
        try:
            _wait_for_port(port)
        except RuntimeError:
            server.stop()
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            log = (
                (root / "dovecot.log").read_text(errors="replace") if (root / "dovecot.log").exists() else ""
            )
            raise RuntimeError(f"Dovecot did not start:\n{output}\n{log}") from None
        yield server
    finally:
        server.stop()
        if made:
            shutil.rmtree(root, ignore_errors=True)


class SmtpSink:
    """aiosmtpd handler keeping every mail it receives (sender, recipients, raw bytes)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), raw))
        return "250 OK"


@contextlib.contextmanager
def running_smtp() -> Iterator[tuple[int, SmtpSink]]:
    """A real SMTP listener on a free port of 127.0.0.1 (aiosmtpd); yields (port, sink)."""
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, sink
    finally:
        controller.stop()
