"""RFC 5322 message → facts: addresses, decoded subject, date, thread ids and a short snippet.

Works on the header block plus (optionally) only the first bytes of the body, so a 20 MB
attachment is never downloaded: the snippet comes from the first text part that fits.
Headers in RFC 2047 encoded words (``=?GB2312?B?…?=``, ``=?utf-8?Q?…?=``) and raw 8-bit headers
(UTF-8 or GBK sent without encoding) are decoded; GB2312 and GBK are read as GB18030, their
superset, because real mail labelled GB2312 often uses GBK characters.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import html
import quopri
import re
from dataclasses import dataclass
from email import message_from_bytes
from email.errors import HeaderParseError
from email.header import decode_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

#: Characters of body text kept as the snippet.
SNIPPET_CHARS = 200
#: Longest subject stored (the interaction's subject column).
SUBJECT_CHARS = 300
#: Longest Message-ID stored as is; longer ones are replaced by a stable hash.
MESSAGE_ID_CHARS = 250

_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "big5": "big5hkscs",
    "unknown-8bit": "utf-8",
    "x-unknown": "utf-8",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}
_ID_RE = re.compile(r"<[^<>\s]+>")
_REPLY_PREFIX_RE = re.compile(r"^\s*((re|aw|sv|antw|回复|答复|回覆)\s*(\[\d+\])?\s*[:：]\s*)+", re.I)
_TAG_RE = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.I | re.S)
_WROTE_RE = re.compile(
    r"^(on .{0,200}wrote:|在 .{0,200}写道[:：]|-----\s*original message\s*-----|-+\s*原始邮件\s*-+)", re.I
)


class MalformedMessage(ValueError):
    """The bytes are not a usable e-mail; ``reason`` says why (logged, the message is skipped)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class MailFacts:
    """What Laoke keeps of one message."""

    message_id: str
    synthetic_id: bool
    in_reply_to: str
    references: tuple[str, ...]
    from_address: str
    from_name: str
    to_addresses: tuple[str, ...]
    cc_addresses: tuple[str, ...]
    subject: str
    date: dt.datetime | None
    snippet: str

    @property
    def recipients(self) -> tuple[str, ...]:
        """To and Cc addresses, To first, without repeats."""
        return tuple(dict.fromkeys(self.to_addresses + self.cc_addresses))


def _codec(charset: str | None) -> str:
    name = (charset or "utf-8").strip().strip('"').lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        "".encode(name)
    except LookupError:
        return "utf-8"
    return name


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes in the declared charset, falling back to UTF-8 then GB18030, never raising."""
    codec = _codec(charset)
    for attempt in dict.fromkeys([codec, "utf-8", "gb18030"]):
        try:
            return data.decode(attempt)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(codec, errors="replace")


def _raw_text(value: object) -> str:
    """A header value as text; raw 8-bit bytes (kept as surrogates by the parser) are decoded."""
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        return decode_bytes(text.encode("ascii", "surrogateescape"), None)
    return text


def decode_header_text(value: object) -> str:
    """Decode RFC 2047 encoded words; unfold lines; squeeze white space."""
    if value is None:
        return ""
    text = _raw_text(value)
    try:
        parts = decode_header(text)
    except (ValueError, binascii.Error, AssertionError, HeaderParseError):
        parts = [(text, None)]
    out: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
        elif charset is None:  # text outside encoded words comes back as raw-unicode-escape bytes
            out.append(chunk.decode("raw-unicode-escape", errors="replace"))
        else:
            out.append(decode_bytes(chunk, charset))
    return " ".join("".join(out).split())


def _ids(value: object) -> tuple[str, ...]:
    text = _raw_text(value) if value is not None else ""
    found = _ID_RE.findall(text)
    if not found:  # "Message-ID: abc@host" without the angle brackets
        found = [f"<{token.strip('<>')}>" for token in text.split() if "@" in token][:1]
    return tuple(_fit_id(i) for i in found)


def _fit_id(message_id: str) -> str:
    if len(message_id) <= MESSAGE_ID_CHARS:
        return message_id
    return f"<sha256-{hashlib.sha256(message_id.encode()).hexdigest()}@long-id.invalid>"


def _raw_get_all(msg: Message, name: str) -> list[str]:
    """Header values as parsed (raw 8-bit bytes kept as surrogates, not turned into U+FFFD)."""
    return [value for key, value in msg.raw_items() if key.lower() == name.lower()]


def _raw_get(msg: Message, name: str) -> str | None:
    values = _raw_get_all(msg, name)
    return values[0] if values else None


def _addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    values = [decode_header_text(v) for v in _raw_get_all(msg, name)]
    pairs = getaddresses(values)
    return [(n.strip(), a.strip().lower()) for n, a in pairs if "@" in a and " " not in a.strip()]


def _date(msg: Message) -> dt.datetime | None:
    value = _raw_get(msg, "Date")
    if value is None:
        return None
    try:
        when = parsedate_to_datetime(_raw_text(value).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:  # "-0000" or no zone: RFC 5322 says UTC
        when = when.replace(tzinfo=dt.UTC)
    if not dt.datetime(1980, 1, 1, tzinfo=dt.UTC) <= when <= dt.datetime(2200, 1, 1, tzinfo=dt.UTC):
        return None
    return when


def _payload_bytes(part: Message) -> bytes:
    raw = part.get_payload(decode=False)
    if not isinstance(raw, str):
        return b""
    data = raw.encode("utf-8", "surrogateescape")
    cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if cte == "base64":
        compact = re.sub(rb"[^A-Za-z0-9+/=]", b"", data)
        compact = compact[: len(compact) // 4 * 4]  # the body may be cut short
        try:
            return base64.b64decode(compact)
        except (binascii.Error, ValueError):
            return b""
    if cte == "quoted-printable":
        return quopri.decodestring(data)
    return data


def _body_text(msg: Message) -> str:
    html_text = ""
    for part in msg.walk():
        if part.is_multipart():
            continue
        if str(part.get("Content-Disposition", "")).lower().startswith("attachment"):
            continue
        ctype = part.get_content_type()
        if ctype not in {"text/plain", "text/html"}:
            continue
        text = decode_bytes(_payload_bytes(part), part.get_content_charset())
        if ctype == "text/plain" and text.strip():
            return text
        if ctype == "text/html" and not html_text:
            html_text = html.unescape(_TAG_RE.sub(" ", text))
    return html_text


def make_snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The first words of the new text: quoted lines and the quoted original are left out."""
    kept: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if _WROTE_RE.match(stripped):
            break
        if not stripped or stripped.startswith(">"):
            continue
        kept.append(stripped)
        if sum(len(k) for k in kept) > limit:
            break
    snippet = " ".join(" ".join(kept).split())
    return snippet if len(snippet) <= limit else snippet[: limit - 1].rstrip() + "…"


def normalize_subject(subject: str) -> str:
    """The subject without reply/forward prefixes (Re:, AW:, 回复:, …), lower case."""
    return " ".join(_REPLY_PREFIX_RE.sub("", subject).split()).lower()


def parse_message(raw: bytes, *, body_prefix: bytes | None = None) -> MailFacts:
    """Facts of a message (see :func:`_parse`); any parser failure becomes MalformedMessage."""
    try:
        return _parse(raw, body_prefix)
    except MalformedMessage:
        raise
    except (ValueError, LookupError, TypeError, AttributeError, IndexError) as exc:
        raise MalformedMessage(f"cannot be parsed ({type(exc).__name__}: {exc})") from exc


def _parse(raw: bytes, body_prefix: bytes | None) -> MailFacts:
    """Facts of a message.

    Parameters
    ----------
    raw
        The whole message, or only its header block when ``body_prefix`` is given.
    body_prefix
        The first bytes of the body (IMAP ``BODY.PEEK[TEXT]<0.N>``), for the snippet.

    Raises
    ------
    MalformedMessage
        When the bytes hold no header block or no sender address.
    """
    if not raw or not raw.strip():
        raise MalformedMessage("empty message")
    data = raw if body_prefix is None else raw.rstrip(b"\r\n") + b"\r\n\r\n" + body_prefix
    if b"\x00" in data[:4096]:
        raise MalformedMessage("binary data (NUL bytes) where the headers should be")
    msg = message_from_bytes(data, policy=compat32)
    if not msg.keys():
        raise MalformedMessage("no header lines")
    senders = _addresses(msg, "From") or _addresses(msg, "Sender")
    if not senders:
        raw_from = decode_header_text(_raw_get(msg, "From"))
        raise MalformedMessage(f"no sender address (From: {raw_from[:80]!r})")
    from_name, from_address = senders[0]
    subject = decode_header_text(_raw_get(msg, "Subject"))[:SUBJECT_CHARS]
    when = _date(msg)
    ids = _ids(_raw_get(msg, "Message-ID"))
    to = tuple(dict.fromkeys(a for _, a in _addresses(msg, "To")))
    cc = tuple(dict.fromkeys(a for _, a in _addresses(msg, "Cc")))
    snippet = make_snippet(_body_text(msg))
    if ids:
        message_id, synthetic = ids[0], False
    else:
        # No Message-ID: a stable stand-in from what identifies the message, so that re-syncing
        # the same message (or its copy in another folder) finds the same id.
        basis = "|".join(
            [from_address, ",".join(to + cc), when.isoformat() if when else "", subject, snippet]
        )
        message_id, synthetic = f"<{hashlib.sha256(basis.encode()).hexdigest()[:40]}@laoke.invalid>", True
    in_reply_to = _ids(_raw_get(msg, "In-Reply-To"))
    references = _ids(_raw_get(msg, "References"))
    return MailFacts(
        message_id=message_id,
        synthetic_id=synthetic,
        in_reply_to=in_reply_to[0] if in_reply_to else "",
        references=references,
        from_address=from_address,
        from_name=decode_header_text(from_name),
        to_addresses=to,
        cc_addresses=cc,
        subject=subject,
        date=when,
        snippet=snippet,
    )
