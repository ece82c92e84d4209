"""Hostile workbooks written by hand (zip + XML), small in memory, for the reader's limits."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_NS = "http://schemas.openxmlformats.org"
_CONTENT_TYPES = (
    f'<Types xmlns="{_NS}/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    f'<Relationships xmlns="{_NS}/package/2006/relationships"><Relationship Id="rId1" '
    f'Type="{_NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'<workbook xmlns="{_NS}/spreadsheetml/2006/main" xmlns:r="{_NS}/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'<Relationships xmlns="{_NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_NS}/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_NS}/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)

#: A header row and one good order line, as inline strings.
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>customer</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>date</t></is></c><c r="C1" t="inlineStr"><is><t>amount</t></is></c></row>'
)
LINE = (
    '<row r="2"><c r="A2" t="inlineStr"><is><t>ACME</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>2024-01-05</t></is></c><c r="C2"><v>12.5</v></c></row>'
)


def workbook(
    rows: str, *, dimension: str = "A1:C2", shared: list[str] | None = None, padding: int = 0
) -> bytes:
    """An .xlsx whose only sheet holds ``rows`` (sheetData XML) under ``<dimension ref=…>``.

    ``shared`` are shared strings (XML allowed, e.g. rich-text runs); ``padding`` adds that many
    spaces between the rows (ignored by XML readers; it only makes the part unpack larger).
    """
    sheet = (
        f'<worksheet xmlns="{_NS}/spreadsheetml/2006/main"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}{' ' * padding}</sheetData></worksheet>"
    )
    strings = "".join(f"<si>{s}</si>" for s in shared or [])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr(
            "xl/sharedStrings.xml", f'<sst xmlns="{_NS}/spreadsheetml/2006/main">{strings}</sst>'
        )
    return buffer.getvalue()


def text(value: str) -> str:
    """A shared or inline string body: ``<t>value</t>``."""
    return f'<t xml:space="preserve">{escape(value)}</t>'


def far_cell_workbook() -> bytes:
    """5 KB: the header, one line and one number at XFD1048576 (the engine would ask for 512 GiB)."""
    return workbook(
        HEADER + LINE + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', dimension="A1:XFD1048576"
    )


def stray_cell_workbook() -> bytes:
    """The header, one line and a number at C1048576, while the sheet claims A1:C2: a 3-million-cell
    grid with 7 filled cells (safe to read on a reader without limits, just slow)."""
    return workbook(HEADER + LINE + '<row r="1048576"><c r="C1048576"><v>1</v></c></row>')


def long_cell_workbook(length: int = 40_000) -> bytes:
    """The header and one line whose date cell (B2) is a shared string of ``length`` characters."""
    rows = (
        HEADER + '<row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>0</v></c><c r="C2"><v>1</v></c></row>'
    )
    return workbook(rows, shared=[text("x" * length)])
