"""Write a generated demo book into the database, check what the database holds, remove a demo book.

Services never commit: the caller wraps them in one transaction (the ``demo`` command does).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.company.models import CompanySettings, CountryPolicy, CurrencyPolicy, ExchangeRate
from laoke.customers.models import Contact, Customer
from laoke.demo.book import DEMO_PASSWORD, DemoBook
from laoke.demo.generator import SALESPEOPLE
from laoke.interactions.models import Interaction, Promise
from laoke.orders.models import Category, Order, OrderLine, Payment, Product
from laoke.pipeline.models import Prospect
from laoke.retention.models import LossRecord, Task

#: Interactions are logged in the exporter's office time.
OFFICE_TZ = ZoneInfo("Asia/Shanghai")
BATCH = 2000
Progress = Callable[[str, int], None]


class DemoError(Exception):
    """The demo book cannot be written (or removed) in this database."""


class BookState(enum.StrEnum):
    """What the database holds: nothing yet, the demo book, or someone's real data."""

    EMPTY = "empty"
    DEMO = "demo"
    REAL = "real"


def demo_usernames() -> list[str]:
    """The logins ``laoke demo`` creates."""
    return ["manager", "admin", *(f"sales{i}" for i in range(1, SALESPEOPLE + 1))]


def book_state() -> BookState:
    """Return whether the database is empty, holds the demo book, or holds real (non-demo) data."""
    if CompanySettings.objects.filter(is_demo=True).exists():
        return BookState.DEMO
    if Customer.objects.exists() or Order.objects.exists() or Prospect.objects.exists():
        return BookState.REAL
    return BookState.EMPTY


def demo_logins() -> list[User]:
    """The demo users present in the database, in login order."""
    users = {u.username: u for u in User.objects.filter(username__in=demo_usernames())}
    return [users[name] for name in demo_usernames() if name in users]


def _noop(label: str, count: int) -> None:
    return None


def _dec(value: float | None, places: int = 2) -> Decimal | None:
    return None if value is None else _money(value, places)


def _money(value: float, places: int = 2) -> Decimal:
    return Decimal(f"{value:.{places}f}")


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.replace(tzinfo=OFFICE_TZ)


def _rows(df: pl.DataFrame) -> Iterable[dict[str, Any]]:
    return df.iter_rows(named=True)


def load_book(*, book: DemoBook, progress: Progress = _noop) -> dict[str, int]:
    """Write ``book`` into an empty database and mark it as demo data; return the row counts."""
    if book_state() != BookState.EMPTY:
        raise DemoError(_("The database is not empty."))
    clash = User.objects.filter(username__in=[u.username for u in book.users]).values_list(
        "username", flat=True
    )
    if clash:
        raise DemoError(_("These logins already exist: %(names)s") % {"names": ", ".join(sorted(clash))})
    settings = CompanySettings.load()
    settings.name, settings.home_currency = book.company.name, book.company.home_currency
    settings.fiscal_year_start_month, settings.is_demo = book.company.fiscal_year_start_month, True
    settings.save()
    counts: dict[str, int] = {}

    def step(label: object, model: type[models.Model], objs: list, ignore_conflicts: bool = False) -> None:
        model._default_manager.bulk_create(objs, batch_size=BATCH, ignore_conflicts=ignore_conflicts)
        counts[model._meta.model_name or ""] = len(objs)
        progress(str(label), len(objs))

    password = make_password(DEMO_PASSWORD)
    users = [
        User(
            username=u.username,
            first_name=u.first_name,
            last_name=u.last_name,
            email=u.email,
            role=u.role,
            is_superuser=u.is_superuser,
            is_staff=u.is_superuser or u.role == "manager",
            is_active=u.is_active,
            left_on=u.left_on,
            password=password,
        )
        for u in book.users
    ]
    step(_("logins"), User, users)
    user_ids = dict(
        User.objects.filter(username__in=[u.username for u in book.users]).values_list("username", "id")
    )
    step(
        _("exchange rates"),
        ExchangeRate,
        [
            ExchangeRate(
                currency=r["currency"], valid_from=r["valid_from"], rate_to_home=_money(r["rate_to_home"], 8)
            )
            for r in _rows(book.exchange_rates)
        ],
        ignore_conflicts=True,
    )
    step(
        _("country policies"),
        CountryPolicy,
        [CountryPolicy(**r) for r in _rows(book.country_policies)],
        ignore_conflicts=True,
    )
    step(
        _("currency policies"),
        CurrencyPolicy,
        [
            CurrencyPolicy(currency=r["currency"], volatility_pct=_money(r["volatility_pct"]), note=r["note"])
            for r in _rows(book.currency_policies)
        ],
        ignore_conflicts=True,
    )
    _load_catalogue(book, step)
    customers = [
        Customer(
            code=r["customer_id"],
            name=r["name"],
            country=r["country"],
            currency=r["currency"],
            kind=r["kind"],
            headcount=r["headcount"],
            turnover=_dec(r["turnover"]),
            founded_year=r["founded_year"],
            payment_terms=r["payment_terms"],
            credit_days=r["credit_days"],
            source_channel=r["source_channel"],
            owner_id=user_ids[r["owner"]],
            relationship_level=r["relationship_level"],
            market_trend=r["market_trend"],
            lifespan_risk=r["lifespan_risk"],
            delivery_sensitivity=r["delivery_sensitivity"],
            notes=r["notes"],
        )
        for r in _rows(book.customers)
    ]
    step(_("customers"), Customer, customers)
    customer_ids = dict(Customer.objects.values_list("code", "id"))
    step(
        _("contacts"),
        Contact,
        [Contact(customer_id=customer_ids[r.pop("customer_id")], **r) for r in _rows(book.contacts)],
    )
    _load_orders(book, step, customer_ids=customer_ids, user_ids=user_ids)
    _load_activity(book, step, customer_ids=customer_ids, user_ids=user_ids)
    return counts


def _load_catalogue(book: DemoBook, step: Callable[..., None]) -> None:
    parents = [Category(name=r["name"]) for r in _rows(book.categories) if r["parent"] is None]
    step(_("product categories"), Category, parents, ignore_conflicts=True)
    ids = dict(Category.objects.values_list("name", "id"))
    children = [
        Category(name=r["name"], parent_id=ids[r["parent"]]) for r in _rows(book.categories) if r["parent"]
    ]
    step(_("product subcategories"), Category, children, ignore_conflicts=True)
    ids = dict(Category.objects.values_list("name", "id"))
    products = [
        Product(sku=r["sku"], name=r["name"], category_id=ids[r["category"]], launched_on=r["launched_on"])
        for r in _rows(book.products)
    ]
    step(_("products"), Product, products, ignore_conflicts=True)


def _load_orders(book: DemoBook, step: Callable[..., None], *, customer_ids: dict, user_ids: dict) -> None:
    heads = book.order_lines.group_by("order_id", maintain_order=True).agg(
        pl.col("customer_id", "order_date", "currency", "salesperson").first()
    )
    orders = [
        Order(
            order_no=r["order_id"],
            customer_id=customer_ids[r["customer_id"]],
            order_date=r["order_date"],
            currency=r["currency"],
            salesperson_id=user_ids.get(r["salesperson"]),
        )
        for r in _rows(heads)
    ]
    step(_("orders"), Order, orders)
    order_ids = dict(Order.objects.values_list("order_no", "id"))
    product_ids = dict(Product.objects.values_list("sku", "id"))
    lines = [
        OrderLine(
            order_id=order_ids[r["order_id"]],
            line_no=r["line_no"],
            product_id=product_ids.get(r["product"]),
            quantity=_dec(r["quantity"], 4),
            unit_price=_dec(r["unit_price"], 6),
            amount_original=_money(r["amount_original"]),
            currency=r["currency"],
            amount=_money(r["amount"]),
            cost=_dec(r["cost"]),
        )
        for r in _rows(book.order_lines)
    ]
    step(_("order lines"), OrderLine, lines)
    payments = [
        Payment(
            customer_id=customer_ids[r["customer_id"]],
            order_id=order_ids[r["order_id"]],
            due_date=r["due_date"],
            paid_date=r["paid_date"],
            amount=_money(r["amount"]),
            amount_original=_dec(r["amount_original"]),
            currency=r["currency"],
        )
        for r in _rows(book.payments)
    ]
    step(_("payments"), Payment, payments)


def _load_activity(book: DemoBook, step: Callable[..., None], *, customer_ids: dict, user_ids: dict) -> None:
    primary = dict(Contact.objects.filter(is_primary=True).values_list("customer_id", "id"))
    interactions = []
    for r in _rows(book.interactions):
        cid = customer_ids[r["customer_id"]]
        interactions.append(
            Interaction(
                customer_id=cid,
                contact_id=primary.get(cid) if r["kind"] in {"email_out", "email_in"} else None,
                user_id=user_ids.get(r["user"]),
                kind=r["kind"],
                direction=r["direction"],
                occurred_at=r["occurred_at"].replace(tzinfo=OFFICE_TZ),
                subject=r["subject"][:300],
                body=r["body"],
                reply_hours=r["reply_hours"],
                outcome=r["outcome"],
                resolved_at=_aware(r["resolved_at"]),
            )
        )
    step(_("interactions"), Interaction, interactions)
    promises = [
        Promise(
            customer_id=customer_ids[r["customer_id"]],
            kind=r["kind"],
            description=r["description"],
            amount=_dec(r["amount"]),
            made_on=r["made_on"],
            due_date=r["due_date"],
            kept=r["kept"],
            kept_on=r["kept_on"],
            made_by_id=user_ids.get(r["made_by"]),
        )
        for r in _rows(book.promises)
    ]
    step(_("promises and rebates"), Promise, promises)
    losses = [
        LossRecord(
            customer_id=customer_ids[r["customer_id"]],
            lost_on=r["lost_on"],
            reason=r["reason"],
            came_for=r["came_for"],
            note=r["note"],
            recorded_by_id=user_ids.get(r["recorded_by"]),
        )
        for r in _rows(book.losses)
    ]
    step(_("loss records"), LossRecord, losses)
    prospects = [
        Prospect(
            name=r["name"],
            country=r["country"],
            kind=r["kind"],
            headcount=r["headcount"],
            turnover=_dec(r["turnover"]),
            source_channel=r["source_channel"],
            status=r["status"],
            tier=r["tier"],
            owner_id=user_ids.get(r["owner"]),
            inquiry_text=r["inquiry_text"],
            expected_value=_dec(r["expected_value"]),
            created_on=r["created_on"],
            removed_reason=r["removed_reason"],
            customer_id=customer_ids.get(r["customer_id"]),
            won_on=r["won_on"],
            removed_on=r["removed_on"],
            payment_terms=r["payment_terms"] or "",
            delivery_sensitivity=r["delivery_sensitivity"],
            product_line=r["product_line"] or "",
            attributes=list(r["attributes"] or []),
        )
        for r in _rows(book.prospects)
    ]
    step(_("prospects"), Prospect, prospects)
    tasks = [
        Task(
            customer_id=customer_ids.get(r["customer_id"]),
            assignee_id=user_ids.get(r["assignee"]),
            kind=r["kind"],
            title_en=r["title_en"],
            title_zh=r["title_zh"],
            why_en=r["why_en"],
            why_zh=r["why_zh"],
            due_on=r["due_on"],
            priority=r["priority"],
        )
        for r in _rows(book.tasks)
    ]
    step(_("tasks"), Task, tasks)


def delete_demo_book(*, progress: Progress = _noop) -> None:
    """Remove the demo book (only ever a demo book: real data is refused)."""
    state = book_state()
    if state == BookState.REAL:
        raise DemoError(_("This database holds real data; the demo book is never mixed with it."))
    if state == BookState.EMPTY:
        return
    for label, model in (
        (_("order lines"), OrderLine),
        (_("payments"), Payment),
        (_("orders"), Order),
        (_("interactions"), Interaction),
        (_("promises and rebates"), Promise),
        (_("tasks"), Task),
        (_("prospects"), Prospect),
        (_("contacts"), Contact),
        (_("customers"), Customer),
        (_("products"), Product),
        (_("product categories"), Category),
        (_("exchange rates"), ExchangeRate),
        (_("country policies"), CountryPolicy),
        (_("currency policies"), CurrencyPolicy),
    ):
        deleted, _by_model = model.objects.all().delete()
        progress(str(label), deleted)
    User.objects.filter(username__in=demo_usernames()).delete()
    CompanySettings.objects.filter(pk=1).update(is_demo=False, name="")
