"""Write actions that belong to the web app itself (saved views of the customer list).

Plain functions with keyword-only arguments; the caller owns the transaction.
"""

from __future__ import annotations

from laoke.accounts.models import User
from laoke.web.models import SavedView


def save_view(*, user: User, name: str, querystring: str) -> SavedView:
    """Create or overwrite the user's saved view of that name."""
    view, _created = SavedView.objects.update_or_create(
        user=user, name=name.strip(), defaults={"querystring": querystring.lstrip("?")}
    )
    return view
