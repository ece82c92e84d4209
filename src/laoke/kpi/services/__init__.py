"""KPI services: the period a user picked, the KPI pack over what they may see, its Excel export."""

from laoke.kpi.services.pack import KpiPack, kpi_pack
from laoke.kpi.services.periods import PRESETS, PeriodChoice, resolve_period

__all__ = ["PRESETS", "KpiPack", "PeriodChoice", "kpi_pack", "resolve_period"]
