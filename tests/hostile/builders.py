"""Small builders for hostile inputs: workbooks edited part by part, .xls records patched, text files."""

from __future__ import annotations

import gzip
import re
import zipfile
from pathlib import Path

import openpyxl

DATA = Path(__file__).resolve().parent.parent / "core" / "importers" / "data"
SMALL_XLS = DATA / "small.xls"  # 6 rows (Sales, 2 days × 3 half-hours), made by LibreOffice from a CSV
SMALL_XLS_OFFERED = [12.0, 15.0, 9.0, 11.0, 14.0, 10.0]
HEADER = ["Date", "Interval", "Queue", "Offered", "AHT"]
ROWS = [["2024-03-04", "08:00", "Sales", 12, 300], ["2024-03-04", "08:30", "Sales", 15, 310],
        ["2024-03-05", "08:00", "Sales", 9, 290], ["2024-03-05", "08:30", "Sales", 11, 305]]
OFFERED = [12.0, 15.0, 9.0, 11.0]


def xlsx(path: Path, rows=None, header=HEADER) -> Path:
    book = openpyxl.Workbook()
    for row in [header, *(ROWS if rows is None else rows)]:
        book.active.append(row)
    for cells in book.active.iter_rows():
        for cell in cells:
            if cell.data_type == "f":  # openpyxl takes "=…" for a formula; the case wants the text
                cell.data_type = "s"
    book.save(path)
    return path


def rewrite(src: Path, dst: Path, edit=lambda name, data: data, rename=lambda name: name, extra=(),
            compression=zipfile.ZIP_DEFLATED) -> Path:
    """Copy a zip, passing each member through edit(name, bytes) and rename(name); `extra` adds members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression) as zout:
        for info in zin.infolist():
            zout.writestr(rename(info.filename), edit(info.filename, zin.read(info)))
        for name, data in extra:
            zout.writestr(name, data)
    return dst


def far_cell(ref: bytes, row: bytes = b"1048576", quote: bytes = b'"', spaces: bytes = b""):
    """An edit adding one cell far away (what made the reader ask for 549 GB)."""
    cell = (b"<row r=" + quote + row + quote + b"><c r" + spaces + b"=" + spaces + quote + ref + quote
            + b' t="n"><v>1</v></c></row>')

    def edit(name, data):
        return data.replace(b"</sheetData>", cell + b"</sheetData>") if name.endswith("sheet1.xml") else data
    return edit


def sheet_renamed(new: str):
    """Rename sheet1.xml to `new` everywhere the workbook names it (the reader follows the relationship)."""
    def rename(name):
        return name.replace("sheet1.xml", new)

    def edit(name, data):
        data = far_cell(b"XFD1048576", quote=b"'")(name, data)
        return data.replace(b"worksheets/sheet1.xml", b"worksheets/" + new.encode()) \
            if name.endswith(".rels") or name == "[Content_Types].xml" else data
    return edit, rename


def dimension(ref: bytes, quote: bytes = b'"'):
    def edit(name, data):
        if name.endswith("sheet1.xml"):
            return re.sub(rb"<dimension ref=\"[^\"]*\"", b"<dimension ref=" + quote + ref + quote, data)
        return data
    return edit


ENTITY_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                          for i in range(1, 10)) + b"]>")


def with_doctype(target: str):
    def edit(name, data):
        if name.endswith(target):
            return ENTITY_BOMB + re.sub(rb"^<\?xml[^>]*\?>", b"", data)
        return data
    return edit


def xls_patched(dst: Path, patch) -> Path:
    """small.xls with its BIFF records changed in place by patch(bytearray, offset_of_stream)."""
    data = bytearray(SMALL_XLS.read_bytes())
    patch(data)
    dst.write_bytes(bytes(data))
    return dst


def _records(data: bytearray):
    """(type, offset of the record body) of BIFF records found in the file (the stream is contiguous here)."""
    start = data.find(b"\x09\x08\x10\x00")  # BOF of the workbook globals
    pos = start
    while 0 <= pos < len(data) - 4:
        kind = int.from_bytes(data[pos:pos + 2], "little")
        length = int.from_bytes(data[pos + 2:pos + 4], "little")
        if kind == 0 and length == 0:
            break
        yield kind, pos + 4, length
        pos += 4 + length


def xls_dimension(rows: int, cols: int):
    def patch(data):
        for kind, body, _length in _records(data):
            if kind == 0x0200:
                data[body + 4:body + 8] = rows.to_bytes(4, "little")
                data[body + 10:body + 12] = cols.to_bytes(2, "little")
    return patch


def xls_far_cell(row: int, col: int):
    def patch(data):
        for kind, body, _length in _records(data):
            if kind in (0x0203, 0x027E, 0x00FD):
                data[body:body + 2] = row.to_bytes(2, "little")
                data[body + 2:body + 4] = col.to_bytes(2, "little")
                return
    return patch


def text(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def long_csv(cells: dict[str, list], sep: str = ",", dates: list[str] | None = None) -> str:
    """A long-layout CSV: Date, Interval plus the given columns (values written as given, quoted if needed)."""
    n = len(next(iter(cells.values())))
    dates = dates or ["2024-03-04"] * n
    times = [f"{8 + i // 2:02d}:{30 * (i % 2):02d}" for i in range(n)]
    lines = [sep.join(["Date", "Interval", *cells])]
    for i in range(n):
        values = [str(v) for v in (dates[i], times[i], *(col[i] for col in cells.values()))]
        lines.append(sep.join(f'"{v}"' if sep in v else v for v in values))
    return "\n".join(lines) + "\n"


def gz(path: Path, raw: bytes) -> Path:
    path.write_bytes(gzip.compress(raw, compresslevel=9))
    return path
