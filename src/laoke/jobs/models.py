"""Job rows (what the task queue runs, with its progress) and the company's job schedules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One run of a long or periodic job, as people see it: state, stage, progress, result or error.

    The task queue (Huey, :mod:`laoke.jobs.tasks`) carries only the row's id; everything a page
    shows lives here. Live figures of a running job (and its heartbeat) are kept in the queue's own
    store (:mod:`laoke.jobs.progress`), so they never wait for the book's write lock.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=40, db_index=True)
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    stage = models.CharField(max_length=40, blank=True, default="")
    percent = models.PositiveSmallIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    result = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=40, blank=True, default="")
    error_params = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    schedule = models.CharField(max_length=40, blank=True, default="")
    worker = models.CharField(max_length=200, blank=True, default="")
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["kind", "state"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        """Whether the job has stopped for good (done or failed)."""
        return self.state in (self.State.DONE, self.State.FAILED)


class Schedule(models.Model):
    """When a periodic job runs: daily at a time, or every so many minutes (company time zone)."""

    kind = models.CharField(max_length=40, unique=True)
    enabled = models.BooleanField(_("on"), default=True)
    daily_at = models.TimeField(_("daily at"), null=True, blank=True)
    every_minutes = models.PositiveIntegerField(_("every (minutes)"), null=True, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.kind
