"""The words of the tasks the retention app writes itself (a complaint, an agreed follow-up).

Stored as message codes (``retention.task.*``) in ``Task.title_msg``/``why_msg`` and worded when
shown, in the reader's language. :data:`TASK_MESSAGES` is registered in
:meth:`laoke.retention.apps.RetentionConfig.ready`. A personal task keeps the text its author typed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from laoke.platform.messages import Catalogue, Wording, date


def interaction_kind(code: Any) -> str:
    """A kind of touch (``InteractionKindChoices``) as it reads inside a sentence.

    English lower-cases a common noun ("call"), never a name ("WhatsApp"); Chinese is as labelled.
    """
    from laoke.interactions.models import InteractionKindChoices

    label = str(dict(InteractionKindChoices.choices).get(str(code), code))
    if (get_language() or "").lower().startswith("zh") or any(c.isupper() for c in label[1:]):
        return label
    return label[:1].lower() + label[1:]


TASK_MESSAGES: Catalogue = {
    "retention.task.complaint.title": Wording(_("Resolve the complaint: %(subject)s")),
    "retention.task.complaint.title.no_subject": Wording(_("Resolve the complaint")),
    "retention.task.complaint.why": Wording(
        _("An open complaint puts the customer at risk; mark it resolved on the customer page.")
    ),
    "retention.task.follow_up.title": Wording(_("Follow up: %(what)s")),
    "retention.task.follow_up.title.customer": Wording(_("Follow up with %(customer)s")),
    "retention.task.follow_up.why": Wording(
        _("Agreed when logging the %(kind)s of %(day)s."), {"kind": interaction_kind, "day": date}
    ),
}
