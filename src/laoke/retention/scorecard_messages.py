"""The words of the scorecard's lifecycle, year-end review and default treatments.

The core says these as codes (:mod:`laoke.core.scorecard`): a proposal of the year-end review
(``promote``, ``running_in``, ``drop``), why a customer's lifecycle state changed (messages
``scorecard.lifecycle.*`` stored in ``StateChange.reason_msg``) and the treatment a grade or a
matrix rule suggests (``treatment_code``) when the company kept the shipped default. This module
words them in the reader's language (gettext, catalogue ``retention``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from laoke.platform.messages import (
    Catalogue,
    Wording,
    date,
    join_sentences,
    number,
    percent,
    render,
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
