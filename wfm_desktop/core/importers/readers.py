"""Read the cells of CSV/text files, workbooks and HTML-table reports, safely and fast.

The file is only ever read. Before a workbook reaches a parser its container
is inspected (see :mod:`.safety`); an .xls must be an OLE2 file (or is
recognised as the text or HTML that some tools save under that name).
python-calamine (Rust) then reads the cells; text files are sniffed for
encoding (UTF-8, UTF-8 with BOM, cp1252), delimiter and decimal comma and read
by pandas' C parser.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import html.parser
import io
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from wfm_desktop.core.importers import safety
from wfm_desktop.core.importers.findings import FindingLog
from wfm_desktop.core.importers.safety import check_zip_container

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv", ".csv.gz", ".txt.gz", ".tsv.gz")
HTML_SUFFIXES = (".htm", ".html")

PREVIEW_ROWS = 200
HEAD_SCAN_BYTES = 65_536

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class RawSheet:
    """The cells of one sheet: ``rows`` as lists of Python values (None = empty).

    For text files the cells are read lazily by :func:`read_text_table` once
    the header row is known; ``rows`` then holds only the first lines.
    """

    name: str
    rows: list[list]
    complete: bool = True   # False: rows is only the head of a text file
    text_options: dict = field(default_factory=dict)


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    for suffix in (".csv.gz", ".txt.gz", ".tsv.gz"):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def can_import(path: str | Path) -> bool:
    """True for the file types the importer reads (the GUI accepts such drops)."""
    return suffix_of(Path(path)) in WORKBOOK_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES


def open_sheets(path: Path, log: FindingLog, *, sheet: str | None = None) -> tuple[list[str], list[RawSheet]]:
    """All sheet names and the raw sheets to look at (only `sheet` when given)."""
    if not path.exists():
        log.fail("the file does not exist")
    if path.is_dir():
        log.fail("is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        log.fail("the file is empty (0 bytes)")
    if size > safety.MAX_FILE_BYTES:
        log.fail(f"the file is {size / 1e9:.1f} GB; files over {safety.MAX_FILE_BYTES / 1e9:.0f} GB are refused")
    suffix = suffix_of(path)
    with path.open("rb") as fh:
        head = fh.read(8)
    if suffix == ".xlsb":
        log.fail("Excel binary workbooks (.xlsb) are not read; save it as .xlsx (File → Save As) and import that")
    if suffix in (".xlsx", ".xlsm", ".ods"):
        if not head.startswith(ZIP_MAGIC):
            _not_a_workbook(path, head, log, suffix)
        check_zip_container(path, log)
        return _read_workbook(path, log, sheet)
    if suffix == ".xls":
        if head.startswith(ZIP_MAGIC):  # an xlsx saved with the old extension
            check_zip_container(path, log)
            return _read_workbook(path, log, sheet)
        if not head.startswith(OLE_MAGIC):
            if _looks_like_html(path):
                log.info("this .xls file is really a web page (HTML table), as some reporting tools export",
                         action="read its tables")
                return _html_sheets(path, log)
            if _looks_like_text(path):
                log.info("this .xls file is really a text file (many reporting tools export text "
                         "under an Excel name)", action="read it as delimited text")
                return _text_sheets(path, log)
            _not_a_workbook(path, head, log, suffix)
        safety.check_xls(path, log)
        return _read_workbook(path, log, sheet)
    if suffix in (".htm", ".html"):
        return _html_sheets(path, log)
    if suffix in TEXT_SUFFIXES or suffix == "":
        if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
            log.fail("this looks like an Excel/LibreOffice workbook saved with a text extension; "
                     "rename it to .xlsx/.xls/.ods")
        return _text_sheets(path, log)
    log.fail(f"files ending {suffix or '(no extension)'} cannot be imported; use .xlsx, .xlsm, .xls, .ods, "
             ".csv, .txt or .html")
    raise AssertionError  # unreachable: fail raises


def _not_a_workbook(path: Path, head: bytes, log: FindingLog, suffix: str) -> None:
    kind = {".xls": "an Excel 97-2003 (.xls)"}.get(suffix, f"a {suffix} workbook")
    log.fail(f"this is not {kind} file (its first bytes are {head[:4].hex(' ')}); it may be damaged, "
             "encrypted or a different kind of file renamed — open it in Excel and save it again as .xlsx")


def _looks_like_html(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<head", b"<body"))


class _TableParser(html.parser.HTMLParser):
    """Collects the cell texts of every <table> (stdlib parser: no DTDs, no external entities)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list]] = []
        self._stack: list[list[list]] = []
        self._cell: list[str] | None = None
        self._span = 1
        self.cells = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            if not self._stack[-1]:
                self._stack[-1].append([])
            self._cell = []
            span = dict(attrs).get("colspan")
            self._span = int(span) if span and span.isdigit() and int(span) < safety.MAX_COLUMNS else 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._stack:
            text = " ".join("".join(self._cell).split())
            row = self._stack[-1][-1]
            row.append(text or None)
            row.extend([None] * (self._span - 1))
            self.cells += self._span
            self._cell = None
            if self.cells > safety.MAX_CELLS:
                raise ValueError("too many cells")
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _html_sheets(path: Path, log: FindingLog) -> tuple[list[str], list[RawSheet]]:
    data = _read_text_bytes(path, log)
    text, _encoding = sniff_text(data, log)
    parser = _TableParser()
    try:
        parser.feed(text)
        parser.close()
    except ValueError:
        log.fail(f"the web page holds more than {safety.MAX_CELLS:,} table cells; refused")
    tables = [t for t in parser.tables if len(t) >= 2]
    if not tables:
        log.fail("this web page holds no table with data; export the report as .xlsx or .csv")
    names = [f"Table {i + 1}" for i in range(len(tables))]
    return names, [RawSheet(name, rows) for name, rows in zip(names, tables)]


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(4096)
    if b"\x00" in head:
        return False
    stripped = head.lstrip()
    if stripped.startswith(b"<"):
        return False  # HTML/XML masquerading as .xls: not supported
    return True


def _read_workbook(path: Path, log: FindingLog, sheet: str | None) -> tuple[list[str], list[RawSheet]]:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        log.fail("the workbook is password-protected; save an unprotected copy and import that")
        raise AssertionError
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
        log.fail(f"the workbook cannot be read; it may be damaged or not a real workbook ({_short(exc)})")
        raise AssertionError from exc
    names = list(book.sheet_names)
    if sheet is not None:
        if sheet not in names:
            matches = [n for n in names if n.strip().lower() == sheet.strip().lower()]
            if not matches:
                log.fail(f'there is no sheet "{sheet}"; the sheets are: {", ".join(names)}')
            sheet = matches[0]
        wanted = [sheet]
    else:
        wanted = names
    sheets = []
    for name in wanted:
        try:
            data = book.get_sheet_by_name(name)
        except Exception as exc:  # noqa: BLE001
            log.fail(f"the sheet cannot be read ({_short(exc)})", sheet=name)
            raise AssertionError from exc
        height, width = data.total_height + 1, data.total_width + 1
        if height > safety.MAX_ROWS or width > safety.MAX_COLUMNS or height * width > safety.MAX_CELLS:
            log.fail(f"the sheet has {height:,} rows × {width:,} columns; refused (limits: "
                     f"{safety.MAX_ROWS:,} rows, {safety.MAX_COLUMNS:,} columns, {safety.MAX_CELLS:,} cells)",
                     sheet=name)
        rows = data.to_python(skip_empty_area=False)
        for i in range(min(len(rows), PREVIEW_ROWS + 100)):  # header search and preview see None for empty
            rows[i] = [None if v == "" else v for v in rows[i]]
        sheets.append(RawSheet(name, rows))
    return names, sheets


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


# ---------------------------------------------------------------- text files

def _read_text_bytes(path: Path, log: FindingLog) -> bytes:
    if suffix_of(path).endswith(".gz"):
        try:
            with gzip.open(path, "rb") as fh:
                data = fh.read(safety.MAX_TEXT_BYTES + 1)
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
            log.fail(f"the compressed file cannot be read ({exc})")
            raise AssertionError from exc
        if len(data) > safety.MAX_TEXT_BYTES:
            log.fail(f"the compressed file expands beyond {safety.MAX_TEXT_BYTES / 1e6:,.0f} MB; refused as a "
                     "possible gzip bomb (or too big to import: split it)")
        return data
    if path.stat().st_size > safety.MAX_TEXT_BYTES:
        log.fail(f"the text file is over {safety.MAX_TEXT_BYTES / 1e6:,.0f} MB; split it (e.g. by year) "
                 "and import the parts")
    return path.read_bytes()


def sniff_text(data: bytes, log: FindingLog) -> tuple[str, str]:
    """Decode bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    if b"\x00" in data[:4096]:
        log.fail("this is a binary file, not delimited text; export the data as CSV or .xlsx")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252 (cp1252)"


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most lines into the same number (≥ 2) of fields.

    The common count is taken from the lower two thirds (title lines at the top do
    not vote); the header line then decides ties ("1,5;2,5" splits evenly on both).
    """
    best, best_score = ",", (-1, -1)
    lines = [ln for ln in lines if ln.strip()]
    for delim in (",", ";", "\t", "|"):
        counts = [len(next(csv.reader([ln], delimiter=delim))) for ln in lines]
        if not counts:
            continue
        tail = counts[len(counts) // 3:] or counts
        mode = max(set(tail), key=tail.count)
        if mode < 2:
            continue
        score = (sum(1 for c in counts if c == mode), mode)
        if score > best_score:
            best, best_score = delim, score
    return best


_DECIMAL_COMMA = re.compile(r"(?<![\d.,])-?\d{1,3}(?:\.\d{3})*,\d+(?![\d.,])")
_DECIMAL_POINT = re.compile(r"(?<![\d.,])-?\d+\.\d+(?![\d.,:])")


def _sniff_decimal(lines: list[str], delimiter: str) -> str:
    if delimiter == ",":
        return "."
    comma = point = 0
    for line in lines:
        for cell in line.split(delimiter):
            cell = cell.strip().strip('"')
            if _DECIMAL_COMMA.fullmatch(cell):
                comma += 1
            elif _DECIMAL_POINT.fullmatch(cell):
                point += 1
    return "," if comma > point else "."


def _text_sheets(path: Path, log: FindingLog) -> tuple[list[str], list[RawSheet]]:
    data = _read_text_bytes(path, log)
    text, encoding = sniff_text(data, log)
    head_lines = text[:HEAD_SCAN_BYTES].splitlines()[:200]
    delimiter = _sniff_delimiter(head_lines[:60])
    decimal = _sniff_decimal(head_lines, delimiter)
    rows = [[(c if c.strip() != "" else None) for c in row]
            for row in csv.reader(head_lines, delimiter=delimiter)]
    first_line = text[:text.find("\n")] if "\n" in text else text  # whole, however long
    width = max([len(r) for r in rows] + [len(next(csv.reader([first_line], delimiter=delimiter), []))])
    if width > safety.MAX_COLUMNS:
        log.fail(f"the file has {width:,} columns; at most {safety.MAX_COLUMNS:,} can be imported "
                 "(is it a report laid out sideways? export it with one row per interval)")
    name = path.name
    options = {"text": text, "encoding": encoding, "delimiter": delimiter, "decimal": decimal}
    return [name], [RawSheet(name, rows, complete=False, text_options=options)]


def read_text_table(sheet: RawSheet, header_index: int | None, width: int, log: FindingLog) -> pd.DataFrame:
    """All data rows of a text sheet below `header_index` (0-based line; None = no header).

    Columns are positional (0..width-1); pandas infers numbers, so numeric
    columns arrive as float64 and the rest as text.
    """
    opts = sheet.text_options
    skip = 0 if header_index is None else header_index + 1
    try:
        frame = pd.read_csv(
            io.StringIO(opts["text"]), sep=opts["delimiter"], header=None, skiprows=skip,
            names=list(range(width)), usecols=range(width), decimal=opts["decimal"],
            thousands="." if opts["decimal"] == "," else None, skip_blank_lines=False,
            dtype=None, keep_default_na=False, na_values=["", "-", "n/a", "N/A", "#N/A", "NULL", "null"],
            engine="c", index_col=False, on_bad_lines="error", low_memory=False,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = {"row": int(line.group(1)) + skip} if line else {}
        log.fail(f"the text cannot be read as a table: {_short(exc)}", **where)
        raise AssertionError from exc
    if len(frame) > safety.MAX_ROWS:
        log.fail(f"the file has {len(frame):,} rows; at most {safety.MAX_ROWS:,} can be imported")
    return frame


def preview_frame(rows: list[list], limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first raw rows as text, columns named by spreadsheet letters (A, B, ...)."""
    head = rows[:limit]
    width = max((len(r) for r in head), default=0)
    cells = [[_cell_text(v) for v in r] + [""] * (width - len(r)) for r in head]
    frame = pd.DataFrame(cells, columns=[column_letter(i) for i in range(width)], dtype=object)
    frame.index = np.arange(1, len(frame) + 1)
    return frame


def _cell_text(value) -> str:
    """A raw cell as the planner would read it: 16.0 -> "16", dates without a zero time."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.strftime("%Y-%m-%d")
    return str(value)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
