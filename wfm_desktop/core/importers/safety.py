"""Inspect a file before any parser sees it: zip bombs, entity bombs, absurd dimensions.

A zip container (xlsx/xlsm/ods) must be a real zip whose parts are not absurdly
large or compressed, whose XML declares no DTD or entities (Excel and LibreOffice
never write them), and whose sheets do not reach absurd extents. The extent is
measured from every cell reference, because python-calamine allocates the whole
used range: one cell at XFD1048576 would need billions of cells and abort the
process. The limits are module constants so tests can lower them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np

from wfm_desktop.core.importers.findings import FindingLog

# Safety limits. Real contact-centre exports are far below all of them.
MAX_FILE_BYTES = 1_000_000_000          # 1 GB on disk
MAX_UNCOMPRESSED_BYTES = 1_500_000_000  # all zip members together
MAX_TEXT_BYTES = 400_000_000            # a text file, or what a .gz expands to
MAX_MEMBER_RATIO = 250                  # uncompressed / compressed, for members over 1 MB
MAX_ROWS = 2_000_000
MAX_COLUMNS = 1_000
MAX_CELLS = 12_000_000                  # a dense 1M-row × 12-column sheet
MAX_ODS_CONTENT_BYTES = 400_000_000
HEAD_SCAN_BYTES = 65_536                # of each XML part, searched for DTDs and the dimension


def check_zip_container(path: Path, log: FindingLog) -> None:
    """Refuse zip bombs, DTD/entity declarations and absurd sheet dimensions."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        log.fail(f"the workbook is damaged or not a workbook: it is not a valid zip container ({exc})")
        raise AssertionError from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > 10_000:
            log.fail(f"the workbook holds {len(infos)} parts; refused as unsafe (a normal workbook has a few dozen)")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            log.fail(f"the workbook would expand to {total / 1e9:.1f} GB; refused as a possible zip bomb")
        for info in infos:
            if info.file_size > 1_000_000 and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
                log.fail(f"part {info.filename} expands {info.file_size / max(info.compress_size, 1):.0f}-fold "
                         f"(to {info.file_size / 1e6:.0f} MB); refused as a possible zip bomb")
        for info in infos:
            name = info.filename.lower()
            if not (name.endswith(".xml") or name.endswith(".rels") or name.endswith(".vml")):
                continue
            try:
                with archive.open(info) as member:
                    head = member.read(HEAD_SCAN_BYTES)
            except (zipfile.BadZipFile, RuntimeError, OSError, NotImplementedError, EOFError) as exc:
                log.fail(f"part {info.filename} cannot be read ({exc}); the workbook is damaged or encrypted")
                raise AssertionError from exc
            if re.search(rb"<!(DOCTYPE|ENTITY)", head, re.IGNORECASE):
                log.fail(f"part {info.filename} declares a DTD or XML entities, which spreadsheet programs never "
                         "write; refused as unsafe (possible entity bomb or external-entity attack)")
            if "worksheets/" in name:
                _check_dimension(head, info.filename, log)
                _scan_cells(archive, info, log)
            if name == "content.xml":
                _scan_ods(archive, info, log)


def _check_dimension(head: bytes, member: str, log: FindingLog) -> None:
    match = re.search(rb'<dimension\s+ref="[A-Z]+\d+:([A-Z]+)(\d+)"', head)
    if not match:
        return
    col_letters, last_row = match.group(1).decode(), int(match.group(2))
    width = 0
    for ch in col_letters:
        width = width * 26 + (ord(ch) - 64)
    if last_row > MAX_ROWS or width > MAX_COLUMNS or last_row * width > MAX_CELLS:
        log.fail(f"sheet part {member} claims {last_row:,} rows × {width:,} columns; refused "
                 f"(limits: {MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns, {MAX_CELLS:,} cells)")


_CELL_LETTERS = re.compile(rb'\sr="([A-Z]{1,3})\d')
_ROW_NUMBERS = re.compile(rb'\sr="[A-Z]{0,3}(\d{1,12})"')


def _letters_width(letters: bytes) -> int:
    width = 0
    for ch in letters:
        width = width * 26 + (ch - 64)
    return width


def _scan_cells(archive: zipfile.ZipFile, info: zipfile.ZipInfo, log: FindingLog) -> None:
    """The real extent of a worksheet, from every cell reference (streamed, a few MB at a time).

    A reader allocates rows × columns for the used range, so one cell far away
    (XFD1048576) would need billions of cells: such a sheet is refused here.
    """
    max_row = max_col = 0
    tail = b""
    with archive.open(info) as member:
        while True:
            chunk = member.read(4 << 20)
            if not chunk:
                break
            buf = tail + chunk
            cut = buf.rfind(b"<")
            body, tail = (buf[:cut], buf[cut:]) if cut > 0 and len(buf) - cut < 4096 else (buf, b"")
            letters = set(_CELL_LETTERS.findall(body))
            if letters:
                max_col = max(max_col, max(_letters_width(c) for c in letters))
            numbers = _ROW_NUMBERS.findall(body)
            if numbers:
                max_row = max(max_row, int(np.asarray(numbers, dtype="S12").astype(np.int64).max()))
            if max_row > MAX_ROWS or max_col > MAX_COLUMNS or max_row * max_col > MAX_CELLS:
                log.fail(f"sheet part {info.filename} reaches row {max_row:,}, column {max_col:,}; refused "
                         f"(limits: {MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns, {MAX_CELLS:,} cells)")


_ODS_REPEAT_COLS = re.compile(rb'number-columns-repeated="(\d+)"')
_ODS_REPEAT_ROWS = re.compile(rb'number-rows-repeated="(\d+)"')


def _scan_ods(archive: zipfile.ZipFile, info: zipfile.ZipInfo, log: FindingLog) -> None:
    """Refuse ODS sheets whose repeated rows/cells holding values would expand beyond the limits.

    ODS writes runs of equal cells once with a repeat count; a reader expands the
    ones that hold values. Empty repeats (LibreOffice's trailing blank area) do not count.
    """
    if info.file_size > MAX_ODS_CONTENT_BYTES:
        log.fail(f"the spreadsheet content is {info.file_size / 1e6:.0f} MB; refused (limit "
                 f"{MAX_ODS_CONTENT_BYTES / 1e6:.0f} MB); save it as .xlsx or .csv")
    content = archive.read(info)
    rows = content.count(b"<table:table-row")
    cells = content.count(b"office:value-type")
    width = 0

    def valued_cells(start: int, end: int) -> int:
        """Cells with values between two offsets, counting their column repeats."""
        count = content.count(b"office:value-type", start, end)
        for match in _ODS_REPEAT_COLS.finditer(content, start, end):
            tag_start = content.rfind(b"<", start, match.start())
            tag_end = content.find(b">", match.end(), end)
            if b"value-type" in content[tag_start:tag_end]:
                count += int(match.group(1)) - 1
        return count

    for match in _ODS_REPEAT_COLS.finditer(content):
        n = int(match.group(1))
        if n > 1:
            tag = content[content.rfind(b"<", 0, match.start()):content.find(b">", match.end())]
            if b"value-type" in tag:
                cells += n - 1
                width = max(width, n)
    for match in _ODS_REPEAT_ROWS.finditer(content):
        n = int(match.group(1))
        end = content.find(b"</table:table-row>", match.end())
        per_row = valued_cells(match.end(), end) if n > 1 and end > 0 else 0
        if per_row:
            rows += n - 1
            cells += (n - 1) * per_row
        if rows > MAX_ROWS or cells > MAX_CELLS:
            break
    if width > MAX_COLUMNS or rows > MAX_ROWS or cells > MAX_CELLS:
        log.fail(f"the spreadsheet repeats cells with values to {rows:,} rows and {cells:,} cells; refused "
                 f"(limits: {MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns, {MAX_CELLS:,} cells)")


