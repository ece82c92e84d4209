"""Import page: upload a CSV/XLSX, check the detected column mapping, import, download the errors.

Large files are imported in the background (:mod:`laoke.importing.services.jobs`); their batch page shows
a progress bar that htmx refreshes until the result is there.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user, manager_required
from laoke.fileio.errors import FileReadError, field_label
from laoke.fileio.preview import preview_file
from laoke.importing.models import ImportBatch
from laoke.importing.permissions import visible_import_batches
from laoke.importing.services.flow import (
    SESSION_KEY,
    Kind,
    Upload,
    error_report_csv,
    field_choices,
    keep_upload,
    run_import,
    upload_from_session,
)
from laoke.importing.services.jobs import PROCESS_GONE, current_progress, runs_in_background, start_import
from laoke.jobs.listing import recent_score_job
from laoke.jobs.services import queue_job
from laoke.web.import_mappings import (
    apply_options,
    chosen_mapping,
    options_context,
    result_notes,
    saved_for_upload,
)
from laoke.web.import_rates import failed_import_context

IGNORE = "-"
RECENT_BATCHES = 10
ERRORS_SHOWN = 50


def _lang() -> str:
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


def _page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    context: dict[str, Any] = {
        "nav": "import",
        "batches": visible_import_batches(current_user(request), ImportBatch.objects.select_related("user"))[
            :RECENT_BATCHES
        ],
        **extra,
    }
    return render(request, "web/import.html", context, status=status)


def _preview_context(upload: Upload, mapping: dict[str, str] | None = None) -> dict[str, Any]:
    lang = _lang()
    preview = preview_file(upload.path, kind=upload.kind, mapping=mapping, name=upload.name)
    chosen = preview.column_fields
    choices = [(f, field_label(f, lang)) for f in field_choices(upload.kind)]
    columns = [
        {
            "index": i,
            "name": c,
            "field": chosen.get(c, IGNORE),
            "samples": [row.get(c) for row in preview.sample[:3]],
        }
        for i, c in enumerate(preview.columns)
    ]
    return {
        "upload": upload,
        "preview": preview,
        "columns": columns,
        "choices": choices,
        "missing": [field_label(f, lang) for f in preview.missing_required],
    }


@manager_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload form (GET); a POSTed file is kept and its mapping and first rows are shown."""
    if request.method != "POST":
        return _page(request)
    file = request.FILES.get("file")
    kind: Kind = "customers" if request.POST.get("kind") == "customers" else "orders"
    if file is None:
        return _page(request, status=400, upload_error=_("Choose a CSV or Excel file."))
    upload = keep_upload(file, kind)
    try:
        saved, mapping = saved_for_upload(upload)
        context = _preview_context(upload, mapping)
    except FileReadError as exc:
        upload.path.unlink(missing_ok=True)
        return _page(request, status=400, upload_error=exc.message(_lang()))
    request.session[SESSION_KEY] = upload.as_session()
    return _page(request, **context, **options_context(upload, mapping, current_user(request), saved))


@manager_required
@require_POST
def import_apply_mapping(request: HttpRequest) -> HttpResponse:
    """Show the kept file's preview again with the saved mapping the manager picked."""
    upload = upload_from_session(request.session)
    if upload is None:
        return _page(request, status=400, upload_error=_("The uploaded file has expired; upload it again."))
    saved, mapping = chosen_mapping(upload, request.POST.get("saved", ""))
    context = _preview_context(upload, mapping)
    return _page(request, **context, **options_context(upload, mapping, current_user(request), saved))


def _posted_mapping(request: HttpRequest, upload: Upload) -> tuple[dict[str, str], str | None]:
    columns = preview_file(upload.path, kind=upload.kind, name=upload.name, sample_rows=0).columns
    allowed = set(field_choices(upload.kind))
    mapping: dict[str, str] = {}
    for i, column in enumerate(columns):
        value = request.POST.get(f"map{i}", IGNORE)
        mapping[column] = value if value in allowed else IGNORE
    used = [f for f in mapping.values() if f != IGNORE]
    twice = sorted({f for f in used if used.count(f) > 1})
    if twice:
        names = ", ".join(field_label(f, _lang()) for f in twice)
        return mapping, _("Each field can come from one column only: %(fields)s.") % {"fields": names}
    return mapping, None


@manager_required
@require_POST
def import_run(request: HttpRequest) -> HttpResponse:
    """Import the kept file with the chosen mapping; show what was imported or why nothing was."""
    upload = upload_from_session(request.session)
    if upload is None:
        return _page(request, status=400, upload_error=_("The uploaded file has expired; upload it again."))
    mapping, problem = _posted_mapping(request, upload)
    if problem:
        options = options_context(upload, mapping, current_user(request))
        return _page(
            request, status=400, mapping_error=problem, **_preview_context(upload, mapping), **options
        )
    for done in apply_options(request, upload, mapping, current_user(request)):
        messages.success(request, done)
    partial = request.POST.get("partial") == "on"
    if runs_in_background(upload):
        batch = start_import(
            upload, mapping=mapping, partial=partial, user=current_user(request), lang=_lang()
        )
        return redirect("import_batch", batch_id=batch.pk)
    try:
        report = run_import(
            upload, mapping=mapping, partial=partial, user=current_user(request), lang=_lang()
        )
    except FileReadError as exc:
        return _page(
            request, status=400, mapping_error=exc.message(_lang()), **_preview_context(upload, mapping)
        )
    if report.written:
        upload.path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        queue_job("score", user=current_user(request))  # as the background import does
    if report.batch_id is None:
        return redirect("import")
    return redirect("import_batch", batch_id=report.batch_id)


def _own_batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    """The batch, if the user may open it (``visible_import_batches``: their own, a team manager their
    team's, company level all); 404 otherwise. Its errors file follows the batch."""
    user = current_user(request)
    return get_object_or_404(
        visible_import_batches(user, ImportBatch.objects.select_related("user")), pk=batch_id
    )


@login_required
def import_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The result of one import (counts, first errors, error report), or its progress while it runs."""
    batch = _own_batch(request, batch_id)
    progress = current_progress(batch)
    if progress is not None:
        return _page(request, running=batch, progress=progress)
    report = batch.report or {}
    errors = report.get("errors", [])
    upload = upload_from_session(request.session)
    return _page(
        request,
        batch=batch,
        report=report,
        errors=errors[:ERRORS_SHOWN],
        more_errors=max(0, int(report.get("error_count", len(errors))) - ERRORS_SHOWN),
        retry=upload if batch.status == ImportBatch.Status.FAILED else None,
        process_gone=PROCESS_GONE,
        # The re-score the import started: how it goes, and what it found (a book that is history).
        score_job=recent_score_job(),
        **failed_import_context(batch, upload),
        **result_notes(batch, current_user(request)),
    )


@login_required
def import_progress(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The progress bar of a running import (htmx polls it); once finished, send the page to the result."""
    batch = _own_batch(request, batch_id)
    progress = current_progress(batch)
    if progress is None:
        url = reverse("import_batch", args=[batch.pk])
        label = _("Show the result")
        response = HttpResponse(f'<a href="{url}">{escape(label)}</a>')
        response["HX-Redirect"] = url
        return response
    return render(request, "web/import/_progress.html", {"running": batch, "progress": progress})


@login_required
def import_errors(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The rejected rows of an import as a CSV file (row, column, reason)."""
    batch = _own_batch(request, batch_id)
    response = HttpResponse(error_report_csv(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-errors.csv"'
    return response
