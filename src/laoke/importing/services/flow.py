"""The import page's steps around the importer: keep the upload, preview it, import it, report errors.

The file reading and writing are :mod:`laoke.fileio` and :mod:`laoke.importing.services`; this
module only keeps the uploaded file between the preview and the import (in a private temporary
folder, named by a random token held in the user's session; files left there for more than a day
are swept away at the next upload) and turns errors into a CSV report. Large files are imported
in the background by :mod:`laoke.importing.services.jobs`.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from laoke.company.models import CompanySettings
from laoke.company.repositories import exchange_rates
from laoke.fileio.customers import read_customer_file
from laoke.fileio.export import csv_bytes
from laoke.fileio.headers import CUSTOMER_HEADERS, ORDER_HEADERS
from laoke.fileio.orders import read_order_file
from laoke.importing.models import ImportBatch
from laoke.importing.services.customers import import_customers
from laoke.importing.services.orders import import_orders
from laoke.importing.services.report import ImportReport

Kind = Literal["orders", "customers"]
UPLOAD_DIR = Path(tempfile.gettempdir()) / "laoke-uploads"
SESSION_KEY = "laoke_import_upload"
#: Uploads (and progress files) older than this are deleted when a new file comes in.
STALE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Upload:
    """An uploaded file kept for the import step."""

    token: str
    name: str
    kind: Kind

    @property
    def path(self) -> Path:
        """Where the bytes are kept."""
        return UPLOAD_DIR / self.token

    def as_session(self) -> dict[str, str]:
        """What the session remembers."""
        return {"token": self.token, "name": self.name, "kind": self.kind}


def sweep_stale_uploads(max_age: float = STALE_SECONDS) -> int:
    """Delete the files of the upload folder older than ``max_age`` seconds; return how many."""
    cutoff = time.time() - max_age
    removed = 0
    for path in UPLOAD_DIR.glob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another request removed it first
            continue
    return removed


def keep_upload(file: UploadedFile, kind: Kind) -> Upload:
    """Store the uploaded file under a fresh random token (and sweep away stale uploads)."""
    UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    sweep_stale_uploads()
    upload = Upload(secrets.token_hex(16), Path(file.name or "upload").name, kind)
    with upload.path.open("wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    return upload


def upload_from_session(session: Any) -> Upload | None:
    """The user's pending upload, if its file is still there."""
    raw = session.get(SESSION_KEY)
    if not isinstance(raw, dict) or not str(raw.get("token", "")).isalnum():
        return None
    upload = Upload(
        raw["token"], raw.get("name", ""), "customers" if raw.get("kind") == "customers" else "orders"
    )
    return upload if upload.path.exists() else None


def field_choices(kind: Kind) -> list[str]:
    """The fields a column can be mapped to, for the kind of file."""
    return list(ORDER_HEADERS if kind == "orders" else CUSTOMER_HEADERS)


def run_import(
    upload: Upload,
    *,
    mapping: dict[str, str],
    partial: bool,
    user: Any,
    lang: str,
    batch: ImportBatch | None = None,
    on_read: Callable[[int], None] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportReport:
    """Read the kept file with the user's mapping and import it (all-or-nothing unless ``partial``).

    The file is read and checked before the write transaction opens, so the database's writer lock
    (SQLite) is held only while rows are written. ``batch`` is an ImportBatch made beforehand (the
    background import's), ``on_read`` is called with the number of rows once the file is read,
    ``progress`` while rows are written. Raises :class:`laoke.fileio.errors.FileReadError` when the
    file cannot be read at all.
    """
    data = upload.path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if upload.kind == "customers":
        result: Any = read_customer_file(io.BytesIO(data), mapping=mapping, name=upload.name)
    else:
        home = CompanySettings.load().home_currency
        result = read_order_file(
            io.BytesIO(data), mapping=mapping, name=upload.name, rates=exchange_rates(), home_currency=home
        )
    if on_read is not None:
        on_read(result.rows_total)
    service = import_customers if upload.kind == "customers" else import_orders
    with transaction.atomic():
        return service(
            result=result,
            user=user,
            partial=partial,
            file_name=upload.name,
            file_sha256=sha,
            lang=lang,
            batch=batch,
            progress=progress,
        )


def error_report_csv(batch: ImportBatch) -> bytes:
    """The rejected rows of an import as CSV (UTF-8 with BOM for Excel): row, column, reason.

    The column names come from the uploaded file: the safe writer neutralises one called ``=1+2``.
    """
    errors = (batch.report or {}).get("errors", [])
    rows = ([e.get("row", ""), e.get("column", ""), e.get("message", "")] for e in errors)
    return csv_bytes(["row", "column", "reason"], rows)
