"""Parsing real RFC 5322 messages into facts."""

from __future__ import annotations

import datetime as dt
from email.header import Header
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from laoke.core.mail import MalformedMessage, parse_message
from laoke.core.mail.parse import make_snippet, normalize_subject


def _mail(subject: str = "Hello", **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.pop("From", "Anna Schmidt <Anna@Hamburg-Tools.de>")
    msg["To"] = headers.pop("To", "me@laoke-export.cn")
    msg["Subject"] = subject
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content("Dear Li,\nplease quote 500 pcs.\n\n> old quoted text\n")
    return msg


def test_plain_message_facts() -> None:
    """It reads sender, recipients, date, ids and a snippet without the quoted text."""
    msg = _mail(
        Date="Tue, 03 Mar 2026 09:15:00 +0100",
        Message_ID="<abc@hamburg-tools.de>",
        In_Reply_To="<q1@laoke-export.cn>",
        References="<q0@laoke-export.cn> <q1@laoke-export.cn>",
        Cc="Bob <bob@hamburg-tools.de>",
    )
    facts = parse_message(msg.as_bytes())
    assert facts.from_address == "anna@hamburg-tools.de"
    assert facts.from_name == "Anna Schmidt"
    assert facts.recipients == ("me@laoke-export.cn", "bob@hamburg-tools.de")
    assert facts.date == dt.datetime(2026, 3, 3, 8, 15, tzinfo=dt.UTC)
    assert facts.message_id == "<abc@hamburg-tools.de>"
    assert facts.in_reply_to == "<q1@laoke-export.cn>"
    assert facts.references == ("<q0@laoke-export.cn>", "<q1@laoke-export.cn>")
    assert facts.snippet == "Dear Li, please quote 500 pcs."
    assert not facts.synthetic_id


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "utf-8", "gb18030"])
def test_rfc2047_chinese_subjects(charset: str) -> None:
    """Encoded-word subjects in GB2312, GBK, GB18030 and UTF-8 decode to the Chinese text."""
    text = "关于样品的报价 — 第二批"
    if charset == "gb2312":
        text = "关于样品的报价第二批"  # the dash is not in GB2312
    raw = (
        f"From: li@qq.com\r\nTo: me@laoke-export.cn\r\nSubject: {Header(text, charset).encode()}\r\n"
        "\r\nbody\r\n"
    ).encode()
    assert parse_message(raw).subject == text


def test_gb2312_label_with_gbk_characters() -> None:
    """A subject labelled GB2312 that uses GBK-only characters (common in real mail) still decodes."""
    text = "赟鑫贸易"  # 赟 and 鑫 are outside GB2312
    import base64

    word = "=?gb2312?B?" + base64.b64encode(text.encode("gbk")).decode() + "?="
    raw = f"From: a@b.cn\r\nSubject: {word}\r\n\r\nx\r\n".encode()
    assert parse_message(raw).subject == text


def test_raw_eight_bit_headers() -> None:
    """Raw UTF-8 and raw GBK bytes in headers (no RFC 2047) are decoded, not mangled."""
    utf8 = b"From: =?utf-8?q?=E6=9D=8E?= <li@b.cn>\r\nSubject: \xe6\xa0\xb7\xe5\x93\x81\r\n\r\nx\r\n"
    assert parse_message(utf8).subject == "样品"
    assert parse_message(utf8).from_name == "李"
    gbk = b"From: li@b.cn\r\nSubject: " + "报价单".encode("gbk") + b"\r\n\r\nx\r\n"
    assert parse_message(gbk).subject == "报价单"


def test_unknown_charset_and_split_words() -> None:
    """An unknown charset label falls back instead of failing; split encoded words join up."""
    raw = (
        b"From: a@b.de\r\nSubject: =?x-made-up?B?" + __import__("base64").b64encode(b"Preis") + b"?=\r\n"
        b"\r\nx\r\n"
    )
    assert parse_message(raw).subject == "Preis"
    split = b"From: a@b.de\r\nSubject: =?utf-8?B?5paw5Lqn?=\r\n =?utf-8?B?5ZOB?=\r\n\r\nx\r\n"
    assert parse_message(split).subject == "新产品"


def test_missing_date_and_message_id_get_stable_stand_ins() -> None:
    """Without Date the date is None; without Message-ID a stable synthetic id is made."""
    raw = b"From: a@b.de\r\nTo: me@x.cn\r\nSubject: no ids\r\n\r\nhello\r\n"
    first, again = parse_message(raw), parse_message(raw)
    assert first.date is None
    assert first.synthetic_id
    assert first.message_id == again.message_id
    other = parse_message(raw.replace(b"no ids", b"other"))
    assert other.message_id != first.message_id


def test_bad_date_is_none() -> None:
    """A Date header that is not a date gives None (the IMAP arrival time is used instead)."""
    raw = b"From: a@b.de\r\nDate: yesterday-ish\r\n\r\nx\r\n"
    assert parse_message(raw).date is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"this is not a mail at all\r\njust words\r\n", "no header lines"),
        (b"From: not an address\r\nSubject: x\r\n\r\nbody\r\n", "no sender"),
        (b"\x00\x01\x02\x03garbage", "NUL"),
    ],
)
def test_malformed_messages(raw: bytes, reason: str) -> None:
    """Unusable bytes raise MalformedMessage with a reason."""
    with pytest.raises(MalformedMessage, match=reason):
        parse_message(raw)


def test_snippet_from_truncated_multipart_with_attachment() -> None:
    """Only the header and the first body bytes are needed: the snippet comes from the text part."""
    outer = MIMEMultipart()
    outer["From"] = "a@b.de"
    outer["Subject"] = "drawing"
    outer.attach(MIMEText("Please see the drawing attached.", "plain", "utf-8"))
    outer.attach(MIMEApplication(b"\x89PNG" * 50_000, Name="big.png"))
    raw = outer.as_bytes()
    header, _, body = raw.partition(b"\n\n")
    facts = parse_message(header, body_prefix=body[:2048])
    assert facts.snippet == "Please see the drawing attached."


def test_html_only_and_base64_gbk_body() -> None:
    """An HTML-only body gives text without tags; a base64 GBK body decodes."""
    html = EmailMessage()
    html["From"] = "a@b.de"
    html.set_content(
        "<html><body><p>Hi <b>Li</b>,</p><style>p{}</style>new prices</body></html>", subtype="html"
    )
    assert parse_message(html.as_bytes()).snippet == "Hi Li , new prices"
    gbk = MIMEText("您好，请报价。", "plain", "gbk")
    gbk["From"] = "a@b.cn"
    assert parse_message(gbk.as_bytes()).snippet == "您好，请报价。"


def test_snippet_is_short_and_stops_at_quote() -> None:
    """The snippet is cut to the limit and leaves out the quoted original."""
    text = "word " * 200 + "\nOn Mon, Anna wrote:\nold"
    snippet = make_snippet(text, limit=50)
    assert len(snippet) == 50
    assert snippet.endswith("…")
    assert make_snippet("Thanks!\n在 2026年3月3日 写道：\n旧邮件") == "Thanks!"


def test_normalize_subject() -> None:
    """Reply prefixes in several languages are stripped for subject threading."""
    assert normalize_subject("RE: Re: AW: New catalogue") == "new catalogue"
    assert normalize_subject("回复：新产品") == "新产品"
    assert normalize_subject("Fwd: price") == "fwd: price"


def test_message_id_without_angle_brackets_and_overlong() -> None:
    """A bare Message-ID gets its brackets; an overlong one becomes a stable hash id."""
    bare = parse_message(b"From: a@b.de\r\nMessage-ID: abc@host.example (comment)\r\n\r\nx\r\n")
    assert bare.message_id == "<abc@host.example>"
    long_id = "<" + "x" * 400 + "@host>"
    raw = f"From: a@b.de\r\nMessage-ID: {long_id}\r\nReferences: {long_id}\r\n\r\nx\r\n".encode()
    facts = parse_message(raw)
    assert len(facts.message_id) < 255 and facts.message_id == facts.references[0]
