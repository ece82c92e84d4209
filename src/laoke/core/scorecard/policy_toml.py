"""Policy ⇄ TOML text, so a company can keep its evaluation policy under version control.

Strings in, strings out: reading and writing the file is the adapter's job (the core does no I/O).
Sections left out of a file keep the shipped defaults; unknown keys are errors (typos would
otherwise be silently ignored). A dimension left out of ``[weights]`` has weight 0.
"""

from __future__ import annotations

import dataclasses
import json
import math
import tomllib
from typing import Any

from laoke.core.scorecard.policy import (
    GradePolicy,
    LevelPolicy,
    LifecyclePolicy,
    ParetoPolicy,
    Policy,
    PolicyError,
    ReviewPolicy,
    Text,
    Thresholds,
    TreatmentRule,
)

_UNKNOWN = "unknown"  # TOML has no null; this spelling stands for "no default, score unknown"
_SECTIONS: dict[str, type] = {
    "thresholds": Thresholds,
    "levels": LevelPolicy,
    "grades": GradePolicy,
    "lifecycle": LifecyclePolicy,
    "review": ReviewPolicy,
    "pareto": ParetoPolicy,
}
_NUMBER_TABLES = ("weights", "payment_terms", "country_policy", "currency_volatility")
#: Section fields that are lists of names (the others are lists of numbers).
_TEXT_LISTS = frozenset({"names", "labels_zh", "promote_grades", "drop_grades"})


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _optional(value: float | None) -> str:
    return _value(_UNKNOWN if value is None else value)


def _key(key: str) -> str:
    bare = key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)
    return key if bare else _quote(key)


def _quote(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but JSON leaves DEL (U+007F) bare."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def policy_to_toml(policy: Policy) -> str:
    """Write a policy as TOML text that :func:`policy_from_toml` reads back to an equal policy."""
    scalars = (
        ("name", _value(policy.name)),
        ("version", str(policy.version)),
        ("country_default", _optional(policy.country_default)),
        ("currency_default", _optional(policy.currency_default)),
        ("currency_volatility_bad", _value(policy.currency_volatility_bad)),
    )
    lines = ["# Laoke evaluation policy; every field: docs/policy.md"]
    lines += [f"{key} = {value}" for key, value in scalars]
    for table in _NUMBER_TABLES:
        lines += ["", f"[{table}]"]
        lines += [f"{_key(k)} = {_value(float(v))}" for k, v in getattr(policy, table).items()]
    for section in _SECTIONS:
        lines += ["", f"[{section}]"]
        obj = getattr(policy, section)
        lines += [f"{f.name} = {_value(getattr(obj, f.name))}" for f in dataclasses.fields(obj)]
    for grade, text in policy.grade_treatments.items():
        lines += ["", f"[grade_treatments.{_key(grade)}]"]
        if text.typed:  # else the shipped wording of the grade's treatment
            lines += [f"en = {_value(text.en)}", f"zh = {_value(text.zh)}"]
    for rule in policy.treatments:
        lines += [
            "",
            "[[treatments]]",
            f"key = {_value(rule.key)}",
            f"when = {_value(rule.when)}",
        ]
        if rule.text.typed:
            lines += [f"en = {_value(rule.text.en)}", f"zh = {_value(rule.text.zh)}"]
    return "\n".join(lines) + "\n"


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PolicyError(where, "scorecard.policy.expected_number", value=repr(value))
    return float(value)


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise PolicyError(where, "scorecard.policy.expected_string", value=repr(value))
    return value


def _table(raw: dict[str, Any], name: str, where: str = "") -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise PolicyError(where or name, "scorecard.policy.expected_table")
    return value


def _section(cls: type, raw: dict[str, Any], name: str) -> Any:
    defaults = cls()
    known = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        where = f"{name}.{key}"
        if key not in known:
            raise PolicyError(where, "scorecard.policy.unknown_field", expected=", ".join(sorted(known)))
        default = getattr(defaults, key)
        if isinstance(default, tuple):
            if not isinstance(value, list):
                raise PolicyError(where, "scorecard.policy.expected_list")
            is_text = key in _TEXT_LISTS
            conv = _string if is_text else _number
            kwargs[key] = tuple(conv(v, f"{where}[{i}]") for i, v in enumerate(value))
        elif isinstance(default, int) and not isinstance(default, bool):
            if not isinstance(value, int) or isinstance(value, bool):
                raise PolicyError(where, "scorecard.policy.expected_integer", value=repr(value))
            kwargs[key] = value
        else:
            kwargs[key] = _number(value, where)
    return cls(**kwargs)


def _optional_number(raw: dict[str, Any], key: str, default: float | None) -> float | None:
    if key not in raw:
        return default
    if raw[key] == _UNKNOWN:
        return None
    return _number(raw[key], key)


def _text(item: dict[str, Any], where: str) -> Text:
    """A treatment's typed text; left out (or empty) it is the shipped wording of its code."""
    return Text(_string(item.get("en", ""), f"{where}.en"), _string(item.get("zh", ""), f"{where}.zh"))


def _treatments(raw: Any) -> tuple[TreatmentRule, ...]:
    if not isinstance(raw, list):
        raise PolicyError("treatments", "scorecard.policy.expected_rules")
    rules = []
    for i, item in enumerate(raw):
        where = f"treatments[{i}]"
        if not isinstance(item, dict):
            raise PolicyError(where, "scorecard.policy.expected_table")
        when = item.get("when", {})
        if not isinstance(when, dict):
            raise PolicyError(f"{where}.when", "scorecard.policy.expected_table")
        rules.append(
            TreatmentRule(
                key=_string(item.get("key"), f"{where}.key"),
                when={_string(k, f"{where}.when"): _string(v, f"{where}.when.{k}") for k, v in when.items()},
                text=_text(item, where),
            )
        )
    return tuple(rules)


def policy_from_toml(text: str) -> Policy:
    """Read a policy from TOML text; raise :class:`PolicyError` naming the faulty field."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError("", "scorecard.policy.toml_invalid", detail=str(exc)) from exc
    known = {"name", "version", "country_default", "currency_default", "currency_volatility_bad"}
    known |= set(_SECTIONS) | set(_NUMBER_TABLES) | {"grade_treatments", "treatments"}
    for key in raw:
        if key not in known:
            raise PolicyError(key, "scorecard.policy.unknown_field", expected=", ".join(sorted(known)))
    defaults = Policy()
    kwargs: dict[str, Any] = {}
    if "name" in raw:
        kwargs["name"] = _string(raw["name"], "name")
    if "version" in raw:
        if not isinstance(raw["version"], int):
            raise PolicyError("version", "scorecard.policy.expected_integer", value=repr(raw["version"]))
        kwargs["version"] = raw["version"]
    kwargs["country_default"] = _optional_number(raw, "country_default", defaults.country_default)
    kwargs["currency_default"] = _optional_number(raw, "currency_default", defaults.currency_default)
    if "currency_volatility_bad" in raw:
        kwargs["currency_volatility_bad"] = _number(raw["currency_volatility_bad"], "currency_volatility_bad")
    for table in _NUMBER_TABLES:
        if table in raw:
            kwargs[table] = {k: _number(v, f"{table}.{k}") for k, v in _table(raw, table).items()}
    for section, cls in _SECTIONS.items():
        if section in raw:
            kwargs[section] = _section(cls, _table(raw, section), section)
    if "grade_treatments" in raw:
        kwargs["grade_treatments"] = {
            grade: _text(
                _table(raw["grade_treatments"], grade, f"grade_treatments.{grade}"),
                f"grade_treatments.{grade}",
            )
            for grade in _table(raw, "grade_treatments")
        }
    if "treatments" in raw:
        kwargs["treatments"] = _treatments(raw["treatments"])
    return Policy(**kwargs)
