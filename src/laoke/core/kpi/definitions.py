"""The KPIs of the pack, by code; the kpi app words their definitions (``laoke.kpi.messages``)."""

from __future__ import annotations

#: The KPIs of the pack, in the order they are shown.
KPI_CODES = (
    "reorder",
    "retention",
    "revenue_concentration",
    "owner_concentration",
    "response_time",
    "winback",
    "losses",
    "pipeline_pace",
)
