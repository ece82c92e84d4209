"""The company's evaluation policy (评估标准): weights, thresholds, grades and treatments.

Seed 000: "到底设定一个什么样的数字…是公司内部的问题" — the numbers are the company's call, so
every number the scorecard uses lives here, ships with a documented default (``docs/policy.md``)
and round-trips through a small TOML file (:mod:`laoke.core.scorecard.policy_toml`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The dimensions of domain.md §1, in display order. Every score is oriented "higher is
#: better for us": for the risk dimensions 100 means *low* risk.
DIMENSIONS: tuple[str, ...] = (
    "profit",
    "volume",
    "loyalty",
    "growth",
    "relationship",
    "payment_risk",
    "market_trend",
    "lifespan_risk",
    "policy_risk",
    "currency_risk",
    "delivery_sensitivity",
)

#: Dimensions the firm can work on; the others call for risk control (000, last lines).
IMPROVABLE_DIMENSIONS: frozenset[str] = frozenset({"profit", "volume", "loyalty", "growth", "relationship"})


class PolicyError(ValueError):
    """A policy value is missing or out of range: the ``field`` path, a ``code`` and its ``params``.

    The code is ``scorecard.policy.<what>`` (see :data:`POLICY_ERRORS`); the adapters word it.
    ``str()`` of the error is for programmers and logs only.
    """

    def __init__(self, field: str, code: str, **params: Any) -> None:
        self.field = field
        self.code = code
        self.params = params
        shown = ", ".join(f"{k}={v!r}" for k, v in params.items())
        super().__init__(f"policy field '{field}': {code}" + (f" ({shown})" if shown else ""))


#: Every code a :class:`PolicyError` may carry (policy checks and the TOML reader).
POLICY_ERRORS: tuple[str, ...] = tuple(
    f"scorecard.policy.{what}"
    for what in (
        "not_in_0_100",
        "names_count",
        "names_distinct",
        "descending",
        "unknown_dimension",
        "negative",
        "no_positive_weight",
        "one_label_per_level",
        "at_least_1",
        "low_high_order",
        "must_exceed",
        "in_0_1",
        "in_open_0_1",
        "positive",
        "not_negative",
        "high_or_low",
        "not_a_grade",
        "toml_invalid",
        "expected_number",
        "expected_integer",
        "expected_string",
        "expected_list",
        "expected_table",
        "expected_rules",
        "unknown_field",
    )
)


@dataclass(frozen=True)
class Text:
    """Text the company typed for a treatment, in English and Simplified Chinese.

    Empty in both languages means "the shipped wording of this treatment's code" (the defaults
    below): the adapters word it in the reader's language.
    """

    en: str = ""
    zh: str = ""

    @property
    def typed(self) -> bool:
        """Whether the company wrote its own text (else the shipped wording applies)."""
        return bool(self.en or self.zh)


@dataclass(frozen=True)
class TreatmentRule:
    """One cell of the treatment matrix: when every condition holds, suggest ``text``.

    The treatment's code is ``key``; an empty ``text`` is the shipped wording of that code.

    ``when`` maps a dimension to ``"high"`` or ``"low"`` (see ``Thresholds.high`` / ``.low``);
    a condition on an unknown dimension never holds. The first matching rule wins.
    """

    key: str
    when: dict[str, str]
    text: Text


@dataclass(frozen=True)
class Thresholds:
    """Numbers that turn raw facts into 0–100 sub-scores (linear ramps between two points)."""

    window_months: int = 12  # sales, profit and trend are measured over this many months
    high: float = 60.0  # a dimension at or above this is "high" for the treatment matrix
    low: float = 40.0  # below this it is "low" and triggers an improve / control-risk hint
    margin_low: float = 0.0  # margin % scoring 0 …
    margin_high: float = 0.35  # … and 100
    profit_margin_share: float = 0.5  # weight of the margin sub-score inside profit
    tenure_full_years: float = 5.0  # tenure giving a full tenure sub-score
    regularity_cv_bad: float = 1.5  # coefficient of variation of order gaps scoring 0
    dispute_penalty: float = 15.0  # points off loyalty per logged price dispute in the lookback
    terms_test_kept_bonus: float = 10.0  # refused harsh terms and the customer stayed
    terms_test_lost_penalty: float = 25.0  # refused harsh terms and the customer switched
    loyalty_lookback_months: int = 24
    growth_ratio_bad: float = -0.5  # symmetric growth (r-p)/(r+p) scoring 0 …
    growth_ratio_good: float = 0.5  # … and 100
    trial_growth_good: float = 3.0  # last order / first order ratio scoring 100 for new customers
    new_product_months: int = 12  # a product first sold within this many months is "new"
    new_product_share_good: float = 0.2  # share of revenue from new products scoring 100
    contact_lookback_days: int = 90
    contacts_expected: float = 3.0  # touches in the lookback for a full score (one mail a month, 001)
    days_late_bad: float = 60.0  # amount-weighted average days late scoring 0
    overdue_ratio_bad: float = 0.5  # overdue amount / window revenue scoring 0
    payment_lookback_months: int = 24
    top_reasons: int = 3


@dataclass(frozen=True)
class LevelPolicy:
    """Score boundaries of the four levels 优/良/中/差 (descending lower bounds)."""

    boundaries: tuple[float, ...] = (80.0, 60.0, 40.0)
    names: tuple[str, ...] = ("excellent", "good", "fair", "poor")
    #: Chinese labels a company may give its own level names; empty: the adapters word the names.
    labels_zh: tuple[str, ...] = ()


@dataclass(frozen=True)
class GradePolicy:
    """Total-score boundaries of the grades (三六九等), best first."""

    boundaries: tuple[float, ...] = (70.0, 55.0, 40.0)
    names: tuple[str, ...] = ("A", "B", "C", "D")


@dataclass(frozen=True)
class LifecyclePolicy:
    """When a customer is at risk or dormant, relative to its own buying rhythm."""

    at_risk_gaps: float = 1.5  # no order for this many typical gaps → at risk
    dormant_gaps: float = 3.0  # … this many → dormant
    min_gap_days: float = 14.0  # rhythm floor, so weekly buyers are not "dormant" after a holiday
    max_dormant_days: float = 1095.0  # whatever the rhythm, three years of silence is dormant
    default_gap_days: float = 180.0  # rhythm used when the whole book has no repeat buyer
    volume_drop: float = 0.5  # last window below (1 - drop) x the one before → at risk (004)
    complaint_open_days: int = 14  # an unresolved complaint older than this → at risk (001)


@dataclass(frozen=True)
class ReviewPolicy:
    """Year-end review (004): who is promoted, who is still running in, who is dropped (鸡肋)."""

    promote_grades: tuple[str, ...] = ("A",)
    promote_min_share: float = 0.02  # or at least this share of the year's sales while not shrinking
    drop_grades: tuple[str, ...] = ("D",)
    drop_max_share: float = 0.002  # dropped only if also below this share and not growing


@dataclass(frozen=True)
class ParetoPolicy:
    """The 80/20 view and the neglected-small-customer warning (003 reason 3)."""

    cut: float = 0.8
    top_share: float = 0.2
    neglect_days: int = 90  # no contact for this long
    neglect_min_margin: float = 0.25  # "good margin"


def _default_weights() -> dict[str, float]:
    return {
        "profit": 0.20,
        "volume": 0.15,
        "loyalty": 0.15,
        "growth": 0.10,
        "relationship": 0.08,
        "payment_risk": 0.12,
        "market_trend": 0.05,
        "lifespan_risk": 0.04,
        "policy_risk": 0.04,
        "currency_risk": 0.04,
        "delivery_sensitivity": 0.03,
    }


def _default_payment_terms() -> dict[str, float]:
    # Safety of the terms for the seller: cash in advance or L/C first, open account last.
    # TTADVANCE is how the app stores "T/T in advance" (TT_ADVANCE with the separator dropped).
    return {
        "CIA": 100.0,
        "TTADVANCE": 100.0,
        "LC": 85.0,
        "TT": 75.0,
        "CAD": 65.0,
        "DP": 55.0,
        "DA": 35.0,
        "OA": 30.0,
    }


def _default_country_policy() -> dict[str, float]:
    # Illustrative only: a China-based exporter's view in 2025 (tariffs, sanctions). Review it.
    return {"US": 30.0, "RU": 25.0, "IR": 10.0, "KP": 0.0, "BY": 30.0, "VE": 35.0}


def _default_currency_volatility() -> dict[str, float]:
    # Approximate annualised volatility against USD, in percent. Review yearly.
    return {
        "USD": 0.0,
        "HKD": 0.5,
        "AED": 0.0,
        "SAR": 0.0,
        "CNY": 4.0,
        "EUR": 8.0,
        "GBP": 9.0,
        "CHF": 8.0,
        "CAD": 7.0,
        "SGD": 5.0,
        "JPY": 11.0,
        "AUD": 11.0,
        "KRW": 10.0,
        "INR": 5.0,
        "MXN": 14.0,
        "BRL": 16.0,
        "ZAR": 16.0,
        "TRY": 25.0,
        "RUB": 30.0,
        "ARS": 45.0,
    }


#: The shipped treatment rules (first match wins); their words are the adapters' (``key`` codes).
DEFAULT_TREATMENT_RULES: tuple[tuple[str, dict[str, str]], ...] = (
    ("study_habits", {"profit": "high", "payment_risk": "high", "loyalty": "low"}),
    ("cut_cost", {"profit": "low", "payment_risk": "low"}),
    ("return_profit", {"profit": "high"}),
    ("nurture_growth", {"growth": "high", "volume": "low"}),
    ("raise_margin", {"volume": "high", "profit": "low"}),
)


#: Lifecycle states whose shipped treatment is winning the customer back, whatever its grade or
#: matrix rule: those assume a customer who still buys ("keep the monthly cadence", "return part
#: of the profit"), where a dormant or lost one follows its win-back plan.
STATE_TREATMENTS = {"dormant": "state_dormant", "lost": "state_lost"}


#: The field name of the company's own currency table (in the errors naming one of its values).
_HOME_TABLE = "home_currency_volatility"


def treatment_in_state(code: str, state: str, *, typed: bool) -> str:
    """The treatment code of a customer in lifecycle ``state``: :data:`STATE_TREATMENTS` replaces
    a shipped treatment; one the company typed (``typed``) stays, as the company wrote it."""
    return code if typed or not code else STATE_TREATMENTS.get(state, code)


def grade_treatment_code(grade: str) -> str:
    """The treatment code of a grade's own treatment (``grade_A``): what no matrix rule overrides."""
    return f"grade_{grade}"


def _default_treatments() -> tuple[TreatmentRule, ...]:
    return tuple(TreatmentRule(key, dict(when), Text()) for key, when in DEFAULT_TREATMENT_RULES)


def _default_grade_treatments() -> dict[str, Text]:
    return {grade: Text() for grade in ("A", "B", "C", "D")}


@dataclass(frozen=True)
class Policy:
    """Everything the scorecard needs to turn facts into scores, grades and treatments."""

    name: str = "default"
    version: int = 1
    weights: dict[str, float] = field(default_factory=_default_weights)
    thresholds: Thresholds = field(default_factory=Thresholds)
    levels: LevelPolicy = field(default_factory=LevelPolicy)
    grades: GradePolicy = field(default_factory=GradePolicy)
    payment_terms: dict[str, float] = field(default_factory=_default_payment_terms)
    country_policy: dict[str, float] = field(default_factory=_default_country_policy)
    country_default: float | None = 80.0  # known country not in the table; None → unknown
    currency_volatility: dict[str, float] = field(default_factory=_default_currency_volatility)
    currency_default: float | None = 15.0  # known currency not in the table; None → unknown
    currency_volatility_bad: float = 30.0  # volatility (%) scoring 0
    #: The company's own currency (the adapters set it from the company settings; not in the
    #: policy text). A customer paying in it carries no exchange-rate risk.
    home_currency: str = "USD"
    #: The company's own currency table (adapters set it; not in the policy text): yearly
    #: volatility in percent *against the home currency*, read before ``currency_volatility``
    #: (which is against USD).
    home_currency_volatility: dict[str, float] = field(default_factory=dict)
    treatments: tuple[TreatmentRule, ...] = field(default_factory=_default_treatments)
    grade_treatments: dict[str, Text] = field(default_factory=_default_grade_treatments)
    lifecycle: LifecyclePolicy = field(default_factory=LifecyclePolicy)
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    pareto: ParetoPolicy = field(default_factory=ParetoPolicy)

    def __post_init__(self) -> None:
        validate_policy(self)


def _require(condition: bool, field_name: str, what: str, **params: Any) -> None:
    """Raise ``scorecard.policy.<what>`` for ``field_name`` unless ``condition`` holds."""
    if not condition:
        raise PolicyError(field_name, f"scorecard.policy.{what}", **params)


def _check_descending(values: tuple[float, ...], names: tuple[str, ...], prefix: str) -> None:
    _require(
        len(names) == len(values) + 1,
        f"{prefix}.names",
        "names_count",
        boundaries=len(values),
        names=len(names),
    )
    _require(len(set(names)) == len(names), f"{prefix}.names", "names_distinct")
    for i, value in enumerate(values):
        _require(0.0 <= value <= 100.0, f"{prefix}.boundaries[{i}]", "not_in_0_100", value=value)
        if i:
            _require(values[i - 1] > value, f"{prefix}.boundaries", "descending")


def validate_policy(policy: Policy) -> None:
    """Raise :class:`PolicyError` naming the first field that is out of range."""
    for key, weight in policy.weights.items():
        _require(key in DIMENSIONS, f"weights.{key}", "unknown_dimension", value=key)
        _require(weight >= 0.0, f"weights.{key}", "negative", value=weight)
    _require(sum(policy.weights.values()) > 0.0, "weights", "no_positive_weight")
    _check_descending(policy.levels.boundaries, policy.levels.names, "levels")
    labels = policy.levels.labels_zh
    _require(not labels or len(labels) == len(policy.levels.names), "levels.labels_zh", "one_label_per_level")
    _check_descending(policy.grades.boundaries, policy.grades.names, "grades")
    t = policy.thresholds
    _require(t.window_months >= 1, "thresholds.window_months", "at_least_1")
    _require(0.0 <= t.low <= t.high <= 100.0, "thresholds.low", "low_high_order")
    _require(t.margin_high > t.margin_low, "thresholds.margin_high", "must_exceed", other="margin_low")
    _require(0.0 <= t.profit_margin_share <= 1.0, "thresholds.profit_margin_share", "in_0_1")
    _require(t.tenure_full_years > 0, "thresholds.tenure_full_years", "positive")
    _require(t.regularity_cv_bad > 0, "thresholds.regularity_cv_bad", "positive")
    _require(
        t.growth_ratio_good > t.growth_ratio_bad,
        "thresholds.growth_ratio_good",
        "must_exceed",
        other="growth_ratio_bad",
    )
    _require(t.trial_growth_good > 1.0, "thresholds.trial_growth_good", "must_exceed", other=1)
    _require(t.new_product_share_good > 0, "thresholds.new_product_share_good", "positive")
    _require(t.contacts_expected > 0, "thresholds.contacts_expected", "positive")
    _require(t.days_late_bad > 0, "thresholds.days_late_bad", "positive")
    _require(t.overdue_ratio_bad > 0, "thresholds.overdue_ratio_bad", "positive")
    _require(t.top_reasons >= 0, "thresholds.top_reasons", "not_negative")
    for table, values in (
        ("payment_terms", policy.payment_terms),
        ("country_policy", policy.country_policy),
    ):
        for key, value in values.items():
            _require(0.0 <= value <= 100.0, f"{table}.{key}", "not_in_0_100", value=value)
    for key, value in policy.currency_volatility.items():
        _require(value >= 0.0, f"currency_volatility.{key}", "negative", value=value)
    for key, value in policy.home_currency_volatility.items():
        _require(value >= 0.0, f"{_HOME_TABLE}.{key}", "negative", value=value)
    _require(policy.currency_volatility_bad > 0, "currency_volatility_bad", "positive")
    for rule in policy.treatments:
        for dim, side in rule.when.items():
            _require(dim in DIMENSIONS, f"treatments.{rule.key}.when.{dim}", "unknown_dimension", value=dim)
            _require(side in ("high", "low"), f"treatments.{rule.key}.when.{dim}", "high_or_low")
    for grade in policy.grade_treatments:
        _require(grade in policy.grades.names, f"grade_treatments.{grade}", "not_a_grade", grade=grade)
    life = policy.lifecycle
    _require(
        0 < life.at_risk_gaps < life.dormant_gaps,
        "lifecycle.dormant_gaps",
        "must_exceed",
        other="at_risk_gaps",
    )
    _require(life.min_gap_days > 0, "lifecycle.min_gap_days", "positive")
    _require(life.default_gap_days > 0, "lifecycle.default_gap_days", "positive")
    _require(0 < life.volume_drop < 1, "lifecycle.volume_drop", "in_open_0_1")
    for grade in (*policy.review.promote_grades, *policy.review.drop_grades):
        _require(grade in policy.grades.names, "review", "not_a_grade", grade=grade)
    _require(0 < policy.pareto.cut < 1, "pareto.cut", "in_open_0_1")
    _require(0 < policy.pareto.top_share < 1, "pareto.top_share", "in_open_0_1")


def weight_of(policy: Policy, dimension: str) -> float:
    """The weight of a dimension (0 when the policy leaves it out)."""
    return float(policy.weights.get(dimension, 0.0))
