"""The words of the tasks the pipeline writes (a possible clash, a target's follow-up).

Stored as message codes (``pipeline.task.*``) in ``Task.title_msg``/``why_msg`` and worded when
shown, in the reader's language. :data:`TASK_MESSAGES` is registered in
:meth:`laoke.pipeline.apps.PipelineConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from laoke.platform.messages import Catalogue, Wording, date, listed

#: The keys on which an inquiry matched a record, as they read inside a sentence.
MATCHED_BY = {
    "email": _("the same e-mail address"),
    "domain": _("the same e-mail domain"),
    "name": _("the same company name"),
}


def matched_by(value: Any) -> str:
    """Matching keys stored comma-separated (``email,name``), listed in the reader's language."""
    words = [str(MATCHED_BY[k]) for k in str(value or "").split(",") if k in MATCHED_BY]
    return listed(words)


TASK_MESSAGES: Catalogue = {
    "pipeline.task.clash.title.customer": Wording(
        _("Possible clash: %(who)s recorded an inquiry like your customer %(name)s")
    ),
    "pipeline.task.clash.title.prospect": Wording(
        _("Possible clash: %(who)s recorded an inquiry like your inquiry %(name)s")
    ),
    "pipeline.task.clash.why": Wording(
        _("The inquiry has %(keys)s. Agree with %(who)s who follows this buyer."), {"keys": matched_by}
    ),
    "pipeline.task.target.title": Wording(_("Follow up target %(name)s (%(tier)s)")),
    "pipeline.task.target.why.A": Wording(
        _("A target since %(since)s: a follow-up every week, to win within 3 months (by %(win_by)s)."),
        {"since": date, "win_by": date},
    ),
    "pipeline.task.target.why.B": Wording(
        _("B target since %(since)s: a follow-up every two weeks, to win within 6 months (by %(win_by)s)."),
        {"since": date, "win_by": date},
    ),
    "pipeline.task.target.why.C": Wording(
        _("C target since %(since)s: a follow-up every month, to win within a year (by %(win_by)s)."),
        {"since": date, "win_by": date},
    ),
}
