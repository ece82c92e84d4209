"""Whole-book figures (KPI pack, dashboard) cached per visibility scope and book version.

A figure over thousands of customers is computed once per scope (the customers a user may see)
and *book version*, then served from Django's cache until the book changes. The version is one
small query that changes whenever a figure's inputs may have changed:

* bulk writes (an import, a re-score, a mail sync) leave new rows: the highest id of the order
  lines, orders, customers, scores, state changes, interactions and import batches moves (a
  re-score deletes the scorecards and writes new rows, so their highest id moves too; their
  latest ``computed_at`` is not read: with no index, that scanned every scorecard on each visit);
* single writes through the ORM (a customer handed over, a loss reopened, a plan won, a share
  granted, an order edited or deleted, a portrait edited, a product changed, an accuracy check
  written, the company's settings saved, a person saved or deleted) append a row to
  :class:`~laoke.customers.models.BookChange`
  from a ``post_save``/``post_delete`` receiver (see :func:`connect`);
* owners changed in bulk (customers taken from or returned to the shared pool, a handover: one
  ``UPDATE``, no save) append one too, from :data:`laoke.customers.signals.owners_changed` or the
  handover itself.

Keys hold the scope (everything, or one user with their role and team), so a salesperson never
reads a figure computed for a manager.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from laoke.accounts.access import sees_everything
from laoke.accounts.models import User

T = TypeVar("T")

#: Figures are kept this long at most (a new book version replaces them sooner).
CACHE_SECONDS = 3600

#: Tables whose highest id moves on bulk writes (imports, re-scores, mail sync).
_GROWING = (
    ("orders", "OrderLine"),
    ("orders", "Order"),
    ("orders", "Payment"),
    ("customers", "Customer"),
    ("retention", "CustomerScore"),
    ("retention", "StateChange"),
    ("retention", "LossRecord"),
    ("interactions", "Interaction"),
    ("importing", "ImportBatch"),
    ("cadence", "ReactivationPlan"),
    ("pipeline", "Prospect"),
    ("pipeline", "ProspectMove"),
    ("orders", "Product"),
    ("customers", "BookChange"),
)

#: Models whose single saves (and deletes) change a cached figure without a new row elsewhere.
#: Bulk-replaced tables (scores, state history, forecasts, alerts) are left out on purpose: a
#: delete receiver would turn their fast bulk delete into one query per row, and their rebuild
#: leaves new ids anyway.
_WATCHED = (
    ("customers", "Customer"),
    ("customers", "CustomerShare"),
    ("orders", "Order"),
    ("orders", "OrderLine"),
    ("orders", "Payment"),
    ("retention", "LossRecord"),
    ("cadence", "ReactivationPlan"),
    ("interactions", "Interaction"),
    ("pipeline", "Prospect"),
    ("pipeline", "CustomerPortrait"),
    ("orders", "Product"),
    # A new accuracy check (the dashboard shows the newest): a re-score at the same date writes it
    # again over the same row (``update_or_create``), so no id moves.
    ("retention", "BacktestRun"),
    # The home currency every amount is shown in (a figure kept per version shows it).
    ("company", "CompanySettings"),
)

#: BookChange rows kept: older ones are pruned now and then (only the highest id matters).
_KEEP = 100


def _maxima() -> list[tuple[str, str]]:
    columns = [(label, model, "id") for label, model in _GROWING]
    found = []
    for label, model, column in columns:
        try:
            meta = apps.get_model(label, model)._meta
        except LookupError:
            continue
        found.append((meta.db_table, meta.get_field(column).column))
    return found


def book_version() -> str:
    """A short string that changes whenever the book's figures may have changed (one query)."""
    parts = ", ".join(version_columns())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")  # table names from the models, no input
        row = cursor.fetchone()
    return version_of(row)


def version_columns() -> list[str]:
    """The columns :func:`book_version` selects (table names from the models, no input): a page
    that asks the database other small answers selects them with those, one query less (a query
    costs more under load than its CPU: it releases and retakes the GIL)."""
    quote = connection.ops.quote_name
    return [f"(SELECT MAX({quote(c)}) FROM {quote(t)})" for t, c in _maxima()]


def version_of(row: tuple[Any, ...]) -> str:
    """:func:`book_version` from the values of :func:`version_columns`, in their order."""
    return hashlib.sha1(repr(tuple(row)).encode(), usedforsecurity=False).hexdigest()[:16]


def scope_key(user: User) -> str:
    """Who the figure is for: everything, or one user's scope (role and team included)."""
    if not (user.is_authenticated and user.is_active and user.left_on is None):
        return "none"
    if sees_everything(user):
        return "all"
    return f"u{user.pk}-{user.role}-{user.team_id or 0}"


def cached(
    name: str, user: User, params: tuple[Any, ...], compute: Callable[[], T], *, version: str | None = None
) -> T:
    """``compute()`` for this user's scope and ``params``, from the cache while the book is unchanged
    (``version``: the :func:`book_version` the caller read already, not read again)."""
    return _cached(f"{name}|{scope_key(user)}|{params!r}", compute, version)


def cached_for_everyone(
    name: str, params: tuple[Any, ...], compute: Callable[[], T], *, version: str | None = None
) -> T:
    """``compute()`` for ``params``, from the cache while the book is unchanged: for a figure that
    is the same whoever reads it (one customer's portrait); the caller checks who may see it
    (``version``: the :func:`book_version` the caller read already, not read again)."""
    return _cached(f"{name}|*|{params!r}", compute, version)


def kept_for_everyone(name: str, params: tuple[Any, ...], *, version: str) -> Any:
    """What :func:`cached_for_everyone` keeps for ``params`` in the book ``version``, or None when
    nothing is kept yet (nothing is computed)."""
    return cache.get(_key(f"{name}|*|{params!r}", version))


def _key(prefix: str, version: str | None) -> str:
    raw = f"{prefix}|{version or book_version()}"
    return "laoke:book:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def _cached(prefix: str, compute: Callable[[], T], version: str | None = None) -> T:
    key = _key(prefix, version)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def note_change(**_kwargs: Any) -> None:
    """Receiver: record that the book changed (a new :class:`BookChange` row moves the version)."""
    from laoke.customers.models import BookChange

    change = BookChange.objects.create()
    if change.pk % _KEEP == 0:
        BookChange.objects.filter(pk__lt=change.pk - _KEEP).delete()


def _user_saved(update_fields: frozenset[str] | None = None, **kwargs: Any) -> None:
    """A person changed team or role (whose customers a manager sees); a login alone does not count."""
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    note_change(**kwargs)


def connect() -> None:
    """Connect :func:`note_change` to the saves and deletes of the watched models."""
    from laoke.customers.signals import owners_changed

    post_save.connect(_user_saved, sender=User, dispatch_uid="laoke-book-save-user")
    post_delete.connect(note_change, sender=User, dispatch_uid="laoke-book-delete-user")
    owners_changed.connect(note_change, dispatch_uid="laoke-book-owners-changed")
    for label, name in _WATCHED:
        try:
            model: type[Model] = apps.get_model(label, name)
        except LookupError:
            continue
        post_save.connect(note_change, sender=model, dispatch_uid=f"laoke-book-save-{label}.{name}")
        post_delete.connect(note_change, sender=model, dispatch_uid=f"laoke-book-delete-{label}.{name}")
