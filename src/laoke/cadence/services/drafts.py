"""Mail drafts for a task: the best template in the reader's language, filled from the record.

Nothing is ever sent silently. The draft page offers the user's own mail client (``mailto:``) and,
when the company configured an SMTP server (``LAOKE_SMTP_*``), an explicit Send button. Other
apps can add a way of sending (``register_sender``), for example the user's own mailbox: a sender
takes the draft and the user, sends it, and returns the stored ``Interaction`` or raises
``DraftSendError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q, QuerySet
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.letters import built_in, built_in_template, letters
from laoke.cadence.models import FestivalSwitch, MailTemplate
from laoke.cadence.repositories import new_product_names
from laoke.cadence.services.senders import (  # noqa: F401 - re-exported: the registry lives there
    DraftSendError,
    Sender,
    SenderOption,
    register_sender,
    sender,
    senders_for,
)
from laoke.company.models import CompanySettings
from laoke.core.cadence.drafts import DraftFacts, Template, draft_values, out_of_season, render
from laoke.core.cadence.festivals import greetings_for
from laoke.core.cadence.salutation import DRAFT_LANGUAGES, Person, draft_language
from laoke.customers.models import Contact
from laoke.interactions.models import DirectionChoices, Interaction, InteractionKindChoices
from laoke.orders.models import Order
from laoke.retention.models import Task


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


def _visible(user: User | None) -> QuerySet[MailTemplate]:
    """The company's templates and the user's own."""
    mine = Q(owner__isnull=True) | Q(owner=user) if user is not None else Q(owner__isnull=True)
    return MailTemplate.objects.filter(mine)


def _stored(kind: str, languages: Sequence[str], user: User | None) -> dict[tuple[str, bool], MailTemplate]:
    """Stored templates of ``kind`` in ``languages``: (language, is the user's own) → row."""
    rows = _visible(user).filter(kind=kind, language__in=list(languages))
    return {(t.language, t.owner_id is not None): t for t in rows}


def template_for(kind: str, language: str, user: User | None = None) -> Template | None:
    """The template for ``kind`` in ``language``: the user's own, else the company's, else the built-in one.

    When none exists in ``language`` the same order applies in English.
    """
    rows = _stored(kind, [language, "en"], user)
    for lang in (language, "en"):
        for own in (True, False):
            row = rows.get((lang, own))
            if row is not None:
                return Template(row.subject, row.body)
        if (kind, lang) in built_in():
            return built_in()[(kind, lang)]
    return None


def template_languages(kind: str, user: User | None) -> tuple[str, ...]:
    """Languages a draft of ``kind`` can be written in: the built-in ones and those of stored templates."""
    stored = _visible(user).filter(kind=kind)
    return tuple(dict.fromkeys([*DRAFT_LANGUAGES, *stored.values_list("language", flat=True)]))


def festival_switches() -> tuple[tuple[str, str, bool], ...]:
    """The company's festival greeting switches, for the cadence policy."""
    return tuple(FestivalSwitch.objects.values_list("country", "festival", "enabled"))


def _contact(task: Task) -> Contact | None:
    if task.customer is None:
        return None
    wanted = task.details.get("contact_id") if isinstance(task.details, dict) else None
    contacts = list(task.customer.contacts.all())
    chosen = next((c for c in contacts if c.pk == wanted), None)
    return chosen or next((c for c in contacts if c.email), None) or next(iter(contacts), None)


def _person(contact: Contact | None) -> Person | None:
    if contact is None:
        return None
    return Person(
        name=contact.name,
        family_name=contact.family_name,
        preferred_name=contact.preferred_name,
        form_of_address=contact.form_of_address,
        academic_title=contact.academic_title,
        role=contact.role,
    )


def last_mail_on(customer_id: int, as_of: dt.date) -> dt.date | None:
    """The day (company time) of the last mail we sent the customer on or before ``as_of``."""
    until = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
    sent = (
        Interaction.objects.filter(
            customer_id=customer_id, kind=InteractionKindChoices.EMAIL_OUT, occurred_at__lt=until
        )
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    return timezone.localdate(sent) if sent else None


def draft_facts(*, task: Task, user: User, as_of: dt.date) -> DraftFacts:
    """What the record says for ``task``'s draft on ``as_of`` (read from the database, nothing guessed)."""
    assert task.customer is not None
    customer = task.customer
    contact = _contact(task)
    details: dict[str, Any] = task.details if isinstance(task.details, dict) else {}
    language = draft_language(
        contact.language if contact else "", customer.country, template_languages(task.kind, user)
    )
    order_date = None
    if details.get("order_no"):
        order_date = (
            Order.objects.filter(order_no=details["order_no"]).values_list("order_date", flat=True).first()
        )
    country = (customer.country or "").upper()
    return DraftFacts(
        kind=task.kind,
        language=language,
        as_of=as_of,
        customer=customer.name,
        country=country,
        company=CompanySettings.load().name,
        salesperson=user.get_full_name() or user.get_username(),
        person=_person(contact),
        task_details=details,
        last_mail_on=last_mail_on(customer.pk, as_of),
        order_date=order_date,
        new_products=new_product_names(as_of=as_of),
        greetings=greetings_for(country, switches=festival_switches()) if country else None,
    )


def build_draft(*, task: Task, user: User, as_of: dt.date | None = None) -> Draft | None:
    """The filled-in draft for ``task`` as written on ``as_of`` (today by default).

    None for a task with no customer or no template, and for one whose occasion is out of season
    (a festival greeting after the festival, birthday wishes days late): better no draft than a
    wrong one.
    """
    if task.customer is None:
        return None
    facts = draft_facts(task=task, user=user, as_of=as_of or timezone.localdate())
    if out_of_season(facts):
        return None
    template = template_for(task.kind, facts.language, user)
    if template is None:
        return None
    values = draft_values(facts, letters(facts.language))
    filled = render(template, values, fallback=built_in_template(task.kind, facts.language))
    contact = _contact(task)
    return Draft(
        task=task,
        to=contact.email if contact and contact.email else "",
        contact_name=contact.name if contact else "",
        language=facts.language,
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


def send_draft(*, draft: Draft, user: User, via: str) -> Interaction:
    """Send ``draft`` the way the user chose, after they pressed its button; never called otherwise."""
    option = sender(via)
    if option is None or not option.available(user):
        raise DraftSendError(f"sending via {via!r} is not available")
    return option.send(draft, user)


def _smtp_label() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("Send through the company's mail server")


register_sender(SenderOption("smtp", _smtp_label(), send_by_smtp, lambda user: smtp_configured()))
