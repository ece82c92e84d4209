"""Cadence: the company's mail templates, proposed visits and dormant-customer reactivation plans.

Tasks themselves are ``retention.Task`` (the agenda); this app's rules fill it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from laoke.customers.models import Customer


class MailTemplate(models.Model):
    """A subject and body for one task kind in one language, overriding the built-in default.

    Without ``owner`` it is the company's (managers set it); with one it is that salesperson's own,
    which wins over the company's for their drafts.
    """

    kind = models.CharField(_("kind"), max_length=40)
    language = models.CharField(_("language"), max_length=10, help_text=_("For example en or zh."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("own template of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mail_templates",
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mail template")
        verbose_name_plural = _("mail templates")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language"],
                condition=Q(owner__isnull=True),
                name="one_template_per_kind_language",
            ),
            models.UniqueConstraint(
                fields=["owner", "kind", "language"],
                condition=Q(owner__isnull=False),
                name="one_own_template_per_kind_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


class FestivalSwitch(models.Model):
    """The company's choice for one festival greeting in one country, where it differs from the table.

    The built-in table (``laoke.core.cadence.festivals.GREETINGS``) says which greetings go out;
    a row here switches one off (``enabled=False``) or on for a country that the table leaves out.
    """

    country = models.CharField(_("country"), max_length=2)
    festival = models.CharField(_("festival"), max_length=30)
    enabled = models.BooleanField(_("greeting goes out"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("festival greeting setting")
        verbose_name_plural = _("festival greeting settings")
        ordering = ["country", "festival"]
        constraints = [
            models.UniqueConstraint(fields=["country", "festival"], name="one_switch_per_festival")
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.festival} {'on' if self.enabled else 'off'}"


class VisitStatusChoices(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    DECLINED = "declined", _("Declined")


class VisitPlan(models.Model):
    """A business trip to the key customers of one country (late June or early September, 004)."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("salesperson"),
        on_delete=models.CASCADE,
        related_name="visit_plans",
    )
    country = models.CharField(_("country"), max_length=2)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    customers = models.ManyToManyField(Customer, verbose_name=_("customers"), related_name="visit_plans")
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatusChoices.choices, default=VisitStatusChoices.PROPOSED
    )
    note = models.TextField(_("note"), blank=True)
    #: Why this trip, as codes with parameters (laoke.core.cadence.trips.TripReason); worded on display.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    reported_on = models.DateField(_("trip report on"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        ordering = ["starts_on", "country"]

    def __str__(self) -> str:
        return f"{self.country} {self.starts_on}"


class TripOutcomeChoices(models.TextChoices):
    MET = "met", _("Met, good talk")
    ORDER = "order", _("Order or quotation coming")
    ISSUE = "issue", _("Raised a problem")
    NOT_MET = "not_met", _("Could not meet")


class TripStop(models.Model):
    """One visit of a trip: the customer, the city and the day; after the trip, what came of it."""

    visit = models.ForeignKey(
        VisitPlan, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="stops"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="trip_stops"
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    day = models.DateField(_("day"))
    position = models.PositiveSmallIntegerField(_("order of the visit"), default=0)
    outcome = models.CharField(_("outcome"), max_length=10, choices=TripOutcomeChoices.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    follow_up_on = models.DateField(_("next follow-up on"), null=True, blank=True)
    interaction = models.ForeignKey(
        "interactions.Interaction",
        verbose_name=_("timeline entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("trip visit")
        verbose_name_plural = _("trip visits")
        ordering = ["visit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "customer"], name="one_stop_per_trip_customer")
        ]

    def __str__(self) -> str:
        return f"{self.visit} {self.customer_id} {self.day}"


class PlanStatusChoices(models.TextChoices):
    ACTIVE = "active", _("In progress")
    WON = "won", _("Won back")
    CLOSED = "closed", _("Closed")


class CameForChoices(models.TextChoices):
    PRICE = "price", _("Price")
    QUALITY = "quality", _("Quality")
    RAPPORT = "rapport", _("The boss's rapport")
    SERVICE = "service", _("Service")
    LEAD_TIME = "lead_time", _("Lead time")


class ReactivationPlan(models.Model):
    """The written win-back plan of a dormant customer (004): post-mortem, answers, staged touches.

    ``prepared_answers`` is a list of ``{"code"}`` (:func:`laoke.core.cadence.reactivation.prepared_answers`,
    worded by :mod:`laoke.cadence.plan_messages`); plans started before hold their text as
    ``{"rejection_en", "rejection_zh", "answer_en", "answer_zh"}``.
    """

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="reactivation_plans"
    )
    started_on = models.DateField(_("started on"))
    status = models.CharField(
        _("status"), max_length=8, choices=PlanStatusChoices.choices, default=PlanStatusChoices.ACTIVE
    )
    came_for = models.JSONField(_("why they came to us"), default=list, blank=True)
    left_because = models.TextField(_("why they left"), blank=True)
    loss_reason = models.CharField(_("loss reason"), max_length=16, blank=True)
    prepared_answers = models.JSONField(_("prepared answers"), default=list, blank=True)
    won_on = models.DateField(_("won back on"), null=True, blank=True)
    won_order_no = models.CharField(_("first order after the plan"), max_length=100, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("win-back plan")
        verbose_name_plural = _("win-back plans")
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(status="active"), name="one_active_plan_per_customer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.started_on} {self.status}"

    @property
    def rejections(self) -> int:
        """Rejections logged so far."""
        return sum(1 for a in self.attempts.all() if a.outcome == AttemptOutcomeChoices.REJECTED)


class AttemptOutcomeChoices(models.TextChoices):
    NO_REPLY = "no_reply", _("No reply")
    REJECTED = "rejected", _("Rejected")
    INTERESTED = "interested", _("Interested")
    ORDERED = "ordered", _("Ordered")


class ReactivationAttempt(models.Model):
    """One touch of a win-back plan and how the customer answered."""

    plan = models.ForeignKey(
        ReactivationPlan, verbose_name=_("win-back plan"), on_delete=models.CASCADE, related_name="attempts"
    )
    attempted_on = models.DateField(_("date"))
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=AttemptOutcomeChoices.choices)
    rejection = models.CharField(_("what they said"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("win-back attempt")
        verbose_name_plural = _("win-back attempts")
        ordering = ["attempted_on", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.attempted_on} {self.outcome}"


class TodaySettings(models.Model):
    """A person's own settings of the Today page: how many tasks a day it shows before "later"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="today_settings",
    )
    daily_budget = models.PositiveSmallIntegerField(
        _("tasks a day"),
        default=25,
        validators=[MinValueValidator(5), MaxValueValidator(200)],
        help_text=_("How many tasks Today shows before the rest go to later."),
    )

    class Meta:
        verbose_name = _("Today settings")
        verbose_name_plural = _("Today settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.daily_budget}"
