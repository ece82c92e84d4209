"""The "send through my mailbox" button of the cadence draft page.

The cadence app lets other apps offer a way of sending a draft (``register_sender``); this one
sends through the user's own SMTP server and records the mail with its Message-ID, so the reply
time fills in when the answer is synced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.cadence.services.senders import DraftSendError, SenderOption, register_sender
from laoke.customers.models import Contact
from laoke.interactions.models import Interaction
from laoke.mailbox.models import MailAccount

if TYPE_CHECKING:
    from laoke.cadence.services.drafts import Draft


def can_send(user: User) -> bool:
    """The user connected a mailbox with an SMTP server."""
    return MailAccount.objects.filter(user=user).exclude(smtp_host="").exists()


def send_through_mailbox(draft: Draft, user: User) -> Interaction:
    """Send the draft from the user's mailbox; DraftSendError with the reason when it fails."""
    # Imported here: every command registers this sender when it starts, few of them send mail.
    from laoke.mailbox.errors import MailServerError
    from laoke.mailbox.services.send import send_mail

    customer = draft.task.customer
    if customer is None or not draft.to:
        raise DraftSendError(str(_("the contact has no e-mail address")))
    account = MailAccount.objects.select_related("user").get(user=user)
    contact = Contact.objects.filter(customer=customer, email__iexact=draft.to).first()
    try:
        return send_mail(
            account=account,
            customer=customer,
            contact=contact,
            to=[draft.to],
            subject=draft.subject,
            body=draft.body,
        )
    except MailServerError as exc:
        raise DraftSendError(exc.user_message()) from exc


def register() -> None:
    """Offer the button (called once when the app is ready)."""
    register_sender(SenderOption("mailbox", _("Send through my mailbox"), send_through_mailbox, can_send))
