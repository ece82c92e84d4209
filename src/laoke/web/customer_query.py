"""The customer list query: filters, search and sort from the query string, in one place.

The list page, its paging and the Excel export all call :func:`filtered_customers`, so the export
holds exactly the rows the list shows.

The page keeps the sorted ids of a filter (:func:`ordered_ids`: in the process for a list it
sorts from its book table, in Django's cache for a search) and the drop-downs' values
(:func:`cached_filter_choices`, Django's cache) per visibility scope and book version
(:mod:`laoke.customers.book_cache`): sorting 10,000 customers on a scorecard column cost most of a
page's database time, and every page of the same list sorted them again. The 50 rows shown are
read fresh on each visit. A list that filters or sorts on open alerts is kept per state of the open
alerts too (:func:`open_alerts_state`): a dismissal updates an alert in place, which the book
version does not see.

A list not asked before in this book version is filtered and sorted in Python from the scope's
book table (:func:`_book_table`: every customer it sees with what the filters and sorts read, read
once per process and book version), not by a sort in the database: under load most lists asked are
a new combination of filter, sort and page. A search on SQLite is found in the table too, its
``LIKE`` folded as SQLite folds it; elsewhere the database finds the matching ids (its case
folding), the table orders them. A sort on text follows the database's collation: SQLite's
compares code points, as Python does; elsewhere the table carries each text column's rank in the
database's own order, read with the rows.
"""

from __future__ import annotations

import json
import string
from array import array
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Window,
)
from django.db.models.functions import Cast, Coalesce, DenseRank
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.company.names import country_name
from laoke.customers.book_cache import book_version, cached, cached_for_everyone, kept_for_everyone, scope_key
from laoke.customers.models import Customer
from laoke.customers.visibility import salespeople, visible_customers, visible_for
from laoke.importing.services.preview import home_currency
from laoke.orders.models import Order
from laoke.platform.fields import parse_id
from laoke.platform.memo import kept
from laoke.platform.prepared import PreparedIds
from laoke.retention.models import Alert, CustomerScore, LifecycleStateChoices
from laoke.retention.scorecard_messages import treatment_text

PAGE_SIZE = 50

#: Sort keys offered to the user → ORM ordering; ``name`` breaks ties so paging is stable.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "code": ("code",),
    "country": ("country", "name"),
    "owner": ("owner__username", "name"),
    "grade": ("score__grade", "name"),
    "state": ("score__state", "name"),
    "score": ("score__total", "name"),
    "revenue": ("score__revenue_12m", "name"),
    "last_order": ("last_order", "name"),
    "alerts": ("open_alerts", "name"),
}

SORT_LABELS = {
    "name": _("Name"),
    "code": _("Code"),
    "country": _("Country"),
    "owner": _("Owner"),
    "grade": _("Grade"),
    "state": _("State"),
    "score": _("Score"),
    "revenue": _("Sales, last 12 months"),
    "last_order": _("Last order"),
    "alerts": _("Alerts"),
}


@dataclass(frozen=True)
class CustomerFilter:
    """What the user asked for in the query string; unknown values are ignored, never an error."""

    q: str = ""
    grade: str = ""
    state: str = ""
    country: str = ""
    owner: str = ""
    kind: str = ""
    alerts: str = ""
    treatment: str = ""
    sort: str = "name"

    @classmethod
    def from_query(cls, query: QueryDict) -> CustomerFilter:
        """Read the filter from GET parameters."""
        sort = query.get("sort", "name")
        if sort.lstrip("-") not in SORTS:
            sort = "name"
        alerts = query.get("alerts", "")

        def text(name: str) -> str:  # a NUL cannot reach a query: PostgreSQL refuses it
            return query.get(name, "").replace("\x00", "").strip()

        return cls(
            q=text("q")[:100],
            grade=text("grade")[:10],
            state=text("state")[:40],
            country=text("country").upper()[:2],
            owner=_owner(text("owner")),
            kind=text("kind")[:40],
            alerts=alerts if alerts in {"open", "none"} else "",
            treatment=text("treatment")[:40],
            sort=sort,
        )

    @property
    def owner_id(self) -> int | None:
        """The id of the owner filtered on (None: no owner filter, or "none": the shared pool)."""
        return parse_id(self.owner)

    @property
    def is_active(self) -> bool:
        """True when any filter (not just the sort) is set."""
        return any(
            [self.q, self.grade, self.state, self.country, self.owner, self.kind, self.alerts, self.treatment]
        )


def _owner(value: str) -> str:
    """The owner filter: "none" (the shared pool), an id, or "" for anything else (ignored)."""
    value = value.strip()
    return value if value == "none" or parse_id(value) is not None else ""


def _open_alerts() -> QuerySet[Alert]:
    return Alert.objects.filter(customer=OuterRef("pk"), dismissed_at__isnull=True)


def filtered_customers(*, user: User, flt: CustomerFilter) -> QuerySet[Customer]:
    """The customers the user may see that match the filter, annotated and sorted."""
    qs = visible_customers(user).select_related("owner", "score")
    if flt.q:
        qs = qs.filter(_search(flt.q))
    if flt.grade:
        qs = qs.filter(score__grade=flt.grade)
    if flt.treatment:
        qs = qs.filter(score__treatment_code=flt.treatment)
    if flt.state:
        qs = qs.filter(score__state=flt.state)
    if flt.country:
        qs = qs.filter(country=flt.country)
    if flt.owner == "none":
        qs = qs.filter(owner__isnull=True)
    elif flt.owner_id is not None:
        qs = qs.filter(owner_id=flt.owner_id)
    if flt.kind:
        qs = qs.filter(kind=flt.kind)
    if flt.alerts == "open":
        qs = qs.filter(Exists(_open_alerts()))
    elif flt.alerts == "none":
        qs = qs.filter(~Exists(_open_alerts()))
    qs = _with_last_order_and_alerts(qs)
    descending = flt.sort.startswith("-")
    fields = SORTS[flt.sort.lstrip("-")]
    ordering = []
    for i, name in enumerate(fields):
        if i == 0 and descending:
            ordering.append(f"-{name}")
        else:
            ordering.append(name)
    return qs.order_by(*ordering, "pk")


def _with_last_order_and_alerts(qs: QuerySet[Customer]) -> QuerySet[Customer]:
    """``qs`` annotated with each customer's last order day and count of open alerts."""
    last_order = (
        Order.objects.filter(customer=OuterRef("pk")).order_by("-order_date").values("order_date")[:1]
    )
    alert_count = _open_alerts().order_by().values("customer").annotate(n=Count("pk")).values("n")[:1]
    return qs.annotate(
        last_order=Subquery(last_order),
        open_alerts=Coalesce(Subquery(alert_count, output_field=IntegerField()), 0),
    )


def _alerts_involved(flt: CustomerFilter) -> bool:
    """Whether the filter or sort reads open alerts: a dismissal updates an alert in place, which the
    book version does not see, so those lists are kept per state of the open alerts too."""
    return bool(flt.alerts) or flt.sort.lstrip("-") == "alerts"


def open_alerts_state() -> tuple[int, int, int]:
    """What changes whenever the set of open alerts does: their count and the sum of their ids, and
    the highest id of all. An alert is opened by a new row and closed by a dismissal (in place,
    never undone); a deletion lowers the count. One scan of the alerts' index, instead of sorting
    every customer on their open alerts at each visit.

    The statement (:func:`_alerts_state_sql`) is written once per database: the open alerts by a
    ``WHERE`` and the highest id by a scalar subquery (a look-up of the primary key), where the ORM's
    aggregate with ``FILTER`` clauses made SQLite test each row twice and cost a query's building on
    every visit: 2.3 → 0.9 ms on the demo book's 13,000 alerts (a fifth of the list's addresses
    filter or sort on open alerts)."""
    with connection.cursor() as cursor:
        cursor.execute(_alerts_state_sql(connection.vendor))
        n, total, top = cursor.fetchone()
    return (int(n or 0), int(total or 0), int(top or 0))


_ALERTS_STATE_SQL: dict[str, str] = {}


def _alerts_state_sql(vendor: str) -> str:
    """The statement of :func:`open_alerts_state` (per database vendor: its quoting)."""

    def write() -> str:
        quote = connection.ops.quote_name
        table = quote(Alert._meta.db_table)
        pk = quote(Alert._meta.pk.column)
        dismissed = quote(Alert._meta.get_field("dismissed_at").column)
        return (
            f"SELECT COUNT(*), SUM({pk}), (SELECT MAX({pk}) FROM {table}) "
            f"FROM {table} WHERE {dismissed} IS NULL"
        )

    return kept(_ALERTS_STATE_SQL, vendor, 8, write)


#: The columns of :func:`_book_table` (a customer's values the filters and sorts read), by name.
_TABLE = (
    "pk",
    "name",
    "code",
    "country",
    "owner_id",
    "kind",
    "owner__username",
    "score__grade",
    "score__treatment_code",
    "score__state",
    "score__total",
    "score__revenue_12m",
    "last_order",
)
_COLUMN = {name: i for i, name in enumerate(_TABLE)}
#: The sorts that compare text: Python orders it as SQLite does (BINARY: code points), not as
#: PostgreSQL's collation may (``en_US``, ``zh_CN``, ICU). Outside SQLite the book table carries each
#: one's rank in the database's order (:data:`_RANKED`), which the sort compares instead. Names are
#: ranked by the database on every vendor: the table is read in their order.
_TEXT_SORTS = ("code", "country", "owner", "grade", "state")
#: Outside SQLite, the position in a row of the book table of each text sort's rank (after
#: :data:`_TABLE`'s columns): ``DENSE_RANK() OVER (ORDER BY column)``, read with the rows.
_RANKED = {key: len(_TABLE) + n for n, key in enumerate(_TEXT_SORTS)}
#: SQLite's ``LIKE`` folds the case of ASCII letters only (no ICU): A-Z to a-z, nothing else.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


#: Searches whose ids a book table keeps outside SQLite (:meth:`_BookTable.matching`).
SEARCHES_KEPT = 256


def _search(needle: str) -> Q:
    """The customers whose name or code holds ``needle`` (``icontains``): the list's search."""
    return Q(name__icontains=needle) | Q(code__icontains=needle)


def _matching_in_database(needle: str) -> set[int]:
    """The ids of the customers :func:`_search` finds, as :func:`filtered_customers` finds them."""
    return set(Customer.objects.filter(_search(needle)).order_by().values_list("pk", flat=True))


def _like_folded(text: str) -> str:
    """``text`` folded as SQLite's ``LIKE`` folds it (its wildcards are escaped by ``icontains``:
    the search is for the text itself)."""
    return text.translate(_ASCII_LOWER)


class _BookTable:
    """Every customer a scope sees with what the filters and sorts read (:data:`_TABLE`), in the
    name sort's order (name, then id), and each sort's order of them once asked.

    The book's table (everyone, :func:`_book_rows`) is the root; a scope that sees fewer customers
    (a salesperson, a team's manager) is the root's rows it may see (``members``), each sort's order
    taken from the root's (a stable sort keeps the order of the rows it sorts, so the root's order
    restricted to the scope's rows is the scope's order)."""

    def __init__(
        self,
        rows: list[tuple[Any, ...]],
        *,
        version: str,
        parent: _BookTable | None = None,
        members: set[int] | None = None,
    ) -> None:
        self.rows = rows
        self.version = version
        self._parent = parent
        self._members = members
        self._orders: dict[str, list[tuple[Any, ...]]] = {"name": rows}
        self._alerts: dict[tuple[int, int, int], dict[int, int]] = {}
        self._by_alerts: dict[tuple[str, tuple[int, int, int]], list[tuple[Any, ...]]] = {}
        self._groups: dict[tuple[str, int], dict[Any, list[int]]] = {}
        self._searchable: list[tuple[int, str]] | None = None
        self._found: dict[str, set[int]] = {}

    def ids_by_value(self, sort: str, column: int) -> dict[Any, list[int]]:
        """The ids in the order of ``sort`` (not the open alerts'), per value of ``column``: a list
        filtered on one column is one look-up, not a pass over every row (kept per sort and column
        asked)."""
        found = self._groups.get((sort, column))
        if found is None:
            found = {}
            for row in self.ordered(sort, None):
                found.setdefault(row[column], []).append(row[0])
            self._groups[(sort, column)] = found
        return found

    def matching(self, needle: str) -> set[int]:
        """The ids of the book's customers whose name or code holds ``needle`` as the database's
        ``icontains`` finds it (``needle`` without a NUL).

        On SQLite (``LIKE``: ASCII letters folded, nothing else) the root's names and codes are
        searched (a scope keeps its own rows of them): each folded once per table
        (:func:`_like_folded`), joined by a NUL that no needle holds, so a match never spans both.
        Elsewhere the database folds the case (PostgreSQL's ``UPPER`` folds every letter its locale
        knows): it is asked for the matching ids alone, one scan of the names and codes without
        the list's joins and sort, kept per needle with the table."""
        if self._parent is not None:
            return self._parent.matching(needle)
        if connection.vendor != "sqlite":
            return kept(self._found, needle, SEARCHES_KEPT, lambda: _matching_in_database(needle))
        needle = _like_folded(needle)
        if self._searchable is None:
            name, code = _COLUMN["name"], _COLUMN["code"]
            self._searchable = [
                (row[0], _like_folded(f"{row[name] or ''}\x00{row[code] or ''}")) for row in self.rows
            ]
        return {pk for pk, text in self._searchable if needle in text}

    def alerts(self, state: tuple[int, int, int]) -> dict[int, int]:
        """How many open alerts each customer has, read once per state of the open alerts
        (:func:`open_alerts_state`); kept with the root table, as a merge moves alerts to another
        customer with a new book version."""
        if self._parent is not None:
            return self._parent.alerts(state)
        found = self._alerts.get(state)
        if found is None:
            open_ = Alert.objects.filter(dismissed_at__isnull=True).order_by().values("customer_id")
            found = dict(open_.annotate(n=Count("pk")).values_list("customer_id", "n"))
            self._alerts.clear()  # one state is current: the others are gone for good
            self._alerts[state] = found
        return found

    def ordered(self, sort: str, state: tuple[int, int, int] | None) -> list[tuple[Any, ...]]:
        """The rows in the order of ``sort`` (a key of :data:`SORTS`, ``-`` for descending), ties as
        :func:`filtered_customers` breaks them; ``state``: of the open alerts, for their sort."""
        key = sort.lstrip("-")
        descending = sort.startswith("-")
        if key == "alerts" and state is not None:  # the open alerts move without a new book version
            alerts = self.alerts(state)
            found = self._by_alerts.get((sort, state))
            if found is None:
                if any(kept != state for _s, kept in self._by_alerts):
                    self._by_alerts.clear()  # one state is current: the others are gone for good
                found = sorted(self.rows, key=lambda row: alerts.get(row[0], 0), reverse=descending)
                self._by_alerts[(sort, state)] = found
            return found
        found = self._orders.get(sort)
        if found is None:
            if self._parent is not None and self._members is not None:
                members = self._members
                found = [row for row in self._parent.ordered(sort, None) if row[0] in members]
            else:
                rows = self.rows
                found = [rows[i] for i in self._shared_positions(key, descending)]
            self._orders[sort] = found
        return found

    def _shared_positions(self, key: str, descending: bool) -> array[int]:
        """The root's rows' positions in the sort's order, from the shared cache when another
        process sorted them in this book version (10,000 positions: 40 KB, read in 0.1 ms)."""

        def compute() -> bytes:
            return array("I", self._positions(key, descending)).tobytes()

        sort = f"-{key}" if descending else key
        raw = cached_for_everyone(
            "customer-list-order", (connection.vendor, sort), compute, version=self.version
        )
        positions = array("I")
        positions.frombytes(raw)
        return positions

    def _positions(self, key: str, descending: bool) -> list[int]:
        rows = self.rows
        positions = list(range(len(rows)))
        if key == "name":  # ORDER BY name DESC, id: the groups of equal names reversed, ids kept
            groups: list[int] = []
            previous, group = None, -1
            for row in rows:
                if group < 0 or row[1] != previous:
                    previous, group = row[1], group + 1
                groups.append(group)
            positions.sort(key=groups.__getitem__, reverse=descending)
            return positions
        if key == "code":  # ORDER BY code, id: ties by id, not by name
            positions.sort(key=lambda p: rows[p][0])
        i = _COLUMN[SORTS[key][0]]
        if key in _RANKED and connection.vendor != "sqlite":
            i = _RANKED[key]  # the text's rank in the database's collation, NULL ranked too
        # NULL (no scorecard, no order, no owner) is the lowest value in SQLite (first when
        # ascending) and the highest in PostgreSQL (last when ascending), as the database sorts.
        null = (0,) if connection.vendor == "sqlite" else (2,)
        positions.sort(key=lambda p: null if rows[p][i] is None else (1, rows[p][i]), reverse=descending)
        return positions


#: The book's table per book version (the current one only), and the scopes' tables derived from
#: it, kept per process: 10,000 customers are about 3 MB, a scope's table shares the root's rows.
_ROOTS: dict[str, _BookTable] = {}
_TABLES: dict[tuple[str, str], _BookTable] = {}
TABLES_KEPT = 64


def forget_kept_tables() -> None:
    """Forget the book tables kept by this process (tests: a rolled-back test leaves ids, hence
    book versions, that the next one reuses)."""
    _ROOTS.clear()
    _TABLES.clear()
    _IDS.clear()


def _read_book_rows() -> list[tuple[Any, ...]]:
    """Every customer with :data:`_TABLE`'s values, in the name sort's order; the last order's day
    as its ordinal (it is only sorted on: the same order) and each repeated text one object.
    Outside SQLite each row ends with its text columns' ranks (:data:`_RANKED`), numbered by the
    database in the same read: its collation, not Python's, orders those sorts."""
    customers = _with_last_order_and_alerts(Customer.objects.all())
    ranks: list[str] = []
    if connection.vendor != "sqlite":
        ranks = [f"rank_{key}" for key in _TEXT_SORTS]
        customers = customers.annotate(
            **{f"rank_{key}": Window(DenseRank(), order_by=F(SORTS[key][0]).asc()) for key in _TEXT_SORTS}
        )
    values = customers.order_by(*SORTS["name"], "pk").values_list(*_TABLE, *ranks)
    one: Any = {}.setdefault  # one object per text (and None)
    return [
        (
            *(pk, name, code, one(country, country), owner, one(kind, kind), one(user, user)),
            *(one(grade, grade), one(treat, treat), one(state, state), total, revenue),
            None if last is None else last.toordinal(),
            *ranked,
        )
        for (
            pk,
            name,
            code,
            country,
            owner,
            kind,
            user,
            grade,
            treat,
            state,
            total,
            revenue,
            last,
            *ranked,
        ) in values
    ]


def _book_table_params() -> tuple[Any, ...]:
    # The ranked sorts in the key: a cache written before the table carried ranks is not read.
    return (connection.vendor, "ranked", _TEXT_SORTS)


def book_table_ready(version: str) -> bool:
    """Whether the book's table of ``version`` is in the shared cache (read ahead, or by a request)."""
    return kept_for_everyone("customer-list-table", _book_table_params(), version=version) is not None


def _book_rows(version: str) -> list[tuple[Any, ...]]:
    """:func:`_read_book_rows`, from the shared cache (:mod:`laoke.platform.cache`: one process of
    the server reads the book, the others unpickle it: 5 ms instead of 60-100) per book version."""
    return cached_for_everyone("customer-list-table", _book_table_params(), _read_book_rows, version=version)


def _book_table(user: User, version: str) -> _BookTable:
    """The user's scope's :class:`_BookTable`, kept per process and book version: one read of the
    book for every scope (60-100 ms for 10,000 customers, once, shared between processes) instead of
    a sort in the database for each filter and sort asked (15-45 ms each; under load most lists
    asked are a new combination); a scope that sees fewer customers reads only their ids."""
    scope = scope_key(user)
    return kept(_TABLES, (scope, version), TABLES_KEPT, lambda: _scope_table(user, scope, version))


def _scope_table(user: User, scope: str, version: str) -> _BookTable:
    """The book's table (read once per version) or the part of it ``user``'s scope sees."""
    root = _ROOTS.get(version)
    if root is None:
        root = _BookTable(_book_rows(version), version=version)
        _ROOTS.clear()  # one version is current: the others are gone for good
        _ROOTS[version] = root
    if scope == "all":
        return root
    members = set(visible_customers(user).order_by().values_list("pk", flat=True))
    rows = [row for row in root.rows if row[0] in members]
    return _BookTable(rows, version=version, parent=root, members=members)


#: Job kinds that change what the customer list's book table holds (customers, scorecards,
#: orders, owners): after one, the worker reads the table ahead for the book it left.
BOOK_JOBS = frozenset({"score", "import", "pool", "mail"})


def warm_book_table() -> str:
    """Read the book's table and each sort's order of it into the shared cache for the current book
    version (what the first list request of each worker would otherwise read and sort); returns the
    version."""
    version = book_version()
    root = _BookTable(_book_rows(version), version=version)
    for key in SORTS:
        for descending in (False, True):
            if key != "alerts" and (key != "name" or descending):
                root._shared_positions(key, descending)
    return version


def _sorted_in_python(
    user: User, flt: CustomerFilter, state: tuple[int, int, int] | None, version: str
) -> list[int]:
    """:func:`filtered_customers`' ids in its order, filtered and sorted from :func:`_book_table`
    (``state``: of the open alerts, for a list that reads them), on every vendor, for every filter,
    search and sort.

    On SQLite a search is a pass over the names and codes kept with the book table, elsewhere the
    database's scan for the ids alone (:meth:`_BookTable.matching`), not a ``LIKE`` scan of every
    customer and a sort of the matches in the database with the list's joins (2.4-14 ms on SQLite,
    12-40 ms on PostgreSQL: the slowest lists asked). A sort on text is the table's too: outside
    SQLite it compares the ranks the database gave (:data:`_RANKED`); it was a sort in PostgreSQL
    for each new filter (10-25 ms, a sixth of the lists asked under load)."""
    sort = flt.sort.lstrip("-")
    table = _book_table(user, version)
    alerts = table.alerts(state) if state is not None else {}
    wanted: list[tuple[int, Any]] = [
        (_COLUMN[column], value)
        for column, value in (
            ("score__grade", flt.grade),
            ("score__treatment_code", flt.treatment),
            ("score__state", flt.state),
            ("country", flt.country),
            ("kind", flt.kind),
        )
        if value
    ]
    if flt.owner == "none":
        wanted.append((_COLUMN["owner_id"], None))
    elif flt.owner_id is not None:
        wanted.append((_COLUMN["owner_id"], flt.owner_id))
    if len(wanted) == 1 and not flt.alerts and sort != "alerts" and not flt.q:
        (column, value), *_rest = wanted
        return list(table.ids_by_value(flt.sort, column).get(value, ()))
    rows = table.ordered(flt.sort, state)
    if flt.q:
        found = table.matching(flt.q)
        rows = [row for row in rows if row[0] in found]
    if wanted:
        columns, values = itemgetter(*(i for i, _v in wanted)), tuple(v for _i, v in wanted)
        target = values[0] if len(values) == 1 else values  # itemgetter of one column: the value
        rows = [row for row in rows if columns(row) == target]
    if flt.alerts == "open":
        rows = [row for row in rows if alerts.get(row[0])]
    elif flt.alerts == "none":
        rows = [row for row in rows if not alerts.get(row[0])]
    return [row[0] for row in rows]


#: The ids of a list sorted in Python, per (scope, filter, state of the open alerts), for the book
#: version :data:`_IDS_VERSION` only (a new version empties it).
_IDS: dict[tuple[str, str, tuple[int, int, int] | None], list[int]] = {}
_IDS_VERSION: list[str] = [""]
#: Lists kept at most (up to 10,000 ids each, most of them shared with the kept tables' rows).
IDS_KEPT = 64


def ordered_ids(*, user: User, flt: CustomerFilter, version: str | None = None) -> list[int]:
    """The ids of :func:`filtered_customers` in order, kept per scope, filter and book version (and
    state of the open alerts, for a list that filters or sorts on them); ``version``: the
    :func:`book_version` the caller read already.

    The process sorts the list from its book table (:func:`_sorted_in_python`) and keeps it
    itself: picking it from the table costs less than a round trip of up to 10,000 ids through the
    shared cache (its get, and its set on a miss: 2.3 ms)."""

    alerts = open_alerts_state() if _alerts_involved(flt) else None
    version = version or book_version()
    if _IDS_VERSION[0] != version:
        _IDS.clear()  # one version is current: the others are gone for good
        _IDS_VERSION[0] = version
    key = (scope_key(user), repr(flt), alerts)
    return kept(_IDS, key, IDS_KEPT, lambda: _sorted_in_python(user, flt, alerts, version))


def rows_of(customers: QuerySet[Customer], ids: list[int]) -> list[Customer]:
    """The customers of ``ids`` (annotated and joined as ``customers``), in the order of ``ids``;
    an id no longer in ``customers`` is left out."""
    rows = {c.pk: c for c in customers.filter(pk__in=ids).order_by()}
    return [rows[pk] for pk in ids if pk in rows]


#: The columns a row of the list draws (:mod:`laoke.web.customer_rows`).
ROW_FIELDS = (
    "name",
    "code",
    "country",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
    "score__grade",
    "score__treatment_code",
    "score__treatment_en",
    "score__treatment_zh",
    "score__state",
    "score__total",
    "score__revenue_12m",
)


class ListOwner:
    """A row's owner as the list shows it (``str(user)``: the full name, else the username)."""

    __slots__ = ("first_name", "last_name", "username")

    def __init__(self, username: str, first_name: str, last_name: str) -> None:
        self.username, self.first_name, self.last_name = username, first_name, last_name

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.username


class ListScore:
    """A row's scorecard with what the list draws, as :class:`CustomerScore` gives it (``treatment``,
    ``get_state_display``, ``reasons``); the reasons are kept as their stored text."""

    def __init__(self, values: tuple[Any, ...], reasons_json: str | None) -> None:
        (
            self.grade,
            self.treatment_code,
            self.treatment_en,
            self.treatment_zh,
            self.state,
            self.total,
            self.revenue_12m,
        ) = values
        self.reasons_json = reasons_json

    @property
    def treatment(self) -> str:
        """As :attr:`CustomerScore.treatment`."""
        return treatment_text(self.treatment_code, self.treatment_en, self.treatment_zh)

    def get_state_display(self) -> str:
        """As the model's: the state's label in the reader's language, else the stored value."""
        return str(_STATE_LABELS.get(self.state, self.state))

    @property
    def reasons(self) -> list[Any]:
        """The top reasons decoded (the template engine's rows read them; the Python rows word the
        stored text once per text instead)."""
        return json.loads(self.reasons_json) if self.reasons_json else []


_STATE_LABELS = dict(LifecycleStateChoices.choices)


class ListRow:
    """One customer of the list's page with what a row draws (:mod:`laoke.web.customer_rows`), the
    attributes the rows' template reads of a :class:`Customer`; ``score`` is None without one."""

    def __init__(self, values: tuple[Any, ...]) -> None:
        """``values``: ``pk``, :data:`ROW_FIELDS`, the last order's day, the open alerts and the
        reasons' stored text, as :func:`list_rows` reads them."""
        self.pk, self.name, self.code, self.country, username, first, last = values[:7]
        self.id = self.pk
        self.owner = None if username is None else ListOwner(username, first, last)
        scorecard = values[7:14]
        self.last_order, self.open_alerts, self.reasons_json = values[14:17]
        # grade is never NULL in a scorecard: NULL is the LEFT JOIN's "no scorecard"
        self.score = None if scorecard[0] is None else ListScore(scorecard, self.reasons_json)


def list_rows(*, user: User, ids: list[int]) -> list[ListRow]:
    """The customers of ``ids`` the user may see, in that order, with only what a row of the list
    draws, read as values (no model instances: 4 → 2.4 ms for 50 rows): the scorecard's dimensions
    (2 KB of JSON a row, for the 360° page) are not read, and its reasons come as their stored text
    (``reasons_json``), which the rows word once per text and language instead of decoding and
    wording them on every visit.

    ``ids`` come from :func:`ordered_ids`, already filtered: the rows are read by id alone, not
    through the filter again. With the filter, SQLite walked the filter's index (1,800 scorecards
    in state "at risk") and checked each against the 50 ids: 5 ms instead of 1 ms.
    """
    found: dict[int, ListRow] = {}
    for values in _row_values(user, ids):
        found[values[0]] = ListRow(values)
    return [found[pk] for pk in ids if pk in found]


def _rows_query(user: User, ids: list[int]) -> QuerySet[Any]:
    shown = _with_last_order_and_alerts(visible_customers(user).filter(pk__in=ids).order_by())
    shown = shown.annotate(reasons_json=Cast("score__reasons", TextField()))
    return shown.values_list("pk", *ROW_FIELDS, "last_order", "open_alerts", "reasons_json")


#: The row query compiled, per (database, scope, number of ids): building and compiling it (two
#: subqueries, a join, the scope's rule) cost more than running it.
_ROWS = PreparedIds(limit=512)


def _row_values(user: User, ids: list[int]) -> Any:
    """The values of :func:`_rows_query` for ``ids``: the query compiled once per scope and number
    of ids (the scope's rule is all in its SQL: who may see a customer is decided by the database
    on each read), run with these ids, the values converted by the ORM's compiler."""
    scope = scope_key(user)
    if scope == "none":  # sees nothing: the ORM's empty query
        return _rows_query(user, ids)
    return _ROWS.rows(scope, ids, lambda some: _rows_query(user, some))


def page_rows(customers: QuerySet[Customer], number: int, size: int = PAGE_SIZE) -> list[Customer]:
    """The rows of page ``number`` (from 1) of ``customers``, in order.

    Sorting and slicing only the keys, then loading the 50 full rows with their scores, keeps the
    database from sorting 10 000 wide rows (customer and score columns) to keep 50 of them:
    10 000 customers sorted by last order, 38 → 15 ms.
    """
    start = (number - 1) * size
    return rows_of(customers, list(customers.values_list("pk", flat=True)[start : start + size]))


def list_currency(version: str) -> str:
    """The home currency the list shows amounts in, kept per book version (saving the company's
    settings moves it, :mod:`laoke.customers.book_cache`) instead of read on every visit."""
    return cached_for_everyone("customer-list-currency", (), home_currency, version=version)


def cached_owners(*, user: User, version: str | None = None) -> list[User]:
    """:func:`~laoke.customers.visibility.salespeople` the user may pick as owner, kept per scope and
    book version: a person saved (renamed, gone, moved to another team) or deleted moves the book
    version (:mod:`laoke.customers.book_cache`), so a new version reads them again."""
    return cached("customer-list-owners", user, (), lambda: list(salespeople(user)), version=version)


def cached_filter_choices(*, user: User, version: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """:func:`filter_choices`, kept per scope, language and book version (``version``: the
    :func:`book_version` the caller read already)."""
    return cached(
        "customer-list-choices", user, (get_language(),), lambda: filter_choices(user=user), version=version
    )


def filter_choices(*, user: User) -> dict[str, list[tuple[str, str]]]:
    """Values offered in the filter drop-downs, taken from what the user can see."""
    base = visible_customers(user).order_by()  # no default ordering, or DISTINCT would include it
    # Grades straight from the scores (an index scan) rather than through a join on every customer:
    # 18 ms → 1 ms for a manager on 10 000 customers.
    scores = visible_for(user, CustomerScore.objects.order_by())
    grades = sorted(set(scores.exclude(grade="").values_list("grade", flat=True).distinct()))
    countries = sorted(set(base.exclude(country="").values_list("country", flat=True).distinct()))
    treatments = {
        code: treatment_text(code, en, zh) or code
        for code, en, zh in scores.exclude(treatment_code="")
        .values_list("treatment_code", "treatment_en", "treatment_zh")
        .distinct()
    }
    return {
        "grades": [(g, g) for g in grades],
        "countries": sorted(((c, country_name(c)) for c in countries), key=lambda pair: pair[1]),
        "treatments": sorted(treatments.items(), key=lambda item: item[0]),
    }
