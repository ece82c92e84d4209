"""A salesperson's connected mailbox, how far each folder is synced, and contacts it proposes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoke.customers.models import Customer


class SecurityChoices(models.TextChoices):
    SSL = "ssl", _("SSL/TLS")
    STARTTLS = "starttls", _("STARTTLS")
    NONE = "none", _("None (plain text, local servers only)")


class MailAccount(models.Model):
    """One user's mailbox: IMAP to read (inbox and sent), SMTP to send. The password is encrypted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="mail_account",
    )
    email = models.EmailField(_("e-mail address"), help_text=_("The address you write from."))
    imap_host = models.CharField(_("IMAP server"), max_length=200, help_text=_("e.g. imap.exmail.qq.com"))
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(
        _("IMAP security"), max_length=8, choices=SecurityChoices.choices, default=SecurityChoices.SSL
    )
    username = models.CharField(_("login name"), max_length=200, help_text=_("Usually the e-mail address."))
    password_encrypted = models.TextField(_("encrypted password"), editable=False)
    smtp_host = models.CharField(
        _("SMTP server"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty if Laoke should not send mail."),
    )
    smtp_port = models.PositiveIntegerField(_("SMTP port"), default=465)
    smtp_security = models.CharField(
        _("SMTP security"), max_length=8, choices=SecurityChoices.choices, default=SecurityChoices.SSL
    )
    inbox_folder = models.CharField(_("inbox folder"), max_length=200, default="INBOX")
    sent_folder = models.CharField(
        _("sent folder"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to find it automatically (Sent, 已发送, …)."),
    )
    # Customers whose reply times still have to be recomputed: filled in the same transaction as
    # each stored batch, emptied at the end of the sync, so a crash leaves them for the next run.
    pending_customer_ids = models.JSONField(default=list, blank=True, editable=False)
    last_sync_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("connected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return self.email

    @property
    def can_send(self) -> bool:
        """True when an SMTP server is configured."""
        return bool(self.smtp_host)


class FolderState(models.Model):
    """How far one folder is synced: new mail is UID > ``last_uid`` while UIDVALIDITY stays the same."""

    account = models.ForeignKey(MailAccount, on_delete=models.CASCADE, related_name="folders")
    folder = models.CharField(_("folder"), max_length=200)
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), default=0)
    last_uid = models.BigIntegerField(_("last UID synced"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("synced folder")
        verbose_name_plural = _("synced folders")
        constraints = [models.UniqueConstraint(fields=["account", "folder"], name="mailbox_folder_once")]

    def __str__(self) -> str:
        return f"{self.account} {self.folder} ≤ {self.last_uid}"


class ProposalStatusChoices(models.TextChoices):
    OPEN = "open", _("Proposed")
    ADDED = "added", _("Added as contact")
    DISMISSED = "dismissed", _("Dismissed")


class ProposedContact(models.Model):
    """Someone at a customer's domain who wrote to us but is not a contact yet."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="proposed_contacts"
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    messages = models.PositiveIntegerField(_("messages"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatusChoices.choices, default=ProposalStatusChoices.OPEN
    )

    class Meta:
        verbose_name = _("proposed contact")
        verbose_name_plural = _("proposed contacts")
        ordering = ["-last_seen_at"]
        constraints = [models.UniqueConstraint(fields=["customer", "email"], name="mailbox_proposal_once")]

    def __str__(self) -> str:
        return self.email
