"""Bulk upsert of order lines through the import services (same checks, same natural keys).

The lines are handed to :func:`laoke.fileio.read_order_file` as an in-memory CSV with the
canonical field names, then to :func:`laoke.importing.services.import_orders`; re-posting the
same lines changes nothing. Unlike a file import, every customer must already exist and be
visible to the caller, and a salesperson may not write into another's order numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from laoke.accounts.access import sees_everything
from laoke.accounts.models import User
from laoke.api.errors import FieldError
from laoke.company.repositories import exchange_rates
from laoke.customers.visibility import visible_customers
from laoke.fileio import read_order_file
from laoke.fileio.errors import FileReadError
from laoke.importing.services import home_currency, import_orders
from laoke.importing.services.lookups import LOOKUP_CHUNK, chunks
from laoke.orders.models import Order

#: The fields sent to the file reader, in column order (names are the reader's field names).
COLUMNS = {
    "customer": "customer_id",
    "order_no": "order_id",
    "line_no": "line_no",
    "order_date": "order_date",
    "product": "product",
    "product_name": "product_name",
    "category": "category",
    "quantity": "quantity",
    "unit_price": "unit_price",
    "amount": "amount",
    "cost": "cost",
    "currency": "currency",
    "salesperson": "salesperson",
    "payment_terms": "payment_terms",
    "due_date": "due_date",
    "paid_date": "paid_date",
}
_FIELD_OF = {reader: api for api, reader in COLUMNS.items()}


@dataclass
class BulkResult:
    """What the upsert did; ``ok`` False means nothing was written (unless partial)."""

    ok: bool
    lines: int
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _csv(lines: Sequence[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(list(COLUMNS.values()))
    for line in lines:
        writer.writerow([_cell(line.get(name)) for name in COLUMNS])
    return out.getvalue().encode("utf-8")


def _access_errors(user: User, lines: Sequence[dict[str, Any]]) -> list[FieldError]:
    """Lines naming a customer the caller cannot see, another's order, or another salesperson."""
    codes = {line["customer"] for line in lines}
    visible: set[str] = set()
    for part in chunks(sorted(codes), LOOKUP_CHUNK):
        visible.update(visible_customers(user).filter(code__in=part).values_list("code", flat=True))
    foreign: set[str] = set()
    if not sees_everything(user):
        numbers = sorted({line["order_no"] for line in lines})
        for part in chunks(numbers, LOOKUP_CHUNK):
            foreign.update(
                Order.objects.filter(order_no__in=part)
                .exclude(customer__in=visible_customers(user))
                .values_list("order_no", flat=True)
            )
    errors = []
    for i, line in enumerate(lines):
        if line["customer"] not in visible:
            errors.append(FieldError(f"lines.{i}.customer", _("No customer with this code.")))
        if line["order_no"] in foreign:
            errors.append(FieldError(f"lines.{i}.order_no", _("This order number is already in use.")))
        seller = line.get("salesperson")
        if seller and not user.is_manager and seller != user.username:
            errors.append(
                FieldError(f"lines.{i}.salesperson", _("Only a manager can name another salesperson."))
            )
    return errors


def upsert_order_lines(
    *, user: User, lines: Sequence[dict[str, Any]], partial: bool, lang: str
) -> BulkResult:
    """Create or update the orders and lines (natural keys: order number, line number).

    All-or-nothing unless ``partial``. The caller owns the transaction.
    """
    errors = _access_errors(user, lines)
    refused = {int(e.field.split(".")[1]) for e in errors}
    if errors and not partial:
        return BulkResult(ok=False, lines=len(lines), errors=errors)
    kept = [line for i, line in enumerate(lines) if i not in refused]
    index = [i for i in range(len(lines)) if i not in refused]
    if not kept:
        return BulkResult(ok=False, lines=len(lines), errors=errors)
    try:
        result = read_order_file(
            io.BytesIO(_csv(kept)),
            name="api.csv",
            mapping={name: name for name in COLUMNS.values()},
            rates=exchange_rates(),
            home_currency=home_currency(),
        )
    except FileReadError as exc:
        return BulkResult(ok=False, lines=len(lines), errors=[FieldError("lines", exc.message(lang))])
    report = import_orders(result=result, user=user, partial=partial, file_name="API", lang=lang)
    for error in report.errors:
        position = index[int(error["row"]) - 2]
        name = _FIELD_OF.get(str(error.get("field") or ""), str(error.get("field") or ""))
        path = f"lines.{position}.{name}" if name else f"lines.{position}"
        errors.append(FieldError(path, error["message"]))
    return BulkResult(
        ok=report.ok and not errors,
        lines=len(lines),
        created=dict(report.created),
        updated=dict(report.updated),
        unchanged=dict(report.unchanged),
        errors=errors,
    )
