"""Which import batches (and their errors files) a user may open (the table of rules is in
:mod:`laoke.customers.permissions`)."""

from __future__ import annotations

from django.db.models import QuerySet

from laoke.accounts.access import sees_everything
from laoke.accounts.models import User
from laoke.customers.permissions import is_current, leads_a_team, team_members
from laoke.importing.models import ImportBatch

__all__ = ["may_read_import_batch", "visible_import_batches"]


def visible_import_batches(user: User, qs: QuerySet[ImportBatch] | None = None) -> QuerySet[ImportBatch]:
    """Import batches (and so their errors files) the user may open.

    One's own; a team manager also those started by members of the team; batches run from the
    command line (no user) and everyone's only at company level.
    """
    qs = ImportBatch.objects.all() if qs is None else qs
    if not is_current(user):
        return qs.none()
    if sees_everything(user):
        return qs
    if leads_a_team(user):
        return qs.filter(user__in=team_members(user).values("pk"))
    return qs.filter(user=user)


def may_read_import_batch(user: User, batch: ImportBatch) -> bool:
    """Whether the user may open the batch and download its errors file."""
    return visible_import_batches(user).filter(pk=batch.pk).exists()
