from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One run of an import: which file, what it did, what it rejected."""

    class Kind(models.TextChoices):
        ORDERS = "orders", _("Orders")
        CUSTOMERS = "customers", _("Customers")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=500)
    file_sha256 = models.CharField(_("file checksum"), max_length=64)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.RUNNING)
    rows_total = models.PositiveIntegerField(_("rows read"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows skipped"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    #: While running in the background: what it is doing ("reading", "writing") and how far (0–100).
    stage = models.CharField(_("stage"), max_length=16, blank=True, default="")
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    #: Why a background import stopped without a result (an exception, a server restart).
    failure = models.TextField(_("failure"), blank=True, default="")
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"


class SavedMapping(models.Model):
    """A column mapping saved under a name, applied again to next month's file with the same headers.

    ``columns`` are the file's headers in order (what identifies "the same file"), ``mapping``
    column → field (``"-"`` for an ignored column). One set of mappings for the whole company;
    every save is audited.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ImportBatch.Kind.choices)
    columns = models.JSONField(_("columns"), default=list)
    mapping = models.JSONField(_("mapping"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("saved column mapping")
        verbose_name_plural = _("saved column mappings")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="importing_mapping_unique_name")]

    def __str__(self) -> str:
        return self.name


class SalespersonName(models.Model):
    """A salesperson's name as import files write it (张伟, "Wei Zhang"), tied to a user by a manager.

    Imports look names up here after the login and the full name, so next month's file assigns
    the same owners without asking again.
    """

    name = models.CharField(_("name in the file"), max_length=150, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("salesperson name in import files")
        verbose_name_plural = _("salesperson names in import files")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
