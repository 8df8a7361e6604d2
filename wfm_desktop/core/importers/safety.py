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
            if info.is_dir() or name.startswith(("xl/media/", "pictures/", "thumbnails/")):
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
            if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                continue  # not XML (vbaProject.bin, printer settings): no reader parses it as cells
            # the reader follows whatever part the relationships name, so any part holding cells is scanned
            if "worksheets/" in name or b"<sheetData" in head or b"<worksheet" in head or b":worksheet" in head:
                _check_dimension(head, info.filename, log)
                _scan_cells(archive, info, log)
            if name == "content.xml":
                _scan_ods(archive, info, log)


def _check_dimension(head: bytes, member: str, log: FindingLog) -> None:
    match = re.search(rb"<(?:\w+:)?dimension\s+ref\s*=\s*[\"'][A-Z]+\d+:([A-Z]+)(\d+)[\"']", head)
    if not match:
        return
    col_letters, last_row = match.group(1).decode(), int(match.group(2))
    width = 0
    for ch in col_letters:
        width = width * 26 + (ord(ch) - 64)
    if last_row > MAX_ROWS or width > MAX_COLUMNS or last_row * width > MAX_CELLS:
        log.fail(f"sheet part {member} claims {last_row:,} rows × {width:,} columns; refused "
                 f"(limits: {MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns, {MAX_CELLS:,} cells)")


# XML allows either quote and spaces around "=": r="XFD1048576", r = 'XFD1048576'
_CELL_LETTERS = re.compile(rb"\sr\s*=\s*[\"']\$?([A-Za-z]{1,7})\$?\d")
_ROW_NUMBERS = re.compile(rb"\sr\s*=\s*[\"']\$?[A-Za-z]{0,7}\$?(\d{1,12})[\"']")


def _letters_width(letters: bytes) -> int:
    width = 0
    for ch in letters.upper():
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




# ---------------------------------------------------------------- Excel 97-2003 (.xls, OLE2 + BIFF8)

_BIFF_CELLS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0201, 0x0205, 0x0006, 0x00BD, 0x00BE, 0x0208}
_BIFF_DIMENSIONS = 0x0200
_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE


def check_xls(path: Path, log: FindingLog) -> None:
    """Refuse an .xls whose sheets claim or reach absurd extents (the DIMENSIONS record is 32-bit).

    Reads the OLE2 container (header, FAT, directory) with the standard library,
    finds the Workbook stream and walks its BIFF records: every DIMENSIONS record
    and every cell record's row and column must stay within the limits.
    """
    data = path.read_bytes()
    stream = _ole_stream(data, ("Workbook", "Book"))
    if stream is None:
        log.fail("the .xls file is damaged: its Excel workbook stream cannot be found; open it in Excel and "
                 "save it again as .xlsx")
        raise AssertionError
    max_row = max_col = 0
    pos, size = 0, len(stream)
    while pos + 4 <= size:
        kind = int.from_bytes(stream[pos:pos + 2], "little")
        length = int.from_bytes(stream[pos + 2:pos + 4], "little")
        body = stream[pos + 4:pos + 4 + length]
        pos += 4 + length
        if kind == _BIFF_DIMENSIONS and len(body) >= 12:
            last_row = int.from_bytes(body[4:8], "little")
            last_col = int.from_bytes(body[10:12], "little")
            if last_row > MAX_ROWS or last_col > MAX_COLUMNS or last_row * last_col > MAX_CELLS:
                log.fail(f"a sheet of the .xls file claims {last_row:,} rows × {last_col:,} columns; refused "
                         f"(limits: {MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns, {MAX_CELLS:,} cells)")
        elif kind in _BIFF_CELLS and len(body) >= 4:
            row = int.from_bytes(body[0:2], "little") + 1
            col = int.from_bytes(body[2:4], "little") + 1
            if kind in (0x00BD, 0x00BE) and len(body) >= 6:  # MULRK / MULBLANK: the last column ends the record
                col = int.from_bytes(body[-2:], "little") + 1
            max_row, max_col = max(max_row, row), max(max_col, col)
    if max_row * max_col > MAX_CELLS:
        log.fail(f"a sheet of the .xls file reaches row {max_row:,}, column {max_col:,}; refused "
                 f"(limit {MAX_CELLS:,} cells)")


def _ole_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """The bytes of the first stream called one of `names` in an OLE2 compound file (None if absent/damaged)."""
    if len(data) < 512:
        return None

    def u32(offset: int) -> int:
        return int.from_bytes(data[offset:offset + 4], "little")

    shift = int.from_bytes(data[30:32], "little")
    if shift not in (9, 12):
        return None
    sector = 1 << shift
    n_sectors = (len(data) - 512) // sector + 1

    def read_sector(i: int) -> bytes:
        start = sector * (i + 1)  # the header fills sector "-1"
        return data[start:start + sector]

    fat_sectors = [u32(76 + 4 * i) for i in range(109)]
    difat, hops = u32(68), 0
    while difat not in (_FREE, _END_OF_CHAIN) and difat < n_sectors and hops < n_sectors:
        block = read_sector(difat)
        fat_sectors += [int.from_bytes(block[j:j + 4], "little") for j in range(0, sector - 4, 4)]
        difat, hops = int.from_bytes(block[-4:], "little"), hops + 1
    fat = bytearray()
    for s in fat_sectors:
        if s < n_sectors:
            fat += read_sector(s)
    fat_len = len(fat) // 4

    def chain(start: int, limit_bytes: int) -> bytes | None:
        out, current, seen = bytearray(), start, 0
        while current not in (_END_OF_CHAIN, _FREE):
            if current >= n_sectors or current >= fat_len or seen > n_sectors:
                return None
            out += read_sector(current)
            seen += 1
            if len(out) >= limit_bytes:
                break
            current = int.from_bytes(fat[4 * current:4 * current + 4], "little")
        return bytes(out[:limit_bytes])

    directory = chain(u32(48), len(data))
    if directory is None:
        return None
    cutoff = u32(56)
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset:offset + 128]
        name_len = int.from_bytes(entry[64:66], "little")
        name = entry[:max(0, name_len - 2)].decode("utf-16-le", errors="replace")
        if entry[66] == 2 and name in names:
            size = int.from_bytes(entry[120:124], "little")
            start = int.from_bytes(entry[116:120], "little")
            if size >= cutoff:
                return chain(start, size)
            return _mini_stream(directory, chain(u32(60), len(data)) or b"", chain, start, size)
    return None


def _mini_stream(directory: bytes, minifat: bytes, chain, start: int, size: int) -> bytes | None:
    """A stream under the cutoff (4 KB) lives in 64-byte sectors inside the root entry's stream."""
    root = directory[:128]
    container = chain(int.from_bytes(root[116:120], "little"), int.from_bytes(root[120:124], "little"))
    if container is None:
        return None
    out, current, hops, count = bytearray(), start, 0, len(minifat) // 4
    while current not in (_END_OF_CHAIN, _FREE) and len(out) < size:
        if current >= count or hops > count:
            return None
        out += container[64 * current:64 * current + 64]
        current, hops = int.from_bytes(minifat[4 * current:4 * current + 4], "little"), hops + 1
    return bytes(out[:size])
