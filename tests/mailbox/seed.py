"""A seeded mailbox: real RFC 5322 messages in an inbox and a sent folder, with known answers.

Customers: Hamburg Tools (contact anna@hamburg-tools.de), Acme (bob@acme.com), and Mr Li who
writes from a free-mail address (li.wei@qq.com). We are me@laoke-export.cn.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime

from laoke.customers.models import Contact, Customer

US = "me@laoke-export.cn"
T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # Monday 09:00 in Shanghai
HUGE_BYTES = 20 * 1024 * 1024


def at(hours: float) -> dt.datetime:
    """T0 plus some hours."""
    return T0 + dt.timedelta(hours=hours)


def mail(
    sender: str,
    to: str,
    subject: str,
    when: dt.datetime | None,
    message_id: str | None,
    body: str = "Hello",
    *,
    in_reply_to: str = "",
    references: str = "",
    subject_charset: str | None = None,
) -> EmailMessage:
    """An RFC 5322 message; no Date or Message-ID header when those are None."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = Header(subject, subject_charset).encode() if subject_charset else subject
    if when is not None:
        msg["Date"] = format_datetime(when)
    if message_id is not None:
        msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    msg.set_content(body)
    return msg


@dataclass
class Book:
    """The customers and contacts the seeded mail is about."""

    hamburg: Customer
    acme: Customer
    li: Customer
    other: Customer


def customers(owner: object) -> Book:
    """Create the customers and contacts the seeded mailbox talks to."""
    hamburg = Customer.objects.create(code="HT", name="Hamburg Tools", owner=owner)
    Contact.objects.create(customer=hamburg, name="Anna", email="anna@hamburg-tools.de", is_primary=True)
    acme = Customer.objects.create(code="AC", name="Acme", owner=owner)
    Contact.objects.create(customer=acme, name="Bob", email="bob@acme.com")
    li = Customer.objects.create(code="LI", name="Li Trading", owner=owner)
    Contact.objects.create(customer=li, name="Li Wei", email="li.wei@qq.com")
    other = Customer.objects.create(code="OT", name="Other", owner=owner)
    Contact.objects.create(customer=other, name="Zed", email="zed@other-co.com")
    return Book(hamburg, acme, li, other)


def first_five() -> list[bytes | EmailMessage]:
    """The first five inbox messages (RFQ, two strangers, Carl's reply, the GB2312 one): 3 stored."""
    return inbox(huge_bytes=0)[:5]


def inbox(huge_bytes: int = HUGE_BYTES) -> list[bytes | EmailMessage]:
    """The inbox: customer mail, a GB2312 subject, missing headers, a duplicate, a huge and broken mail."""
    rfq = mail(
        "Anna <anna@hamburg-tools.de>", US, "RFQ 500 pcs", at(0), "<rfq1@hamburg-tools.de>", "Please quote."
    )
    carl = mail(
        "Carl Berg <carl@acme.com>",
        US,
        "Re: New catalogue",
        at(50),
        "<carl1@acme.com>",
        "Interested in item 7.\n\n> New catalogue",
        in_reply_to="<cat1@laoke-export.cn>",
        references="<cat1@laoke-export.cn>",
    )
    chinese = mail(
        "=?GB2312?B?" + base64.b64encode("李伟".encode("gb2312")).decode() + "?= <li.wei@qq.com>",
        US,
        "关于样品的问题",
        None,  # no Date: the arrival time is used
        None,  # no Message-ID: a stable stand-in
        "样品什么时候发？",
        subject_charset="gb2312",
    )
    huge = mail(
        "anna@hamburg-tools.de", US, "Drawing", at(100), "<huge@hamburg-tools.de>", "See the drawing."
    )
    if huge_bytes:
        picture = b"\x89PNG" + b"\x00" * (huge_bytes - 4)
        huge.add_attachment(picture, maintype="image", subtype="png", filename="d.png")
    stranger = mail("someone@qq.com", US, "Hi", at(3), "<s1@qq.com>")
    unknown = mail("x@unknown-co.com", US, "Offer", at(4), "<u1@unknown-co.com>")
    odd = (
        b"From: zed@other-co.com\r\nTo: "
        + US.encode()
        + b"\r\nSubject: =?x-made-up?Q?Preis?= "
        + "报价".encode("gbk")
        + b"\r\nDate: Mon, 02 Mar 2026 12:00:00 +0000\r\nMessage-ID: <odd@other-co.com>\r\n"
        b"Content-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.b64encode("请确认".encode("gbk"))
        + b"\r\n"
    )
    broken = b"Subject: no sender here\r\nX-Note: the From line is missing\r\n\r\nbody\r\n"
    garbage = b"this is not a mail at all\r\njust some words\r\n"
    return [rfq, stranger, unknown, carl, chinese, rfq, odd, broken, huge, garbage]


def sent() -> list[bytes | EmailMessage]:
    """The sent folder: a quick answer to the RFQ, a catalogue to Acme, an unanswered mail to Li."""
    answer = mail(
        US,
        "anna@hamburg-tools.de",
        "Re: RFQ 500 pcs",
        at(0.25),
        "<ans1@laoke-export.cn>",
        "Thanks, the quote follows today.",
        in_reply_to="<rfq1@hamburg-tools.de>",
        references="<rfq1@hamburg-tools.de>",
    )
    catalogue = mail(
        US, "bob@acme.com", "New catalogue", at(24), "<cat1@laoke-export.cn>", "Our 2026 catalogue."
    )
    to_li = mail(US, "li.wei@qq.com", "新产品介绍", at(30), "<li1@laoke-export.cn>", subject_charset="utf-8")
    return [answer, catalogue, to_li]
