from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleChoices(models.TextChoices):
    SALESPERSON = "salesperson", _("Salesperson")
    MANAGER = "manager", _("Sales manager")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who logs in. Salespeople who left keep their record (``left_on``) so history stays."""

    role = models.CharField(
        _("role"), max_length=16, choices=RoleChoices.choices, default=RoleChoices.SALESPERSON
    )
    left_on = models.DateField(
        _("left on"),
        null=True,
        blank=True,
        help_text=_("Date the person left the company; they can no longer log in."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def has_left(self) -> bool:
        return self.left_on is not None

    @property
    def is_manager(self) -> bool:
        return self.role in {RoleChoices.MANAGER, RoleChoices.ADMIN} or self.is_superuser

    def __str__(self) -> str:
        return self.get_full_name() or self.username
