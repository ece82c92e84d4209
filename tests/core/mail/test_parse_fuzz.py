"""Whatever bytes arrive, parsing gives facts or MalformedMessage — never another exception."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from laoke.core.mail import MailFacts, MalformedMessage, parse_message

HEADER_NAMES = [
    "From",
    "To",
    "Cc",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Content-Type",
]
TOKENS = [
    "=?gb2312?B?",
    "=?utf-8?Q?",
    "?=",
    "<",
    ">",
    "@",
    ",",
    '"',
    ";",
    "charset=",
    "boundary=",
    "\r\n ",
    ":",
]


def _check(raw: bytes, body: bytes | None = None) -> None:
    try:
        facts = parse_message(raw, body_prefix=body)
    except MalformedMessage as exc:
        assert exc.reason
    else:
        assert isinstance(facts, MailFacts)
        assert len(facts.subject) <= 300 and len(facts.snippet) <= 200
        for message_id in (facts.message_id, facts.in_reply_to, *facts.references):
            assert len(message_id) <= 255 and not any(c.isspace() for c in message_id)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes(raw: bytes) -> None:
    """Arbitrary bytes never crash the parser."""
    _check(raw)


header_value = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=12), st.binary(max_size=8).map(lambda b: b.hex())),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(HEADER_NAMES), header_value), min_size=1, max_size=8),
    st.binary(max_size=500),
)
@example([("From", "=?gb2312?B?0?=")], b"")  # a broken base64 word raised HeaderParseError
def test_header_like_garbage(headers: list[tuple[str, str]], body: bytes) -> None:
    """Messages made of real header names with garbled values never crash the parser."""
    raw = b"".join(f"{name}: {value}\r\n".encode("utf-8", "surrogateescape") for name, value in headers)
    _check(raw, body)
    _check(raw + b"\r\n" + body)


def test_broken_base64_encoded_word_is_kept_as_text() -> None:
    """An encoded word whose base64 is cut short is kept as typed, never an exception."""
    facts = parse_message(b"From: ann@example.com\r\nSubject: =?gb2312?B?0?=\r\n\r\nhi")
    assert facts.subject == "=?gb2312?B?0?="
    with pytest.raises(MalformedMessage, match="no sender address"):
        parse_message(b"From: =?gb2312?B?0?=\r\n\r\nhi")
