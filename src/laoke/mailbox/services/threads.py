"""Reply times of synced mail, recomputed from the stored thread facts (idempotent)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from laoke.core.mail import ThreadMail, reply_hours
from laoke.interactions.models import Interaction
from laoke.mailbox.repositories import thread_mails


def recompute_reply_times(*, customer_ids: Iterable[int]) -> int:
    """Set ``reply_hours`` of the customers' mails from their threads; returns how many changed.

    Only mails with a Message-ID (synced, or sent through Laoke) are touched; mails logged by
    hand keep the reply time the user typed.
    """
    per_customer: dict[int, list[ThreadMail]] = defaultdict(list)
    stored: dict[object, float | None] = {}
    for customer_id, mail, hours in thread_mails(set(customer_ids)):
        per_customer[customer_id].append(mail)
        stored[mail.key] = hours
    changed: list[Interaction] = []
    for mails in per_customer.values():
        for key, hours in reply_hours(mails).items():
            if stored[key] != hours:
                changed.append(Interaction(pk=key, reply_hours=hours))
    Interaction.objects.bulk_update(changed, ["reply_hours"], batch_size=500)
    return len(changed)
