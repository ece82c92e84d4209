from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoke.customers.models import Customer, CustomerKindChoices, PaymentTermsChoices, SourceChannelChoices


class TierChoices(models.TextChoices):
    A = "A", _("A — win within 3 months")
    B = "B", _("B — win within 6 months")
    C = "C", _("C — win within a year")


class ProspectStatusChoices(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    TARGET = "target", _("Target")
    WON = "won", _("Won")
    REMOVED = "removed", _("Dropped")


class ChannelRoleChoices(models.TextChoices):
    DISTRIBUTOR = "distributor", _("Distributor (resells)")
    END_USER = "end_user", _("End user")


class BrandRoleChoices(models.TextChoices):
    BRAND_OWNER = "brand_owner", _("Brand owner")
    BRAND_USER = "brand_user", _("Brand user")


def _rating(label: Any, help_text: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=help_text,
    )


class Prospect(models.Model):
    """An inquiry (询盘) or a target we plan to win (004 A/B/C pipeline), with its look-alike score."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("The sender's address: checked against every customer and inquiry."),
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CustomerKindChoices.choices, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    turnover = models.DecimalField(
        _("yearly turnover"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    source_channel = models.CharField(
        _("source"), max_length=16, choices=SourceChannelChoices.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ProspectStatusChoices.choices,
        default=ProspectStatusChoices.INQUIRY,
    )
    tier = models.CharField(_("tier"), max_length=1, choices=TierChoices.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
    )
    inquiry_text = models.TextField(_("inquiry"), blank=True)
    expected_value = models.DecimalField(
        _("expected yearly value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    created_on = models.DateField(_("created on"))
    removed_reason = models.CharField(_("removed because"), max_length=300, blank=True)
    customer = models.OneToOneField(
        Customer,
        verbose_name=_("became customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospect",
    )
    channel_role = models.CharField(
        _("distributor or end user"), max_length=16, choices=ChannelRoleChoices.choices, blank=True
    )
    brand_role = models.CharField(
        _("brand owner or user"), max_length=16, choices=BrandRoleChoices.choices, blank=True
    )
    payment_terms = models.CharField(
        _("payment terms"), max_length=16, choices=PaymentTermsChoices.choices, blank=True
    )
    delivery_sensitivity = _rating(_("delivery sensitivity"), _("1 relaxed … 5 lead time is critical."))
    product_line = models.CharField(_("product line"), max_length=200, blank=True)
    attributes = models.JSONField(
        _("product attributes they care about"),
        default=list,
        blank=True,
        help_text=_("E.g. purity, particle size, voltage, certificates."),
    )
    won_on = models.DateField(_("won on"), null=True, blank=True)
    removed_on = models.DateField(_("dropped on"), null=True, blank=True)
    lookalike_score = models.FloatField(_("look-alike score"), null=True, blank=True, db_index=True)
    lookalike_confidence = models.FloatField(_("confidence"), null=True, blank=True)
    target_fit = models.FloatField(_("fit to the target portrait"), null=True, blank=True)
    lookalike = models.JSONField(_("look-alike details"), default=dict, blank=True)
    scored_on = models.DateField(_("scored on"), null=True, blank=True)
    clashes = models.JSONField(
        _("clashes"),
        default=list,
        blank=True,
        help_text=_("Customers and inquiries of the company that look like the same buyer."),
    )

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["tier", "-created_on"]
        indexes = [
            models.Index(fields=["owner", "status"]),
            # The board: each column's best look-alikes and every column's count, read from the
            # index (a scan of every prospect's row before).
            models.Index(
                fields=["status", "tier", "lookalike_score", "created_on", "won_on", "removed_on"],
                name="prospect_board_idx",
            ),
            # The won and dropped columns count the last 90 days' rows only (a read of every won
            # or dropped prospect's index entry before), and a salesperson's counts read the
            # owner's entries alone (not each row).
            models.Index(fields=["status", "won_on"], name="prospect_won_idx"),
            models.Index(fields=["status", "removed_on"], name="prospect_removed_idx"),
            models.Index(
                fields=["owner", "status", "tier", "won_on", "removed_on"], name="prospect_owner_board_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage(self) -> str:
        """The board column: the tier while a target, else the status."""
        return self.tier if self.status == ProspectStatusChoices.TARGET and self.tier else self.status


class ProspectMove(models.Model):
    """One move on the pipeline board, kept for the history and the pace check."""

    prospect = models.ForeignKey(
        Prospect, verbose_name=_("prospect"), on_delete=models.CASCADE, related_name="moves"
    )
    moved_on = models.DateField(_("moved on"))
    from_stage = models.CharField(_("from"), max_length=8)
    to_stage = models.CharField(_("to"), max_length=8)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pipeline move")
        verbose_name_plural = _("pipeline moves")
        ordering = ["-moved_on", "-id"]

    def __str__(self) -> str:
        return f"{self.prospect_id}: {self.from_stage} → {self.to_stage}"


class CustomerPortrait(models.Model):
    """What the owner knows about a customer beyond the data (002): roles, product line, attributes.

    Everything else in the portrait is derived from orders, payments and the scorecard.
    """

    customer = models.OneToOneField(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="portrait"
    )
    channel_role = models.CharField(
        _("distributor or end user"),
        max_length=16,
        choices=ChannelRoleChoices.choices,
        blank=True,
        help_text=_("Leave empty to take it from the customer's kind."),
    )
    brand_role = models.CharField(
        _("brand owner or user"), max_length=16, choices=BrandRoleChoices.choices, blank=True
    )
    product_line = models.CharField(
        _("product line"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to take the category they buy most."),
    )
    attributes = models.JSONField(
        _("product attributes they care about"),
        default=list,
        blank=True,
        help_text=_("E.g. purity, particle size, voltage, certificates."),
    )
    new_products_rating = _rating(
        _("responsiveness to new products"),
        _("1 never tries new products … 5 first to try; empty: measured from orders."),
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("customer portrait")
        verbose_name_plural = _("customer portraits")

    def __str__(self) -> str:
        return str(self.customer)
