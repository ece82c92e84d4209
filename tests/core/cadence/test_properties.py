"""Properties of the whole engine on random books: unique keys, determinism, quiet periods respected."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from laoke.core.cadence.calendar import quiet_periods_around
from laoke.core.cadence.engine import KEEP_IN_LONG, MOVE_AFTER, MOVE_BEFORE, propose
from laoke.core.cadence.model import CustomerFacts, Mail, OpenOrder, Tier
from laoke.core.cadence.policy import CadencePolicy

COUNTRIES = ["CN", "AE", "SA", "US", "DE", "BR", "IN", "FR", "GB", "VN", "TR", ""]
days = st.integers(min_value=0, max_value=120)


@st.composite
def books(draw: st.DrawFn) -> tuple[dt.date, list[CustomerFacts], list[Mail], list[OpenOrder]]:
    as_of = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(min_value=0, max_value=730)))
    customers, mails, orders = [], [], []
    for cid in range(1, draw(st.integers(min_value=1, max_value=8)) + 1):
        customers.append(
            CustomerFacts(
                customer_id=cid,
                name=f"C{cid}",
                country=draw(st.sampled_from(COUNTRIES)),
                owner_id=draw(st.sampled_from([1, 2, None])),
                tier=draw(st.sampled_from([Tier.KEY, Tier.REGULAR, Tier.SMALL])),
                state=draw(st.sampled_from(["active", "at_risk", "dormant", "lost", ""])),
                last_touch_on=as_of - dt.timedelta(days=draw(days)),
                window_start=as_of + dt.timedelta(days=draw(days)),
                typical_gap_days=float(draw(st.integers(min_value=20, max_value=400))),
            )
        )
        if draw(st.booleans()):
            mails.append(
                Mail(cid * 10, cid, as_of - dt.timedelta(days=draw(days)), outgoing=True, subject="Offer")
            )
        if draw(st.booleans()):
            orders.append(OpenOrder(f"SO-{cid}", cid, as_of - dt.timedelta(days=draw(st.integers(0, 50)))))
    return as_of, customers, mails, orders


@settings(max_examples=150, deadline=None)
@given(books())
def test_engine_is_deterministic_with_unique_keys_and_respects_quiet_periods(book: tuple) -> None:
    """Same facts, same tasks; no key twice; no push left inside a quiet period that moves it."""
    as_of, customers, mails, orders = book
    first = propose(customers=customers, mails=mails, orders=orders, as_of=as_of)
    assert first.tasks == propose(customers=customers, mails=mails, orders=orders, as_of=as_of).tasks
    keys = [t.key for t in first.tasks]
    assert len(keys) == len(set(keys))
    policy = CadencePolicy()
    by_id = {c.customer_id: c for c in customers}
    for task in first.tasks:
        if task.kind not in MOVE_AFTER | MOVE_BEFORE or task.customer_id is None:
            continue
        periods = quiet_periods_around(by_id[task.customer_id].country, task.due_on, policy)
        inside = [p for p in periods if p.covers(task.due_on) and not (p.long and task.kind in KEEP_IN_LONG)]
        assert not inside, (task.kind, task.due_on, inside)
