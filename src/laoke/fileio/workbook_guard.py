"""Check an .xlsx workbook before the Excel engine reads it: unpacked sizes, used range, cell lengths.

The engine (calamine) holds a worksheet as a dense grid from A1 to its last filled cell, so one
cell at XFD1048576 in a 5 KB file asks for 17 billion cells (about 512 GiB); it also unpacks the
shared strings whole, so a 300 KB file can hold a 300 MB cell. This module reads the zip
directory and streams the sheet's XML once, in chunks, so its time and memory follow the bytes
of the file and never the range the file claims:

* every part may unpack to at most ``MAX_UNPACKED_BYTES`` (and ``MAX_PACK_RATIO`` times its packed
  size above ``RATIO_CHECK_FROM``);
* the fast path trusts the sheet's ``<dimension>`` only after checking, with compiled regular
  expressions over each chunk, that no cell or row lies beyond it and that every cell and row
  tag states its position (``r="…"``); the gaps between cell tags bound each cell's length;
* anything else (no dimension, a huge one, a cell beyond it, positions left implicit, a cell
  that may be too long) takes the exact path: an ``expat`` pass that places each cell as the
  engine does and counts its characters.

Other formats (.xls, .xlsb, .ods) get the unpacked-size checks only.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

import numpy as np
import polars as pl

from laoke.fileio.errors import FileReadError
from laoke.fileio.limits import (
    MAX_CELL_CHARS,
    MAX_SHEET_CELLS,
    SPARSE_FROM,
    SPARSE_RATIO,
    cell_too_long,
    check_unpacked,
    too_many_cells,
    too_sparse,
)

CHUNK = 8 << 20
_SMALL_PART = 16 << 20  # workbook.xml and its relationships are read whole up to this size
_REF = re.compile(r"^\s*([A-Za-z]*)\s*([0-9]+)\s*$")
_DIMENSION = re.compile(rb"<(?:[^\s<>:/!?]+:)?dimension\s[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
# Regular expressions run by Polars (Rust, linear time) over each chunk of a sheet.
_ATTR = r"""\s+[^\s=<>/"']+\s*=\s*(?:"[^"]*"|'[^']*')"""
_TAGS_WITH_R = r"<(?:c|row)" + f"(?:{_ATTR})*?" + r"\s+r\s*="
# A cell or row tag ends its name with XML white space, ">" or "/"; most writers put r="…" first.
_TAG_STARTS = [tag + end for tag in (b"<c", b"<row") for end in (b" ", b"\t", b"\n", b"\r", b">", b"/")]
_R_FIRST = (b'<c r="', b'<row r="')
_PREFIXED_TAG = re.compile(rb":(?:c|row)[\s/>]")  # <x:c …>: left to the exact pass
_CELL_START = b"<c"


def column_number(letters: str) -> int:
    """A1-style column letters → 1-based column number (A → 1, XFD → 16384)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """1-based column number → A1-style letters."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _greater_digits(limit: int) -> str:
    """A regular expression for a whole decimal number greater than ``limit``."""
    text = str(limit)
    options = [f"[0-9]{{{len(text) + 1},}}"]
    for i, digit in enumerate(text):
        if digit != "9":
            rest = len(text) - i - 1
            options.append(f"{text[:i]}[{int(digit) + 1}-9][0-9]{{{rest}}}")
    return "|".join(options)


def _greater_letters(limit: int) -> str:
    """A regular expression for whole column letters (any case) after column ``limit``."""
    text = column_letters(limit)
    options = [f"[A-Za-z]{{{len(text) + 1},}}"]
    for i, letter in enumerate(text):
        if letter != "Z":
            rest = len(text) - i - 1
            after = chr(ord(letter) + 1)
            options.append(f"(?i:{text[:i]}[{after}-Z])[A-Za-z]{{{rest}}}")
    return "|".join(options)


def _beyond(rows: int, columns: int) -> str:
    """A position attribute ``r="…"`` naming a row after ``rows`` or a column after ``columns``."""
    return (
        r"""\sr\s*=\s*["']\s*(?:"""
        f"""(?:{_greater_letters(columns)})[0-9]|[A-Za-z]*(?:{_greater_digits(rows)})[\\s"'])"""
    )


def check_workbook(data: bytes, sheet: str | None) -> None:
    """Refuse a workbook whose reading would need memory out of proportion to its cells.

    Raises :class:`~laoke.fileio.errors.FileReadError` naming the part, sheet or cell and the
    limit; returns quietly for a workbook within the limits or a file that is not a zip (the
    engine then says what is wrong with it).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return
    with archive:
        for info in archive.infolist():
            check_unpacked(info.filename, info.compress_size, info.file_size)
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            return
        try:
            parts = _sheet_parts(archive, sheet)
            long_text = _long_shared_string(archive) if "xl/sharedStrings.xml" in names else None
            if long_text is not None:
                _refuse_shared_string(archive, parts, *long_text)
            for sheet_name, part in parts:
                _check_sheet(archive, part, sheet_name)
        except zipfile.BadZipFile as exc:
            raise FileReadError(
                "bad_excel", f"Cannot read the Excel file: {exc}", f"无法读取 Excel 文件：{exc}"
            ) from exc


def _local(name: str) -> str:
    return name.rpartition("}")[2].rpartition(":")[2]


def _small_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _SMALL_PART:
        return None
    try:
        return ElementTree.fromstring(archive.read(name))
    except ElementTree.ParseError:
        return None


def _sheet_parts(archive: zipfile.ZipFile, sheet: str | None) -> list[tuple[str, str]]:
    """(sheet name, zip part) of the sheet the engine will read; every sheet when unsure."""
    workbook = _small_xml(archive, "xl/workbook.xml")
    rels = _small_xml(archive, "xl/_rels/workbook.xml.rels")
    targets: dict[str, str] = {}
    for rel in rels.iter() if rels is not None else []:
        if _local(rel.tag) == "Relationship" and rel.get("Id") and rel.get("Target"):
            target = str(rel.get("Target"))
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[str(rel.get("Id"))] = str(PurePosixPath(path))
    sheets = []
    for element in workbook.iter() if workbook is not None else []:
        if _local(element.tag) == "sheet":
            rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            if rid in targets:
                sheets.append((element.get("name") or "", targets[rid]))
    if sheets:
        chosen = [s for s in sheets if s[0] == sheet] if sheet else sheets[:1]
        return [s for s in chosen if s[1] in archive.namelist()]  # none: the engine names the sheet
    return [
        (PurePosixPath(n).stem, n)
        for n in archive.namelist()
        if n.startswith("xl/worksheets/") and n.endswith(".xml")
    ]


def _chunks(stream: IO[bytes], separator: bytes) -> Iterator[bytes]:
    """The stream in pieces of about ``CHUNK`` bytes, each ending just before a ``separator``."""
    carry = b""
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            if carry:
                yield carry
            return
        buffer = carry + chunk
        cut = buffer.rfind(separator)
        if cut <= 0:
            carry = buffer
            if len(carry) > MAX_CELL_CHARS:
                yield carry  # a cell this long is for the exact path to measure
                carry = b""
            continue
        yield buffer[:cut]
        carry = buffer[cut:]


def _max_gap(piece: bytes, marker: bytes) -> int:
    """The most bytes from one ``marker`` (or the start) to the next (or the end) of ``piece``."""
    array = np.frombuffer(piece, dtype=np.uint8)
    count = len(array) - len(marker) + 1
    if count <= 0:
        return len(piece)
    hits = np.ones(count, dtype=bool)
    for offset, byte in enumerate(marker):
        hits &= array[offset : offset + count] == byte
    bounds = np.concatenate(([0], np.flatnonzero(hits), [len(piece)]))
    return int(np.diff(bounds).max())


def _check_sheet(archive: zipfile.ZipFile, part: str, sheet: str) -> None:
    if not _sheet_fits_fast(archive, part):
        _SheetScan(sheet).run(archive, part)


def _sheet_fits_fast(archive: zipfile.ZipFile, part: str) -> bool:
    """True when every cell is within the declared dimension and no cell may be too long."""
    with archive.open(part) as stream:
        pieces = _chunks(stream, _CELL_START)
        first = next(pieces, b"")
        found = _DIMENSION.search(first)
        if found is None:
            return False
        bounds = [_REF.match(ref) for ref in found.group(1).decode("ascii", "replace").split(":")]
        if not all(bounds):
            return False
        rows = max(int(m.group(2)) for m in bounds if m)
        columns = max(column_number(m.group(1) or "A") for m in bounds if m)
        if rows * columns > MAX_SHEET_CELLS:
            return False
        beyond = _beyond(rows, columns)
        tags = 0
        for piece in itertools.chain([first], pieces):
            if _PREFIXED_TAG.search(piece) or _max_gap(piece, _CELL_START) > MAX_CELL_CHARS:
                return False
            all_tags = sum(piece.count(start) for start in _TAG_STARTS)
            text = pl.Series([piece.decode("utf-8", errors="replace")])
            with_r = sum(piece.count(start) for start in _R_FIRST)
            if with_r != all_tags and pl.select(text.str.count_matches(_TAGS_WITH_R)).item() != all_tags:
                return False
            if pl.select(text.str.count_matches(beyond)).item():
                return False
            tags += all_tags
    return _dense_enough(rows * columns, tags)


def _dense_enough(cells: int, filled: int) -> bool:
    """True when a used range of ``cells`` with ``filled`` cells is not a large empty grid."""
    return cells <= SPARSE_FROM or cells <= SPARSE_RATIO * filled


class _SheetScan:
    """The exact pass: place each filled cell as the engine does and count its characters.

    With ``shared`` set, it only looks for the first cell showing that shared string.
    """

    def __init__(self, sheet: str, shared: int | None = None) -> None:
        self.sheet = sheet
        self.shared = str(shared) if shared is not None else None
        self.row = 0
        self.column = 0
        self.last_row = 0
        self.last_column = 0
        self.filled_cells = 0
        self.far_cell = ""
        self.in_cell = False
        self.filled = False
        self.cell_type = ""
        self.cell = (0, 0)
        self.text_depth = 0
        self.length = 0
        self.value: list[str] = []
        self.found = ""

    @property
    def ref(self) -> str:
        """The current cell in A1 style."""
        return f"{column_letters(self.cell[1])}{self.cell[0]}"

    def run(self, archive: zipfile.ZipFile, part: str) -> None:
        """Scan the part; raise when a cell is too long or the used range too large."""
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        try:
            with archive.open(part) as stream:
                while not self.found and (chunk := stream.read(CHUNK)):
                    parser.Parse(chunk, False)
                if not self.found:
                    parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise FileReadError(
                "bad_excel",
                f"Cannot read the sheet '{self.sheet}': {exc}",
                f"无法读取工作表“{self.sheet}”：{exc}",
            ) from exc
        if self.shared is not None:
            return
        cells = self.last_row * self.last_column
        if cells > MAX_SHEET_CELLS:
            raise too_many_cells(self.sheet, self.far_cell, self.last_row, self.last_column)
        if not _dense_enough(cells, self.filled_cells):
            raise too_sparse(self.sheet, self.far_cell, self.last_row, self.last_column, self.filled_cells)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        """Follow the row and column as the engine does: from ``r="…"``, else one after the last."""
        local = name.rpartition(":")[2]
        if local == "row":
            found = _REF.match(attrs.get("r", ""))
            self.row = int(found.group(2)) if found and not found.group(1) else self.row + 1
            self.column = 0
        elif local == "c":
            found = _REF.match(attrs.get("r", ""))
            if found and found.group(1):
                self.cell = (int(found.group(2)), column_number(found.group(1)))
            else:
                self.cell = (self.row, self.column + 1)
            self.column = self.cell[1]
            self.in_cell, self.filled, self.length = True, False, 0
            self.cell_type, self.value = attrs.get("t", ""), []
        elif self.in_cell and local in ("v", "is"):
            self.filled = True
            self.text_depth += local == "v"
        elif self.in_cell and local == "t":
            self.text_depth += 1

    def end(self, name: str) -> None:
        """At the end of a cell: the used range grows to it; a cell too long is refused."""
        local = name.rpartition(":")[2]
        if local == "c" and self.in_cell:
            self.in_cell = False
            if self.shared is not None:
                if self.cell_type == "s" and "".join(self.value).strip() == self.shared:
                    self.found = self.ref
                return
            if self.length > MAX_CELL_CHARS:
                raise cell_too_long(
                    f"Cell {self.ref} of the sheet '{self.sheet}'",
                    f"工作表“{self.sheet}”的单元格 {self.ref} ",
                    self.length,
                )
            if self.filled and self.cell[0] * self.cell[1] > self.last_row * self.last_column:
                self.far_cell = self.ref
            if self.filled:
                self.filled_cells += 1
                self.last_row = max(self.last_row, self.cell[0])
                self.last_column = max(self.last_column, self.cell[1])
        elif local in ("v", "t") and self.text_depth:
            self.text_depth -= 1

    def text(self, data: str) -> None:
        """Count the characters of the current cell (and keep a shared-string index to compare)."""
        if self.text_depth:
            self.length += len(data)
            if self.shared is not None and len(self.value) < 4:
                self.value.append(data)


def _long_shared_string(archive: zipfile.ZipFile) -> tuple[int, int] | None:
    """(0-based index, characters) of the first shared string longer than a cell may be."""
    with archive.open("xl/sharedStrings.xml") as stream:
        fits = all(
            b":si" not in piece and _max_gap(piece, b"<si") <= MAX_CELL_CHARS
            for piece in _chunks(stream, b"<si")
        )
    if fits:
        return None
    state = {"index": -1, "length": 0, "depth": 0}
    found: list[tuple[int, int]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "si":
            state["index"] += 1
            state["length"] = 0
        elif local == "t":
            state["depth"] += 1

    def end(name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "t" and state["depth"]:
            state["depth"] -= 1
        elif local == "si" and state["length"] > MAX_CELL_CHARS and not found:
            found.append((state["index"], state["length"]))

    def text(data: str) -> None:
        if state["depth"]:
            state["length"] += len(data)

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    try:
        with archive.open("xl/sharedStrings.xml") as stream:
            while not found and (chunk := stream.read(CHUNK)):
                parser.Parse(chunk, False)
            if not found:
                parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise FileReadError(
            "bad_excel", f"Cannot read the Excel file: {exc}", f"无法读取 Excel 文件：{exc}"
        ) from exc
    return found[0] if found else None


def _refuse_shared_string(
    archive: zipfile.ZipFile, parts: list[tuple[str, str]], index: int, length: int
) -> None:
    """Refuse a too-long shared string, naming the first cell of the sheet that shows it."""
    for sheet, part in parts:
        scan = _SheetScan(sheet, shared=index)
        scan.run(archive, part)
        if scan.found:
            raise cell_too_long(
                f"Cell {scan.found} of the sheet '{sheet}'", f"工作表“{sheet}”的单元格 {scan.found} ", length
            )
    raise cell_too_long(
        f"Shared text number {index + 1} of the workbook", f"工作簿的第 {index + 1} 个共享文本", length
    )
