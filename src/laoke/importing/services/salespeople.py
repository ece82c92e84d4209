"""Salespeople named in an import file who match no user: list them, tie them to users.

A manager ties each unknown name to an existing user (remembered as a
:class:`laoke.importing.models.SalespersonName`, so next month's file needs no question) or has a
salesperson account created for it. A created account is active, has the salesperson role and
no usable password: nobody can log in with it until a manager gives it a temporary password, and
meanwhile it owns the customers the file gives it. Every tie and every account is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.importing.models import SalespersonName
from laoke.importing.services.lookups import resolve_users


def unmatched_salespeople(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """The names of ``counts`` (name → rows) that match no user, most rows first."""
    found = resolve_users(counts)
    return sorted(
        ((n, c) for n, c in counts.items() if n and n not in found), key=lambda item: (-item[1], item[0])
    )


def _free_username(name: str) -> str:
    users = get_user_model()._default_manager
    base = "".join(ch for ch in name.strip() if ch.isalnum() or ch in "._-") or "salesperson"
    base = base[:140]
    candidate, n = base, 1
    while users.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def create_salesperson(name: str, *, by: Any) -> Any:
    """A salesperson account for ``name`` as written in a file (no usable password yet, in the team of
    the manager who asked for it); audited."""
    user = get_user_model()(
        username=_free_username(name),
        first_name=name.strip()[:150],
        role="salesperson",
        team_id=getattr(by, "team_id", None),
    )
    user.set_unusable_password()
    user.save()
    tie_name(name, user, by=by, created=True)
    return user


def tie_name(name: str, user: Any, *, by: Any, created: bool = False) -> None:
    """Remember that ``name`` in import files means ``user``; audited."""
    SalespersonName.objects.update_or_create(name=name.strip()[:150], defaults={"user": user})
    record(
        by,
        AuditAction.COMPANY_SETUP,
        target=f"salesperson name {name}"[:300],
        detail={"name": name, "user": user.get_username(), "account_created": created},
    )


def settle_salespeople(
    *, ties: Mapping[str, Any] | None = None, create: Iterable[str] = (), by: Any
) -> dict[str, Any]:
    """Tie names to existing users and create accounts for the others; return name → user."""
    result: dict[str, Any] = {}
    for name, user in (ties or {}).items():
        tie_name(name, user, by=by)
        result[name] = user
    for name in create:
        if name not in result:
            result[name] = create_salesperson(name, by=by)
    return result


def salesperson_counts(values: Iterable[str | None]) -> dict[str, int]:
    """Rows per salesperson name (names trimmed, blanks left out)."""
    counts: dict[str, int] = {}
    for value in values:
        name = (value or "").strip()
        if name:
            counts[name] = counts.get(name, 0) + 1
    return counts


#: Unknown salesperson names named in one warning.
NAMES_LISTED = 20


def names_with_rows(names: list[tuple[str, int]], *, lang: str) -> str:
    """``张伟 (3 rows), Li Na (1 row)`` in ``lang``, the first :data:`NAMES_LISTED` of them."""
    with translation.override(lang):
        parts = [
            translation.ngettext("%(name)s (%(count)d row)", "%(name)s (%(count)d rows)", count)
            % {"name": name, "count": count}
            for name, count in names[:NAMES_LISTED]
        ]
        more = len(names) - NAMES_LISTED
        text = ("、" if lang.lower().startswith("zh") else ", ").join(parts)
        if more > 0:
            text += " " + _("and %(count)d more") % {"count": more}
        return text


def unknown_salespeople_warnings(values: Iterable[str | None], *, lang: str) -> list[str]:
    """A warning in ``lang`` naming the salespeople of the lines that match no user, with row counts."""
    unknown = unmatched_salespeople(salesperson_counts(values))
    if not unknown:
        return []
    with translation.override(lang):
        return [
            _("Salespeople who match no user (owner left blank): %(names)s")
            % {"names": names_with_rows(unknown, lang=lang)}
        ]
