"""The A/B/C pipeline board: move a prospect between stages, win it (→ customer) or drop it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from laoke.accounts.models import User
from laoke.core.messages import Message
from laoke.core.portrait.pipeline import (
    MOVE_REFUSED,
    STAGES,
    TIERS,
    check_move,
    pipeline_pace,
    source_conversion,
)
from laoke.customers.book_cache import cached
from laoke.customers.models import Customer
from laoke.pipeline.models import Prospect, ProspectMove, ProspectStatusChoices
from laoke.pipeline.repositories import visible_prospects
from laoke.pipeline.services.clashes import describe_clashes
from laoke.pipeline.services.targets import sync_target_tasks, tier_entered, tier_status

#: Cards drawn per column of the board, the best look-alikes first; the others are counted.
BOARD_CARDS = 20
#: Won and dropped prospects stay on the board this many days.
BOARD_RECENT_DAYS = 90
#: What a move changes; everything else on the prospect (facts, scores) is left as stored.
STAGE_FIELDS = ("status", "tier", "removed_on", "removed_reason", "customer", "won_on")


class MoveRefused(Exception):
    """The move is not allowed; ``message`` says why (worded by :mod:`laoke.pipeline.messages`)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.code)
        self.message = message

    @property
    def code(self) -> str:
        """The reason's code: ``portrait.pipeline.move.<why>``."""
        return self.message.code


def _new_customer(prospect: Prospect) -> Customer:
    customer = Customer.objects.create(
        code=f"P-{prospect.pk}",
        name=prospect.name,
        country=prospect.country,
        kind=prospect.kind,
        headcount=prospect.headcount,
        turnover=prospect.turnover,
        payment_terms=prospect.payment_terms,
        delivery_sensitivity=prospect.delivery_sensitivity,
        source_channel=prospect.source_channel,
        owner=prospect.owner,
    )
    return customer


def move_prospect(
    *,
    prospect: Prospect,
    to: str,
    user: User | None,
    today: dt.date,
    reason: str = "",
    customer: Customer | None = None,
) -> ProspectMove:
    """Move ``prospect`` to stage ``to`` (``inquiry``, ``A``/``B``/``C``, ``won``, ``removed``).

    Winning links ``customer`` when given, else the customer already linked, else creates one from
    the prospect's facts (code ``P-<id>``). Dropping needs a reason. Raises :class:`MoveRefused`.
    A target's follow-up task follows the move (:func:`~laoke.pipeline.services.targets.sync_target_tasks`).

    The stage is read again under a row lock (the caller holds the transaction), and only the
    stage fields are written: a move or a score stored meanwhile by someone else is not undone.
    """
    locked = Prospect.objects.select_for_update().get(pk=prospect.pk)
    for name in STAGE_FIELDS:
        setattr(prospect, name, getattr(locked, name))
    current = prospect.stage
    refused = check_move(current, to, reason=reason)
    if refused is not None:
        raise MoveRefused(refused)
    if customer is not None and Prospect.objects.filter(customer=customer).exclude(pk=prospect.pk).exists():
        raise MoveRefused(Message(f"{MOVE_REFUSED}.customer_taken", {"customer": customer.name}))
    if to in TIERS:
        prospect.status, prospect.tier = ProspectStatusChoices.TARGET, to
        prospect.removed_on, prospect.removed_reason = None, ""
    elif to == "inquiry":
        prospect.status, prospect.tier = ProspectStatusChoices.INQUIRY, ""
        prospect.removed_on, prospect.removed_reason = None, ""
    elif to == "removed":
        prospect.status = ProspectStatusChoices.REMOVED
        prospect.removed_on, prospect.removed_reason = today, reason.strip()[:300]
    else:
        if customer is None:
            customer = prospect.customer or _new_customer(prospect)
        prospect.status, prospect.customer, prospect.won_on = ProspectStatusChoices.WON, customer, today
        if customer.is_target:
            customer.is_target = False
            customer.save(update_fields=["is_target"])
    prospect.save(update_fields=list(STAGE_FIELDS))
    move = ProspectMove.objects.create(
        prospect=prospect,
        moved_on=today,
        from_stage=current,
        to_stage=to,
        reason=reason.strip()[:300],
        moved_by=user,
    )
    # An A/B/C target gets its follow-up at the tier's pace; won, dropped or back to inquiry: none.
    sync_target_tasks(today=today, prospects=[prospect])
    return move


@dataclass(slots=True)
class BoardCard:
    """What one card of the board draws of a prospect, read as plain values (no model instance).

    ``owner`` is the owner's name as the page writes a user (full name, else the username).
    ``clash_views`` and ``tier_status`` are filled in by the page (they are the reader's and today's).
    """

    pk: int
    name: str
    source_channel: str
    owner_id: int | None
    owner: str | None
    lookalike_score: float | None
    expected_value: Decimal | None
    status: str
    tier: str
    removed_reason: str
    created_on: dt.date
    clashes: list[dict[str, Any]]
    clash_views: list[Any] = field(default_factory=list)
    tier_status: Any = None

    def get_source_channel_display(self) -> str:
        """The source's label in the reader's language (as the model's ``get_..._display``)."""
        return str(SOURCE_LABELS.get(self.source_channel, self.source_channel))


#: Source channel → its (lazy) label, as the model field's choices.
SOURCE_LABELS: dict[str, Any] = dict(Prospect._meta.get_field("source_channel").flatchoices)
#: The columns a card reads, in :class:`BoardCard`'s order (the owner's name from three).
_CARD_VALUES = (
    "pk",
    "name",
    "source_channel",
    "owner_id",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
    "lookalike_score",
    "expected_value",
    "status",
    "tier",
    "removed_reason",
    "created_on",
    "clashes",
)


def _card(row: tuple[Any, ...]) -> BoardCard:
    pk, name, source, owner_id, first, last, username, score, value, status, tier, why, on, clashes = row
    # User.__str__: get_full_name() (first and last name, stripped) or the username.
    owner = (f"{first} {last}".strip() or username) if owner_id is not None else None
    return BoardCard(pk, name, source, owner_id, owner, score, value, status, tier, why, on, clashes or [])


@dataclass
class BoardColumn:
    """One column of the board: the cards drawn and how many prospects it holds in all."""

    key: str
    items: list[BoardCard] = field(default_factory=list)
    count: int = 0

    @property
    def hidden(self) -> int:
        return self.count - len(self.items)


def _stage_sql(today: dt.date, vendor_ops: Any) -> dict[str, tuple[str, list[Any]]]:
    """The prospects of each column (see :func:`laoke.core.portrait.pipeline.stage_of`), as SQL over a
    row ``b`` of the scope's prospects (its values' names)."""
    since = vendor_ops.adapt_datefield_value(today - dt.timedelta(days=BOARD_RECENT_DAYS))
    return {
        "inquiry": ("b.status = %s", [ProspectStatusChoices.INQUIRY.value]),
        **{t: ("b.status = %s AND b.tier = %s", [ProspectStatusChoices.TARGET.value, t]) for t in TIERS},
        "won": ("b.status = %s AND b.won_on >= %s", [ProspectStatusChoices.WON.value, since]),
        "removed": ("b.status = %s AND b.removed_on >= %s", [ProspectStatusChoices.REMOVED.value, since]),
    }


def board_columns(
    *, prospects: QuerySet[Prospect], today: dt.date, limit: int | None = None
) -> list[BoardColumn]:
    """The board's columns in :data:`STAGES` order: each column's count and its ``limit``
    (:data:`BOARD_CARDS`) best look-alikes, so the page does not grow with the book. The cards are
    read as rows of the values they draw (:class:`BoardCard`).

    Two statements: the counts, and the six columns' cards as one ``UNION ALL``. Both are written
    around the scope's own query (``prospects``, compiled by Django once each, so who sees what is
    decided in one place): building and compiling seven querysets cost more CPU than running them
    (about 5 of the 6 ms the columns took after a change of the book, on the demo book).
    """
    limit = BOARD_CARDS if limit is None else limit
    connection = connections[prospects.db]
    stages = _stage_sql(today, connection.ops)
    counted = prospects.order_by().values_list("pk", "status", "tier", "won_on", "removed_on")
    carded = prospects.order_by().values_list(*_CARD_VALUES, "won_on", "removed_on")
    try:
        count_sql, count_params = counted.query.get_compiler(using=counted.db).as_sql()
        compiler = carded.query.get_compiler(using=carded.db)
        card_sql, card_params = compiler.as_sql()
    except EmptyResultSet:  # a scope that sees nothing (someone who has left)
        return [BoardColumn(key=key) for key in STAGES]
    # The rows of some column only (each one an index read: status, tier, won_on, removed_on),
    # most prospects being won or dropped long ago, to be counted in none.
    on_board = " OR ".join(f"({cond})" for cond, _ in stages.values())
    counts_sql = (
        "SELECT "
        + ", ".join(f"COUNT(*) FILTER (WHERE {cond})" for cond, _ in stages.values())
        + f" FROM ({count_sql}) b WHERE {on_board}"
    )
    stage_params = [v for _, params in stages.values() for v in params]
    order = "lookalike_score DESC, created_on DESC, pk"
    cards_sql = (
        " UNION ALL ".join(
            f"SELECT {n} AS k, c.* FROM (SELECT * FROM ({card_sql}) b WHERE {stages[key][0]}"
            f" ORDER BY {order} LIMIT {int(limit)}) c"
            for n, key in enumerate(STAGES)
        )
        # The members' own order is not kept by a UNION: sorted again (80 rows at most).
        + f" ORDER BY k, {order}"
    )
    cards_params = [v for key in STAGES for v in (*card_params, *stages[key][1])]
    with connection.cursor() as cursor:
        cursor.execute(counts_sql, [*stage_params, *count_params, *stage_params])
        counts = dict(zip(stages, (int(n or 0) for n in cursor.fetchone()), strict=True))
        rows: list[Any] = []
        if limit and any(counts.values()):
            cursor.execute(cards_sql, cards_params)
            rows = cursor.fetchall()
    # The values as the queryset gives them (dates, decimals, JSON), through Django's converters.
    converters = compiler.get_converters([col for col, _, _ in compiler.select])
    values = [r[1:] for r in rows]
    if converters:
        values = list(compiler.apply_converters(values, converters))
    columns = {key: BoardColumn(key=key, count=counts[key]) for key in STAGES}
    for row, value in zip(rows, values, strict=True):
        columns[STAGES[row[0]]].items.append(_card(tuple(value[: len(_CARD_VALUES)])))
    return list(columns.values())


@dataclass
class Board:
    """The board a user sees: its columns, each card with its clash warnings and tier status."""

    columns: list[BoardColumn]
    #: The day each target on the board entered its tier (:func:`tier_entered`).
    entered: dict[int, dt.date]


def board_for(*, user: User, today: dt.date) -> Board:
    """The board ``user`` sees on ``today``: columns, cards, clash warnings and days in tier.

    What depends on the prospects alone (the columns, their cards, whom a clash names, the day each
    target entered its tier) is kept per scope, day and book version (``laoke.customers.book_cache``:
    a prospect saved, moved, deleted or re-scored, a customer or a person changed moves it); the
    next follow-ups are tasks, which do not move it: :func:`tier_status` reads them on each visit,
    or keeps them under the tasks' stamps where the database has them."""
    board = cached("pipeline.board", user, (today.isoformat(), BOARD_CARDS), lambda: _read_board(user, today))
    shown = [p for col in board.columns for p in col.items]
    tiers = tier_status(shown, today=today, entered=board.entered)
    for p in shown:
        p.tier_status = tiers.get(p.pk)
    return board


def _read_board(user: User, today: dt.date) -> Board:
    columns = board_columns(prospects=visible_prospects(user), today=today)
    shown = [p for col in columns for p in col.items]
    # Each card warns of a clash (naming the other owner only): the reader's scope, kept with it.
    clashes = describe_clashes(user=user, prospects=shown)
    for p in shown:
        p.clash_views = clashes.get(p.pk, [])
    return Board(columns=columns, entered=tier_entered(shown))


def sources(*, prospects: QuerySet[Prospect], as_of: dt.date, days: int = 365) -> pl.DataFrame:
    """Where won targets come from (003): per source channel over the last ``days`` days."""
    rows = prospects.values_list("source_channel", "created_on", "won_on", "removed_on")
    frame = pl.DataFrame(
        list(rows),
        schema={"source_channel": pl.String, "created_on": pl.Date, "won_on": pl.Date, "removed_on": pl.Date},
        orient="row",
    )
    return source_conversion(frame, since=as_of - dt.timedelta(days=days), as_of=as_of)


def pace(*, prospects: QuerySet[Prospect], as_of: dt.date, quarters: int = 4) -> pl.DataFrame:
    """The 004 pace check (:func:`laoke.core.portrait.pipeline.pipeline_pace`) over ``prospects``."""
    rows = prospects.values_list("owner__username", "created_on", "won_on", "removed_on")
    frame = pl.DataFrame(
        list(rows),
        schema={"owner": pl.String, "created_on": pl.Date, "won_on": pl.Date, "removed_on": pl.Date},
        orient="row",
    )
    return pipeline_pace(frame, as_of=as_of, quarters=quarters)
