"""Dormant-customer reactivation plans (seed 004): post-mortem, prepared answers, staged touches.

"Sales starts at the fifth rejection": the plan counts attempts and rejections, and each stage
waits a few weeks after the previous attempt.
"""

# ruff: noqa: E501 — bilingual text tables read better one entry per line.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from laoke.core.cadence.model import PlanState


@dataclass(frozen=True)
class Stage:
    """One touch of the staged series."""

    code: str
    title_en: str
    title_zh: str
    wait_days: int  # after the previous attempt (or the plan's start)


STAGES: tuple[Stage, ...] = (
    Stage("new_products", "introduce new products", "介绍新产品", 0),
    Stage("new_process", "present a new process or technology", "介绍新工艺或新技术", 21),
    Stage("samples", "offer free samples", "提供免费样品", 21),
    Stage("call", "call the decision maker", "致电决策人", 14),
    Stage("visit", "propose a visit or a meeting", "提议拜访或会面", 21),
    Stage("keep_trying", "try again with news from the market", "带着市场新动态再次联系", 30),
)

#: Why customers came to us (004).
CAME_FOR = {
    "price": ("price", "价格"),
    "quality": ("quality", "质量"),
    "rapport": ("the boss's rapport", "老板关系"),
    "service": ("service", "服务"),
    "lead_time": ("lead time", "交期"),
}

#: Likely rejections and prepared answers, by the loss reason of seed 003.
ANSWERS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "competitor": (
        ("Your price is higher than our current supplier.", "你们的价格比现在的供应商高。",
         "Compare total cost: our quality record, lead time and a trial lot at the matched price.",
         "比较综合成本：我们的质量记录、交期，并以对方价格提供试单。"),
    ),
    "broken_promise": (
        ("You did not keep your promise last time.", "上次你们没有兑现承诺。",
         "Acknowledge it, settle the old promise first, and put the new terms in writing.",
         "承认问题，先兑现旧承诺，新条款写进合同。"),
    ),
    "neglected_small": (
        ("You never had time for us.", "你们从来不重视我们。",
         "Name one person and a monthly contact; small orders get the same service.",
         "指定专人，每月联系；小单同样服务。"),
    ),
    "owner_left": (
        ("We worked with your former colleague, not with the company.", "我们是和你们前同事合作，不是和公司。",
         "Introduce the new owner in person and keep the prices and terms they knew.",
         "新负责人当面介绍自己，保持原有价格与条款。"),
    ),
    "market": (
        ("Our market is weak; we are not buying.", "我们市场不好，暂时不采购。",
         "Offer smaller lots, stock support and products for the segments still growing.",
         "提供小批量、备货支持，以及仍在增长的细分市场产品。"),
    ),
    "details": (
        ("Your deliveries were late and the quality varied.", "你们交期延误，质量不稳定。",
         "Show what changed (process, inspection, reports) and offer a guaranteed trial order.",
         "展示改进（工艺、检验、报告），提供有保障的试单。"),
    ),
}  # fmt: skip
GENERAL_ANSWERS: tuple[tuple[str, str, str, str], ...] = (
    (
        "We are happy with our current supplier.",
        "我们对现在的供应商很满意。",
        "Ask to be the second source: a small trial keeps their supply safe.",
        "争取成为第二供应商：小批量试单可以保障他们的供应安全。",
    ),
    (
        "Send us your catalogue, we will contact you.",
        "发目录给我们，有需要会联系你。",
        "Send it with one product chosen for them and a date to call back.",
        "附上为他们挑选的一款产品，并约定回电时间。",
    ),
)


def prepared_answers(loss_reason: str) -> list[dict[str, str]]:
    """Likely rejections and prepared answers for a customer lost for ``loss_reason``."""
    rows = ANSWERS.get(loss_reason, ()) + GENERAL_ANSWERS
    return [
        {"rejection_en": r_en, "rejection_zh": r_zh, "answer_en": a_en, "answer_zh": a_zh}
        for r_en, r_zh, a_en, a_zh in rows
    ]


def stage_due(plan: PlanState, index: int) -> dt.date:
    """When the stage at ``index`` is due: its wait after the last attempt (or the plan's start)."""
    base = plan.last_attempt_on or plan.started_on
    return base + dt.timedelta(days=STAGES[index].wait_days if plan.attempts else 0)


def won_back(plan_started_on: dt.date, order_dates: list[dt.date]) -> dt.date | None:
    """The first order placed on or after the plan started: the customer is won back."""
    after = [d for d in order_dates if d >= plan_started_on]
    return min(after) if after else None
