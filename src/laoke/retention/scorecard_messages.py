"""The words of the scorecard's lifecycle, year-end review and default treatments.

The core says these as codes (:mod:`laoke.core.scorecard`): a proposal of the year-end review
(``promote``, ``running_in``, ``drop``), why a customer's lifecycle state changed (messages
``scorecard.lifecycle.*`` stored in ``StateChange.reason_msg``) and the treatment a grade or a
matrix rule suggests (``treatment_code``) when the company kept the shipped default. This module
words them in the reader's language (gettext, catalogue ``retention``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from laoke.core.messages import Message
from laoke.core.scorecard.policy import Policy, Text, grade_treatment_code
from laoke.platform.messages import (
    Catalogue,
    Wording,
    date,
    join_sentences,
    number,
    percent,
    render,
    shown,
    stored_messages,
)

#: The year-end review's proposals (laoke.core.scorecard.review.PROPOSALS).
PROPOSALS = {
    "promote": _("Promote to (or keep as) key customer."),
    "running_in": _("Still running in: keep working on the relationship."),
    "drop": _("Chicken rib: drop or serve at minimum cost."),
}


def proposal_text(code: Any) -> str:
    """A proposal of the year-end review in the reader's language (an unknown code as written)."""
    return str(PROPOSALS.get(str(code), code or ""))


def loss_reason(code: Any) -> str:
    """A loss reason's code (laoke.core.schema.LOSS_REASONS) in the reader's language."""
    from laoke.retention.models import LossReasonChoices

    labels = dict(LossReasonChoices.choices)
    return str(labels.get(str(code), code))


#: Why a customer is in its lifecycle state (laoke.core.scorecard.lifecycle: ``why``).
LIFECYCLE: Catalogue = {
    "scorecard.lifecycle.lost": Wording(_("Recorded as lost: %(reason)s."), {"reason": loss_reason}),
    "scorecard.lifecycle.lost_unrecorded": Wording(_("Recorded as lost, reason not given.")),
    "scorecard.lifecycle.target": Wording(_("No order yet: a prospect.")),
    "scorecard.lifecycle.dormant": Wording(
        _("No order for %(days)s days, past the %(limit)s days after which it counts as dormant."),
        {"days": number, "limit": number},
    ),
    "scorecard.lifecycle.active": Wording(_("Last order on %(last_order)s."), {"last_order": date}),
    "scorecard.risk.late_vs_rhythm": Wording(
        _("No order for %(days)s days, longer than its usual rhythm of about %(rhythm)s days."),
        {"days": number, "rhythm": number},
    ),
    "scorecard.risk.volume_drop": Wording(
        _("Sales of the last %(months)s months fell %(drop)s against the %(months)s months before."),
        {"drop": percent},
    ),
    "scorecard.risk.broken_promise": Wording(_("A promise or rebate to the customer is overdue.")),
    "scorecard.risk.open_complaint": Wording(_("A complaint has been open too long.")),
    "scorecard.risk.owner_left": Wording(_("The owning salesperson has left.")),
}


def state_change_why(stored: Any, old: str = "") -> str:
    """Why a customer moved, in the reader's language: the stored messages worded, else the old text.

    Rows stored before the messages carry ``reason``: a loss reason's code (worded) or text.
    """
    said = join_sentences(render(m, LIFECYCLE) for m in stored_messages(stored))
    return said or (loss_reason(old) if old else "")


#: The shipped treatments by code (laoke.core.scorecard.policy: the matrix rules' keys and each
#: grade's ``grade_<name>``); a treatment the company typed is shown as typed.
TREATMENTS = {
    "study_habits": _("Profitable and pays well but not loyal: study their buying and decision habits."),
    "cut_cost": _("Low profit and risky payment: cut effort and cost, ask for safer terms."),
    "return_profit": _("High profit: return part of it — discounts during price rises, visits."),
    "nurture_growth": _("Small but growing: nurture the trial orders, offer samples and new products."),
    "raise_margin": _("Large but thin margin: review prices, product mix and cost to serve."),
    "grade_A": _(
        "Key customer: special treatment (volume discounts, samples, longer credit), personal contact."
    ),
    "grade_B": _("Keep the monthly cadence and look for more business with them."),
    "grade_C": _("Standard service; fix the weak dimensions before investing more."),
    "grade_D": _("Minimum effort: low-cost contact only, control the risks."),
    # A dormant or lost customer, whatever its grade (laoke.core.scorecard.policy.STATE_TREATMENTS).
    "state_dormant": _(
        "Stopped buying: follow its win-back plan — find out why, then new products, samples, a visit."
    ),
    "state_lost": _("Lost: record why it left; try to win it back only if its grade is worth the effort."),
}


def treatment_text(code: Any, english: str | None = "", chinese: str | None = "") -> str:
    """A treatment in the reader's language: the company's typed text, else the shipped wording."""
    return shown(None, english or "", chinese or "") or str(TREATMENTS.get(str(code or ""), ""))


#: Why a policy is refused (laoke.core.scorecard.policy.POLICY_ERRORS), next to the field it names.
POLICY_ERRORS: Catalogue = {
    "scorecard.policy.not_in_0_100": Wording(_("Must be between 0 and 100.")),
    "scorecard.policy.names_count": Wording(
        _("Give exactly one more name than boundaries (%(boundaries)s boundaries, %(names)s names).")
    ),
    "scorecard.policy.names_distinct": Wording(_("Names must be distinct.")),
    "scorecard.policy.descending": Wording(_("Boundaries must be strictly descending.")),
    "scorecard.policy.unknown_dimension": Wording(_("“%(value)s” is not a dimension of the scorecard.")),
    "scorecard.policy.negative": Wording(_("Must not be negative.")),
    "scorecard.policy.no_positive_weight": Wording(_("At least one weight must be positive.")),
    "scorecard.policy.one_label_per_level": Wording(_("Give one Chinese label per level name.")),
    "scorecard.policy.at_least_1": Wording(_("Must be at least 1.")),
    "scorecard.policy.low_high_order": Wording(_("Need 0 ≤ low ≤ high ≤ 100.")),
    "scorecard.policy.must_exceed": Wording(_("Must be greater than %(other)s.")),
    "scorecard.policy.in_0_1": Wording(_("Must be between 0 and 1.")),
    "scorecard.policy.in_open_0_1": Wording(_("Must be between 0 and 1 (exclusive).")),
    "scorecard.policy.positive": Wording(_("Must be greater than 0.")),
    "scorecard.policy.not_negative": Wording(_("Must not be negative.")),
    "scorecard.policy.high_or_low": Wording(_("A condition is “high” or “low”.")),
    "scorecard.policy.not_a_grade": Wording(_("“%(grade)s” is not one of the grade names.")),
    "scorecard.policy.toml_invalid": Wording(_("This is not valid TOML: %(detail)s")),
    "scorecard.policy.expected_number": Wording(_("Enter a number, not %(value)s.")),
    "scorecard.policy.expected_integer": Wording(_("Enter a whole number, not %(value)s.")),
    "scorecard.policy.expected_string": Wording(_("Enter a text, not %(value)s.")),
    "scorecard.policy.expected_list": Wording(_("Enter a list in square brackets.")),
    "scorecard.policy.expected_table": Wording(_("Enter a table of fields.")),
    "scorecard.policy.expected_rules": Wording(_("Enter the rules as [[treatments]] tables.")),
    "scorecard.policy.unknown_field": Wording(_("Unknown field; the known ones are: %(expected)s")),
}


def policy_error_text(code: str, params: Mapping[str, Any]) -> str:
    """Why a policy is refused, in the reader's language."""
    return render(Message(code, dict(params)), POLICY_ERRORS)


def shipped_texts_as_codes(policy: Policy) -> Policy:
    """``policy`` with treatment texts that are the shipped wording emptied (worded from the code).

    Policies saved before the treatments became codes carry the shipped sentences as if the
    company had typed them; read back, they follow the catalogue again (and a new language).
    """

    def plain(code: str, text: Text) -> Text:
        if not text.typed or code not in TREATMENTS:
            return text
        with override("en"):
            english = str(TREATMENTS[code])
        with override("zh-hans"):
            chinese = str(TREATMENTS[code])
        return Text() if (text.en, text.zh) == (english, chinese) else text

    return dataclasses.replace(
        policy,
        grade_treatments={g: plain(grade_treatment_code(g), t) for g, t in policy.grade_treatments.items()},
        treatments=tuple(dataclasses.replace(r, text=plain(r.key, r.text)) for r in policy.treatments),
    )
