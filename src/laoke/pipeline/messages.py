"""The words of the portrait and pipeline core's messages, rendered at display time.

The core names things with codes (:mod:`laoke.core.messages`): a portrait dimension is
``portrait.dimension.<key>`` (:attr:`laoke.core.portrait.dimensions.Dimension.label`), an
inquiry far from the target portrait is warned with ``portrait.lookalike.off_profile`` (stored in
``Prospect.lookalike["warning"]`` as ``[{"code", "params"}]``) and a refused board move is
``portrait.pipeline.move.<why>``. This module words them in the reader's language (gettext,
catalogue ``pipeline``) with localised figures (:mod:`laoke.platform.messages`).

Inquiries scored before the codes carry their warning as sentences (``warning_en``/``warning_zh``):
they are shown as stored until the next score replaces them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from laoke.core.messages import Message
from laoke.core.portrait.dimensions import BY_KEY
from laoke.platform.messages import (
    Catalogue,
    Wording,
    join_sentences,
    percent,
    render,
    shown,
    stored_messages,
)

#: The portrait dimensions (laoke.core.portrait.dimensions.DIMENSIONS) as the reader calls them.
DIMENSION_LABELS: dict[str, Any] = {
    "channel": _("distributor or end user"),
    "brand": _("brand owner or brand user"),
    "headcount": _("headcount"),
    "turnover": _("yearly turnover"),
    "volume": _("yearly purchases from us"),
    "payment_terms": _("payment terms"),
    "delivery_sensitivity": _("delivery-time sensitivity"),
    "product_line": _("product line"),
    "attributes": _("product attributes they care about"),
    "new_products": _("responsiveness to new products"),
    "punctuality": _("payment punctuality (days late)"),
    "loyalty": _("loyalty"),
}

CATALOGUE: Catalogue = {
    **{f"portrait.dimension.{key}": Wording(text) for key, text in DIMENSION_LABELS.items()},
    "portrait.lookalike.off_profile": Wording(
        _(
            "Far from the target profile (fit %(fit)s) although the volume is large: "
            "a large order from a customer unlike the best ones can be worth less."
        ),
        {"fit": percent},
    ),
    "portrait.pipeline.move.unknown_stage": Wording(_("Unknown stage “%(stage)s”.")),
    "portrait.pipeline.move.already_won": Wording(_("A won target is already a customer.")),
    "portrait.pipeline.move.same_stage": Wording(_("The prospect is already there.")),
    "portrait.pipeline.move.reason_needed": Wording(_("Say why the prospect is dropped.")),
    "portrait.pipeline.move.customer_taken": Wording(
        _("%(customer)s is already linked to another prospect.")
    ),
}


def text(message: Message) -> str:
    """One message of the portrait core in the reader's language (the code itself if unknown)."""
    return render(message, CATALOGUE) or message.code


def dimension_label(key: str) -> str:
    """A portrait dimension's name in the reader's language; an unknown key shows as it is."""
    dim = BY_KEY.get(key)
    return text(dim.label) if dim is not None else key


def warning(details: Mapping[str, Any]) -> str:
    """The look-alike warning stored with an inquiry's score, in the reader's language.

    Scores stored since the codes keep ``warning`` (messages); older ones their sentences
    (``warning_en``/``warning_zh``), shown in the reader's language when stored in it.
    """
    worded = join_sentences(render(m, CATALOGUE) for m in stored_messages(details.get("warning")))
    if worded:
        return worded
    return shown(None, str(details.get("warning_en") or ""), str(details.get("warning_zh") or ""))
