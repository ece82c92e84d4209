"""What each KPI means, in the reader's language, shown under its heading (page, workbook, API).

The core names the KPIs (:data:`laoke.core.kpi.KPI_CODES`) and holds their figures (the 30 %
owner-share flag, the 12 months a loss's sales look back); the words are here, in the KPI app's
catalogue, so a new language is a translation, not a code change.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from laoke.core.kpi import KPI_CODES, OWNER_SHARE_LIMIT
from laoke.core.kpi.losses import LOOKBACK_MONTHS
from laoke.core.messages import Message
from laoke.platform.messages import Catalogue, Wording, percent, render

#: One code per KPI definition (``kpi.definition.<KPI code>``).
DEFINITIONS: Catalogue = {
    "kpi.definition.reorder": Wording(
        _(
            "Reorder rate: of the customers who bought in the period of the same length just before "
            "the chosen period, the share who bought again within it. Customers count under their "
            "current owner."
        )
    ),
    "kpi.definition.retention": Wording(
        _(
            "Customer retention rate: of the customers active or at risk when the period starts, the "
            "share still active or at risk at its end (not dormant, not lost)."
        )
    ),
    "kpi.definition.revenue_concentration": Wording(
        _(
            "Revenue concentration (80/20): the share of the period's sales made by the top 20 %% of "
            "buying customers, and how many customers make 80 %% of sales."
        )
    ),
    "kpi.definition.owner_concentration": Wording(
        _(
            "Owner concentration: the share of the period's sales held by each salesperson's "
            "customers — the risk if that salesperson leaves. Above %(limit)s is flagged."
        ),
        {"limit": percent},
    ),
    "kpi.definition.response_time": Wording(
        _(
            "Median response time: the median number of hours until a received customer e-mail was "
            "answered, per salesperson. The aim is a reply within about ten minutes."
        )
    ),
    "kpi.definition.winback": Wording(
        _(
            "Dormant win-back rate: of the customers dormant or lost when the period starts, the share "
            "who became active again within the period."
        )
    ),
    "kpi.definition.losses": Wording(
        _(
            "Losses by reason: customers recorded as lost in the period under each of the six loss "
            "reasons, and the sales they made in the %(months)s months before they were lost."
        )
    ),
    "kpi.definition.pipeline_pace": Wording(
        _(
            "Pipeline pace: target customers entering and converting per quarter; a healthy small "
            "exporter adds and converts about 5 of every 100 tracked prospects a quarter."
        )
    ),
}

#: The figures a definition quotes, from the core's rules.
_PARAMS: dict[str, dict[str, Any]] = {
    "owner_concentration": {"limit": OWNER_SHARE_LIMIT},
    "losses": {"months": LOOKBACK_MONTHS},
}


def definition_message(code: str) -> Message:
    """The message defining a KPI (a code of :data:`laoke.core.kpi.KPI_CODES`)."""
    return Message(f"kpi.definition.{code}", _PARAMS.get(code, {}))


def definition(code: str) -> str:
    """The KPI's definition in the reader's language."""
    return render(definition_message(code), DEFINITIONS)


def definitions_in(*languages: str) -> dict[str, dict[str, str]]:
    """Every definition in each of ``languages`` (for the API: ``{code: {"en": …, "zh": …}}``).

    A language is named by its Django code; the key is its first part (``zh-hans`` → ``zh``).
    """
    out: dict[str, dict[str, str]] = {code: {} for code in KPI_CODES}
    for language in languages:
        with override(language):
            for code in KPI_CODES:
                out[code][language.split("-")[0]] = definition(code)
    return out
