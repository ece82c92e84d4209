"""Demo interactions with each customer: mails with reply times, calls, visits, samples, complaints…

Written as the salespeople would log them; notes are in Chinese, subjects mostly in English.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

import numpy as np

MAIL_TOPICS = (
    "New products for {name}",
    "Season's greetings to {name} — 节日问候",
    "Price update for {name}: raw-material costs",
    "{name}: market information this month",
    "New process: lower heavy metals, for {name}",
    "Our booth at the Canton Fair — meet {name}?",
)
NOTES_ZH = (
    "客户老板很重视交期，旺季前要提前备货。",
    "客户对价格敏感，听说竞争对手报价低5%。",
    "客户新开了两条生产线，需求可能增长。",
    "采购经理换人了，需要重新建立关系。",
    "客户要求提供 REACH 和 SGS 报告。",
    "客户关注粒径分布和色差，下次附上检测报告。",
)
COMPLAINTS = (
    ("Delivery two weeks late", "交期延误两周，客户生产线停工。"),
    ("Colour difference in last batch", "上批货色差超标，客户要求退换。"),
    ("Damaged bags on arrival", "到货包装破损，约 5% 受潮。"),
    ("Price higher than agreed", "发票价格与报价不一致。"),
)

#: A dormant customer's complaint is closed this many days (plus up to 59) after it came in.
LATE_FIX_DAYS = 45


def _at(rng: np.random.Generator, day: dt.date) -> dt.datetime:
    """A time during office hours in Shanghai on ``day``."""
    return dt.datetime.combine(day, dt.time(int(rng.integers(8, 19)), int(rng.integers(0, 60))))


def _row(
    code: str,
    user: str | None,
    kind: str,
    at: dt.datetime,
    *,
    direction: str = "",
    subject: str = "",
    body: str = "",
    reply_hours: float | None = None,
    outcome: str = "",
    resolved_at: dt.datetime | None = None,
) -> dict[str, Any]:
    return {
        "customer_id": code,
        "user": user,
        "kind": kind,
        "direction": direction,
        "occurred_at": at,
        "subject": subject,
        "body": body,
        "reply_hours": reply_hours,
        "outcome": outcome,
        "resolved_at": resolved_at,
    }


def customer_interactions(
    rng: np.random.Generator,
    customer: dict[str, Any],
    *,
    orders: list[dt.date],
    today: dt.date,
    owner: str,
    loss_reason: str | None,
) -> list[dict[str, Any]]:
    """Return every interaction logged with one customer, consistent with its archetype and orders."""
    code, name, kind = str(customer["customer_id"]), str(customer["name"]), str(customer["archetype"])
    level = int(customer["relationship_level"] or 2)
    first = orders[0] if orders else today
    last = orders[-1] if orders else today
    end = today
    if kind == "churned":
        end = last + dt.timedelta(days=120)
    out: list[dict[str, Any]] = []

    # The monthly mail (001): personalised subject; some never answered.
    quiet_from = {
        "silent": last,
        "dormant": last + dt.timedelta(days=30),
        "neglected_small": today - dt.timedelta(days=int(rng.integers(200, 300))),
    }.get(kind)
    unanswered_p = {"declining": 0.3, "dropping_grower": 0.25, "churned": 0.35}.get(kind, 0.12)
    day = first - dt.timedelta(days=int(rng.integers(20, 60)))
    while day <= min(end, today):
        if kind == "neglected_small" and quiet_from and day >= quiet_from:
            break
        if rng.random() < 0.55 + 0.08 * level:
            silent_now = quiet_from is not None and day >= quiet_from
            reply = None if silent_now or rng.random() < unanswered_p else float(rng.lognormal(3.0, 0.9))
            if reply is not None and _at(rng, day) + dt.timedelta(hours=reply) > dt.datetime.combine(
                today, dt.time(18)
            ):
                reply = None
            subject = str(rng.choice(MAIL_TOPICS)).format(name=name)
            out.append(
                _row(
                    code,
                    owner,
                    "email_out",
                    _at(rng, day),
                    direction="out",
                    subject=subject,
                    reply_hours=reply,
                )
            )
        day += dt.timedelta(days=int(rng.integers(24, 38)))

    # Around each order: the inquiry we answer (reply time is ours), a quotation, and for recent
    # orders the production and shipping news 001 item 14 asks for.
    for order_day in orders:
        asked = order_day - dt.timedelta(days=int(rng.integers(4, 15)))
        ours = float(rng.lognormal(0.0, 1.2)) if rng.random() < 0.9 else float(rng.uniform(24, 72))
        out.append(
            _row(
                code,
                owner,
                "email_in",
                _at(rng, asked),
                direction="in",
                subject=f"RFQ / PO from {name}",
                reply_hours=round(ours, 2),
            )
        )
        if rng.random() < 0.4:
            out.append(
                _row(
                    code,
                    owner,
                    "quotation",
                    _at(rng, asked + dt.timedelta(days=1)),
                    direction="out",
                    subject="Quotation",
                )
            )
        if (today - order_day).days < 365:
            for offset, subject in (
                (18, "Production photos 生产照片"),
                (32, "Shipped: container loading photos 装柜照片"),
            ):
                if order_day + dt.timedelta(days=offset) <= today:
                    out.append(
                        _row(
                            code,
                            owner,
                            "email_out",
                            _at(rng, order_day + dt.timedelta(days=offset)),
                            direction="out",
                            subject=subject,
                            reply_hours=float(rng.lognormal(2.5, 1.0)),
                        )
                    )

    # Calls, visits (late June or early September, 004) and fairs, more for closer relationships.
    for year in range(first.year, min(end, today).year + 1):
        for _ in range(int(rng.poisson(0.6 * level))):
            when = dt.date(year, int(rng.integers(1, 13)), int(rng.integers(1, 28)))
            if first <= when <= min(end, today) and not (quiet_from and when >= quiet_from):
                out.append(
                    _row(code, owner, "call", _at(rng, when), direction="out", body="电话沟通下季度需求。")
                )
        if level >= 4 and rng.random() < 0.6:
            when = (
                dt.date(year, 6, int(rng.integers(18, 30)))
                if rng.random() < 0.5
                else dt.date(year, 9, int(rng.integers(1, 12)))
            )
            if first <= when <= min(end, today):
                out.append(
                    _row(
                        code,
                        owner,
                        "visit",
                        _at(rng, when),
                        direction="out",
                        subject=f"Visit {name}",
                        body="拜访客户工厂，见了老板和采购。",
                    )
                )
        if rng.random() < 0.25:
            when = dt.date(year, 4 if rng.random() < 0.5 else 10, int(rng.integers(15, 20)))
            if first <= when <= min(end, today):
                out.append(
                    _row(code, owner, "meeting", _at(rng, when), subject="Canton Fair meeting 广交会会面")
                )
        if kind == "seasonal_january":
            for month, k, subject in (
                (6, "sample_sent", "Christmas samples 圣诞样品"),
                (9, "quotation", "Designs settled 定款报价"),
            ):
                when = dt.date(year, month, int(rng.integers(3, 25)))
                if first - dt.timedelta(days=220) <= when <= today:
                    out.append(_row(code, owner, k, _at(rng, when), direction="out", subject=subject))
    if kind in {"trial_grower", "new"}:
        out.append(
            _row(
                code,
                owner,
                "sample_sent",
                _at(rng, first - dt.timedelta(days=40)),
                direction="out",
                subject="Trial samples 试样",
            )
        )
    for _ in range(int(rng.poisson(1.5))):
        when = first + dt.timedelta(days=int(rng.integers(0, max(1, (min(end, today) - first).days))))
        out.append(_row(code, owner, "note", _at(rng, when), body=str(rng.choice(NOTES_ZH))))

    out += _problems(rng, code, owner, kind, orders=orders, today=today, loss_reason=loss_reason)
    if kind == "neglected_small" and quiet_from is not None:
        # Nobody reaches out any more; only what the customer sends still arrives (003, reason 3).
        out = [r for r in out if r["occurred_at"].date() < quiet_from or r["direction"] == "in"]
    return out


def _problems(
    rng: np.random.Generator,
    code: str,
    owner: str,
    kind: str,
    *,
    orders: list[dt.date],
    today: dt.date,
    loss_reason: str | None,
) -> list[dict[str, Any]]:
    """Complaints, price disputes and refused-terms tests (000's loyalty A/B test)."""
    out: list[dict[str, Any]] = []
    if not orders:
        return out
    last = orders[-1]
    if kind == "dormant":
        subject, body = COMPLAINTS[int(rng.integers(0, len(COMPLAINTS)))]
        complained = _at(rng, last + dt.timedelta(days=25))
        # Handled too late — after the customer had stopped ordering — but closed since: a book
        # kept for years holds no complaint left open for years, and one would top Today as
        # "900 days late". The delay is not drawn from ``rng`` so the rest of the book is unchanged.
        resolved = complained + dt.timedelta(days=LATE_FIX_DAYS + zlib.crc32(code.encode()) % 60)
        out.append(
            _row(
                code,
                owner,
                "complaint",
                complained,
                direction="in",
                subject=subject,
                body=body + " 未及时处理。",
                resolved_at=resolved if resolved.date() <= today else None,
            )
        )
        for attempt in range(int(rng.integers(1, 4))):
            when = today - dt.timedelta(days=int(rng.integers(20, 300)))
            out.append(
                _row(
                    code,
                    owner,
                    "email_out",
                    _at(rng, when),
                    direction="out",
                    subject=f"Win-back #{attempt + 1}: new products",
                    body=f"第{attempt + 1}次激活尝试，客户暂无回复或表示暂不需要。",
                )
            )
    elif rng.random() < 0.12 or (kind == "churned" and loss_reason == "details"):
        day = orders[int(rng.integers(0, len(orders)))] + dt.timedelta(days=int(rng.integers(15, 40)))
        if day <= today:
            subject, body = COMPLAINTS[int(rng.integers(0, len(COMPLAINTS)))]
            fix = int(rng.integers(1, 12)) if loss_reason != "details" else int(rng.integers(35, 60))
            resolved = _at(rng, day + dt.timedelta(days=fix))
            out.append(
                _row(
                    code,
                    owner,
                    "complaint",
                    _at(rng, day),
                    direction="in",
                    subject=subject,
                    body=body,
                    resolved_at=resolved if resolved.date() <= today else None,
                )
            )
    if kind in {"regular", "growing"} and rng.random() < 0.08:
        day = today - dt.timedelta(days=int(rng.integers(3, 30)))
        subject, body = COMPLAINTS[int(rng.integers(0, len(COMPLAINTS)))]
        out.append(
            _row(
                code,
                owner,
                "complaint",
                _at(rng, day),
                direction="in",
                subject=subject,
                body=body + " 处理中。",
            )
        )
    disloyal = kind in {"declining", "churned"} or loss_reason == "competitor"
    if disloyal or rng.random() < 0.15:
        day = orders[int(rng.integers(0, len(orders)))]
        outcome = str(
            rng.choice(["switched", "negotiated"] if disloyal else ["stayed", "negotiated", "stayed"])
        )
        out.append(
            _row(
                code,
                owner,
                "price_dispute",
                _at(rng, day - dt.timedelta(days=5)),
                direction="in",
                subject="Price too high vs competitor",
                outcome=outcome,
            )
        )
    if disloyal or rng.random() < 0.12:
        day = orders[int(rng.integers(0, len(orders)))]
        outcome = "switched" if disloyal and rng.random() < 0.7 else "stayed"
        if (today - day).days < 20:
            outcome = "pending"
        out.append(
            _row(
                code,
                owner,
                "terms_test",
                _at(rng, day + dt.timedelta(days=3)),
                direction="out",
                subject="Refused 90-day O/A request 拒绝90天账期",
                outcome=outcome,
            )
        )
    return [row for row in out if row["occurred_at"] <= dt.datetime.combine(today, dt.time(23, 59))]
