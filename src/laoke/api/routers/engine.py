"""What the engine derived: scores, next-order forecasts; and the inquiries of the pipeline."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from laoke.api.auth import api_user
from laoke.api.pagination import Pages
from laoke.api.routers.customers import customer_or_404
from laoke.api.schemas import ErrorOut, ForecastOut, InquiryFilter, InquiryOut, ScoreFilter, ScoreOut
from laoke.customers.visibility import visible_for
from laoke.pipeline.models import Prospect
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
    """Inquiries and targets: a salesperson's own, every one for a manager."""
    user = api_user(request)
    qs = Prospect.objects.select_related("owner")
    if not user.is_manager:
        qs = qs.filter(owner=user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-created_on", "-id")
