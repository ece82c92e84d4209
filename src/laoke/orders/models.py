from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoke.customers.models import Customer


class Category(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    sku = models.CharField(_("SKU"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    launched_on = models.DateField(
        _("launched on"),
        null=True,
        blank=True,
        help_text=_("Used to measure customers' uptake of new products."),
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["sku"]

    def __str__(self) -> str:
        return self.name or self.sku


class Order(models.Model):
    """An order (invoice) header. ``order_no`` is the natural key from the source system."""

    order_no = models.CharField(_("order number"), max_length=100, unique=True)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="orders"
    )
    order_date = models.DateField(_("order date"), db_index=True)
    currency = models.CharField(_("currency"), max_length=3)
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("salesperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    import_batch = models.ForeignKey(
        "importing.ImportBatch",
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-order_date", "order_no"]
        indexes = [models.Index(fields=["customer", "order_date"])]

    def __str__(self) -> str:
        return self.order_no


class OrderLine(models.Model):
    """One line of an order. ``amount`` and ``cost`` are in home currency; the original is kept."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField(_("line"))
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lines",
    )
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=4, null=True, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=18, decimal_places=6, null=True, blank=True)
    amount_original = models.DecimalField(_("amount (original currency)"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("amount (home currency)"), max_digits=18, decimal_places=2)
    cost = models.DecimalField(
        _("cost (home currency)"), max_digits=18, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "line_no"]
        constraints = [models.UniqueConstraint(fields=["order", "line_no"], name="unique_order_line")]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.line_no}"


class Payment(models.Model):
    """Money due from a customer: due date, and paid date once it came in."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="payments"
    )
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    due_date = models.DateField(_("due date"))
    paid_date = models.DateField(_("paid date"), null=True, blank=True)
    amount = models.DecimalField(_("amount (home currency)"), max_digits=18, decimal_places=2)
    amount_original = models.DecimalField(
        _("amount (original currency)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-due_date"]
        indexes = [models.Index(fields=["customer", "due_date"])]

    @property
    def days_late(self) -> int | None:
        if self.paid_date is None:
            return None
        return (self.paid_date - self.due_date).days

    def __str__(self) -> str:
        return f"{self.customer_id} {self.due_date} {self.amount}"
