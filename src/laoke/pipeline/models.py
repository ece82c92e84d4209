from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoke.customers.models import Customer, CustomerKindChoices, SourceChannelChoices


class TierChoices(models.TextChoices):
    A = "A", _("A — win within 3 months")
    B = "B", _("B — win within 6 months")
    C = "C", _("C — win within a year")


class ProspectStatusChoices(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    TARGET = "target", _("Target")
    WON = "won", _("Won")
    REMOVED = "removed", _("Removed")


class Prospect(models.Model):
    """An inquiry or a target customer we plan to win (004 A/B/C pipeline)."""

    name = models.CharField(_("name"), max_length=200)
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

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["tier", "-created_on"]

    def __str__(self) -> str:
        return self.name
