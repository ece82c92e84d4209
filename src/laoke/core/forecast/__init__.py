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
"""

from laoke.core.forecast.bgnbd import BetaGeoModel
from laoke.core.forecast.model import LaokeForecaster
from laoke.core.forecast.rfm import RfmHeuristic

__all__ = ["BetaGeoModel", "LaokeForecaster", "RfmHeuristic"]
