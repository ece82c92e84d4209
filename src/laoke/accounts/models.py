from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleChoices(models.TextChoices):
    SALESPERSON = "salesperson", _("Salesperson")
    MANAGER = "manager", _("Sales manager")
    ADMIN = "admin", _("Administrator")


class Team(models.Model):
    """A sales team. A manager who belongs to a team sees the customers of its members."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(DjangoUserManager["User"]):
    """Django's, except that a superuser (``laoke createsuperuser``, the first account of a book
    of one's own) is an administrator, not a salesperson with every permission: the menu said
    "boss (业务员)" for the account that runs the company."""

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: object
    ) -> User:
        extra_fields.setdefault("role", RoleChoices.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in. Salespeople who left keep their record (``left_on``) so history stays."""

    objects = UserManager()  # type: ignore[misc]

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
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text=_("A manager in a team sees that team's customers; a manager without a team sees all."),
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set with a temporary password given by a manager: a new one is chosen at next login."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def has_left(self) -> bool:
        return self.left_on is not None

    @property
    def is_manager(self) -> bool:
        """Managers and admins (they reach the manager pages)."""
        return self.role in {RoleChoices.MANAGER, RoleChoices.ADMIN} or self.is_superuser

    @property
    def is_admin(self) -> bool:
        """Admins see every customer, whatever the teams."""
        return self.role == RoleChoices.ADMIN or self.is_superuser

    @property
    def can_log_in(self) -> bool:
        """Active and not departed: a departed salesperson's account stays but cannot log in."""
        return self.is_active and self.left_on is None

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class LoginCounter(models.Model):
    """Login attempts counted for a username (``u:<name>``) or a client address (``ip:<addr>``).

    ``attempts`` counts the failed attempts and those still being checked since ``last``'s window
    began; :mod:`laoke.accounts.throttle` changes it only with single conditional UPDATEs so that
    parallel requests cannot all pass the check before any of them is counted.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last = models.DateTimeField(_("last attempt"), db_index=True)

    class Meta:
        verbose_name = _("login counter")
        verbose_name_plural = _("login counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.attempts}"
