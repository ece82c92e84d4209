"""Fixed-shape queries compiled once a process, then run with other values.

A page that asks the same query for another customer on every visit pays Django's ORM to build
its SQL each time: about as long as the database takes to answer a small query. A
:class:`PreparedRows` builds the queryset once with stand-in values (ones no row holds), compiles
it, finds where each stand-in went among the statement's parameters, and afterwards runs the same
SQL with the caller's values, turning the rows into Python values with the ORM's own converters
(a date read from SQLite, a sum of decimals): the rows the queryset would give. A queryset whose
stand-ins cannot all be found once each (or that the ORM would reorder) is run through the ORM.

:class:`PreparedIds` does the same for a query over a list of ids (the rows a page draws, read by
id): compiled once per caller's key and number of ids, the ids put where their stand-ins went.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from django.db import connection as default_connection
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators  # type: ignore[attr-defined]

from laoke.platform.memo import kept

#: What a stand-in may be: an id, or a day.
Value = int | dt.date


class _Compiled:
    def __init__(
        self, sql: str, params: list[Any], slots: list[list[int]], compiler: Any, converters: Any
    ) -> None:
        self.sql, self.params, self.slots = sql, params, slots
        self.compiler, self.converters = compiler, converters


class PreparedRows:
    """``build(*values)``, a ``values_list`` queryset, compiled once per database with ``stand_ins``
    (each a value no row holds, of the type the caller passes: int or date)."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *stand_ins: Value) -> None:
        self.build, self.stand_ins = build, stand_ins
        self._compiled: dict[str, _Compiled | None] = {}

    def rows(self, *values: Value, using: str = "default") -> list[tuple[Any, ...]]:
        """The queryset's rows for ``values`` (in the stand-ins' order)."""
        if using not in self._compiled:
            self._compiled[using] = _compile_rows(self.build(*self.stand_ins), self.stand_ins, using)
        compiled = self._compiled[using]
        if compiled is None:
            return list(self.build(*values))
        return [tuple(row) for row in _fetch(connections[using], compiled, values)]


def _compile_rows(queryset: QuerySet[Any], stand_ins: Sequence[Value], alias: str) -> _Compiled | None:
    """``queryset`` (a ``values_list`` built with ``stand_ins``) compiled, or ``None`` when its rows
    cannot be read from the compiled statement: the ORM would reorder its columns, or a stand-in is
    not found exactly once among the parameters."""
    query = queryset.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    fields = getattr(queryset, "_fields", None) or ()
    if query.extra_select or list(fields) + [a for a in query.annotation_select if a not in fields] != names:
        return None  # the ORM would reorder the columns: leave it the query
    compiler = query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    slots = _stand_in_slots(connections[alias], params, stand_ins)
    if slots is None or any(len(places) != 1 for places in slots):
        return None
    selected = [s[0] for s in compiler.select[0 : compiler.col_count]]
    return _Compiled(sql, list(params), slots, compiler, compiler.get_converters(selected))


def _adapted(connection: Any, value: Value) -> Any:
    """``value`` as the ORM passes it to the database (a day as the backend's date value)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return connection.ops.adapt_datefield_value(value)
    return value


def _stand_in_slots(
    connection: Any, params: Sequence[Any], stand_ins: Sequence[Value]
) -> list[list[int]] | None:
    """Where each stand-in went among the statement's parameters (None: one is not found)."""
    slots = []
    for stand_in in stand_ins:
        shown = _adapted(connection, stand_in)
        found = [i for i, p in enumerate(params) if type(p) is type(shown) and p == shown]
        if not found:
            return None
        slots.append(found)
    return slots


def _fetch(connection: Any, compiled: _Compiled | _CompiledModels, values: Sequence[Value]) -> Sequence[Any]:
    """The compiled statement's rows for ``values`` (put where the stand-ins were), converted as
    the ORM converts them."""
    params = list(compiled.params)
    for places, value in zip(compiled.slots, values, strict=True):
        adapted = _adapted(connection, value)
        for place in places:
            params[place] = adapted
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        fetched: Sequence[Any] = cursor.fetchall()
    if compiled.converters:
        fetched = list(compiled.compiler.apply_converters(fetched, compiled.converters))
    return fetched


class _CompiledModels:
    def __init__(
        self, sql: str, params: list[Any], slots: list[list[int]], compiler: Any, alias: str
    ) -> None:
        self.sql, self.params, self.slots, self.compiler = sql, params, slots, compiler
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, alias)
        self.converters = compiler.get_converters([column[0] for column in select[0 : compiler.col_count]])


class PreparedModels:
    """``build(*values)``, a queryset of model instances (its ``select_related`` ones included),
    compiled once per database with ``stand_ins`` as :class:`PreparedRows` does, then run with the
    caller's values and turned into instances as the queryset would (``Model.from_db`` and the
    ORM's related populators). A stand-in may stand in several places (a customer's id in a
    subquery too). A queryset with annotations, extra columns, prefetches or known related objects,
    or whose stand-ins are not all found, is run through the ORM."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *stand_ins: Value) -> None:
        self.build, self.stand_ins = build, stand_ins
        self._compiled: dict[str, _CompiledModels | None] = {}

    def _compile(self, alias: str) -> _CompiledModels | None:
        queryset = self.build(*self.stand_ins)
        query = queryset.query
        if (
            query.extra_select
            or query.annotation_select
            or getattr(queryset, "_prefetch_related_lookups", None)
            or getattr(queryset, "_known_related_objects", None)
            or getattr(queryset, "_iterable_class", None) is not ModelIterable
        ):
            return None
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if compiler.has_extra_select or compiler.annotation_col_map:
            return None
        slots = _stand_in_slots(connections[alias], params, self.stand_ins)
        if slots is None:
            return None
        return _CompiledModels(sql, list(params), slots, compiler, alias)

    def models(self, *values: Value, using: str = "default") -> list[Any]:
        """The queryset's instances for ``values`` (in the stand-ins' order)."""
        if using not in self._compiled:
            self._compiled[using] = self._compile(using)
        compiled = self._compiled[using]
        if compiled is None:
            return list(self.build(*values))
        fetched = _fetch(connections[using], compiled, values)
        found = []
        model, init_list, start, end = compiled.model, compiled.init_list, compiled.start, compiled.end
        for row in fetched:
            instance = model.from_db(using, init_list, row[start:end])
            for populator in compiled.populators:
                populator.populate(row, instance)
            found.append(instance)
        return found


#: An id no row has: a query over ids is compiled with ``-ID_STAND_IN - i`` for the ``i``-th id.
ID_STAND_IN = 10**15


class PreparedIds:
    """Queries over a list of ids: ``build(ids)``, a ``values_list`` queryset whose only parameters
    that vary are the ids, compiled once per (database, ``key``, number of ids) with stand-ins
    (:data:`ID_STAND_IN`) as :class:`PreparedRows` compiles its queries, then run with the caller's
    ids and its rows converted by the ORM's own converters. ``key`` names everything else the query
    holds (whose scope, which columns): two callers with one key must build the same SQL. At most
    ``limit`` statements are kept. A query whose ids do not come out as one parameter each (or
    whose columns the ORM would reorder) is run through the ORM."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        #: Per key, the compiled statement, or ``None`` for a query run through the ORM (in a
        #: tuple: :func:`~laoke.platform.memo.kept` takes ``None`` for "not kept").
        self._kept: dict[tuple[Any, ...], tuple[_Compiled | None]] = {}

    def rows(
        self, key: Hashable, ids: list[int], build: Callable[[list[int]], QuerySet[Any]]
    ) -> Iterable[tuple[Any, ...]]:
        """The rows of ``build(ids)``, from the statement kept under ``key`` and ``len(ids)``."""
        if not ids:
            return build(ids)
        connection = default_connection

        def compile_ids() -> tuple[_Compiled | None]:
            stand_ins = [-ID_STAND_IN - i for i in range(len(ids))]
            return (_compile_rows(build(stand_ins), stand_ins, connection.alias),)

        (compiled,) = kept(
            self._kept, (connection.alias, connection.vendor, key, len(ids)), self.limit, compile_ids
        )
        if compiled is None:
            return build(ids)
        return [tuple(row) for row in _fetch(connection, compiled, ids)]
