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

#: The year-end review's proposals (laoke.core.scorecard.review.PROPOSALS).
PROPOSALS = {
    "promote": _("Promote to (or keep as) key customer."),
    "running_in": _("Still running in: keep working on the relationship."),
    "drop": _("Chicken rib: drop or serve at minimum cost."),
}


def proposal_text(code: Any) -> str:
    """A proposal of the year-end review in the reader's language (an unknown code as written)."""
    return str(PROPOSALS.get(str(code), code or ""))
