"""json_rows gives what the messages of a row give, stored: the scorecards and history keep their JSON."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import polars as pl
import pytest

from laoke.core.messages import from_rows, json_rows, message, messages


@pytest.mark.parametrize(
    "values",
    [
        None,
        [],
        [None],
        [{"code": "a.b", "params": '{"n": 3, "gone": null, "share": 0.25, "name": "样品"}'}, None],
        [{"code": "a.c", "params": None}, {"code": "a.d", "params": ""}, {"code": "a.e", "params": "{}"}],
        [{"code": "a.f", "params": {"on": dt.date(2026, 1, 2), "amount": Decimal("1.50"), "x": None}}],
    ],
)
def test_json_rows_are_the_messages_to_json(values: list | None) -> None:
    assert json_rows(values) == [m.to_json() for m in from_rows(values)]
    assert json.dumps(json_rows(values)) == json.dumps([m.to_json() for m in from_rows(values)])


def test_json_rows_of_a_polars_plan() -> None:
    frame = pl.DataFrame({"n": [1, None, 3], "d": [dt.date(2026, 1, 1), None, dt.date(2026, 3, 1)]})
    rows = frame.select(
        messages(message("x.one", n=pl.col("n"), d=pl.col("d")), message("x.two", pl.col("n") > 1)).alias("m")
    )["m"].to_list()
    for row in rows:
        assert json_rows(row) == [m.to_json() for m in from_rows(row)]


def test_json_rows_of_a_repeated_parameter_text_are_each_the_callers_own() -> None:
    """The same parameter text in many rows (parsed once) gives equal dictionaries, and changing
    one row's does not change what the next row gets."""
    text = '{"days": 90, "level": "high", "none": null}'
    first = json_rows([{"code": "a.b", "params": text}])
    first[0]["params"]["days"] = 0
    second = json_rows([{"code": "a.b", "params": text}, {"code": "a.c", "params": text}])
    assert second == [{"code": c, "params": {"days": 90, "level": "high"}} for c in ("a.b", "a.c")]
    assert second[0]["params"] is not second[1]["params"]


def test_messages_make_the_list_concat_list_makes() -> None:
    """``messages`` goes through texts for speed; the column is that of concat_list + drop_nulls:
    order kept, messages that do not apply left out, a row with none gets an empty list, a
    message with null parameters keeps its code, and a parameter text with the separator's
    neighbours (quotes, escapes, control characters encoded by JSON) comes back as it went in."""
    frame = pl.DataFrame(
        {
            "n": [1, None, 3, 0, 5],
            "s": ["a", "b\x1fc", None, '"q"\n', "样品"],
            "flag": [True, False, None, True, False],
        }
    )
    no_params = pl.struct(pl.lit("x.none").alias("code"), pl.lit(None, dtype=pl.String).alias("params"))
    parts = [
        message("x.one", n=pl.col("n"), s=pl.col("s")),
        message("x.two", pl.col("n") > 1),
        message("x.three", pl.col("flag"), s=pl.col("s")),
        pl.when(pl.col("n") == 0).then(no_params),
        message("x.four", pl.col("n").is_null()),
    ]
    got = frame.select(messages(*parts).alias("m"))
    expected = frame.select(pl.concat_list(parts).list.drop_nulls().alias("m"))
    assert got.schema == expected.schema
    assert got.equals(expected)
    assert got["m"].to_list()[3][-1] == {"code": "x.none", "params": None}
    nothing = frame.select(messages(message("x.never", pl.col("n") > 99)).alias("m"))
    assert nothing["m"].to_list() == [[]] * frame.height
