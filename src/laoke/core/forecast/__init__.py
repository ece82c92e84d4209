"""Purchase forecasts and early warning for each customer (issue 4).

Modules
-------
bgnbd
    The BG/NBD buy-till-you-die baseline (Fader, Hardie & Lee 2005).
rfm
    A plain recency-frequency-monetary heuristic baseline.
model
    Laoke's own forecaster: each customer's rhythm, season and trend, stacked on the book.
alerts
    Early-warning signals with reasons and suggested actions.
backtest
    Self-validation of all models on a book's own past.

The models are imported on first use (``from laoke.core.forecast import LaokeForecaster`` works as
before): a light module of this package (``wording``, ``alerts``) does not bring SciPy with it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from laoke.core.forecast.bgnbd import BetaGeoModel
    from laoke.core.forecast.model import LaokeForecaster
    from laoke.core.forecast.rfm import RfmHeuristic

__all__ = ["BetaGeoModel", "LaokeForecaster", "RfmHeuristic"]

_HOMES = {
    "BetaGeoModel": "laoke.core.forecast.bgnbd",
    "LaokeForecaster": "laoke.core.forecast.model",
    "RfmHeuristic": "laoke.core.forecast.rfm",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
