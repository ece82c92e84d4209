"""Messages as codes: what the core has to say, without the words.

The core never writes a sentence for a reader. It returns a :class:`Message` — a stable code
such as ``"scorecard.volume.sales"`` and its parameters (raw numbers, dates, money, codes) — and
the adapters render it with gettext at display time, in the reader's language, with the
reader's number formats (``laoke.retention.messages``). What is stored is the code and the
parameters, so a new language is a catalogue, not a schema change.

Conventions for parameters: money is a plain amount in the home currency; a share or a change
is a fraction (0.25, not 25); counts are integers; a date is a :class:`datetime.date`.

In Polars plans a message is a ``Struct{code: String, params: String}`` whose ``params`` is the
JSON object of the parameters (:func:`message`); a list of them (:func:`messages`) reads as
consecutive sentences.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

# Polars is imported where a plan is built, not here: the web and command-line adapters store and
# word messages at start-up (a model's properties) and must not load Polars to do so.

#: A parameter value as stored (JSON-friendly once :meth:`Message.to_json` has run).
Param = int | float | str | dt.date | Decimal | None


@dataclass(frozen=True)
class Message:
    """A code and its parameters; the adapters own the words."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """``{"code": …, "params": {…}}`` with dates as ISO text and Decimals as text."""
        return {"code": self.code, "params": {k: _json_value(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        """The message of a stored ``{"code", "params"}`` object (null parameters dropped)."""
        params = data.get("params") or {}
        if isinstance(params, str):
            params = json.loads(params)
        return cls(str(data["code"]), {k: v for k, v in dict(params).items() if v is not None})


def _json_value(value: Param) -> int | float | str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def __getattr__(name: str) -> Any:
    """``MESSAGE_DTYPE``, the Polars type of one message in a plan (built on first use)."""
    if name == "MESSAGE_DTYPE":
        import polars as pl

        return pl.Struct({"code": pl.String, "params": pl.String})
    raise AttributeError(name)


def message(code: str, when: pl.Expr | None = None, **params: pl.Expr | int | float | str) -> pl.Expr:
    """A message per row (null where ``when`` is false); parameters are expressions or constants."""
    import polars as pl

    fields = [(p if isinstance(p, pl.Expr) else pl.lit(p)).alias(name) for name, p in params.items()]
    encoded = pl.struct(fields).struct.json_encode() if fields else pl.lit("{}")
    expr = pl.struct(pl.lit(code, dtype=pl.String).alias("code"), encoded.alias("params"))
    return expr if when is None else pl.when(when).then(expr)


#: Joins a message's code and parameters into one text while the list is made (neither can hold
#: it: codes are dotted names, and JSON text escapes control characters).
_JOIN = "\x1f"


def messages(*parts: pl.Expr) -> pl.Expr:
    """A list column of the messages that apply to each row, in the given order.

    The same column as ``pl.concat_list(parts).list.drop_nulls()``, made from texts: Polars
    (2.1) concatenates lists of structs seven times slower than lists of strings (7 s for the
    450 k lifecycle changes of a 100 k-customer book). Each message goes in as ``code`` +
    separator + ``params`` (``code`` alone when ``params`` is null) and is split back.
    """
    import polars as pl

    texts = [
        pl.when(part.is_not_null()).then(
            pl.concat_str(
                [part.struct.field("code"), pl.lit(_JOIN) + part.struct.field("params")], ignore_nulls=True
            )
        )
        for part in parts
    ]
    return (
        pl.concat_list(texts)
        .list.drop_nulls()
        .list.eval(pl.element().str.splitn(_JOIN, 2).struct.rename_fields(["code", "params"]))
    )


def from_rows(values: list[Mapping[str, Any]] | None) -> list[Message]:
    """The messages of one row's list column (as ``iter_rows`` gives it)."""
    return [Message.from_json(v) for v in values or [] if v is not None]


def json_rows(values: list[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """``[m.to_json() for m in from_rows(values)]``, without making the messages on the way.

    Storing a large book's scorecards and lifecycle history converts millions of messages; the
    same dictionaries come out (null parameters dropped, dates and Decimals as text).
    """
    out = []
    for value in values or []:
        if value is None:
            continue
        params = value.get("params") or {}
        # A stored text's parameters are parsed once and copied: the caller owns what it gets.
        cleaned = dict(_stored_params(params)) if isinstance(params, str) else _cleaned(params)
        out.append({"code": str(value["code"]), "params": cleaned})
    return out


@functools.lru_cache(maxsize=1 << 16)
def _stored_params(text: str) -> dict[str, Any]:
    """The parameters of one JSON object as stored (null ones dropped), parsed once per text.

    Few parameter texts are distinct (9 k of the 74 k of Online Retail II's scorecards: the same
    thresholds, windows and levels recur), and parsing each again was most of the conversion.
    """
    return _cleaned(json.loads(text))


def _cleaned(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as stored: null ones dropped, the others as JSON keeps them."""
    return {k: _json_value(v) for k, v in dict(params).items() if v is not None}
