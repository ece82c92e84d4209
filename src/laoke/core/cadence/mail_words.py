"""Words that mark a mail as order news, matched in mail subjects (never shown to anyone).

Laoke's own drafts and the mailbox sync record the order touchpoints as sent mails; a subject
naming one ("production photos", "装柜照片"…) shows the touchpoint went out, and order news
expects no answer, so it starts no follow-up ladder (:mod:`laoke.core.cadence.rules`).
"""

from __future__ import annotations

from laoke.core.cadence.model import TaskKind

#: Words in an outgoing mail's subject that show a touchpoint was already sent (our own drafts use them).
ORDER_SENT_WORDS = {
    TaskKind.ORDER_COMPLETION: ("completion date", "完工"),
    TaskKind.ORDER_PHOTOS: ("production photo", "生产照片"),
    TaskKind.ORDER_SHIPPING: ("shipping", "shipped", "shipment", "ready to ship", "发货", "loading", "装柜"),
    TaskKind.ORDER_LOADING: ("loading", "装柜"),
}


def is_order_notice(subject: str) -> bool:
    """Whether a mail subject is order news (completion, photos, shipping) rather than a question."""
    text = subject.lower()
    return any(w in text for words in ORDER_SENT_WORDS.values() for w in words)
