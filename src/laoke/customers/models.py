from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CustomerKindChoices(models.TextChoices):
    DISTRIBUTOR = "distributor", _("Distributor")
    IMPORTER = "importer", _("Importer")
    BRAND_OWNER = "brand_owner", _("Brand owner")
    BRAND_USER = "brand_user", _("Brand user")
    END_USER = "end_user", _("End user")
    TRADER = "trader", _("Trader")


class PaymentTermsChoices(models.TextChoices):
    TT_ADVANCE = "TT_ADVANCE", _("T/T in advance")
    TT = "TT", _("T/T (deposit + balance)")
    LC = "LC", _("L/C")
    DP = "DP", _("D/P")
    DA = "DA", _("D/A")
    OA = "OA", _("O/A (open account)")


class SourceChannelChoices(models.TextChoices):
    SEARCH = "search", _("Search / B2B platform")
    INTERNAL = "internal", _("Internal records")
    FIELD = "field", _("Field work / trade fair")
    REFERRAL = "referral", _("Referral by a customer")
    INFLUENCER = "influencer", _("Influential person")
    OTHER = "other", _("Other")


class Customer(models.Model):
    """An organisation that buys from us (or a target we plan to win). The company owns the record."""

    code = models.CharField(
        _("customer code"),
        max_length=100,
        unique=True,
        help_text=_("The key used in order files and the ERP."),
    )
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2"))
    city = models.CharField(_("city"), max_length=100, blank=True, help_text=_("Where a visit would go."))
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CustomerKindChoices.choices, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    turnover = models.DecimalField(
        _("yearly turnover"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In home currency."),
    )
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    payment_terms = models.CharField(
        _("payment terms"), max_length=16, choices=PaymentTermsChoices.choices, blank=True
    )
    credit_days = models.PositiveSmallIntegerField(_("credit days"), null=True, blank=True)
    source_channel = models.CharField(
        _("source"), max_length=16, choices=SourceChannelChoices.choices, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
    )
    relationship_level = models.PositiveSmallIntegerField(
        _("relationship level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 business only … 5 personal friends; set by the owner."),
    )
    market_trend = models.SmallIntegerField(
        _("market trend"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
        help_text=_("The customer's own market: −2 shrinking fast … +2 growing fast."),
    )
    lifespan_risk = models.PositiveSmallIntegerField(
        _("lifespan risk"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 long-lived … 5 may close soon."),
    )
    delivery_sensitivity = models.PositiveSmallIntegerField(
        _("delivery sensitivity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 relaxed … 5 lead time is critical."),
    )
    is_target = models.BooleanField(
        _("target"), default=False, help_text=_("A prospect we plan to win; has not ordered yet.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        indexes = [models.Index(fields=["country"]), models.Index(fields=["owner"])]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person at a customer: who we write to, whose birthday we greet."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    whatsapp = models.CharField(
        _("WhatsApp"), max_length=40, blank=True, help_text=_("The number with its country code.")
    )
    wechat = models.CharField(_("WeChat"), max_length=60, blank=True, help_text=_("WeChat ID"))
    skype = models.CharField(_("Skype"), max_length=100, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    interests = models.TextField(
        _("interests"),
        blank=True,
        help_text=_("Hobbies, family, what they care about: topics for a personal word."),
    )
    is_primary = models.BooleanField(_("primary contact"), default=False)
    # How a mail greets the person (see laoke.core.cadence.salutation): all optional.
    form_of_address = models.CharField(
        _("form of address"),
        max_length=2,
        choices=[("", _("Not known")), ("mr", _("Mr")), ("ms", _("Ms"))],
        blank=True,
        help_text=_("Used for formal greetings such as “Dear Mr Weber”."),
    )
    academic_title = models.CharField(
        _("academic title"), max_length=40, blank=True, help_text=_("For example Dr. or Prof.")
    )
    family_name = models.CharField(
        _("family name"),
        max_length=100,
        blank=True,
        help_text=_("Empty: the name's last word, or a Chinese name's first character."),
    )
    preferred_name = models.CharField(
        _("preferred name"),
        max_length=100,
        blank=True,
        help_text=_("The name they sign with, for friendly greetings (“Dear Stefan”)."),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return self.name


class CustomerShare(models.Model):
    """A customer shared with a colleague besides its owner (they see and work it too)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="shares"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared with"),
        on_delete=models.CASCADE,
        related_name="shared_customers",
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("shared customer")
        verbose_name_plural = _("shared customers")
        constraints = [models.UniqueConstraint(fields=["customer", "user"], name="customer_share_unique")]

    def __str__(self) -> str:
        return f"{self.customer} → {self.user}"


class AccessPolicy(models.Model):
    """Team rules a manager sets (one row, pk=1): the shared pool (公海) and the export limit."""

    pool_after_days = models.PositiveIntegerField(
        _("return to the shared pool after (days without contact)"),
        null=True,
        blank=True,
        help_text=_("Empty: customers never return to the shared pool by themselves."),
    )
    export_row_limit = models.PositiveIntegerField(
        _("largest export by a salesperson (rows)"),
        default=300,
        help_text=_("A salesperson's export with more rows is refused and logged; managers are not limited."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("access policy")
        verbose_name_plural = _("access policies")

    @classmethod
    def current(cls) -> AccessPolicy:
        """The policy in force (defaults when nobody saved one yet; not written)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def __str__(self) -> str:
        return f"pool after {self.pool_after_days} days, export limit {self.export_row_limit}"


class HandoverDossier(models.Model):
    """What the new owner needs to know about a customer handed over to them (交接档案).

    ``facts`` is a snapshot taken at the handover: grade and state, open tasks, last interactions,
    recent orders, open payments and promises, contacts and the relationship notes.
    """

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="dossiers"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("previous owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("new owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handover_dossiers",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    facts = models.JSONField(_("facts"), default=dict)

    class Meta:
        verbose_name = _("handover dossier")
        verbose_name_plural = _("handover dossiers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.customer} {self.from_user} → {self.to_user}"


class ManualFieldChoices(models.TextChoices):
    """The customer facts a person sets by hand (the book cannot derive them); the scorecard reads them."""

    RELATIONSHIP_LEVEL = "relationship_level", _("Relationship level")
    MARKET_TREND = "market_trend", _("Market trend")
    LIFESPAN_RISK = "lifespan_risk", _("Lifespan risk")
    DELIVERY_SENSITIVITY = "delivery_sensitivity", _("Delivery sensitivity")
    PAYMENT_TERMS = "payment_terms", _("Payment terms")


class DimensionChange(models.Model):
    """One change of a hand-set customer fact, with why and who: the history behind the scorecard.

    ``old_value`` and ``new_value`` are the stored values as text ("" for not set): a number for the
    levels, the code for payment terms.
    """

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="dimension_changes"
    )
    field = models.CharField(_("field"), max_length=32, choices=ManualFieldChoices.choices)
    old_value = models.CharField(_("old value"), max_length=32, blank=True)
    new_value = models.CharField(_("new value"), max_length=32, blank=True)
    note = models.TextField(_("note"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("change of a hand-set fact")
        verbose_name_plural = _("changes of hand-set facts")
        ordering = ["-changed_at", "-pk"]

    def _shown(self, value: str) -> str:
        if value == "":
            return "—"
        if self.field == ManualFieldChoices.PAYMENT_TERMS:
            return str(PaymentTermsChoices(value).label) if value in PaymentTermsChoices.values else value
        if self.field == ManualFieldChoices.MARKET_TREND and value.lstrip("-").isdigit():
            return f"{int(value):+d}"
        return value

    def old_shown(self) -> str:
        """The old value for a reader ("—" when it was not set)."""
        return self._shown(self.old_value)

    def new_shown(self) -> str:
        """The new value for a reader ("—" when it was cleared)."""
        return self._shown(self.new_value)

    def __str__(self) -> str:
        return f"{self.customer_id} {self.field}: {self.old_value!r} → {self.new_value!r}"


class BookChange(models.Model):
    """One write that may change the book's cached figures (``laoke.customers.book_cache``).

    An internal table (never shown). Only the highest id is read: it is part of the book version
    that keys the cached KPI pack and dashboard. Old rows are pruned. The table keeps the name it
    was created with in the web app.
    """

    id = models.BigAutoField(primary_key=True)

    class Meta:
        db_table = "web_bookchange"

    def __str__(self) -> str:
        return str(self.pk)
