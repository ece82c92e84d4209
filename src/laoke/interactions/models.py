from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoke.customers.models import Contact, Customer


class InteractionKindChoices(models.TextChoices):
    EMAIL_OUT = "email_out", _("E-mail sent")
    EMAIL_IN = "email_in", _("E-mail received")
    CALL = "call", _("Call")
    WHATSAPP = "whatsapp", _("WhatsApp")
    WECHAT = "wechat", _("WeChat")
    VISIT = "visit", _("Visit")
    MEETING = "meeting", _("Meeting")
    SAMPLE_SENT = "sample_sent", _("Sample sent")
    QUOTATION = "quotation", _("Quotation")
    COMPLAINT = "complaint", _("Complaint")
    PRICE_DISPUTE = "price_dispute", _("Price dispute")
    TERMS_TEST = "terms_test", _("Refused-terms test")
    NOTE = "note", _("Note")
    TASK_DONE = "task_done", _("Task done")


class DirectionChoices(models.TextChoices):
    OUT = "out", _("We → customer")
    IN = "in", _("Customer → us")


class OutcomeChoices(models.TextChoices):
    """Outcome of a price dispute or a refused-terms test (000's loyalty "A/B test")."""

    STAYED = "stayed", _("Stayed with us")
    NEGOTIATED = "negotiated", _("Negotiated, stayed")
    SWITCHED = "switched", _("Switched supplier")
    PENDING = "pending", _("Pending")


class Interaction(models.Model):
    """Any touch with a customer: mails with their reply time, calls, visits, complaints, tests."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="interactions"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=InteractionKindChoices.choices)
    direction = models.CharField(_("direction"), max_length=3, choices=DirectionChoices.choices, blank=True)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("details"), blank=True)
    reply_hours = models.FloatField(
        _("reply time (hours)"),
        null=True,
        blank=True,
        help_text=_("For e-mails: hours until the other side replied; empty while unanswered."),
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=OutcomeChoices.choices, blank=True)
    resolved_at = models.DateTimeField(
        _("resolved at"), null=True, blank=True, help_text=_("For complaints: when it was resolved.")
    )
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, help_text=_("For complaints: resolve it by this day.")
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.TextField(_("how it was resolved"), blank=True)
    # E-mail thread facts, filled by the mailbox sync (and by mail sent through Laoke).
    message_id = models.CharField(
        _("Message-ID"), max_length=255, blank=True, help_text=_("The mail's Message-ID header.")
    )
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=255, blank=True)
    references = models.TextField(_("References"), blank=True, help_text=_("Message-IDs, one per line."))
    snippet = models.CharField(_("snippet"), max_length=300, blank=True)
    mail_account = models.ForeignKey(
        "mailbox.MailAccount",
        verbose_name=_("mailbox"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
        help_text=_("The mailbox the mail was synced from or sent through."),
    )

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["customer", "occurred_at"]),
            # Mails of one kind in a time span: reply times (KPIs, follow-up overview), unanswered mails.
            models.Index(fields=["kind", "occurred_at"]),
            # One customer's complaints (the 360° page's complaints card): without it the database
            # read all the customer's interactions (mostly mails) to find them.
            models.Index(fields=["customer", "kind"]),
        ]
        constraints = [
            # A mail is stored once per customer however often it is synced, from however many
            # folders or mailboxes.
            models.UniqueConstraint(
                fields=["customer", "message_id"],
                condition=~models.Q(message_id=""),
                name="interaction_mail_once_per_customer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class PromiseKindChoices(models.TextChoices):
    PROMISE = "promise", _("Promise")
    REBATE = "rebate", _("Rebate")


class Promise(models.Model):
    """A promise or rebate made to a customer; broken ones drive churn (003, reason 2)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="promises"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PromiseKindChoices.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    made_on = models.DateField(_("made on"))
    due_date = models.DateField(_("due date"))
    kept = models.BooleanField(_("kept"), null=True, blank=True, help_text=_("Empty while still open."))
    kept_on = models.DateField(_("kept on"), null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("promise or rebate")
        verbose_name_plural = _("promises and rebates")
        ordering = ["-due_date"]

    def __str__(self) -> str:
        return self.description
