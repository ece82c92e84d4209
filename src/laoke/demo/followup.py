"""Demo promises and rebates, loss records with post-mortems, the prospect pipeline and the handover task."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from laoke.demo.people import company_name, pick_country

LOSS_WEIGHTS = {
    "competitor": 0.35,
    "broken_promise": 0.2,
    "neglected_small": 0.15,
    "market": 0.15,
    "details": 0.15,
}
CAME_FOR = ("price 价格", "quality 质量", "boss's rapport 老板关系", "service 服务", "lead time 交期")
POST_MORTEM = {
    "competitor": "竞争对手（印度供应商）报价低8%，客户转单。Competitor quoted 8% lower; we did not react.",
    "broken_promise": "答应的年度返利没有按时兑现，客户失去信任。The promised rebate was not paid on time.",
    "neglected_small": "小客户长期无人跟进，被同行抢走。Small account left unattended for months.",
    "owner_left": "负责业务员离职后客户随之转单。Followed their salesperson after she left.",
    "market": "客户所在市场萎缩，停止进口。The customer's market collapsed; imports stopped.",
    "details": "多次交期延误与包装问题，投诉处理太慢。Repeated late deliveries; complaints handled slowly.",
}
PROMISES = (
    ("rebate", "Year-end rebate 2% 年度返利2%"),
    ("rebate", "Volume rebate 3% over 100 MT 量大返利3%"),
    ("promise", "Priority production slot 优先排产"),
    ("promise", "Free colour samples for the new range 免费寄新色样"),
    ("promise", "30-day delivery guarantee 30天交货"),
)
TIERS = (("A", 0.2), ("B", 0.3), ("C", 0.5))
INQUIRIES = (
    "Looking for Pigment Red 254, 2 MT a month, CIF {port}. Please quote with TDS/MSDS.",
    "Need titanium dioxide rutile for coatings, 1 FCL trial order, L/C at sight.",
    "Interested in water-borne acrylic emulsion; please send samples and REACH certificate.",
    "We distribute pigments in our country and look for a second source of phthalocyanine blue.",
)


def loss_reason(rng: np.random.Generator) -> str:
    """Draw one of the loss reasons (owner_left is given to the departed salesperson's customers)."""
    names = list(LOSS_WEIGHTS)
    return str(names[int(rng.choice(len(names), p=np.array(list(LOSS_WEIGHTS.values()))))])


def loss_row(
    rng: np.random.Generator, *, code: str, reason: str, last_order: dt.date, today: dt.date, recorder: str
) -> dict[str, Any]:
    """The loss record of a churned customer, recorded some months after its last order."""
    lost_on = min(today - dt.timedelta(days=7), last_order + dt.timedelta(days=int(rng.integers(60, 150))))
    return {
        "customer_id": code,
        "lost_on": lost_on,
        "reason": reason,
        "came_for": str(rng.choice(CAME_FOR)),
        "note": POST_MORTEM[reason],
        "recorded_by": recorder,
    }


def promise_rows(
    rng: np.random.Generator,
    *,
    code: str,
    orders: list[dt.date],
    today: dt.date,
    owner: str,
    must_break: bool,
    value: float,
) -> list[dict[str, Any]]:
    """Promises and rebates made to one customer; some kept, some broken, some still open."""
    rows: list[dict[str, Any]] = []
    count = 1 if must_break else int(rng.choice([0, 0, 0, 1, 1, 2]))
    for i in range(count):
        kind, text = PROMISES[int(rng.integers(0, len(PROMISES)))]
        if must_break:
            kind, text = PROMISES[0]
        made = orders[int(rng.integers(0, len(orders)))] if orders else today
        if must_break and len(orders) > 1:
            made = orders[-2]
        due = made + dt.timedelta(days=int(rng.integers(30, 120)))
        kept: bool | None
        if must_break:
            kept = False
        elif due > today:
            kept = None
        else:
            kept = bool(rng.random() < (0.85 if i == 0 else 0.6))
        rows.append(
            {
                "customer_id": code,
                "kind": kind,
                "description": text,
                "amount": round(value * 0.02, 2) if kind == "rebate" else None,
                "made_on": made,
                "due_date": due,
                "kept": kept,
                "kept_on": due - dt.timedelta(days=int(rng.integers(0, 10))) if kept else None,
                "made_by": owner,
            }
        )
    return rows


def prospect_rows(
    rng: np.random.Generator, *, count: int, today: dt.date, owners: list[str], won: list[str]
) -> list[dict[str, Any]]:
    """The A/B/C pipeline: targets, fresh inquiries, removed ones, and won ones linked to new customers."""
    rows: list[dict[str, Any]] = []
    statuses = ["target"] * count + ["inquiry"] * max(3, count // 3) + ["removed"] * max(2, count // 10)
    statuses += ["won"] * len(won)
    for i, status in enumerate(statuses):
        country = pick_country(rng)
        tier = ""
        if status in {"target", "won"}:
            tier = str(rng.choice([t for t, _ in TIERS], p=[p for _, p in TIERS]))
        turnover = float(rng.lognormal(15.5, 1.1))
        rows.append(
            {
                "name": company_name(rng, country),
                "country": country.code,
                "kind": str(rng.choice(["distributor", "importer", "brand_owner", "end_user", "trader"])),
                "headcount": int(max(3, turnover / rng.uniform(120_000, 400_000))),
                "turnover": round(turnover, -3),
                "source_channel": str(rng.choice(["search", "field", "referral", "influencer"])),
                "status": status,
                "tier": tier,
                "owner": owners[i % len(owners)],
                "inquiry_text": str(rng.choice(INQUIRIES)).format(port="Rotterdam"),
                "expected_value": round(float(rng.lognormal(10.8, 0.9)), -2),
                "created_on": today - dt.timedelta(days=int(rng.integers(3, 330))),
                "removed_reason": "Far from our customer profile 与客户画像差距大"
                if status == "removed"
                else "",
                "customer_id": won[i - (len(statuses) - len(won))] if status == "won" else None,
            }
        )
    return rows


def task_rows(
    rng: np.random.Generator, *, by_owner: dict[str, list[str]], today: dt.date, manager: str, departed: str
) -> list[dict[str, Any]]:
    """The manager's handover task; every other task comes from the cadence engine (``laoke score``)."""
    rows: list[dict[str, Any]] = []
    rows.append(
        {
            "customer_id": None,
            "assignee": manager,
            "kind": "handover",
            "title_en": f"Hand over {departed}'s customers",
            "title_zh": f"交接 {departed} 的客户",
            "why_en": "Their salesperson has left; customers follow people who leave.",
            "why_zh": "负责业务员已离职，客户可能随之流失。",
            "due_on": today,
            "priority": 100.0,
        }
    )
    return rows
