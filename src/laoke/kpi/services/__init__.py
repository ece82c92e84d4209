"""KPI services: the period a user picked, the KPI pack over what they may see, its Excel export."""

from laoke.kpi.services.pack import KpiPack, OwnerKpis, kpi_pack, owner_kpis
from laoke.kpi.services.periods import PRESETS, PeriodChoice, resolve_period

__all__ = ["PRESETS", "KpiPack", "OwnerKpis", "PeriodChoice", "kpi_pack", "owner_kpis", "resolve_period"]
