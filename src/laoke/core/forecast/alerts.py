"""Early-warning signals (issue 4, item 3), each with reasons, confidence and an action.

Every alert is one row: ``customer_id``, ``code``, ``severity`` (``high`` / ``medium`` /
``low``), ``confidence`` (0-1), ``reason`` (a list of messages, read as consecutive sentences),
``action`` (one message) and ``key``. The messages are codes with figures
(:mod:`laoke.core.messages`): ``alert.<code>.reason`` (the overdue alert says
``alert.overdue.rhythm`` and, with a forecast, the chance of an order,
``forecast.chance.*``) and ``alert.<code>.action``; the adapters word them
(``laoke.retention.alert_messages``). The key hashes the customer, the code and the episode the
alert is about (e.g. the last order date for an overdue alert), so recomputing gives the same
keys and a dismissed alert stays dismissed until a new episode starts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import numpy as np
import numpy.typing as npt
import polars as pl

from laoke.core.forecast.features import customer_features
from laoke.core.forecast.rhythm import Rhythm, fit_rhythm
from laoke.core.forecast.transactions import customer_days
from laoke.core.forecast.wording import chance_message
from laoke.core.messages import MESSAGE_DTYPE, Message

#: A customer is overdue when the silence exceeds this quantile of its own gap distribution.
OVERDUE_QUANTILE = 0.9
#: Orders needed before a rhythm is the customer's own (fewer: no overdue flag).
MIN_ORDERS_FOR_RHYTHM = 3
#: Seed 003: a customer of three years or more with no order for three months.
LONG_STANDING_DAYS = 3 * 365
SILENT_DAYS = 90
#: Seed 004: the last 12 months fell this far below the 12 months before, after a year of growth.
VOLUME_DROP = 0.3
LATE_PAYMENT_DAYS = 15
#: An overdue customer is a high-severity alert when the forecast gives it at least this chance
#: of no order in the window of ``order_alerts(p_order=...)``.
HIGH_RISK = 0.6

ALERT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "code": pl.String,
    "severity": pl.String,
    "confidence": pl.Float64,
    "reason": pl.List(MESSAGE_DTYPE),
    "action": MESSAGE_DTYPE,
    "key": pl.String,
}

#: The alert codes; each has a suggested action, message ``alert.<code>.action`` (no figures).
CODES = (
    "volume_drop",
    "overdue",
    "long_silence",
    "owner_left",
    "open_complaint",
    "late_payment",
    "broken_promise",
)


def action_message(code: str) -> Message:
    """The suggested action of an alert code: ``alert.<code>.action``."""
    return Message(f"alert.{code}.action")


def _struct(message: Message) -> dict[str, str]:
    """A message as a row of :data:`laoke.core.messages.MESSAGE_DTYPE` (parameters as JSON)."""
    data = message.to_json()
    return {"code": data["code"], "params": json.dumps(data["params"], sort_keys=True)}


def alert_key(customer_id: str, code: str, episode: str) -> str:
    """A stable identifier of one alert episode (SHA-1 of customer, code and episode)."""
    return hashlib.sha1(f"{customer_id}|{code}|{episode}".encode()).hexdigest()[:20]


def has_rhythm(n: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """True where a customer has ordered often enough for a rhythm of its own (only they can be overdue)."""
    return np.asarray(np.asarray(n, dtype=np.float64) >= MIN_ORDERS_FOR_RHYTHM)


def overdue_mask(n: npt.ArrayLike, recency_days: npt.ArrayLike, rhythm: Rhythm) -> npt.NDArray[np.bool_]:
    """True where a customer with an established rhythm is silent beyond its 90 % gap."""
    recency = np.asarray(recency_days, dtype=np.float64)
    return has_rhythm(n) & (recency > rhythm.quantile_gap(OVERDUE_QUANTILE))


def _rows(
    customer_ids: list[str],
    code: str,
    severity: list[str],
    confidence: list[float],
    reasons: list[list[Message]],
    episodes: list[str],
) -> pl.DataFrame:
    action = _struct(action_message(code))
    return pl.DataFrame(
        {
            "customer_id": customer_ids,
            "code": [code] * len(customer_ids),
            "severity": severity,
            "confidence": confidence,
            "reason": [[_struct(m) for m in r] for r in reasons],
            "action": [action] * len(customer_ids),
            "key": [alert_key(c, code, e) for c, e in zip(customer_ids, episodes, strict=True)],
        },
        schema=ALERT_SCHEMA,
    )


def order_alerts(
    orders: pl.DataFrame,
    *,
    as_of: dt.date,
    p_order: pl.DataFrame | None = None,
    p_order_days: int = 90,
) -> pl.DataFrame:
    """Alerts from the order history: volume drop, overdue against rhythm, long silence.

    Parameters
    ----------
    orders : pl.DataFrame
        Order lines (``customer_id``, ``order_date``, ``amount``); lines on or after ``as_of``
        are ignored.
    as_of : datetime.date
        The day the alerts are computed for.
    p_order : pl.DataFrame, optional
        ``customer_id`` and ``p_order``: the forecast chance of an order within
        ``p_order_days`` (``LaokeForecaster.predict``). When given, an overdue alert's
        confidence is the chance of *no* order in that time, and its reason says so. Without
        it the confidence is how unusual the silence is for the customer's own rhythm, which
        overstates the risk: on the benchmark books 96-99 % stated against 26-85 % observed
        (``bench/alerts.py``).
    p_order_days : int
        The window ``p_order`` is about, for the reason (``forecast.chance.*``, ``days``).
    """
    days = customer_days(orders, before=as_of)
    features = customer_features(days, cutoff=as_of, horizon_days=90)
    if not features.height:
        return pl.DataFrame(schema=ALERT_SCHEMA)
    rhythm, _, _ = fit_rhythm(features["gap_count"], features["gap_sum"], features["log_gap_ss"])
    frames = [pl.DataFrame(schema=ALERT_SCHEMA)]
    ids = features["customer_id"].to_list()
    n = features["n"].to_numpy()
    recency = features["recency_days"].to_numpy()
    tenure = features["tenure_days"].to_numpy()
    last = [d.isoformat() for d in features["last_date"].to_list()]

    overdue = overdue_mask(n, recency, rhythm)
    late_by = recency - rhythm.mean_gap
    idx = np.flatnonzero(overdue)
    reasons = [
        [
            Message(
                "alert.overdue.rhythm",
                {
                    "usual_days": float(rhythm.mean_gap[i]),
                    "since_days": int(recency[i]),
                    "late_days": float(late_by[i]),
                },
            )
        ]
        for i in idx
    ]
    if p_order is None:
        survival = rhythm.survival(recency)
        confidence = [float(1.0 - survival[i]) for i in idx]
        severity = ["high" if survival[i] < 0.02 else "medium" for i in idx]
    else:
        chance = dict(zip(p_order["customer_id"].to_list(), p_order["p_order"].to_list(), strict=True))
        p = [float(chance.get(ids[i], 0.0) or 0.0) for i in idx]
        confidence = [1.0 - q for q in p]
        severity = ["high" if c >= HIGH_RISK else "medium" for c in confidence]
        reasons = [[*r, chance_message(q, p_order_days)] for r, q in zip(reasons, p, strict=True)]
    frames.append(
        _rows([ids[i] for i in idx], "overdue", severity, confidence, reasons, [last[i] for i in idx])
    )

    silent = (tenure >= LONG_STANDING_DAYS) & (recency >= SILENT_DAYS)
    idx = np.flatnonzero(silent)
    frames.append(
        _rows(
            [ids[i] for i in idx],
            "long_silence",
            ["high"] * len(idx),
            [0.9] * len(idx),
            [
                [
                    Message(
                        "alert.long_silence.reason",
                        {"years": float(tenure[i] / 365), "days": int(recency[i])},
                    )
                ]
                for i in idx
            ],
            [last[i] for i in idx],
        )
    )
    frames.append(_volume_drop(days, as_of=as_of))
    return pl.concat(frames)


def _volume_drop(days: pl.DataFrame, *, as_of: dt.date) -> pl.DataFrame:
    """Seed 004: yearly volume grew, then the last 12 months fell sharply."""
    year = dt.timedelta(days=365)
    windows = (
        days.group_by("customer_id")
        .agg(
            *[
                pl.col("amount")
                .filter(
                    (pl.col("order_date") >= as_of - (k + 1) * year)
                    & (pl.col("order_date") < as_of - k * year)
                )
                .sum()
                .alias(f"y{k}")
                for k in range(3)
            ]
        )
        .sort("customer_id")
    )
    hit = windows.filter(
        (pl.col("y2") > 0) & (pl.col("y1") > pl.col("y2")) & (pl.col("y0") < (1 - VOLUME_DROP) * pl.col("y1"))
    )
    ids = hit["customer_id"].to_list()
    y0, y1, y2 = (hit[c].to_numpy() for c in ("y0", "y1", "y2"))
    drop = 1.0 - y0 / y1
    return _rows(
        ids,
        "volume_drop",
        ["high" if d >= 0.5 else "medium" for d in drop],
        [float(min(0.95, 0.5 + d / 2)) for d in drop],
        [
            [
                Message(
                    "alert.volume_drop.reason",
                    {"before": float(a), "peak": float(b), "now": float(c), "drop": float(d)},
                )
            ]
            for a, b, c, d in zip(y2, y1, y0, drop, strict=True)
        ],
        [f"{as_of.year}-{as_of.month:02d}"] * len(ids),
    )


def relationship_alerts(
    *,
    as_of: dt.date,
    customers: pl.DataFrame | None = None,
    payments: pl.DataFrame | None = None,
    interactions: pl.DataFrame | None = None,
    promises: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Alerts from the relationship records: owner left, open complaints, late payments, broken promises.

    Parameters
    ----------
    as_of : datetime.date
        The day the alerts are computed for; records dated after it are ignored.
    customers, payments, interactions, promises : pl.DataFrame, optional
        Frames per ``laoke.core.schema`` (``CUSTOMER_SCHEMA``, ``PAYMENT_SCHEMA``,
        ``INTERACTION_SCHEMA``, ``PROMISE_SCHEMA``).
    """
    frames = [pl.DataFrame(schema=ALERT_SCHEMA)]
    if customers is not None and customers.height:
        left = customers.filter(pl.col("owner_active").eq(False)).sort("customer_id")
        owners = left["owner"].to_list()
        frames.append(
            _rows(
                left["customer_id"].to_list(),
                "owner_left",
                ["high"] * left.height,
                [0.8] * left.height,
                [[Message("alert.owner_left.reason", {"owner": str(o)})] for o in owners],
                [str(o) for o in owners],
            )
        )
    if interactions is not None and interactions.height:
        open_ = (
            interactions.filter(
                (pl.col("kind") == "complaint")
                & (pl.col("occurred_on") <= as_of)
                & (pl.col("resolved_on").is_null() | (pl.col("resolved_on") > as_of))
            )
            .group_by("customer_id")
            .agg(pl.len().alias("count"), pl.col("occurred_on").min().alias("since"))
            .sort("customer_id")
        )
        waited = [(as_of - s).days for s in open_["since"].to_list()]
        frames.append(
            _rows(
                open_["customer_id"].to_list(),
                "open_complaint",
                ["high" if w > 7 else "medium" for w in waited],
                [0.9] * open_.height,
                [
                    [Message("alert.open_complaint.reason", {"count": int(c), "oldest_days": int(w)})]
                    for c, w in zip(open_["count"].to_list(), waited, strict=True)
                ],
                [s.isoformat() for s in open_["since"].to_list()],
            )
        )
    if payments is not None and payments.height:
        late = (
            payments.filter(pl.col("due_date") < as_of)
            .with_columns(
                (
                    pl.when(pl.col("paid_date").is_null() | (pl.col("paid_date") > as_of))
                    .then(pl.lit(as_of))
                    .otherwise(pl.col("paid_date"))
                    - pl.col("due_date")
                )
                .dt.total_days()
                .alias("late_days")
            )
            .filter(pl.col("late_days") > LATE_PAYMENT_DAYS)
            .group_by("customer_id")
            .agg(
                pl.len().alias("count"),
                pl.col("late_days").max().alias("worst"),
                pl.col("due_date").max().alias("latest_due"),
            )
            .sort("customer_id")
        )
        frames.append(
            _rows(
                late["customer_id"].to_list(),
                "late_payment",
                ["high" if w > 60 else "medium" for w in late["worst"].to_list()],
                [0.85] * late.height,
                [
                    [
                        Message(
                            "alert.late_payment.reason",
                            {"count": int(c), "threshold_days": LATE_PAYMENT_DAYS, "worst_days": int(w)},
                        )
                    ]
                    for c, w in zip(late["count"].to_list(), late["worst"].to_list(), strict=True)
                ],
                [d.isoformat() for d in late["latest_due"].to_list()],
            )
        )
    if promises is not None and promises.height:
        broken = (
            promises.filter(
                (pl.col("due_date") < as_of) & (pl.col("kept").eq(False) | pl.col("kept").is_null())
            )
            .group_by("customer_id")
            .agg(pl.len().alias("count"), pl.col("due_date").min().alias("oldest"))
            .sort("customer_id")
        )
        frames.append(
            _rows(
                broken["customer_id"].to_list(),
                "broken_promise",
                ["high"] * broken.height,
                [0.9] * broken.height,
                [
                    [Message("alert.broken_promise.reason", {"count": int(c)})]
                    for c in broken["count"].to_list()
                ],
                [d.isoformat() for d in broken["oldest"].to_list()],
            )
        )
    return pl.concat(frames)
