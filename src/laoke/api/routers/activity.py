"""Interactions (list, log one) and tasks (list, change status)."""

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from laoke.accounts.models import User
from laoke.api.auth import api_user
from laoke.api.errors import field_error
from laoke.api.pagination import Pages
from laoke.api.routers.customers import customer_or_404
from laoke.api.schemas import (
    MAX_ID,
    ErrorOut,
    InteractionFilter,
    InteractionIn,
    InteractionOut,
    TaskFilter,
    TaskOut,
    TaskPatch,
)
from laoke.customers.visibility import visible_for
from laoke.interactions.models import Interaction
from laoke.retention.models import Task, TaskStatusChoices
from laoke.retention.permissions import visible_tasks
from laoke.retention.services.activity import OutcomeRequiredError, finish_task, log_interaction
from laoke.retention.services.tasks import TaskActionError, add_task_note, snooze_task

router = Router(tags=["activity"])


@router.get("/interactions", response=list[InteractionOut], summary="List interactions")
@paginate(Pages)
def list_interactions(request: HttpRequest, filters: Query[InteractionFilter]) -> QuerySet[Interaction]:
    """Touches with the customers the caller may see, newest first."""
    qs = visible_for(api_user(request), Interaction.objects.select_related("user"))
    if filters.customer_id is not None:
        qs = qs.filter(customer_id=filters.customer_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("-occurred_at", "-id")


@router.post("/interactions", response={201: InteractionOut, 404: ErrorOut, 422: ErrorOut}, summary="Log")
def create_interaction(request: HttpRequest, payload: InteractionIn) -> Status[Interaction]:
    """Log a touch with a customer the caller may see, as made by the caller."""
    user = api_user(request)
    customer = customer_or_404(user, payload.customer_id)
    data = payload.dict()
    data.pop("customer_id")
    data["occurred_at"] = data["occurred_at"] or timezone.now()
    if timezone.is_naive(data["occurred_at"]):
        data["occurred_at"] = timezone.make_aware(data["occurred_at"])
    interaction = log_interaction(interaction=Interaction(**data), customer=customer, user=user)
    return Status(201, interaction)


def _tasks(user: User) -> QuerySet[Task]:
    """Tasks the user may list and act on: the same rule as the web (``permissions.visible_tasks``)."""
    return visible_tasks(user, Task.objects.select_related("assignee"))


@router.get("/tasks", response=list[TaskOut], summary="List tasks")
@paginate(Pages)
def list_tasks(request: HttpRequest, filters: Query[TaskFilter]) -> QuerySet[Task]:
    """The tasks the caller may act on (a manager: those of the customers and team they see), by due date."""
    qs = _tasks(api_user(request))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.customer_id is not None:
        qs = qs.filter(customer_id=filters.customer_id)
    return qs.order_by("due_on", "-priority", "id")


@router.patch("/tasks/{task_id}", response={200: TaskOut, 404: ErrorOut, 422: ErrorOut}, summary="Update")
def update_task(request: HttpRequest, task_id: int, payload: TaskPatch) -> Task:
    """Mark done (``note``: the outcome, on the customer's timeline; required to say how a complaint
    was resolved), snooze (``snooze_days``), reopen or cancel a task, and/or add a note."""
    user = api_user(request)
    task = get_object_or_404(_tasks(user), pk=task_id if 1 <= task_id <= MAX_ID else 0)
    try:
        with transaction.atomic():
            finishing = payload.status == TaskStatusChoices.DONE and task.status != TaskStatusChoices.DONE
            if payload.note and not finishing:
                add_task_note(task=task, note=payload.note)
            if finishing:
                # As on Today: the note is the outcome, written to the customer's timeline; a
                # complaint's task resolves the complaint and needs it.
                finish_task(task=task, user=user, outcome=payload.note or "")
            elif payload.status == TaskStatusChoices.SNOOZED:
                if payload.snooze_days is None:
                    raise field_error("snooze_days", _("Say for how many days to snooze the task."))
                snooze_task(task=task, days=payload.snooze_days, today=timezone.localdate())
            elif payload.status in (TaskStatusChoices.OPEN, TaskStatusChoices.CANCELLED):
                task.status = payload.status
                task.snoozed_until = None
                task.done_at = None
                task.save(update_fields=["status", "snoozed_until", "done_at"])
    except OutcomeRequiredError as exc:
        raise field_error("note", _("Say how the complaint was resolved.")) from exc
    except TaskActionError as exc:
        raise field_error("status", _("This task is already done or cancelled.")) from exc
    return task
