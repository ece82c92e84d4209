"""Customers: list, detail, create, update — only those the caller may see."""

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
from laoke.customers.permissions import owner_change_refusal
from laoke.customers.visibility import visible_customers

router = Router(tags=["customers"])


def customer_or_404(user: User, customer_id: int) -> Customer:
    """The customer if the user may see it; 404 otherwise (no hint that it exists)."""
    if not 1 <= customer_id <= MAX_ID:
        raise ApiError(_("Not found."), status=404)
    return get_object_or_404(visible_customers(user).select_related("owner"), pk=customer_id)


def _owner(user: User, login: str | None, customer: Customer | None) -> User | None:
    """The owner the client asked for (``""``: the shared pool; a salesperson's ``""`` means themselves),
    if the caller may give ``customer`` (None: a new one) to them (``permissions.owner_change_refusal``)."""
    if login is None:
        return customer.owner if customer is not None else (None if user.is_manager else user)
    if not user.is_manager:
        if login not in ("", user.username):  # refused before any look-up: no hint which logins exist
            raise field_error("owner", _("Only a manager can give a customer to someone else."))
        login = user.username
    owner = None
    if login != "":
        owner = User.objects.filter(username=login).first()
        if owner is None:
            raise field_error("owner", _("No user with this login."))
    refusal = owner_change_refusal(user, customer, owner)
    if refusal is not None:
        raise field_error("owner", refusal)
    return owner


def _check_code(code: str, exclude: int | None = None) -> None:
    clash = Customer.objects.filter(code=code)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise field_error("code", _("This customer code is already in use."))


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
    """A salesperson's new customer is their own; a manager may name the owner."""
    user = api_user(request)
    _check_code(payload.code)
    data: dict[str, Any] = payload.dict()
    owner = _owner(user, data.pop("owner"), None)
    customer = Customer.objects.create(owner=owner, **data)
    return Status(201, customer)


@router.patch(
    "/customers/{customer_id}", response={200: CustomerOut, 404: ErrorOut, 422: ErrorOut}, summary="Update"
)
def update_customer(request: HttpRequest, customer_id: int, payload: CustomerPatch) -> Customer:
    """Change the fields sent; the others stay as they are."""
    user = api_user(request)
    customer = customer_or_404(user, customer_id)
    data: dict[str, Any] = payload.dict(exclude_unset=True)
    empty = [k for k in ("code", "name") if k in data and not data[k]]
    errors = [FieldError(k, _("This field cannot be empty.")) for k in empty]
    if errors:
        raise ApiError(_("The request has errors."), errors)
    if "code" in data:
        _check_code(data["code"], exclude=customer.pk)
    sent = list(data)
    if "owner" in data:
        customer.owner = _owner(user, data.pop("owner"), customer)
    for key, value in data.items():
        setattr(customer, key, value)
    # Only the fields sent: a full save() would put back what others changed since the read.
    customer.save(update_fields=[*sent, "updated_at"])
    return customer
