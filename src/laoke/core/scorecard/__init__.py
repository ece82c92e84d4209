"""The customer scorecard (客户评估): dimensions, grades, treatments, lifecycle, review, 80/20.

Pure Polars: frames in, frames out, ``as_of`` passed in, no Django and no file I/O.
"""

from laoke.core.scorecard.lifecycle import (
    LOSS_SCHEMA,
    RISK_REASONS,
    STATES,
    lifecycle_history,
    lifecycle_states,
)
from laoke.core.scorecard.pareto import (
    ParetoSummary,
    neglected_small_customers,
    pareto_summary,
    pareto_table,
)
from laoke.core.scorecard.policy import DIMENSIONS, Policy, PolicyError, Text, TreatmentRule
from laoke.core.scorecard.policy_toml import policy_from_toml, policy_to_toml
from laoke.core.scorecard.review import PROPOSALS, year_end_review
from laoke.core.scorecard.scoring import score_customers

__all__ = [
    "DIMENSIONS",
    "LOSS_SCHEMA",
    "PROPOSALS",
    "RISK_REASONS",
    "STATES",
    "ParetoSummary",
    "Policy",
    "PolicyError",
    "Text",
    "TreatmentRule",
    "lifecycle_history",
    "lifecycle_states",
    "neglected_small_customers",
    "pareto_summary",
    "pareto_table",
    "policy_from_toml",
    "policy_to_toml",
    "score_customers",
    "year_end_review",
]
