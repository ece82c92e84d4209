"""The KPI pack (004, 001, 003): reorder rate, retention, concentration, response time, win-back, losses.

Pure Polars: frames in (schemas in :mod:`laoke.core.kpi.frames`), results out, the period passed in.
Each KPI has a code (:data:`laoke.core.kpi.definitions.KPI_CODES`); the kpi app words its definition.
"""

from laoke.core.kpi.concentration import (
    OWNER_SHARE_LIMIT,
    OwnerShare,
    RevenueConcentration,
    owner_concentration,
    revenue_concentration,
)
from laoke.core.kpi.definitions import KPI_CODES
from laoke.core.kpi.frames import (
    CUSTOMER_OWNER_SCHEMA,
    KPI_INTERACTION_SCHEMA,
    KPI_LOSS_SCHEMA,
    KPI_ORDER_SCHEMA,
    KPI_STATE_SCHEMA,
)
from laoke.core.kpi.losses import LossSummary, losses_by_reason
from laoke.core.kpi.period import Period
from laoke.core.kpi.rates import (
    KPI_PLAN_SCHEMA,
    Rate,
    RateBreakdown,
    plan_winback_rate,
    reorder_rate,
    retention_rate,
    winback_rate,
)
from laoke.core.kpi.response import ResponseRow, ResponseTimes, response_times

__all__ = [
    "CUSTOMER_OWNER_SCHEMA",
    "KPI_CODES",
    "KPI_INTERACTION_SCHEMA",
    "KPI_LOSS_SCHEMA",
    "KPI_ORDER_SCHEMA",
    "KPI_PLAN_SCHEMA",
    "KPI_STATE_SCHEMA",
    "OWNER_SHARE_LIMIT",
    "LossSummary",
    "OwnerShare",
    "Period",
    "Rate",
    "RateBreakdown",
    "ResponseRow",
    "ResponseTimes",
    "RevenueConcentration",
    "losses_by_reason",
    "owner_concentration",
    "plan_winback_rate",
    "reorder_rate",
    "response_times",
    "retention_rate",
    "revenue_concentration",
    "winback_rate",
]
