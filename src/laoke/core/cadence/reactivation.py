"""Dormant-customer reactivation plans (seed 004): post-mortem, prepared answers, staged touches.

"Sales starts at the fifth rejection": the plan counts attempts and rejections, and each stage
waits a few weeks after the previous attempt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from laoke.core.cadence.model import PlanState
from laoke.core.messages import Message

#: The message code of a stage is this prefix, a dot and the stage's code.
STAGE_CODE = "cadence.reactivation.stage"


@dataclass(frozen=True)
class Stage:
    """One touch of the staged series; what it says is worded by the adapter from its code."""

    code: str
    wait_days: int  # after the previous attempt (or the plan's start)

    @property
    def title(self) -> Message:
        """What to do at this stage, as a message code (``cadence.reactivation.stage.<code>``)."""
        return Message(f"{STAGE_CODE}.{self.code}")


STAGES: tuple[Stage, ...] = (
    Stage("new_products", 0),
    Stage("new_process", 21),
    Stage("samples", 21),
    Stage("call", 14),
    Stage("visit", 21),
    Stage("keep_trying", 30),
)

#: Likely rejections with a prepared answer, by the loss reason of seed 003 (the answer's code is
#: the loss reason): ``competitor``, ``broken_promise``, ``neglected_small``, ``owner_left``,
#: ``market``, ``details``.
ANSWERS: frozenset[str] = frozenset(
    {"competitor", "broken_promise", "neglected_small", "owner_left", "market", "details"}
)
#: Rejections heard whatever the loss reason, answered on every plan.
GENERAL_ANSWERS: tuple[str, ...] = ("happy_with_supplier", "send_catalogue")


def prepared_answers(loss_reason: str) -> list[dict[str, str]]:
    """Likely rejections and prepared answers for a customer lost for ``loss_reason``.

    Each is ``{"code": …}`` as stored on the plan; the adapter words the rejection and the answer
    (``cadence.reactivation.answer.<code>.rejection`` / ``.reply``).
    """
    codes = ((loss_reason,) if loss_reason in ANSWERS else ()) + GENERAL_ANSWERS
    return [{"code": code} for code in codes]


def stage_due(plan: PlanState, index: int) -> dt.date:
    """When the stage at ``index`` is due: its wait after the last attempt (or the plan's start)."""
    base = plan.last_attempt_on or plan.started_on
    return base + dt.timedelta(days=STAGES[index].wait_days if plan.attempts else 0)


def won_back(plan_started_on: dt.date, order_dates: list[dt.date]) -> dt.date | None:
    """The first order placed on or after the plan started: the customer is won back."""
    after = [d for d in order_dates if d >= plan_started_on]
    return min(after) if after else None
