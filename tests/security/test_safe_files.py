"""Every file Laoke writes for a user (each download, each command's output file) holds no formula
and no text cell that a spreadsheet would run: customer names, owners, notes and the column names of
an uploaded file that look like formulas come out neutralised (an apostrophe in front).

The downloads are found in the URL resolver (names or routes that look like a file), so a new
download fails :func:`test_every_download_route_is_checked` until it is added to ``DOWNLOADS``.
The checks read the files as a spreadsheet program would: the XML of every worksheet of an .xlsx
(a ``<f>`` element is a formula; strings are looked up in the shared-string table) and every cell
of a CSV (header included). They do not use Laoke's own ``safe_cell``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from laoke.accounts.models import RoleChoices, User
from laoke.cadence.services.calendar import feed_token
from laoke.importing.models import ImportBatch
from laoke.jobs.models import Job
from tests.web import factories as f

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "=1+2",
    "@SUM(1)",
    "+1",
    "-1+1",
    "-12",
    "\uff1d1+2",  # full-width equals sign
    "\t=1+2",
    "  =1+2",
]
#: A cell starting with one of these (after any leading blanks) is read as a formula.
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: In a CSV a plain (negative) number such as -12.5 is a number, not a formula.
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# -- reading files as a spreadsheet program would ---------------------------------------------------


def runs_as_formula(text: str) -> bool:
    """True when a spreadsheet would treat this text cell as a formula (no apostrophe in front)."""
    return text.startswith(DANGEROUS_STARTS) or text.lstrip().startswith(DANGEROUS_STARTS)


def xlsx_problems(data: bytes) -> tuple[list[str], list[str]]:
    """(problems, every text cell) of an .xlsx: formula cells and text cells that would run."""
    problems: list[str] = []
    texts: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in root.iter(f"{NS}si")]
        sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets, "no worksheet in the workbook"
        for name in sheets:
            for cell in ElementTree.fromstring(z.read(name)).iter(f"{NS}c"):
                where = f"{name} {cell.get('r')}"
                kind = cell.get("t", "n")
                if cell.find(f"{NS}f") is not None or kind == "str":
                    problems.append(f"{where}: formula")
                    continue
                if kind == "s":
                    value = cell.find(f"{NS}v")
                    text = shared[int(value.text or "0")] if value is not None else ""
                elif kind == "inlineStr":
                    text = "".join(t.text or "" for t in cell.iter(f"{NS}t"))
                else:
                    continue  # a number, a boolean or a date: never run
                texts.append(text)
                if runs_as_formula(text):
                    problems.append(f"{where}: {text!r}")
    return problems, texts


def csv_problems(data: bytes) -> tuple[list[str], list[str]]:
    """(problems, every cell) of a CSV: cells that would run as a formula (plain numbers are fine)."""
    text = data.decode("utf-8-sig")
    problems: list[str] = []
    cells: list[str] = []
    for r, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        for c, cell in enumerate(row, start=1):
            cells.append(cell)
            if runs_as_formula(cell) and not PLAIN_NUMBER.fullmatch(cell):
                problems.append(f"row {r} column {c}: {cell!r}")
    return problems, cells


def assert_safe_spreadsheet(kind: str, data: bytes, *, expect: int) -> None:
    """No formula and no running text; at least ``expect`` payloads are there, neutralised."""
    problems, cells = xlsx_problems(data) if kind == "xlsx" else csv_problems(data)
    assert not problems, "\n".join(problems)
    neutralised = {p for p in PAYLOADS if "'" + p in cells}
    assert len(neutralised) >= expect, f"only {sorted(neutralised)} found neutralised in {cells[:40]}"


# -- hostile data ---------------------------------------------------------------------------------------


@dataclass
class Hostile:
    """The people and the book whose text looks like formulas."""

    manager: User
    seller: User
    year: int


@pytest.fixture
def hostile() -> Hostile:
    """A manager, a salesperson called like a formula, and customers named like formulas with orders."""
    manager = f.user("boss", role=RoleChoices.MANAGER)
    seller = f.user("-1+1", first_name="=1+2")  # a valid login name; a hostile display name
    recent = timezone.localdate() - dt.timedelta(days=30)
    for i, payload in enumerate(PAYLOADS):
        customer = f.customer(payload, code=f"+C{i}", owner=seller, notes="@SUM(1)")
        f.score(customer)
        f.order(customer, recent, amount=str(1000 + i))
        f.order(customer, recent - dt.timedelta(days=365), amount=str(800 + i))
        f.task(customer, manager, timezone.localdate(), title_en=payload, title_zh=payload)
    return Hostile(manager=manager, seller=seller, year=recent.year)


def manager_client(h: Hostile) -> Client:
    """A client logged in as the manager, in English."""
    c = Client()
    c.force_login(h.manager)
    c.cookies["django_language"] = "en"
    return c


def failed_web_import(client: Client) -> int:
    """Upload an order file whose amount column is called ``=1+2``; its bad rows fail the import."""
    text = (
        "客户,日期,=1+2,币种,@SUM(1)\n"
        "ACME,2025-01-05,abc,USD,x\n"
        '"=HYPERLINK(""http://x"",""y"")",2025-01-06,-1+1,USD,y\n'
    )
    upload = client.post(
        reverse("import"), {"file": SimpleUploadedFile("o.csv", text.encode()), "kind": "orders"}
    )
    assert upload.status_code == 200
    mapping = {f"map{c['index']}": c["field"] for c in upload.context["columns"]}
    mapping["map2"] = "amount"
    client.post(reverse("import_run"), mapping)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED and batch.rows_rejected == 2
    return int(batch.pk)


# -- the downloads ----------------------------------------------------------------------------------------

#: Every URL that answers with a file: its kind and how to build it for the hostile book.
#: ``expect``: how many different payloads the file must show (neutralised) for the check to mean something.
#: ics and toml are not spreadsheets (no cells, nothing runs in a calendar or a policy file); they
#: are listed so that the route walk below knows them.
DOWNLOADS: dict[str, tuple[str, int, Callable[[Hostile, Client], str]]] = {
    "customer_export": ("xlsx", len(PAYLOADS), lambda h, c: reverse("customer_export")),
    "customer_export_csv": ("csv", len(PAYLOADS), lambda h, c: reverse("customer_export_csv")),
    "kpi_export": ("xlsx", 1, lambda h, c: reverse("kpi_export")),
    "import_errors": ("csv", 1, lambda h, c: reverse("import_errors", args=[failed_web_import(c)])),
    "cadence_calendar": ("ics", 0, lambda h, c: reverse("cadence_calendar")),
    "cadence_feed": ("ics", 0, lambda h, c: reverse("cadence_feed", args=[feed_token(h.manager)])),
    "policy_download": ("toml", 0, lambda h, c: reverse("policy_download")),
    # The review workbook is written by a worker: the export route queues it, the job page offers it.
    "job_download": ("xlsx", len(PAYLOADS), lambda h, c: review_download(h, c)),
}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "ics": "text/calendar",
    "toml": "application/toml",
}
#: A URL pattern whose name or route says it answers with a file.
FILE_ROUTE = re.compile(r"export|download|errors|feed|calendar|\.(csv|xlsx?|ics|toml|zip|pdf|ods|tsv)$")
#: Routes that match FILE_ROUTE but answer with a page, not a file: the review export queues a job
#: and sends the manager to its page (the file itself is ``job_download``).
NOT_FILES: set[str] = {"year_review_export"}


def review_download(h: Hostile, client: Client) -> str:
    """Ask for the review workbook (a job, run inline here) and return its download address."""
    queued = client.get(reverse("year_review_export", args=[h.year]))
    assert queued.status_code == 302
    job = Job.objects.filter(kind="export").latest("pk")
    assert job.state == Job.State.DONE, job.error_code
    return reverse("job_download", args=[job.pk])


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, str]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield p.name or "", prefix + str(p.pattern)


def test_every_download_route_is_checked() -> None:
    """Each URL pattern that looks like a file download is in DOWNLOADS (so it is opened below)."""
    found = {
        name or route
        for name, route in _walk(get_resolver().url_patterns)
        if FILE_ROUTE.search(name) or FILE_ROUTE.search(route.rstrip("$"))
    }
    assert found - NOT_FILES == set(DOWNLOADS), "add new downloads to DOWNLOADS"


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_download_has_no_formula(hostile: Hostile, name: str) -> None:
    """The download opens as its kind; a spreadsheet holds no formula and shows the payloads as text."""
    kind, expect, build = DOWNLOADS[name]
    client = manager_client(hostile)
    response = client.get(build(hostile, client))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, body[:300]
    assert response["Content-Type"].startswith(CONTENT_TYPES[kind])
    if kind in {"xlsx", "csv"}:
        assert_safe_spreadsheet(kind, body, expect=expect)


# -- the files the commands write ------------------------------------------------------------------------


def test_review_workbook_has_no_formula(hostile: Hostile, tmp_path: Path) -> None:
    """``laoke review --out`` writes customer names and owners as text, amounts as numbers."""
    out = tmp_path / "review.xlsx"
    with translation.override("en"):
        call_command("review", year=hostile.year, out=str(out), stdout=io.StringIO())
    data = out.read_bytes()
    assert_safe_spreadsheet("xlsx", data, expect=len(PAYLOADS))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<c r="E2"[^>]*><v>', sheet), "sales of the year should be a number cell"


def test_partial_import_rejects_file_has_no_formula(db: None, tmp_path: Path) -> None:
    """``laoke import --partial`` writes rejected rows (headers and values from the file) neutralised."""
    source = tmp_path / "orders.csv"
    source.write_text(
        "订单号,客户编号,客户名称,下单日期,数量,单价,币种,=1+2,@SUM(1)\n"
        "SO-1,C001,Acme GmbH,2024-01-05,10,12.5,USD,a,b\n"
        'SO-2,C002,"=HYPERLINK(""http://x"",""y"")",2024-01-06,abc,-12,USD,+1,-1+1\n'
        "SO-3,C003,\t=1+2,2024-01-07,x,-12.5,USD,\uff1d1+2,x\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    with translation.override("en"), pytest.raises(CommandError):
        call_command(
            "import_data",
            "orders",
            str(source),
            "--partial",
            "--rejects",
            str(rejects),
            "--quiet",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    data = rejects.read_bytes()
    assert_safe_spreadsheet("csv", data, expect=5)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["row"] for r in rows] == ["3", "4"]
    assert (rows[0]["'=1+2"], rows[0]["'@SUM(1)"], rows[0]["单价"]) == ("'+1", "'-1+1", "-12")


#: Writers that bypass :mod:`laoke.fileio.export` (a file for a user must not be written with them).
RAW_WRITERS = re.compile(
    r"csv\.writer|csv\.DictWriter|import xlsxwriter|xlsxwriter\.|openpyxl"
    r"|\.write_csv\(|\.write_excel\(|\.to_csv\("
)
#: Places allowed to use them, and why.
RAW_WRITER_ALLOWED = {
    "fileio/export.py": "the safe writer itself",
    "api/services/orders.py": "API order lines as CSV text for the file reader; never leaves the process",
    "importing/services/order_lines.py": "order lines streamed to PostgreSQL's COPY; never a file",
}


def test_no_module_writes_a_spreadsheet_around_the_safe_writer() -> None:
    """Only the safe writer calls csv.writer, xlsxwriter or a frame's CSV/Excel writer."""
    src = Path(__file__).resolve().parents[2] / "src" / "laoke"
    users = {
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if RAW_WRITERS.search(path.read_text(encoding="utf-8"))
    }
    assert users <= set(RAW_WRITER_ALLOWED), sorted(users - set(RAW_WRITER_ALLOWED))
    assert "fileio/export.py" in users
