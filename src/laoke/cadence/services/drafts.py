"""Mail drafts for a task: the company's template in the contact's language, filled in, opened by mailto.

Nothing is ever sent silently. The draft page offers the user's own mail client (``mailto:``) and,
when the company configured an SMTP server (``LAOKE_SMTP_*``), an explicit Send button. Other
apps can add a way of sending (``register_sender``), for example the user's own mailbox: a sender
takes the draft and the user, sends it, and returns the stored ``Interaction`` or raises
``DraftSendError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.models import MailTemplate
from laoke.company.models import CompanySettings
from laoke.core.cadence.drafts import Template, default_template, language_of, render
from laoke.customers.models import Contact
from laoke.interactions.models import DirectionChoices, Interaction, InteractionKindChoices
from laoke.retention.models import Task


class DraftSendError(Exception):
    """The draft could not be sent (no recipient, the server refused it…)."""


@dataclass(frozen=True)
class Draft:
    """A filled-in mail for one task."""

    task: Task
    to: str
    contact_name: str
    language: str
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        """A ``mailto:`` link that opens the draft in the user's own mail client."""
        return f"mailto:{quote(self.to, safe='@')}?subject={quote(self.subject)}&body={quote(self.body)}"


def template_for(kind: str, language: str) -> Template | None:
    """The company's template for ``kind`` in ``language``, else English, else the built-in default."""
    rows = {t.language: t for t in MailTemplate.objects.filter(kind=kind, language__in=[language, "en"])}
    for lang in (language, "en"):
        if lang in rows:
            return Template(rows[lang].subject, rows[lang].body)
        builtin = default_template(kind, lang)
        if builtin is not None and lang == language:
            return builtin
    return default_template(kind, "en")


def _contact(task: Task) -> Contact | None:
    if task.customer is None:
        return None
    wanted = task.details.get("contact_id") if isinstance(task.details, dict) else None
    contacts = list(task.customer.contacts.all())
    chosen = next((c for c in contacts if c.pk == wanted), None)
    return chosen or next((c for c in contacts if c.email), None)


def _values(task: Task, contact: Contact | None, user: User, language: str) -> dict[str, str]:
    details: dict[str, Any] = task.details if isinstance(task.details, dict) else {}
    zh = language == "zh"
    topics = details.get("topics_zh" if zh else "topics_en") or []
    festival = details.get("festival_zh" if zh else "festival_en", "")
    date = (
        details.get("on") or details.get("window_start") or details.get("season") or task.due_on.isoformat()
    )
    if task.kind == "order_completion":
        date = (task.due_on + dt.timedelta(days=28)).isoformat()
    return {
        "customer": task.customer.name if task.customer else "",
        "contact": contact.name if contact else (task.customer.name if task.customer else ""),
        "salesperson": user.get_full_name() or user.get_username(),
        "company": CompanySettings.load().name,
        "festival": str(festival),
        "topics": ("；" if zh else "; ").join(str(t) for t in topics),
        "order_no": str(details.get("order_no", "")),
        "season": str(details.get("season") or details.get("window_start") or ""),
        "date": str(date),
    }


def build_draft(*, task: Task, user: User) -> Draft | None:
    """The filled-in draft for ``task`` (None for a task with no customer or no template)."""
    if task.customer is None:
        return None
    contact = _contact(task)
    language = language_of(contact.language if contact else "")
    template = template_for(task.kind, language)
    if template is None:
        return None
    filled = render(template, _values(task, contact, user, language))
    return Draft(
        task=task,
        to=contact.email if contact and contact.email else "",
        contact_name=contact.name if contact else "",
        language=language,
        subject=filled.subject,
        body=filled.body,
    )


def smtp_configured() -> bool:
    """Whether the company configured an SMTP server (``LAOKE_SMTP_HOST``)."""
    return bool(getattr(settings, "LAOKE_SMTP_HOST", "") or "")


def record_sent(*, draft: Draft, user: User) -> Interaction:
    """Log the sent mail as an unanswered ``email_out`` (its reply time comes from the mailbox sync)."""
    assert draft.task.customer is not None
    return Interaction.objects.create(
        customer=draft.task.customer,
        contact=_contact(draft.task),
        user=user,
        kind=InteractionKindChoices.EMAIL_OUT,
        direction=DirectionChoices.OUT,
        occurred_at=timezone.now(),
        subject=draft.subject[:300],
        body=draft.body,
    )


def send_by_smtp(draft: Draft, user: User) -> Interaction:
    """Send through the company's SMTP server, from the user's address, and log it."""
    if not draft.to:
        raise DraftSendError("the contact has no e-mail address")
    sender = user.email or getattr(settings, "DEFAULT_FROM_EMAIL", "")
    try:
        EmailMessage(
            draft.subject, draft.body, sender, [draft.to], reply_to=[sender] if sender else None
        ).send()
    except OSError as exc:
        raise DraftSendError(str(exc)) from exc
    return record_sent(draft=draft, user=user)


Sender = Callable[[Draft, User], Interaction]


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


def senders_for(user: User) -> list[SenderOption]:
    """The ways this user can send a draft from Laoke (mailto is always there, outside this list)."""
    return [o for o in _SENDERS.values() if o.available(user)]


def send_draft(*, draft: Draft, user: User, via: str) -> Interaction:
    """Send ``draft`` the way the user chose, after they pressed its button; never called otherwise."""
    option = _SENDERS.get(via)
    if option is None or not option.available(user):
        raise DraftSendError(f"sending via {via!r} is not available")
    return option.send(draft, user)


def _smtp_label() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("Send through the company's mail server")


register_sender(SenderOption("smtp", _smtp_label(), send_by_smtp, lambda user: smtp_configured()))
