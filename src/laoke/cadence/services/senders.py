"""Ways of sending a mail draft besides ``mailto:``: a small registry other apps add to.

Kept apart from :mod:`laoke.cadence.services.drafts` (templates, festivals, salutations) so that an
app registering a sender when it starts (``laoke.mailbox``) does not import all of that with it:
every ``laoke`` command starts the apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from laoke.accounts.models import User
    from laoke.cadence.services.drafts import Draft
    from laoke.interactions.models import Interaction


class DraftSendError(Exception):
    """The draft could not be sent (no recipient, the server refused it…)."""


Sender = Callable[["Draft", "User"], "Interaction"]


@dataclass(frozen=True)
class SenderOption:
    """One way of sending a draft, shown as a button on the draft page when available."""

    code: str
    label: Any
    send: Sender
    available: Callable[[User], bool]


_SENDERS: dict[str, SenderOption] = {}


def register_sender(option: SenderOption) -> None:
    """Offer another way of sending drafts (for example "send through my mailbox")."""
    _SENDERS[option.code] = option


def sender(code: str) -> SenderOption | None:
    """The registered way of sending called ``code``, if any."""
    return _SENDERS.get(code)


def senders_for(user: User) -> list[SenderOption]:
    """The ways this user can send a draft from Laoke (mailto is always there, outside this list)."""
    return [o for o in _SENDERS.values() if o.available(user)]
