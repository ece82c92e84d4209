"""Queries that load the KPI frames (``laoke.core.kpi.frames``), scoped by the user's visibility."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import FloatField, Max, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.models import ReactivationPlan
from laoke.core.kpi import (
    CUSTOMER_OWNER_SCHEMA,
    KPI_INTERACTION_SCHEMA,
    KPI_LOSS_SCHEMA,
    KPI_ORDER_SCHEMA,
    KPI_PLAN_SCHEMA,
    KPI_STATE_SCHEMA,
)
from laoke.core.kpi.frames import Schema
from laoke.customers.visibility import visible_customers, visible_for
from laoke.interactions.models import Interaction, InteractionKindChoices
from laoke.orders.models import OrderLine
from laoke.retention.models import CustomerScore, LossRecord, StateChange


def _frame(rows: list[Any], schema: Schema) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=list(schema), orient="row").cast(schema)  # type: ignore[arg-type]


def book_date(user: User, fallback: dt.date) -> dt.date:
    """The day the stored scores were computed as of (the book's "today"), else ``fallback``."""
    value = visible_for(user, CustomerScore.objects.all()).aggregate(latest=Max("as_of"))["latest"]
    return value if isinstance(value, dt.date) else fallback


def order_totals(user: User, since: dt.date, until: dt.date) -> pl.DataFrame:
    """Sales per visible customer and order day, ``since`` … ``until`` (one grouped query over lines).

    The grouped rows are read straight from the cursor into columns (no model layer, no per-row
    conversion): the day comes as ISO text and is parsed by Polars in one pass.
    """
    lines = OrderLine.objects.filter(order__order_date__gte=since, order__order_date__lte=until)
    grouped = (
        visible_for(user, lines, "order__customer")
        .values("order__customer_id", "order__order_date")
        .annotate(total=Cast(Sum("amount"), FloatField()))
        .values_list("order__customer_id", "order__order_date", "total")
        .order_by()
    )
    sql, params = grouped.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return pl.DataFrame(schema=KPI_ORDER_SCHEMA)
    customers, days, totals = zip(*rows, strict=True)
    frame = pl.DataFrame(
        {"customer_id": customers, "order_date": days, "amount": totals},
        schema_overrides={"customer_id": pl.Int64, "amount": pl.Float64},
        strict=False,
    )
    if frame.schema["order_date"] == pl.String:
        frame = frame.with_columns(pl.col("order_date").str.to_date("%Y-%m-%d"))
    return frame.cast(KPI_ORDER_SCHEMA)  # type: ignore[arg-type]


def owners(user: User) -> pl.DataFrame:
    """Each visible customer and its current owner."""
    return _frame(list(visible_customers(user).values_list("pk", "owner_id")), CUSTOMER_OWNER_SCHEMA)


def state_changes(user: User, until: dt.date) -> pl.DataFrame:
    """Lifecycle state changes of visible customers up to ``until``."""
    rows = visible_for(user, StateChange.objects.filter(changed_on__lte=until)).values_list(
        "customer_id", "changed_on", "state"
    )
    return _frame(list(rows), KPI_STATE_SCHEMA)


def received_mails(user: User, since: dt.date, until: dt.date) -> pl.DataFrame:
    """Received customer mails (``email_in``) of visible customers in the period, with who handled them.

    The query keeps only the mails of the period (local days), so each row is dated ``since``:
    the exact day is not needed, and converting every timestamp would cost more than the rest.
    """
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    mails = Interaction.objects.filter(
        kind=InteractionKindChoices.EMAIL_IN, occurred_at__gte=start, occurred_at__lt=end
    )
    rows = visible_for(user, mails).values_list("user_id", "reply_hours")
    return _frame([(u, "email_in", since, h) for u, h in rows], KPI_INTERACTION_SCHEMA)


def losses(user: User, since: dt.date, until: dt.date) -> pl.DataFrame:
    """Loss records of visible customers dated in the period (a reopened loss no longer counts)."""
    records = LossRecord.objects.filter(lost_on__gte=since, lost_on__lte=until, reopened_on__isnull=True)
    rows = visible_for(user, records).values_list("customer_id", "lost_on", "reason")
    return _frame(list(rows), KPI_LOSS_SCHEMA)


def winback_plans(user: User, until: dt.date) -> pl.DataFrame:
    """Win-back plans of visible customers started by ``until``."""
    rows = visible_for(user, ReactivationPlan.objects.filter(started_on__lte=until)).values_list(
        "customer_id", "started_on", "won_on", "closed_on"
    )
    return _frame(list(rows), KPI_PLAN_SCHEMA)


def user_names(ids: set[int]) -> dict[int, str]:
    """Display names of users by id."""
    return {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}
