"""Orders: list (with lines) and bulk upsert by natural key."""

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from laoke.api.auth import api_user
from laoke.api.errors import ApiError
from laoke.api.pagination import Pages
from laoke.api.schemas import BulkOut, ErrorOut, OrderFilter, OrderOut, OrdersBulkIn
from laoke.api.services.orders import upsert_order_lines
from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.customers.visibility import visible_for
from laoke.orders.models import Order

router = Router(tags=["orders"])


@router.get("/orders", response=list[OrderOut], summary="List orders")
@paginate(Pages)
def list_orders(request: HttpRequest, filters: Query[OrderFilter]) -> QuerySet[Order]:
    """Orders of the customers the caller may see, newest first, with their lines."""
    qs = visible_for(api_user(request), Order.objects.all())
    if filters.customer_id is not None:
        qs = qs.filter(customer_id=filters.customer_id)
    if filters.since is not None:
        qs = qs.filter(order_date__gte=filters.since)
    if filters.until is not None:
        qs = qs.filter(order_date__lte=filters.until)
    return (
        qs.select_related("customer", "salesperson")
        .prefetch_related("lines__product")
        .order_by("-order_date", "order_no")
    )


@router.post("/orders/bulk", response={200: BulkOut, 422: ErrorOut}, summary="Create or update order lines")
def bulk_orders(request: HttpRequest, payload: OrdersBulkIn) -> BulkOut:
    """Upsert order lines by order number and line number; re-posting the same lines changes nothing.

    All-or-nothing: any bad line → 422 naming it (``lines.<index>.<field>``) and nothing is written,
    unless ``partial`` is true (then the good lines are written and the others listed).
    """
    user = api_user(request)
    lines = [line.dict() for line in payload.lines]
    with transaction.atomic():
        result = upsert_order_lines(
            user=user, lines=lines, partial=payload.partial, lang=get_language() or "en"
        )
    record(
        user,
        AuditAction.API,
        target="orders bulk upsert",
        rows=len(lines),
        detail={"ok": result.ok, "created": result.created, "updated": result.updated},
    )
    if result.errors and not payload.partial:
        raise ApiError(_("Nothing was written: some lines have errors."), result.errors)
    return BulkOut(
        ok=result.ok,
        lines=result.lines,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        errors=[{"field": e.field, "message": e.message} for e in result.errors],  # type: ignore[misc]
    )
