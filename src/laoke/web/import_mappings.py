"""The import page's extra steps: saved column mappings, salespeople the file names, notes on the result.

After the columns are mapped, the manager may save the mapping under a name; the next upload with
the same headers gets it applied (or the manager picks one from the list). Salesperson names of an
order file that match no user are listed with their row counts; each is tied to a user or gets a
salesperson account (see :mod:`laoke.importing.services.salespeople`) before the import runs.
The result lists the import's warnings and the customers that may be duplicates
(:mod:`laoke.importing.services.duplicates`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _

from laoke.customers.permissions import is_current, may_assign_owner
from laoke.customers.visibility import visible_customers
from laoke.fileio.headers import ORDER_HEADERS, detect_mapping
from laoke.fileio.readers import read_table
from laoke.importing.models import ImportBatch, SavedMapping
from laoke.importing.services.duplicates import batch_customers, possible_duplicates
from laoke.importing.services.flow import Upload, field_choices
from laoke.importing.services.mappings import (
    find_saved_mapping,
    mapping_for_columns,
    save_mapping,
    saved_mappings,
)
from laoke.importing.services.salespeople import salesperson_counts, settle_salespeople, unmatched_salespeople

#: Value of a salesperson's select that creates an account for the name.
CREATE = "new"
#: Unknown salesperson names offered at once (the rest keep a blank owner until the next file).
NAMES_SHOWN = 50


def file_columns(upload: Upload) -> list[str]:
    """The headers of the kept file."""
    return read_table(upload.path, name=upload.name).columns


def _usable(upload: Upload, saved: SavedMapping | None) -> dict[str, str] | None:
    """``saved`` as column → field for the kept file, fields this version does not know dropped."""
    if saved is None:
        return None
    allowed = set(field_choices(upload.kind)) | {"-"}
    return {c: f for c, f in mapping_for_columns(saved, file_columns(upload)).items() if f in allowed}


def saved_for_upload(upload: Upload) -> tuple[SavedMapping | None, dict[str, str] | None]:
    """The saved mapping made for a file with these headers, and it as column → field."""
    saved = find_saved_mapping(kind=upload.kind, columns=file_columns(upload))
    return saved, _usable(upload, saved)


def chosen_mapping(upload: Upload, saved_id: str) -> tuple[SavedMapping | None, dict[str, str] | None]:
    """The saved mapping the manager picked from the list, as column → field for this file."""
    saved = SavedMapping.objects.filter(kind=upload.kind, pk=saved_id).first() if saved_id.isdigit() else None
    return saved, _usable(upload, saved)


def _owner_choices(user: Any) -> list[tuple[int, str]]:
    people = (
        get_user_model()._default_manager.filter(is_active=True, left_on__isnull=True).order_by("username")
    )
    return [(p.pk, p.get_full_name() or p.get_username()) for p in people if may_assign_owner(user, None, p)]


def unknown_salespeople(upload: Upload, mapping: dict[str, str] | None) -> list[tuple[str, int]]:
    """Salesperson names of an order file that match no user, with their row counts."""
    if upload.kind != "orders":
        return []
    table = read_table(upload.path, name=upload.name)
    column = detect_mapping(table.columns, ORDER_HEADERS, mapping).get("salesperson")
    if column is None:
        return []
    return unmatched_salespeople(salesperson_counts(table.frame[column].to_list()))[:NAMES_SHOWN]


def options_context(
    upload: Upload, mapping: dict[str, str] | None, user: Any, applied: SavedMapping | None = None
) -> dict[str, Any]:
    """What the preview shows besides the columns: saved mappings, the one applied, unknown names."""
    unknown = unknown_salespeople(upload, mapping)
    return {
        "saved_mappings": saved_mappings(upload.kind),
        "applied_mapping": applied,
        "unknown_salespeople": [{"index": i, "name": n, "rows": c} for i, (n, c) in enumerate(unknown)],
        "owner_choices": _owner_choices(user) if unknown else [],
        "create_choice": CREATE,
    }


def apply_options(request: HttpRequest, upload: Upload, mapping: dict[str, str], user: Any) -> list[str]:
    """Save the mapping if a name was given and settle the salespeople; return what was done."""
    done: list[str] = []
    name = request.POST.get("save_mapping_as", "").strip()
    if name:
        columns = list(mapping)
        save_mapping(name=name, kind=upload.kind, columns=columns, mapping=mapping, user=user)
        done.append(_("Saved the mapping “%(name)s”.") % {"name": name[:100]})
    allowed = {str(pk) for pk, _label in _owner_choices(user)}
    people = get_user_model()._default_manager.in_bulk([int(pk) for pk in allowed])
    ties: dict[str, Any] = {}
    create: list[str] = []
    for i in range(NAMES_SHOWN):
        person = request.POST.get(f"sp_name{i}")
        if person is None:
            break
        choice = request.POST.get(f"sp{i}", "")
        if choice == CREATE:
            create.append(person)
        elif choice in allowed and is_current(people.get(int(choice))):
            ties[person] = people[int(choice)]
    settled = settle_salespeople(ties=ties, create=create, by=user)
    if settled:
        done.append(
            _("Salespeople assigned: %(names)s.")
            % {
                "names": ", ".join(
                    f"{n} → {u.get_full_name() or u.get_username()}" for n, u in settled.items()
                )
            }
        )
    return done


def result_notes(batch: ImportBatch, user: Any) -> dict[str, Any]:
    """What the result of an import adds below its counts: its warnings (unknown countries,
    salespeople) and the customers it brought that may be ones already known under another code."""
    pairs = []
    if batch.status == ImportBatch.Status.DONE and batch.kind == ImportBatch.Kind.ORDERS:
        visible = visible_customers(user)
        pairs = possible_duplicates(visible.filter(pk__in=batch_customers(batch.pk).values("pk")), visible)
    return {"warnings": list((batch.report or {}).get("warnings", [])), "duplicates": pairs}
