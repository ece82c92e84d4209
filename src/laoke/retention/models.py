"""What the engine derives from the facts (scores, states, forecasts, alerts, tasks), plus loss records.

Everything here except ``LossRecord`` and the user's actions on alerts and tasks can be recomputed
from customers, orders, payments, interactions and the policy.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoke.customers.models import Customer
from laoke.platform.messages import shown


class TargetIdOf(models.Func):
    """The pipeline target a task's ``details`` name (``target_id``), as an integer; NULL for others.

    Written as one fixed SQL text per database so that the expression index on it
    (``task_follow_up_target_idx``) and the queries that filter on it match: Django's own key
    lookup on SQLite renders a set of JSON types, whose order changes from process to process.
    """

    output_field = models.BigIntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(JSON_EXTRACT(%(expressions)s, '$.target_id') AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "((%(expressions)s ->> 'target_id')::bigint)"
        return self.as_sql(compiler, connection, template=template, **extra)


class LossReasonChoices(models.TextChoices):
    """The six loss reasons of seed 003."""

    COMPETITOR = "competitor", _("Competitor approached them")
    BROKEN_PROMISE = "broken_promise", _("Promise or rebate not delivered")
    NEGLECTED_SMALL = "neglected_small", _("Neglected as a small customer")
    OWNER_LEFT = "owner_left", _("Their salesperson left")
    MARKET = "market", _("Market turbulence")
    DETAILS = "details", _("Neglected details (quality, delivery, service)")


class LossRecord(models.Model):
    """A customer marked lost, with the reason and the review; ``reopened_on`` ends it (kept for history).

    Only records that are not reopened make a customer lost and count in the losses by reason.
    """

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="loss_records"
    )
    lost_on = models.DateField(_("lost on"))
    reason = models.CharField(_("loss reason"), max_length=16, choices=LossReasonChoices.choices)
    came_for = models.CharField(
        _("why they came to us"),
        max_length=300,
        blank=True,
        help_text=_("Price, quality, rapport, service, lead time…"),
    )
    note = models.TextField(_("post-mortem"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    reopened_on = models.DateField(
        _("reopened on"),
        null=True,
        blank=True,
        help_text=_("When the customer was taken back in: the loss no longer counts."),
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_note = models.TextField(_("why reopened"), blank=True)

    class Meta:
        verbose_name = _("loss record")
        verbose_name_plural = _("loss records")
        ordering = ["-lost_on"]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.lost_on} {self.reason}"


class LifecycleStateChoices(models.TextChoices):
    ACTIVE = "active", _("Active")
    AT_RISK = "at_risk", _("At risk")
    DORMANT = "dormant", _("Dormant")
    LOST = "lost", _("Lost")
    TARGET = "target", _("Target")


class CustomerScore(models.Model):
    """The current scorecard of a customer (recomputed by ``laoke score``).

    ``dimensions`` maps a dimension code to ``{"score": float | None, "level": str,
    "explanation": [{"code": str, "params": {…}}, …]}`` (score None = unknown); ``reasons`` is
    a list of ``{"dimension": str, "explanation": […]}``, most important first. Explanations are
    message codes with figures, worded at display time by :mod:`laoke.retention.messages`; rows
    scored before that carry ``explanation_en/_zh`` (and reasons ``en/zh``) and are shown as
    stored until the next re-score.
    """

    customer = models.OneToOneField(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="score"
    )
    as_of = models.DateField(_("as of"))
    total = models.FloatField(_("score"), null=True)
    grade = models.CharField(_("grade"), max_length=16, db_index=True)
    treatment_code = models.CharField(_("treatment"), max_length=40, blank=True)
    treatment_en = models.TextField(_("treatment (English)"), blank=True)
    treatment_zh = models.TextField(_("treatment (Chinese)"), blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=LifecycleStateChoices.choices, db_index=True, blank=True
    )
    revenue_12m = models.FloatField(_("sales, last 12 months"), default=0)
    profit_12m = models.FloatField(_("profit, last 12 months"), null=True)
    dimensions = models.JSONField(_("dimensions"), default=dict)
    reasons = models.JSONField(_("top reasons"), default=list)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("customer score")
        verbose_name_plural = _("customer scores")

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.grade}"

    @property
    def treatment(self) -> str:
        """The suggested treatment in the reader's language: the company's typed text, else the
        shipped wording of ``treatment_code``."""
        from laoke.retention.scorecard_messages import treatment_text

        return treatment_text(self.treatment_code, self.treatment_en, self.treatment_zh)


class StateChange(models.Model):
    """A change of lifecycle state, kept so the history can be shown.

    ``reason_msg`` says why the customer moved, as the core's message codes with their figures
    (worded when shown, :mod:`laoke.retention.scorecard_messages`); rows stored before it keep
    ``reason`` (a loss reason's code, or text).
    """

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="state_changes"
    )
    changed_on = models.DateField(_("changed on"))
    state = models.CharField(_("state"), max_length=8, choices=LifecycleStateChoices.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    reason_msg = models.JSONField(
        _("why"), null=True, blank=True, help_text=_("Message codes with their figures, worded when shown.")
    )

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["customer", "changed_on"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "changed_on"], name="one_state_change_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.changed_on} {self.state}"

    @property
    def why(self) -> str:
        """Why the customer moved, in the reader's language (its codes worded, else the old text)."""
        from laoke.retention.scorecard_messages import state_change_why

        return state_change_why(self.reason_msg, self.reason)


class Forecast(models.Model):
    """The customer's next-order forecast (recomputed by ``laoke score``).

    ``reasons`` is a list of ``{"code": "forecast.<reason>", "params": {…}}`` messages, worded at
    display time (:mod:`laoke.retention.messages`); rows from before carry ``{"code", "en", "zh"}``.
    """

    customer = models.OneToOneField(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="forecast"
    )
    as_of = models.DateField(_("as of"))
    next_order_on = models.DateField(_("expected next order"), null=True)
    window_start = models.DateField(_("window from"), null=True)
    window_end = models.DateField(_("window to"), null=True)
    p_order_90d = models.FloatField(_("probability of an order within 90 days"), null=True)
    expected_orders_365d = models.FloatField(_("expected orders in a year"), null=True)
    expected_value_365d = models.FloatField(_("expected sales in a year"), null=True)
    reasons = models.JSONField(_("reasons"), default=list)
    details = models.JSONField(_("details"), default=dict)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.next_order_on}"


class Alert(models.Model):
    """A churn warning with its reason. ``key`` makes recomputation idempotent."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="alerts"
    )
    key = models.CharField(_("key"), max_length=200, unique=True)
    code = models.CharField(_("kind"), max_length=40)
    severity = models.PositiveSmallIntegerField(_("severity"), default=2, help_text=_("1 low … 3 high"))
    confidence = models.FloatField(_("confidence"), default=0.5)
    reason_en = models.TextField(_("reason (English)"))
    reason_zh = models.TextField(_("reason (Chinese)"))
    action_en = models.TextField(_("suggested action (English)"), blank=True)
    action_zh = models.TextField(_("suggested action (Chinese)"), blank=True)
    reason_msg = models.JSONField(
        _("reason"),
        null=True,
        blank=True,
        help_text=_("Message codes with their figures, worded when shown."),
    )
    action_msg = models.JSONField(
        _("suggested action"),
        null=True,
        blank=True,
        help_text=_("Message codes with their figures, worded when shown."),
    )
    raised_on = models.DateField(_("raised on"))
    last_seen_on = models.DateField(_("last seen on"))
    cleared_on = models.DateField(
        _("cleared on"),
        null=True,
        blank=True,
        help_text=_("When the condition behind the alert stopped holding."),
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissed_note = models.TextField(_("dismissal note"), blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-severity", "-raised_on"]
        # The customer list counts, filters and sorts by each customer's open alerts.
        indexes = [models.Index(fields=["customer", "dismissed_at"], name="alert_customer_open_idx")]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.code}"

    @property
    def reason(self) -> str:
        """The reason in the reader's language (its message codes worded, else the stored text)."""
        return shown(self.reason_msg, self.reason_en, self.reason_zh)

    @property
    def action(self) -> str:
        """The suggested action in the reader's language."""
        return shown(self.action_msg, self.action_en, self.action_zh)


class TaskStatusChoices(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    SNOOZED = "snoozed", _("Snoozed")
    CANCELLED = "cancelled", _("Cancelled")


class TaskWording:
    """A task's ``title`` and ``why`` in the reader's language (its message codes worded, else the
    stored text): one wording for :class:`Task` and for tasks read as plain values (Today's rows),
    which both hold the six stored texts below."""

    title_msg: Any
    title_en: str
    title_zh: str
    why_msg: Any
    why_en: str
    why_zh: str

    @property
    def title(self) -> str:
        """The title in the reader's language."""
        return shown(self.title_msg, self.title_en, self.title_zh)

    @property
    def why(self) -> str:
        """Why the task exists, in the reader's language."""
        return shown(self.why_msg, self.why_en, self.why_zh)

    def __str__(self) -> str:
        return self.title


class Task(TaskWording, models.Model):
    """One contact or action due on a date. ``rule_key`` keeps rule-made tasks from duplicating."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    kind = models.CharField(_("kind"), max_length=40)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    why_en = models.TextField(_("why (English)"), blank=True)
    why_zh = models.TextField(_("why (Chinese)"), blank=True)
    title_msg = models.JSONField(
        _("title"), null=True, blank=True, help_text=_("Message codes with their figures, worded when shown.")
    )
    why_msg = models.JSONField(
        _("why"), null=True, blank=True, help_text=_("Message codes with their figures, worded when shown.")
    )
    due_on = models.DateField(_("due on"), db_index=True)
    priority = models.FloatField(_("priority"), default=0, help_text=_("Higher first: value × urgency."))
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatusChoices.choices, default=TaskStatusChoices.OPEN
    )
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    rule_key = models.CharField(_("rule key"), max_length=200, null=True, blank=True, unique=True)
    details = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("What the rule knew: the mail, order, festival or plan behind it, suggested topics."),
    )
    cleared_on = models.DateField(
        _("cleared on"),
        null=True,
        blank=True,
        help_text=_("When the rule stopped proposing the task (the customer replied, the date passed…)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "-priority"]
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"]),
            # A kind's open tasks (the pipeline board's target follow-ups, the nightly syncs)
            # without a scan of every task.
            models.Index(fields=["kind", "status"], name="task_kind_status_idx"),
            # A target's follow-ups by the target's id (the board, a move): an index read of the
            # targets asked for instead of every open follow-up's JSON details.
            models.Index(
                models.F("kind"), TargetIdOf("details"), models.F("status"), name="task_follow_up_target_idx"
            ),
        ]


class AgendaStamp(models.Model):
    """A stamp per assignee that changes on every write to their tasks (database triggers).

    Retention's migration 0012 installs triggers on ``retention_task`` (SQLite only; see there;
    PostgreSQL appends to :class:`AgendaChange` instead)
    that give the assignee's row (``assignee_key`` = the assignee's id, 0 for no one; both rows
    when a task changes hands) a new random ``stamp`` on any INSERT, UPDATE or DELETE, whatever
    path made it (the ORM, a bulk ``update()``, plain SQL). Today keeps what it read of an agenda
    under these stamps instead of scanning the open tasks to see whether they changed. The row
    :data:`DATABASE_KEY` is stamped once when the migration runs: two databases never share a stamp.
    """

    DATABASE_KEY = -1

    assignee_key = models.BigIntegerField(_("assignee"), unique=True)
    stamp = models.BigIntegerField(_("stamp"))

    class Meta:
        verbose_name = _("agenda stamp")
        verbose_name_plural = _("agenda stamps")

    def __str__(self) -> str:
        return f"{self.assignee_key}: {self.stamp}"


class AgendaChange(models.Model):
    """A row per assignee touched by each write to ``retention_task`` (PostgreSQL triggers).

    Retention's migration 0013 installs statement triggers on PostgreSQL that append one row per
    assignee (``assignee_key``: the assignee's id, 0 for no one; both when a task changes hands)
    whose tasks a statement inserted, updated or deleted, whatever path made it. Appending never
    waits on another writer (unlike an upsert of one row per assignee, which would hold that row
    until the writing transaction ends). Readers take the count and the highest id of a person's
    rows: a transaction that took a lower id but commits later still raises the count. The log is
    pruned after each re-score (:func:`laoke.retention.services.stamps.prune_agenda_changes`).
    SQLite uses :class:`AgendaStamp` instead and leaves this table empty.
    """

    assignee_key = models.BigIntegerField(_("assignee"), db_index=True)

    class Meta:
        verbose_name = _("agenda change")
        verbose_name_plural = _("agenda changes")

    def __str__(self) -> str:
        return f"{self.assignee_key} #{self.pk}"


class BacktestRun(models.Model):
    """How accurate the forecasts were on the user's own book: fitted a year back, scored on the year since.

    ``metrics`` is :meth:`laoke.core.forecast.backtest.BacktestResult.to_dict` (Laoke, BG/NBD and RFM).
    """

    as_of = models.DateField(_("as of"))
    cutoff = models.DateField(_("cutoff"))
    horizon_days = models.PositiveIntegerField(_("horizon (days)"))
    customers = models.PositiveIntegerField(_("customers"))
    metrics = models.JSONField(_("metrics"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("accuracy check")
        verbose_name_plural = _("accuracy checks")
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return f"{self.cutoff} +{self.horizon_days}d"


class ReviewDecisionChoices(models.TextChoices):
    """What the manager decides for a customer at the year-end review (004)."""

    PROMOTE = "promote", _("Promote to key customer")
    RUNNING_IN = "running_in", _("Keep running in")
    DROP = "drop", _("Drop to minimum service")


class ReviewDecision(models.Model):
    """The manager's decision on one customer at one year's review; signed-off decisions set the tier."""

    year = models.PositiveSmallIntegerField(_("year"))
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="review_decisions"
    )
    proposal = models.CharField(_("proposal"), max_length=16, choices=ReviewDecisionChoices.choices)
    decision = models.CharField(_("decision"), max_length=16, choices=ReviewDecisionChoices.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [
            models.UniqueConstraint(fields=["year", "customer"], name="one_review_decision_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.customer_id}: {self.decision}"


class ReviewSignoff(models.Model):
    """A year's review signed off by a manager: its decisions are final and take effect."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed off by"), null=True, on_delete=models.SET_NULL
    )
    signed_at = models.DateTimeField(_("signed off at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review sign-off")
        verbose_name_plural = _("review sign-offs")

    def __str__(self) -> str:
        return str(self.year)
