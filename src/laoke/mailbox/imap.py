"""A thin IMAP client over :mod:`imaplib`: connect, pick folders, list new UIDs, fetch in batches.

Only the header block and the first bytes of the body are fetched (``BODY.PEEK[TEXT]<0.N>``),
so large attachments are never downloaded and no message is marked as read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import re
import ssl
from dataclasses import dataclass, field

from laoke.mailbox.errors import FolderMissing, LoginRefused, MailServerError, reaching

#: Bytes of the body fetched for the snippet.
BODY_PREFIX_BYTES = 8192
TIMEOUT_SECONDS = 30
#: Names a sent folder goes by when the server does not flag it \Sent.
SENT_NAMES = (
    "Sent",
    "Sent Messages",
    "Sent Items",
    "Sent Mail",
    "INBOX.Sent",
    "INBOX/Sent",
    "已发送",
    "&XfJT0ZAB-",
)

_LIST_RE = re.compile(rb'^\((?P<flags>[^)]*)\) (?P<sep>"[^"]*"|NIL) (?P<name>.+)$')
_MESSAGE_START = re.compile(rb"^\d+ \(")
_LITERAL_KEY = re.compile(rb"(BODY\[[^\]]*\](?:<\d+>)?|RFC822(?:\.HEADER|\.TEXT)?)\s*\{\d+\}$")


@dataclass(frozen=True)
class FetchedMessage:
    """What one FETCH gave for a message."""

    uid: int
    size: int
    internal_date: dt.datetime | None
    header: bytes
    body_prefix: bytes


def quote(folder: str) -> str:
    """A folder name as an IMAP quoted string."""
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def connect(*, host: str, port: int, security: str, username: str, password: str) -> imaplib.IMAP4:
    """A logged-in IMAP session; raises ServerUnreachable or LoginRefused with a clear reason."""
    server = f"{host}:{port}"
    with reaching(server, imaplib.IMAP4.error):
        if security == "ssl":
            imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                host, port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT_SECONDS
            )
        else:
            imap = imaplib.IMAP4(host, port, timeout=TIMEOUT_SECONDS)
            if security == "starttls":
                imap.starttls(ssl_context=ssl.create_default_context())
    try:
        imap.login(username, password)
    except imaplib.IMAP4.error as exc:
        _close(imap)
        raise LoginRefused(server, username, _text(exc)) from exc
    except (OSError, UnicodeEncodeError) as exc:
        _close(imap)
        raise LoginRefused(server, username, str(exc)) from exc
    return imap


def _text(exc: BaseException) -> str:
    arg = exc.args[0] if exc.args else exc
    return arg.decode(errors="replace") if isinstance(arg, bytes) else str(arg)


def _close(imap: imaplib.IMAP4) -> None:
    with contextlib.suppress(imaplib.IMAP4.error, OSError):
        imap.logout()


def logout(imap: imaplib.IMAP4) -> None:
    """End the session, ignoring a dropped connection."""
    _close(imap)


def _check(typ: str, data: object, what: str) -> None:
    if typ != "OK":
        raise MailServerError(f"{what}: {data!r}")


def find_sent_folder(imap: imaplib.IMAP4) -> str | None:
    """The folder flagged \\Sent (RFC 6154), else the first one with a usual name, else None."""
    typ, data = imap.list()
    _check(typ, data, "LIST")
    names: list[tuple[str, str]] = []
    for line in data:
        if not isinstance(line, bytes):
            continue
        match = _LIST_RE.match(line)
        if not match:
            continue
        name = match["name"].decode(errors="replace").strip()
        if name.startswith('"') and name.endswith('"'):
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        names.append((match["flags"].decode(errors="replace"), name))
    for flags, name in names:
        if "\\sent" in flags.lower().split():
            return name
    by_lower = {name.lower(): name for _, name in names}
    for candidate in SENT_NAMES:
        if candidate.lower() in by_lower:
            return by_lower[candidate.lower()]
    return None


def select(imap: imaplib.IMAP4, folder: str) -> int:
    """Open the folder read-only; returns its UIDVALIDITY."""
    typ, _data = imap.select(quote(folder), readonly=True)
    if typ != "OK":
        raise FolderMissing(folder)
    _, values = imap.response("UIDVALIDITY")
    try:
        return int(values[0]) if values and values[0] is not None else 0
    except (TypeError, ValueError):
        return 0


def new_uids(imap: imaplib.IMAP4, after_uid: int) -> list[int]:
    """UIDs above ``after_uid`` in the selected folder, ascending."""
    typ, data = imap.uid("SEARCH", f"UID {after_uid + 1}:*")
    _check(typ, data, "UID SEARCH")
    found = {int(x) for chunk in data if chunk for x in chunk.split()}
    return sorted(uid for uid in found if uid > after_uid)  # "n:*" always includes the last message


def _internal_date(meta: bytes) -> dt.datetime | None:
    match = re.search(rb'INTERNALDATE "([^"]+)"', meta)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match[1].decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


@dataclass
class _Pending:
    """One message's pieces while a FETCH response is read."""

    meta: bytearray = field(default_factory=bytearray)
    parts: dict[bytes, bytes] = field(default_factory=dict)


def fetch(imap: imaplib.IMAP4, uids: list[int], body_bytes: int = BODY_PREFIX_BYTES) -> list[FetchedMessage]:
    """Header, first body bytes, size and INTERNALDATE of the messages, in UID order."""
    if not uids:
        return []
    items = f"(UID RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER] BODY.PEEK[TEXT]<0.{body_bytes}>)"
    typ, data = imap.uid("FETCH", ",".join(str(u) for u in uids), items)
    _check(typ, data, "UID FETCH")
    messages: list[_Pending] = []
    current: _Pending | None = None
    for item in data:
        if isinstance(item, tuple):
            head, literal = item[0], item[1]
            if _MESSAGE_START.match(head) or current is None:
                current = _Pending()
                messages.append(current)
            current.meta += head
            key = _LITERAL_KEY.search(head)
            if key:
                current.parts[key[1].split(b"<")[0]] = literal
        elif isinstance(item, bytes):
            if _MESSAGE_START.match(item) or current is None:
                current = _Pending()
                messages.append(current)
            current.meta += item
    wanted = set(uids)
    out: dict[int, FetchedMessage] = {}
    for message in messages:
        meta = bytes(message.meta)
        uid_match = re.search(rb"UID (\d+)", meta)
        if not uid_match or int(uid_match[1]) not in wanted:
            continue  # an unsolicited FETCH (flags changed) is not ours
        size_match = re.search(rb"RFC822\.SIZE (\d+)", meta)
        out[int(uid_match[1])] = FetchedMessage(
            uid=int(uid_match[1]),
            size=int(size_match[1]) if size_match else 0,
            internal_date=_internal_date(meta),
            header=message.parts.get(b"BODY[HEADER]", b""),
            body_prefix=message.parts.get(b"BODY[TEXT]", b""),
        )
    return [out[uid] for uid in sorted(out)]
