"""Customers: list, detail, create, update — only those the caller may see; writes go through
:mod:`laoke.customers.services.records`."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from laoke.accounts.models import User
from laoke.api.auth import api_user
from laoke.api.errors import ApiError, FieldError, field_error
from laoke.api.pagination import Pages
from laoke.api.schemas import MAX_ID, CustomerFilter, CustomerIn, CustomerOut, CustomerPatch, ErrorOut
from laoke.customers.models import Customer
from laoke.customers.services import records
from laoke.customers.services.records import CustomerRecordError
from laoke.customers.visibility import visible_customers

router = Router(tags=["customers"])


def customer_or_404(user: User, customer_id: int) -> Customer:
    """The customer if the user may see it; 404 otherwise (no hint that it exists)."""
    if not 1 <= customer_id <= MAX_ID:
        raise ApiError(_("Not found."), status=404)
    return get_object_or_404(visible_customers(user).select_related("owner"), pk=customer_id)


def _owner(user: User, login: str) -> User | None:
    """The owner the client named (``""``: the shared pool; a salesperson's ``""`` means themselves).

    Whether the caller may give the customer to them is the service's rule; a salesperson naming
    someone else is refused before any look-up, so the answer tells nothing about which logins exist.
    """
    if not user.is_manager:
        if login not in ("", user.username):
            raise field_error("owner", _("Only a manager can give a customer to someone else."))
        return user
    if login == "":
        return None
    owner = User.objects.filter(username=login).first()
    if owner is None:
        raise field_error("owner", _("No user with this login."))
    return owner


def _fields(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """The body as model fields: ``owner`` as a user (absent or null: not sent)."""
    login = data.pop("owner", None)
    if login is not None:
        data["owner"] = _owner(user, login)
    return data


def _refused(error: CustomerRecordError) -> ApiError:
    return ApiError(_("The request has errors."), [FieldError(k, m) for k, m in error.errors.items()])


@router.get("/customers", response=list[CustomerOut], summary="List customers")
@paginate(Pages)
def list_customers(request: HttpRequest, filters: Query[CustomerFilter]) -> QuerySet[Customer]:
    """Customers the caller may see, by name."""
    qs = visible_customers(api_user(request)).select_related("owner").order_by("name", "id")
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    if filters.country:
        qs = qs.filter(country=filters.country)
    return qs


@router.get("/customers/{customer_id}", response={200: CustomerOut, 404: ErrorOut}, summary="One customer")
def get_customer(request: HttpRequest, customer_id: int) -> Customer:
    return customer_or_404(api_user(request), customer_id)


@router.post("/customers", response={201: CustomerOut, 422: ErrorOut}, summary="Create a customer")
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status[Customer]:
    """A salesperson's new customer is their own; a manager may name the owner (none: the shared pool)."""
    user = api_user(request)
    try:
        customer = records.create_customer(by=user, fields=_fields(user, payload.dict()))
    except CustomerRecordError as error:
        raise _refused(error) from error
    return Status(201, customer)


@router.patch(
    "/customers/{customer_id}", response={200: CustomerOut, 404: ErrorOut, 422: ErrorOut}, summary="Update"
)
def update_customer(request: HttpRequest, customer_id: int, payload: CustomerPatch) -> Customer:
    """Change the fields sent; the others stay as they are. A new owner is audited as a handover."""
    user = api_user(request)
    customer = customer_or_404(user, customer_id)
    try:
        return records.update_customer(
            customer, by=user, fields=_fields(user, payload.dict(exclude_unset=True))
        )
    except CustomerRecordError as error:
        raise _refused(error) from error
