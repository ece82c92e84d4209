"""The portrait dimensions of seed 002 and how a customer's kind maps onto two of them.

A dimension is named by its key; the reader's name for it is the message
``portrait.dimension.<key>`` (:attr:`Dimension.label`), worded by the pipeline app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

from laoke.core.messages import Message

Kind = Literal["category", "number", "set"]


@dataclass(frozen=True)
class Dimension:
    """One portrait dimension.

    ``inquiry`` says whether a new inquiry can state it (behaviour such as payment punctuality is
    only known once someone buys); ``log`` compares numbers on a log scale (sizes, money);
    ``scale`` fixes the range a difference is measured against (None: taken from the book).
    """

    key: str
    kind: Kind
    weight: float
    inquiry: bool
    log: bool = False
    scale: float | None = None

    @property
    def label(self) -> Message:
        """The dimension's name as a message code (``portrait.dimension.<key>``)."""
        return Message(f"portrait.dimension.{self.key}")


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("channel", "category", 1.0, True),
    Dimension("brand", "category", 0.5, True),
    Dimension("headcount", "number", 1.0, True, log=True),
    Dimension("turnover", "number", 1.0, True, log=True),
    Dimension("volume", "number", 1.5, True, log=True),
    Dimension("payment_terms", "category", 0.5, True),
    Dimension("delivery_sensitivity", "number", 0.5, True, scale=4.0),
    Dimension("product_line", "category", 1.0, True),
    Dimension("attributes", "set", 1.0, True),
    Dimension("new_products", "number", 0.5, False, scale=1.0),
    Dimension("punctuality", "number", 0.5, False),
    Dimension("loyalty", "number", 0.5, False, scale=1.0),
)

BY_KEY: dict[str, Dimension] = {d.key: d for d in DIMENSIONS}
INQUIRY_DIMENSIONS: tuple[Dimension, ...] = tuple(d for d in DIMENSIONS if d.inquiry)

#: Portrait frame: one row per customer (or inquiry) and one column per dimension.
PORTRAIT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "id": pl.String,
    **{
        d.key: (pl.List(pl.String) if d.kind == "set" else pl.String if d.kind == "category" else pl.Float64)
        for d in DIMENSIONS
    },
}

RESELLER_KINDS = ("distributor", "importer", "trader")
END_USER_KINDS = ("end_user", "brand_owner", "brand_user")
BRAND_KINDS = ("brand_owner", "brand_user")


def channel_from_kind(kind: pl.Expr) -> pl.Expr:
    """``distributor`` for resellers (distributor, importer, trader), ``end_user`` for users of the goods."""
    return (
        pl.when(kind.is_in(RESELLER_KINDS))
        .then(pl.lit("distributor"))
        .when(kind.is_in(END_USER_KINDS))
        .then(pl.lit("end_user"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def brand_from_kind(kind: pl.Expr) -> pl.Expr:
    """``brand_owner`` / ``brand_user`` when the kind says so; null otherwise."""
    return pl.when(kind.is_in(BRAND_KINDS)).then(kind).otherwise(pl.lit(None, dtype=pl.String))


def empty_portraits() -> pl.DataFrame:
    """A portrait frame without rows."""
    return pl.DataFrame(schema=PORTRAIT_SCHEMA)


def conform_portraits(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every portrait column present and typed (missing ones null); other columns kept."""
    missing = [
        pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in PORTRAIT_SCHEMA.items()
        if name not in frame.columns
    ]
    out = frame.with_columns(missing) if missing else frame
    casts = [pl.col(name).cast(dtype) for name, dtype in PORTRAIT_SCHEMA.items()]
    out = out.with_columns(casts)
    # empty text and empty lists are "not stated"
    return out.with_columns(
        [pl.col(d.key).replace("", None) for d in DIMENSIONS if d.kind == "category"]
        + [
            pl.when(pl.col(d.key).list.len() > 0).then(pl.col(d.key)).otherwise(None).alias(d.key)
            for d in DIMENSIONS
            if d.kind == "set"
        ]
    )
