"""What one forecaster fit computes once and reads twice gives what computing it again gives."""

from __future__ import annotations

import datetime as dt

import numpy as np

from laoke.core.forecast.design import build_design
from laoke.core.forecast.features import customer_features
from laoke.core.forecast.model import LaokeForecaster
from laoke.core.forecast.stack import validation_cutoff
from tests.core.forecast.factories import synthetic_book


def test_season_check_reads_the_validation_design_it_would_build() -> None:
    """``_season_wins`` reads the design ``_validate`` made at the validation cutoff: the same
    customers, matrix and BG/NBD fit as building it afresh, and the same answer either way."""
    model = LaokeForecaster(horizon_days=180).fit(synthetic_book(), as_of=dt.date(2021, 6, 1))
    snap = model._validation_snap
    assert snap is not None and model.classifier_ is not None
    start = model._days["order_date"].min()
    assert isinstance(start, dt.date)
    validation = validation_cutoff(start, model.as_of_, model.horizon_days)
    assert validation is not None
    cutoff, horizon = validation
    features = customer_features(model._days, cutoff=cutoff, horizon_days=horizon)
    fresh = build_design(features, cutoff=cutoff, horizon_days=horizon)
    assert snap.design.customer_id.to_list() == fresh.customer_id.to_list()
    np.testing.assert_array_equal(snap.design.matrix, fresh.matrix)
    np.testing.assert_array_equal(snap.design.bgnbd.params_, fresh.bgnbd.params_)
    kept = model._season_wins(model._days)
    model._validation_snap = None
    assert model._season_wins(model._days) == kept == model.seasonal_dates_
