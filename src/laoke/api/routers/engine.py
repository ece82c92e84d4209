"""What the engine derived: scores, next-order forecasts; and the inquiries of the pipeline."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from laoke.api.auth import api_user
from laoke.api.errors import ApiError, FieldError
from laoke.api.pagination import Pages
from laoke.api.routers.customers import customer_or_404
from laoke.api.schemas import (
    ErrorOut,
    ForecastOut,
    InquiryFilter,
    InquiryIn,
    InquiryOut,
    ScoreFilter,
    ScoreOut,
)
from laoke.customers.visibility import visible_for
from laoke.pipeline.models import Prospect
from laoke.pipeline.repositories import visible_prospects
from laoke.pipeline.services.inquiries import create_inquiry
from laoke.retention.models import CustomerScore, Forecast

router = Router(tags=["engine"])


@router.get("/scores", response=list[ScoreOut], summary="List scores")
@paginate(Pages)
def list_scores(request: HttpRequest, filters: Query[ScoreFilter]) -> QuerySet[CustomerScore]:
    """Scorecards of the customers the caller may see, best first."""
    qs = visible_for(api_user(request), CustomerScore.objects.all())
    if filters.grade:
        qs = qs.filter(grade=filters.grade)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return qs.order_by("-total", "customer_id")


@router.get("/customers/{customer_id}/score", response={200: ScoreOut, 404: ErrorOut}, summary="A score")
def get_score(request: HttpRequest, customer_id: int) -> CustomerScore:
    customer = customer_or_404(api_user(request), customer_id)
    return get_object_or_404(CustomerScore, customer=customer)


@router.get("/forecasts", response=list[ForecastOut], summary="List next-order forecasts")
@paginate(Pages)
def list_forecasts(request: HttpRequest) -> QuerySet[Forecast]:
    """Next-order forecasts of the customers the caller may see, soonest first."""
    qs = visible_for(api_user(request), Forecast.objects.all())
    return qs.order_by("next_order_on", "customer_id")


@router.get(
    "/customers/{customer_id}/forecast", response={200: ForecastOut, 404: ErrorOut}, summary="A forecast"
)
def get_forecast(request: HttpRequest, customer_id: int) -> Forecast:
    customer = customer_or_404(api_user(request), customer_id)
    return get_object_or_404(Forecast, customer=customer)


@router.get("/inquiries", response=list[InquiryOut], summary="List inquiries and targets")
@paginate(Pages)
def list_inquiries(request: HttpRequest, filters: Query[InquiryFilter]) -> QuerySet[Prospect]:
    """Inquiries and targets the caller may see (the pipeline's rule), newest first."""
    qs = visible_prospects(api_user(request))
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-created_on", "-id")


@router.post("/inquiries", response={201: InquiryOut, 422: ErrorOut}, summary="Record an inquiry")
def create_inquiry_endpoint(request: HttpRequest, payload: InquiryIn) -> Status[Prospect]:
    """Record an inquiry owned by the caller and score it against the best customers (002)."""
    fields = payload.dict()
    fields["created_on"] = fields["created_on"] or timezone.localdate()
    try:
        with transaction.atomic():
            prospect = create_inquiry(owner=api_user(request), fields=fields, as_of=timezone.localdate())
    except DjangoValidationError as exc:
        errors = [
            FieldError(name, str(message))
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
        raise ApiError(_("The request has errors."), errors) from exc
    return Status(201, prospect)
