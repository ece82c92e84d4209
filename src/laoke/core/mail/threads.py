"""Reply times from threads: which mail answers which, and how many hours it took.

A mail answers an earlier mail of the other direction that it names in ``In-Reply-To`` or
``References`` (so a customer's reply to our follow-up also answers the first mail of the
thread). Mail without those headers but with a reply subject ("Re: …", "回复：…") answers the
latest earlier mail of the other direction with the same subject. The reply time of a mail is
the time until its first answer; None while unanswered. For an outgoing mail that is the
customer's response time; for an incoming one, ours (001: reply within ten minutes).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from laoke.core.mail.addresses import Key
from laoke.core.mail.parse import normalize_subject


@dataclass(frozen=True)
class ThreadMail:
    """One stored mail of one customer: ``key`` identifies it to the caller."""

    key: Key
    message_id: str
    direction: str  # "in" (customer → us) or "out" (us → customer)
    occurred_at: dt.datetime
    in_reply_to: str = ""
    references: tuple[str, ...] = field(default_factory=tuple)
    subject: str = ""


def _is_reply_subject(subject: str) -> bool:
    return normalize_subject(subject) != " ".join(subject.split()).lower()


def answered_by(mails: Iterable[ThreadMail]) -> dict[Key, ThreadMail]:
    """For each answered mail's key, the first mail of the other direction that answers it."""
    items = sorted(mails, key=lambda m: m.occurred_at)
    by_id: dict[str, list[ThreadMail]] = defaultdict(list)
    by_subject: dict[str, list[ThreadMail]] = defaultdict(list)
    for mail in items:
        if mail.message_id:
            by_id[mail.message_id].append(mail)
    answers: dict[Key, ThreadMail] = {}

    def answer(original: ThreadMail, reply: ThreadMail) -> None:
        if original.direction == reply.direction or reply.occurred_at < original.occurred_at:
            return
        best = answers.get(original.key)
        if best is None or reply.occurred_at < best.occurred_at:
            answers[original.key] = reply

    for mail in items:
        parents = [mail.in_reply_to, *mail.references] if mail.in_reply_to else list(mail.references)
        if parents:
            for parent_id in dict.fromkeys(p for p in parents if p and p != mail.message_id):
                for original in by_id.get(parent_id, ()):
                    answer(original, mail)
        elif mail.subject and _is_reply_subject(mail.subject):
            same = by_subject[normalize_subject(mail.subject)]
            earlier = [m for m in same if m.direction != mail.direction]
            if earlier:
                answer(earlier[-1], mail)
        if mail.subject:
            by_subject[normalize_subject(mail.subject)].append(mail)
    return answers


def reply_hours(mails: Iterable[ThreadMail]) -> dict[Key, float | None]:
    """Hours until each mail was first answered (two decimals), None when it is unanswered."""
    items = list(mails)
    answers = answered_by(items)
    out: dict[Key, float | None] = {}
    for mail in items:
        reply = answers.get(mail.key)
        out[mail.key] = (
            None
            if reply is None
            else round((reply.occurred_at - mail.occurred_at).total_seconds() / 3600.0, 2)
        )
    return out
