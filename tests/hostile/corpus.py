"""The hostile corpus (#18): each case builds its input in a temporary folder and states its expected outcome.

A case either expects a clean error (a regular expression its message must
match) or an accepted, correct result (a check on what was read). API cases go
through the functions the GUI and CLI use (reading happens in the limited
reader process); CLI cases run ``python -m wfm_desktop`` in a child with an
address-space limit. Every outcome is classified into the columns of the
issue's table; ``python -m tests.hostile.corpus`` prints it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from tests.hostile import builders as b
from wfm_desktop.core import sandbox
from wfm_desktop.core.errors import WfmError

GB = 1 << 30
PEAK_LIMIT = int(1.5 * GB)
CASE_LIMIT_S = 20.0
REPO = Path(__file__).resolve().parent.parent.parent
COLUMNS = ("cases", "clean error", "accepted and correct", "traceback", "native abort", "unbounded memory", "hang",
           "input changed", "wrong result")


@dataclass
class Case:
    name: str
    build: Callable[[Path], Any]      # tmp folder -> (callable, inputs) for "api", argv list for "cli"
    expect: str | Callable[[Any], bool]  # regex of the error message, or a check of the result
    kind: str = "api"
    constants: dict[tuple[str, str], Any] = field(default_factory=dict)  # lowered limits for this case


@dataclass
class Outcome:
    name: str
    category: str
    detail: str
    seconds: float
    peak_bytes: int


# ---------------------------------------------------------------- what each kind of case calls

def _import(path, **kw):
    from wfm_desktop.core.importers import import_history

    return lambda: import_history(path, **kw)


def _offered(values, aht=None):
    def check(result):
        frame = result.history.frame.sort_values(["queue", "start"])
        ok = [round(v, 6) for v in frame["offered"].tolist()] == [round(v, 6) for v in values]
        return ok and (aht is None or [round(v, 6) for v in frame["aht_s"].tolist()] == aht)
    return check


def _reader(name):
    def call(path):
        if name == "staff":
            from wfm_desktop.cli.staff_cmd import read_table
            return read_table(str(path))
        if name == "schedule":
            from wfm_desktop.core.scheduling.schedule_files import read_requirements
            return read_requirements(path)
        if name == "budget":
            from wfm_desktop.core.budget.periods import read_periods
            return read_periods(path)
        if name == "templates":
            from wfm_desktop.core.scheduling.templates import load_templates
            return load_templates(path)
        if name == "sites":
            from wfm_desktop.core.budget.inputs import read_sites_csv
            return read_sites_csv(path)
        if name == "plan":
            from wfm_desktop.core.plan.file_format import load_plan
            return load_plan(path)
        raise AssertionError(name)
    return call


def api(maker):
    """A case body: maker(tmp) -> (path, callable taking the path)."""
    def build(tmp):
        path, call = maker(tmp)
        return (lambda: call(path)), [path]
    return build


# ---------------------------------------------------------------- the cases

CASES: list[Case] = []


def case(name, build, expect, kind="api", **constants):
    CASES.append(Case(name, build, expect, kind, {tuple(k.split("__")): v for k, v in constants.items()}))


def imp(maker, **kw):
    return api(lambda tmp: (maker(tmp), lambda p: _import(p, **kw)()))


S = "wfm_desktop.core.importers.safety"
P = "wfm_desktop.core.plan.file_format"
FAR = "reaches row 1,048,576, column 16,384; refused"

# workbooks: cell extents (the 549 GB abort), dimensions, entities, containers
for label, edit in [("double quotes", b.far_cell(b"XFD1048576")), ("single quotes", b.far_cell(b"XFD1048576", quote=b"'")),
                    ("spaces around =", b.far_cell(b"XFD1048576", quote=b"'", spaces=b" ")),
                    ("lower-case ref", b.far_cell(b"xfd1048576")), ("absolute ref", b.far_cell(b"$XFD$1048576"))]:
    case(f"xlsx far cell, {label}", imp(lambda t, e=edit: b.rewrite(b.xlsx(t / "a.xlsx"), t / "far.xlsx", e)), FAR)
for new in ("sheet1.bin", "sheet1", "data.txt"):
    case(f"xlsx sheet part named {new}", imp(lambda t, n=new: b.rewrite(
        b.xlsx(t / "a.xlsx"), t / "far.xlsx", *b.sheet_renamed(n))), r"reaches row 1,048,576")
case("xlsm far cell", imp(lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "far.xlsm", b.far_cell(b"XFD1"))),
     r"column 16,384; refused")
case("xlsx saved as .xls, far cell", imp(lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "far.xls",
                                                             b.far_cell(b"A2000001", row=b"2000001"))), r"refused")
case("xlsx 2,000,001 rows", imp(lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "r.xlsx",
                                                    b.far_cell(b"A2000001", row=b"2000001"))), "row 2,000,001")
case("xlsx column 1,001", imp(lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "c.xlsx", b.far_cell(b"ALM1", row=b"1"))),
     "column 1,001")
for label, ref, quote in [("huge", b"A1:ZZZ9999999", b'"'), ("huge, single quotes", b"A1:XFD1048576", b"'")]:
    case(f"xlsx dimension {label}", imp(lambda t, r=ref, q=quote: b.rewrite(b.xlsx(t / "a.xlsx"), t / "d.xlsx",
                                                                            b.dimension(r, q))), "claims")
for part in ("sheet1.xml", "workbook.xml", "[Content_Types].xml", "styles.xml"):
    case(f"xlsx entity bomb in {part}", imp(lambda t, p=part: b.rewrite(b.xlsx(t / "a.xlsx"), t / "e.xlsx",
                                                                        b.with_doctype(p))), "declares a DTD")
case("xlsx entity bomb in an extra part", imp(lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "e.xlsx",
                                                                  extra=[("xl/custom.bin", b.ENTITY_BOMB + b"<a/>")])),
     "declares a DTD")
case("xlsx zip bomb member", imp(lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "z.xlsx",
                                                     extra=[("xl/pad.xml", b" " * 20_000_000)])), "zip bomb")
case("xlsx 10,001 parts", imp(lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "m.xlsx",
                                                  extra=[(f"x/{i}.xml", b"") for i in range(10_001)])), "parts; refused")
case("xlsx expands beyond the total", imp(lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "big.xlsx",
                                                              extra=[("xl/pad.xml", b"<a/>" * 3000)])),
     "would expand to", **{f"{S}__MAX_UNCOMPRESSED_BYTES": 10_000})
case("xlsx truncated", imp(lambda t: b.text(t / "cut.xlsx", b.xlsx(t / "a.xlsx").read_bytes()[:2000])),
     "damaged|not a valid zip")
case("xlsx random bytes", imp(lambda t: b.text(t / "junk.xlsx", os.urandom(40_000))), "is not a .xlsx workbook")
case("xlsx empty", imp(lambda t: b.text(t / "empty.xlsx", b"")), "empty")
case("xlsx is an OLE file (encrypted)", imp(lambda t: b.text(t / "enc.xlsx", b.SMALL_XLS.read_bytes())),
     "is not a .xlsx workbook")
case("xlsx zip without a workbook", imp(lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "nw.xlsx",
                                                            rename=lambda n: "other/" + n)), "cannot be read")
case("xlsx bzip2 member", imp(lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "bz.xlsx",
                                                  compression=zipfile.ZIP_BZIP2)), r"cannot be read|damaged")


def _corrupt_deflate(tmp):
    path = b.xlsx(tmp / "a.xlsx")
    data = bytearray(path.read_bytes())
    at = data.find(b"xl/worksheets/sheet1.xml") + 40
    data[at:at + 40] = os.urandom(40)
    return b.text(tmp / "corrupt.xlsx", bytes(data))


case("xlsx corrupt stream in a sheet", imp(_corrupt_deflate), r"cannot be read|damaged")
case("xlsx plain, accepted", imp(lambda t: b.xlsx(t / "ok.xlsx")), _offered(b.OFFERED))
case("xlsx formula-looking queue, accepted as text",
     imp(lambda t: b.xlsx(t / "q.xlsx", [[*r[:2], "=HYPERLINK(\"x\")", *r[3:]] for r in b.ROWS])),
     lambda r: r.history.queues == ['=HYPERLINK("x")'])

# ODS


def _ods(tmp):
    path = tmp / "a.ods"
    pd.DataFrame(b.ROWS, columns=b.HEADER).to_excel(path, index=False, engine="odf")
    return path


def _ods_edit(row: bytes):
    return lambda n, d: d.replace(b"</table:table>", row + b"</table:table>", 1) if n == "content.xml" else d


case("ods repeated valued cells", imp(lambda t: b.rewrite(_ods(t), t / "r.ods", _ods_edit(
    b'<table:table-row table:number-rows-repeated="3000000"><table:table-cell table:number-columns-repeated="500" '
    b'office:value-type="float" office:value="1"/></table:table-row>'))), "repeats cells with values")
case("ods 16,384 valued columns", imp(lambda t: b.rewrite(_ods(t), t / "w.ods", _ods_edit(
    b'<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
    b'office:value="1"/></table:table-row>'))), "repeats cells with values")
case("ods entity bomb", imp(lambda t: b.rewrite(_ods(t), t / "e.ods", b.with_doctype("content.xml"))),
     "declares a DTD")
case("ods random bytes", imp(lambda t: b.text(t / "junk.ods", os.urandom(30_000))), "is not a .ods workbook")
case("ods plain, accepted", imp(_ods), _offered(b.OFFERED))

# Excel 97-2003
case("xls plain, accepted", imp(lambda t: b.text(t / "ok.xls", b.SMALL_XLS.read_bytes())),
     _offered(b.SMALL_XLS_OFFERED))
for rows, cols in [(0xFFFFFFF0, 255), (2_000_001, 5), (70_000, 255), (5, 60_000)]:
    case(f"xls DIMENSIONS {rows:,} × {cols:,}", imp(lambda t, r=rows, c=cols: b.xls_patched(
        t / "d.xls", b.xls_dimension(r, c))), "claims")
case("xls cell at row 65,536 column 256", imp(lambda t: b.xls_patched(t / "c.xls", b.xls_far_cell(65535, 255))),
     r"reaches row 65,536|claims|refused")
case("xls truncated", imp(lambda t: b.text(t / "cut.xls", b.SMALL_XLS.read_bytes()[:3000])),
     r"damaged|cannot be read")
case("xls OLE header then junk", imp(lambda t: b.text(t / "j.xls", b.SMALL_XLS.read_bytes()[:512] + os.urandom(6000))),
     r"damaged|cannot be read")
case("xls random bytes", imp(lambda t: b.text(t / "junk.xls", b"\x01\x02" + os.urandom(9000))),
     r"is not an Excel 97-2003|cannot be imported|binary")
case("xls that is an HTML table, accepted", imp(lambda t: b.text(t / "r.xls", "<html><table>" + "".join(
    "<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in [b.HEADER, *b.ROWS]) + "</table></html>")),
     _offered(b.OFFERED))
case("xls that is tab-separated text, accepted", imp(lambda t: b.text(t / "t.xls", "\n".join(
    "\t".join(map(str, r)) for r in [b.HEADER, *b.ROWS]) + "\n")), _offered(b.OFFERED))
case("html with too many cells", imp(lambda t: b.text(t / "big.html", "<table>" + "<tr><td>1</td></tr>" * 3000
                                                      + "</table>")), "more than",
     **{f"{S}__MAX_CELLS": 1000})

# text: decimal separators read as written
DEC = [("comma CSV, quoted 12,5", {"Offered": ["12,5", "10"]}, ",", [12.5, 10.0]),
       ("comma CSV, quoted 1.234,5", {"Offered": ["1.234,5", "2,5"]}, ",", [1234.5, 2.5]),
       ("comma CSV, 1,234.5", {"Offered": ["1,234.5", "2.5"]}, ",", [1234.5, 2.5]),
       ("comma CSV, 1,234,567", {"Offered": ["1,234,567", "7"]}, ",", [1234567.0, 7.0]),
       ("comma CSV, ambiguous 1,234", {"Offered": ["1,234", "2,345"]}, ",", [1234.0, 2345.0]),
       ("semicolon CSV, 12,5", {"Offered": ["12,5", "10,25"]}, ";", [12.5, 10.25]),
       ("semicolon CSV, 1.234,5", {"Offered": ["1.234,5", "2,5"]}, ";", [1234.5, 2.5]),
       ("tab CSV, 12,5", {"Offered": ["12,5", "3,5"]}, "\t", [12.5, 3.5]),
       ("apostrophe thousands", {"Offered": ["1'234", "5"]}, ",", [1234.0, 5.0]),
       ("space thousands, decimal comma", {"Offered": ["1 234,5", "5"]}, ";", [1234.5, 5.0]),
       ("mixed 12,5 and 10.5", {"Offered": ["12,5", "10.5"]}, ",", [12.5, 10.5]),
       ("percent sign", {"Offered": ["12%", "10%"]}, ",", [12.0, 10.0])]
for label, cells, sep, expected in DEC:
    case(f"decimal: {label}", imp(lambda t, c=cells, s=sep: b.text(t / "d.csv", b.long_csv(c, s))), _offered(expected))
case("decimal: ambiguous 1,234 forced decimal comma", imp(
    lambda t: b.text(t / "d.csv", b.long_csv({"Offered": ["1,234", "2,345"]})), mapping={"decimal": ","}),
    _offered([1.234, 2.345]))
case("decimal: AHT 4,5 minutes", imp(lambda t: b.text(t / "d.csv", b.long_csv(
    {"Offered": ["12", "10"], "AHT (min)": ["4,5", "3,0"]}))), _offered([12.0, 10.0], [270.0, 180.0]))
case("decimal: workbook text 12,5 and 4,5 min", imp(lambda t: b.xlsx(t / "d.xlsx", [
    ["2024-03-04", "08:00", "Sales", "12,5", "4,5"], ["2024-03-04", "08:30", "Sales", "10", "3"]],
    header=["Date", "Interval", "Queue", "Offered", "AHT (min)"])), _offered([12.5, 10.0], [270.0, 180.0]))
case("AHT mm:ss", imp(lambda t: b.text(t / "d.csv", b.long_csv({"Offered": ["5", "6"], "AHT": ["3:30", "4:00"]}))),
     _offered([5.0, 6.0], [210.0, 240.0]))

# text: numbers that are not usable
for label, value, message in [("inf", "inf", '"inf" is not a number'), ("-inf", "-inf", 'is not a number'),
                              ("Infinity", "Infinity", "is not a number"), ("NaN", "NaN", '"NaN" is not a number'),
                              ("nan", "nan", "is not a number"), ("1e300", "1e300", "volume 1e\\+300 is beyond"),
                              ("1e400", "1e400", "is not a number"), ("50 million", "50000000", "volume 5e\\+07 is beyond any"),
                              ("negative", "-5", "negative volume"), ("text", "lots", '"lots" is not a number')]:
    case(f"volume {label}", imp(lambda t, v=value: b.text(t / "v.csv", b.long_csv({"Offered": ["5", v]}))),
         r'row 3, column "Offered": .*' + message if label not in ("negative",) else message)
for label, value, message in [("1e9", "1000000000", "longer than a day"), ("negative", "-30", "negative handle time"),
                              ("inf", "inf", "is not a duration"), ("text", "soon", "is not a duration")]:
    case(f"AHT {label}", imp(lambda t, v=value: b.text(t / "a.csv", b.long_csv({"Offered": ["5", "6"],
                                                                                 "AHT": ["300", v]}))), message)


def _aht_zero_warning(result):
    return any("contacts but a handle time of 0 s or none" in f.message for f in result.findings) and \
        result.history.frame["offered"].tolist() == [5.0, 6.0]


case("AHT 0 with contacts, warned", imp(lambda t: b.text(t / "z.csv", b.long_csv({"Offered": ["5", "6"],
                                                                                  "AHT": ["300", "0"]}))),
     _aht_zero_warning)
case("AHT NaN with zero contacts, accepted", imp(lambda t: b.text(t / "z.csv", b.long_csv(
    {"Offered": ["5", "0"], "AHT": ["300", "NaN"]}))), _offered([5.0, 0.0]))

# Excel serial dates around Excel's phantom 29 February 1900
def _starts_are(*expected):
    return lambda r: [str(s) for s in r.history.frame.sort_values("start")["start"]] == list(expected)


for label, first, expected in [("1", 1, "1900-01-01"), ("59", 59, "1900-02-28"), ("61", 61, "1900-03-01"),
                               ("45355", 45355, "2024-03-04")]:
    case(f"Excel serial date {label} (workbook)", imp(lambda t, d=first: b.xlsx(t / "s.xlsx", [
        [d, "08:00", "Sales", 12, 300], [d, "08:30", "Sales", 15, 300]])),
        _starts_are(f"{expected} 08:00:00", f"{expected} 08:30:00"))
    case(f"Excel serial date {label} (CSV)", imp(lambda t, d=first: b.text(t / "s.csv", b.long_csv(
        {"Offered": ["12", "15"]}, dates=[str(d), str(d)]))), _starts_are(f"{expected} 08:00:00", f"{expected} 08:30:00"))
case("Excel serial date 60 (workbook)", imp(lambda t: b.xlsx(t / "s.xlsx", [
    [60, "08:00", "Sales", 12, 300], [61, "08:30", "Sales", 15, 300]])),
    r'row 2, column "Date": Excel day number 60(\.0)? is 29 February 1900, a day that does not exist')
case("Excel serial date 60 (CSV)", imp(lambda t: b.text(t / "s.csv", b.long_csv(
    {"Offered": ["12", "15"]}, dates=["61", "60"]))), r'row 3, column "Date": Excel day number 60 is 29 February 1900')

# two-row headers: merged titles over column names (workbook merges, CSV blanks)
def _two_row_book(tmp, top, bottom, rows, merges):
    import openpyxl

    book = openpyxl.Workbook()
    for row in (top, bottom, *rows):
        book.active.append(row)
    for cells in merges:
        book.active.merge_cells(cells)
    book.save(tmp / "two.xlsx")
    return tmp / "two.xlsx"


def _handled_and_aht(offered, handled, aht):
    def check(result):
        frame = result.history.frame.sort_values("start")
        return (frame["offered"].tolist(), frame["handled"].tolist(), frame["aht_s"].tolist()) == (offered, handled, aht)
    return check


TWO_ROWS = [["2024-03-04", "08:00", "Sales", 12, 11, 300, 4], ["2024-03-04", "08:30", "Sales", 15, 14, 310, 6]]
case("two-row header, merged cells (AHT under 'Handle time')", imp(lambda t: _two_row_book(
    t, ["Date", "Interval", "Queue", "Calls", None, "Handle time", "Speed"],
    [None, None, None, "Offered", "Handled", "AHT (s)", "ASA (s)"], TWO_ROWS,
    ["A1:A2", "B1:B2", "C1:C2", "D1:E1"])), _handled_and_aht([12.0, 15.0], [11.0, 14.0], [300.0, 310.0]))
case("two-row header, merged cells (talk + wrap under 'Handle time')", imp(lambda t: _two_row_book(
    t, ["Date", "Interval", "Queue", "Calls", None, "Handle time", None],
    [None, None, None, "Offered", "Handled", "Talk (s)", "Wrap (s)"],
    [["2024-03-04", "08:00", "Sales", 12, 11, 200, 100], ["2024-03-04", "08:30", "Sales", 15, 14, 210, 100]],
    ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1"])), _handled_and_aht([12.0, 15.0], [11.0, 14.0], [300.0, 310.0]))
case("two-row header, merged cells under a neutral title", imp(lambda t: _two_row_book(
    t, ["Date", "Interval", "Queue", "Volumes", None, "Times", None],
    [None, None, None, "Offered", "Handled", "AHT (s)", "ASA"], TWO_ROWS,
    ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1"])), _handled_and_aht([12.0, 15.0], [11.0, 14.0], [300.0, 310.0]))
case("two-row header, CSV with blanks", imp(lambda t: b.text(t / "two.csv", (
    "Date,Interval,Queue,Calls,,Handle time\n,,,Offered,Handled,AHT (s)\n"
    "2024-03-04,08:00,Sales,12,11,300\n2024-03-04,08:30,Sales,15,14,310\n"))),
    _handled_and_aht([12.0, 15.0], [11.0, 14.0], [300.0, 310.0]))
case("two-row header, semicolon CSV with blanks", imp(lambda t: b.text(t / "two.csv", (
    ";;;Calls;;Handle time\nDate;Interval;Queue;Offered;Handled;AHT (s)\n"
    "2024-03-04;08:00;Sales;12;11;300\n2024-03-04;08:30;Sales;15;14;310\n"))),
    _handled_and_aht([12.0, 15.0], [11.0, 14.0], [300.0, 310.0]))
case("second AHT column not imported, warned", imp(lambda t: b.text(t / "two.csv", (
    "Date,Interval,Queue,Offered,AHT,AHT (min)\n2024-03-04,08:00,Sales,12,300,5\n2024-03-04,08:30,Sales,15,310,5\n"))),
    lambda r: r.history.frame["aht_s"].tolist() == [300.0, 310.0] and any(
        f.severity == "warning" and f.column == "AHT (min)" and "looks like aht but was not imported" in f.message
        for f in r.findings))
case("per-queue groups under a two-row header, the unread group warned", imp(lambda t: b.text(t / "two.csv", (
    "Date,Interval,Sales,,Support,\n,,Offered,AHT,Offered,AHT\n"
    "2024-03-04,08:00,12,300,5,200\n2024-03-04,08:30,15,310,6,210\n"))),
    lambda r: any("looks like offered but was not imported" in f.message for f in r.findings))
case("report title above a one-row header, not combined", imp(lambda t: b.text(t / "title.csv", (
    "Daily report,,,,\nDate,Interval,Queue,Offered,AHT\n2024-03-04,08:00,Sales,12,300\n"
    "2024-03-04,08:30,Sales,15,310\n"))),
    lambda r: r.history.frame["aht_s"].tolist() == [300.0, 310.0]
    and not any("spans rows" in f.message for f in r.findings))

# text: structure
case("CSV 16,384 columns", imp(lambda t: b.text(t / "w.csv", ",".join(f"c{i}" for i in range(16_384)) + "\n"
                                                + ",".join("1" for _ in range(16_384)) + "\n")), "16,384 columns")
case("CSV 1,001 columns", imp(lambda t: b.text(t / "w.csv", "Date," + ",".join(f"c{i}" for i in range(1000)) + "\n")),
     "1,001 columns")
case("CSV binary junk", imp(lambda t: b.text(t / "j.csv", b"\x00\x01\x02" * 3000)), "binary file")
case("CSV empty", imp(lambda t: b.text(t / "e.csv", b"")), "empty")
case("CSV header only", imp(lambda t: b.text(t / "h.csv", "Date,Interval,Offered\n")), r"no rows|nothing|no .* rows")
case("CSV unbalanced quote", imp(lambda t: b.text(t / "q.csv", 'Date,Interval,Offered\n2024-03-04,08:00,"5\n')),
     r"cannot|not|no ")
case("CSV one 5 MB line", imp(lambda t: b.text(t / "l.csv", "x" * 5_000_000)), r"no header|no sheet|not|cannot")
case("CSV too many rows", imp(lambda t: b.text(t / "r.csv", b.long_csv({"Offered": ["1"] * 40}))),
     "at most 30 can be imported", **{f"{S}__MAX_ROWS": 30})
case("CSV over the text size limit", imp(lambda t: b.text(t / "s.csv", b.long_csv({"Offered": ["1"] * 400}))),
     "split it", **{f"{S}__MAX_TEXT_BYTES": 2_000})
case("gzip bomb", imp(lambda t: b.gz(t / "bomb.csv.gz", b"Date,Offered\n" + b"2024-01-01,1\n" * 200_000)),
     "gzip bomb", **{f"{S}__MAX_TEXT_BYTES": 1_000_000})
case("gzip corrupt", imp(lambda t: b.text(t / "c.csv.gz", b"\x1f\x8b\x08\x00" + os.urandom(500))),
     "compressed file cannot be read")
case("UTF-16 CSV, accepted", imp(lambda t: b.text(t / "u.csv", "\ufeff" + b.long_csv({"Offered": ["5", "6"]}),
                                                  "utf-16-le")), _offered([5.0, 6.0]))
case("cp1252 CSV, accepted", imp(lambda t: b.text(t / "w.csv", b.long_csv({"Queue": ["Réseau", "Réseau"],
                                                                          "Offered": ["5", "6"]}), "cp1252")),
     lambda r: r.history.queues == ["Réseau"])
case("CSV formula-looking queue kept as text", imp(lambda t: b.text(t / "f.csv", b.long_csv(
    {"Queue": ["@SUM(A1)", "@SUM(A1)"], "Offered": ["5", "6"]}))), lambda r: r.history.queues == ["@SUM(A1)"])
case("CSV NUL bytes", imp(lambda t: b.text(t / "n.csv", b"Date,Offered\x00\x00\n2024,1\n")), "binary file")
case("pdf refused", imp(lambda t: b.text(t / "x.pdf", b"%PDF-1.4")), "cannot be imported")
case("xlsb refused", imp(lambda t: b.text(t / "x.xlsb", b"PK\x03\x04")), "binary workbooks")
case("a folder", imp(lambda t: (t / "folder.csv").mkdir() or (t / "folder.csv")), "is a folder")
case("a missing file", imp(lambda t: t / "missing.csv"), "does not exist")
case("sample history, accepted", imp(lambda t: REPO / "resources" / "sample" / "sample_history.csv"),
     lambda r: len(r.history.frame) == 99_696)

# the other readers get the same static checks
HOSTILE_TABLES = [
    ("far cell xlsx", lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "far.xlsx", b.far_cell(b"XFD1048576", quote=b"'")),
     r"reaches row 1,048,576"),
    ("huge-dimension xls", lambda t: b.xls_patched(t / "d.xls", b.xls_dimension(0xFFFFFFF0, 255)), "claims"),
    ("entity bomb xlsx", lambda t: b.rewrite(b.xlsx(t / "a.xlsx"), t / "e.xlsx", b.with_doctype("sheet1.xml")),
     "declares a DTD"),
    ("16,384-column csv", lambda t: b.text(t / "w.csv", ",".join(f"c{i}" for i in range(16_384)) + "\n"),
     "16,384 columns"),
    ("junk xlsx", lambda t: b.text(t / "j.xlsx", os.urandom(20_000)), r"cannot be read|not a zip|damaged|valid"),
]
for reader in ("staff", "schedule", "budget"):
    for label, maker, message in HOSTILE_TABLES:
        case(f"{reader} reader: {label}", api(lambda t, m=maker, r=reader: (m(t), _reader(r))), message)
case("staff reader: plain xlsx, accepted", api(lambda t: (b.xlsx(t / "ok.xlsx"), _reader("staff"))),
     lambda frame: frame["Offered"].tolist() == [12, 15, 9, 11])

TEMPLATE_HEADER = "name,start_earliest,start_latest,start_step_min,paid_length_min,breaks,days,min_count,max_count\n"
for label, body, message in [
        ("min_count 1e9", "Day,08:00,09:00,30,480,,Mon-Fri,1000000000,\n", "above the most the app accepts"),
        ("max_count inf", "Day,08:00,09:00,30,480,,Mon-Fri,0,inf\n", r"not a whole number|above"),
        ("step 1e12", "Day,08:00,09:00,1000000000000,480,,Mon-Fri,0,\n", "above the most"),
        ("16,384 columns", ",".join(["x"] * 16_384) + "\n", "16,384 columns")]:
    case(f"templates: {label}", api(lambda t, bd=body, lb=label: (
        b.text(t / "t.csv", bd if lb.startswith("16") else TEMPLATE_HEADER + bd), _reader("templates"))), message)
case("templates: deeply nested JSON", api(lambda t: (b.text(t / "t.json", "[" * 200_000 + "]" * 200_000),
                                                     _reader("templates"))), r"nests too deeply|not valid|JSON|read")
case("templates: 5,000-digit number", api(lambda t: (b.text(t / "t.json", '{"templates": [' + "9" * 5000 + "]}"),
                                                     _reader("templates"))), r"JSON|digits|read|template")
case("templates: escaped formula name round-trips", api(lambda t: (b.text(
    t / "t.csv", TEMPLATE_HEADER + "'=Day,08:00,09:00,30,480,,Mon-Fri,0,\n"), _reader("templates"))),
    lambda ts: [x.name for x in ts] == ["=Day"])
case("sites: binary junk", api(lambda t: (b.text(t / "s.csv", os.urandom(3000)), _reader("sites"))),
     r"cannot be read|column|empty|unknown")
case("sites: 16,384 columns", api(lambda t: (b.text(t / "s.csv", ",".join(["name"] * 16_384) + "\n"),
                                             _reader("sites"))), "16,384 columns")


# plan files
def _plan(tmp, members, compression=zipfile.ZIP_DEFLATED, name="p.wfmplan"):
    path = tmp / name
    with zipfile.ZipFile(path, "w", compression) as zf:
        for member, data in members:
            zf.writestr(member, data)
    return path


def _manifest(**extra):
    doc = {"format": "wfm_desktop plan", "schema_version": 1, "settings": {}, "tables": {}}
    doc.update(extra)
    return json.dumps(doc)


def _good_plan(tmp):
    from wfm_desktop.core.plan.file_format import PlanDocument, save_plan

    return save_plan(PlanDocument(settings={"a": 1}, tables={"t": pd.DataFrame({"x": [1.5, 2.5]})}),
                     tmp / "good.wfmplan")


def _edit_plan(tmp, edit):
    good = _good_plan(tmp)
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members["plan.json"])
    edit(manifest, members)
    members["plan.json"] = json.dumps(manifest).encode()
    return _plan(tmp, members.items(), name="edited.wfmplan")


PLAN_CASES = [
    ("not a zip", lambda t: b.text(t / "p.wfmplan", b"hello"), "not a wfm_desktop plan"),
    ("empty", lambda t: b.text(t / "p.wfmplan", b""), "not a wfm_desktop plan"),
    ("truncated", lambda t: b.text(t / "p.wfmplan", _good_plan(t).read_bytes()[:300]), "not a wfm_desktop plan|damaged"),
    ("no manifest", lambda t: _plan(t, [("x.txt", "x")]), "has no plan.json"),
    ("foreign JSON", lambda t: _plan(t, [("plan.json", "{}")]), "unknown format"),
    ("5,000-digit number", lambda t: _plan(t, [("plan.json", '{"format": 1, "n": ' + "9" * 5000 + "}")]),
     "not valid JSON"),
    ("deeply nested", lambda t: _plan(t, [("plan.json", "[" * 100_000 + "]" * 100_000)]), "not valid JSON|nests"),
    ("settings a list", lambda t: _plan(t, [("plan.json", _manifest(settings=[1]))]), "settings are not"),
    ("tables a list", lambda t: _plan(t, [("plan.json", _manifest(tables=[1]))]), "table list is not"),
    ("table marker a string", lambda t: _plan(t, [("plan.json", _manifest(tables={"t": "x"}))]),
     "description of table 't'"),
    ("entry not a string", lambda t: _plan(t, [("plan.json", _manifest(tables={"t": {"entry": 1, "sha256": "x"}}))]),
     "description of table 't'"),
    ("column kind unknown", lambda t: _edit_plan(t, lambda m, _: m["tables"]["t"]["columns"][0].update(kind="pickle")),
     "column description"),
    ("dtype huge", lambda t: _edit_plan(t, lambda m, _: m["tables"]["t"]["columns"][0].update(kind="int",
                                                                                            dtype="U999999999")),
     "column description"),
    ("schema version text", lambda t: _plan(t, [("plan.json", _manifest(schema_version="1"))]), "schema version"),
    ("newer version", lambda t: _plan(t, [("plan.json", _manifest(schema_version=99))]), "newer wfm_desktop"),
    ("missing table", lambda t: _edit_plan(t, lambda m, mem: mem.pop("tables/t.csv")), "is missing"),
    ("checksum mismatch", lambda t: _edit_plan(t, lambda m, mem: mem.update({"tables/t.csv": b"x\n9.5\n8.5\n"})),
     "does not match its checksum"),
    ("unsafe entry name", lambda t: _plan(t, [("plan.json", _manifest()), ("../evil.txt", "x")]), "unsafe entry name"),
    ("absolute entry name", lambda t: _plan(t, [("plan.json", _manifest()), ("/etc/evil", "x")]), "unsafe entry name"),
    ("bzip2 entries", lambda t: _plan(t, [("plan.json", _manifest())], zipfile.ZIP_BZIP2), "compression method"),
    ("inflated whitespace manifest", lambda t: _plan(t, [("plan.json", _manifest() + " " * 300_000)]),
     "plan.json would unpack to", ),
    ("too many entries", lambda t: _plan(t, [("plan.json", _manifest())] + [(f"e{i}", "") for i in range(600)]),
     "entries"),
    ("a good plan, accepted", _good_plan, None),
]
for label, maker, message in PLAN_CASES:
    constants = {f"{P}__MAX_MANIFEST_BYTES": 100_000} if "inflated" in label else {}
    expect = message if message else (lambda doc: doc.tables["t"]["x"].tolist() == [1.5, 2.5] and doc.settings == {"a": 1})
    case(f"plan: {label}", api(lambda t, m=maker: (m(t), _reader("plan"))), expect, **constants)


def _plan_with_aht(table, aht, contacts=5.0):
    def make(tmp):
        from wfm_desktop.core.plan.file_format import PlanDocument, save_plan

        frame = pd.DataFrame({"queue": ["Sales", "Sales"], "start": pd.to_datetime(["2024-03-04 08:00", "2024-03-04 08:30"]),
                              "contacts": [5.0, contacts], "aht_s": [300.0, aht]})
        return save_plan(PlanDocument(settings={}, tables={table: frame}), tmp / "aht.wfmplan")
    return make


for table, role in [("history", "the history"), ("result-forecast-2", "the forecast"),
                    ("input-schedule_requirement", "the schedule requirement")]:
    for label, value in [("inf", float("inf")), ("-inf", float("-inf")), ("negative", -30.0)]:
        case(f"plan: AHT {label} in {role}", api(lambda t, tb=table, v=value: (_plan_with_aht(tb, v)(t), _reader("plan"))),
             rf"aht\.wfmplan: refused — table '{table}' \({role}\), column 'aht_s', row 3: the handle time is")
case("plan: AHT NaN with contacts in the schedule requirement",
     api(lambda t: (_plan_with_aht("input-schedule_requirement", float("nan"))(t), _reader("plan"))),
     r"table 'input-schedule_requirement' \(the schedule requirement\), column 'aht_s', row 3: the handle time is nan")
case("plan: AHT NaN (unknown) in the history, accepted",
     api(lambda t: (_plan_with_aht("history", float("nan"), contacts=0.0)(t), _reader("plan"))),
     lambda doc: doc.tables["history"]["aht_s"].isna().tolist() == [False, True])


def _dup_manifest(tmp):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _plan(tmp, [("plan.json", _manifest(settings={"a": 1})), ("plan.json", "")])


case("plan: duplicate plan.json", api(lambda t: (_dup_manifest(t), _reader("plan"))), "two entries called")


def _encrypted_plan(tmp):
    path = _plan(tmp, [("plan.json", _manifest())])
    data = bytearray(path.read_bytes())
    for header, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.find(header) + offset] |= 1
    return b.text(path, bytes(data))


case("plan: encrypted entry", api(lambda t: (_encrypted_plan(t), _reader("plan"))), "encrypted")


# CLI: parameters bounded before allocation, OS errors as one line
def _req_csv(tmp, required="3"):
    starts = pd.date_range("2024-03-04 08:00", periods=16, freq="30min")
    return b.text(tmp / "req.csv", "start,agents_gross\n" + "".join(f"{s:%Y-%m-%d %H:%M},{required}\n" for s in starts))


def _templates(tmp, min_count="0"):
    return b.text(tmp / "t.csv", TEMPLATE_HEADER + f"Day,08:00,09:00,30,240,,Mon-Sun,{min_count},\n")


ERL = ["erlang", "--interval-min", "30", "--aht-s", "300"]
CLI = [
    ("erlang --span 1e9", lambda t: ERL + ["--contacts", "100", "--span", "1000000000"], "--span: 1e\\+09"),
    ("erlang --contacts 1e12", lambda t: ERL + ["--contacts", "1e12"], "contacts: 1e\\+12"),
    ("erlang --contacts inf", lambda t: ERL + ["--contacts", "inf"], "contacts: inf"),
    ("erlang --contacts nan", lambda t: ERL + ["--contacts", "nan"], "contacts: nan"),
    ("erlang --aht-s 1e9", lambda t: ["erlang", "--interval-min", "30", "--contacts", "5", "--aht-s", "1e9"], "AHT"),
    ("erlang workload 1e6 Erlangs", lambda t: ["erlang", "--interval-min", "0.001", "--contacts", "100000",
                                                "--aht-s", "600"], "Erlangs"),
    ("erlang --concurrency 1e6", lambda t: ERL + ["--contacts", "5", "--concurrency", "1000000"], "--concurrency"),
    ("erlang --sl 100/20", lambda t: ERL + ["--contacts", "5", "--sl", "100/20"], "100% can never be reached"),
    ("erlang --sl 1e999/20", lambda t: ERL + ["--contacts", "5", "--sl", "1e999/20"], "percentage"),
    ("erlang --patience-s 1e20", lambda t: ERL + ["--contacts", "5", "--patience-s", "1e20"], "--patience-s"),
    ("erlang normal, accepted", lambda t: ERL + ["--contacts", "100"], 0),
    ("schedule requirement 1e9", lambda t: ["schedule", str(_req_csv(t, "1000000000")), "--templates",
                                            str(_templates(t)), "-o", str(t / "s.csv")], "asks for 1e\\+09 agents"),
    ("schedule template min_count 1e9", lambda t: ["schedule", str(_req_csv(t)), "--templates",
                                                   str(_templates(t, "1000000000")), "-o", str(t / "s.csv")],
     "above the most"),
    ("schedule --time-limit 1e12", lambda t: ["schedule", str(_req_csv(t)), "--templates", str(_templates(t)),
                                              "-o", str(t / "s.csv"), "--time-limit", "1e12"], "--time-limit"),
    ("schedule --agents 1e9", lambda t: ["schedule", str(_req_csv(t)), "--templates", str(_templates(t)),
                                         "-o", str(t / "s.csv"), "--agents", "1000000000"], "--agents"),
    ("schedule --max-seats 1e12", lambda t: ["schedule", str(_req_csv(t)), "--templates", str(_templates(t)),
                                             "-o", str(t / "s.csv"), "--max-seats", "1000000000000"], "--max-seats"),
    ("schedule --max-hours 1e9", lambda t: ["schedule", str(_req_csv(t)), "--templates", str(_templates(t)),
                                            "-o", str(t / "s.csv"), "--max-hours", "1e9"], "--max-hours"),
    ("schedule far-cell requirement", lambda t: ["schedule", str(b.rewrite(
        b.xlsx(t / "a.xlsx"), t / "far.xlsx", b.far_cell(b"XFD1048576"))), "--templates", str(_templates(t)),
        "-o", str(t / "s.csv")], "reaches row 1,048,576"),
    ("plan --horizon-days 1e8", lambda t: ["plan", "--sample", "-o", str(t / "p.xlsx"), "--horizon-days",
                                           "100000000"], "--horizon-days"),
    ("plan --schedule-days 1e6", lambda t: ["plan", "--sample", "-o", str(t / "p.xlsx"), "--schedule-days",
                                            "1000000"], "--schedule-days"),
    ("plan --min-staff 1e9", lambda t: ["plan", "--sample", "-o", str(t / "p.xlsx"), "--min-staff", "1000000000"],
     "--min-staff"),
    ("forecast --horizon-days 1e9", lambda t: ["forecast", str(REPO / "resources/sample/sample_history.csv"),
                                               "--horizon-days", "1000000000", "-o", str(t / "f.csv")], "horizon"),
    ("staff contacts 1e12", lambda t: ["staff", str(b.text(t / "in.csv", "contacts,aht_s,interval_min\n1e12,300,30\n")),
                                       "-o", str(t / "o.csv")], "column 'contacts'"),
    ("staff far-cell workbook", lambda t: ["staff", str(b.rewrite(b.xlsx(t / "a.xlsx"), t / "far.xlsx",
                                                                 b.far_cell(b"XFD1048576"))), "-o",
                                           str(t / "o.csv")], "reaches row 1,048,576"),
    ("budget far-cell workbook", lambda t: ["budget", str(b.rewrite(b.xlsx(t / "a.xlsx"), t / "far.xlsx",
                                                                   b.far_cell(b"XFD1048576"))), "-o",
                                            str(t / "o.csv")], "reaches row 1,048,576"),
    ("import crafted workbook", lambda t: ["import", str(b.rewrite(b.xlsx(t / "a.xlsx"), t / "far.xlsx",
                                                                  b.far_cell(b"XFD1048576", quote=b"'"))), "-o",
                                           str(t / "o.csv")], "reaches row 1,048,576"),
    ("import crafted xls", lambda t: ["import", str(b.xls_patched(t / "d.xls", b.xls_dimension(0xFFFFFFF0, 255))),
                                      "-o", str(t / "o.csv")], "claims"),
    ("import -o its own input --force", lambda t: ["import", str(b.xlsx(t / "in.xlsx")), "-o", str(t / "in.xlsx"),
                                                   "--force"], "never overwritten"),
    ("import into a missing folder", lambda t: ["import", str(b.xlsx(t / "in.xlsx")), "-o",
                                                str(t / "nope" / "o.csv")], "does not exist"),
    ("import output is a folder", lambda t: ["import", str(b.xlsx(t / "in.xlsx")), "-o", str(t)], "is a folder"),
    ("import a missing file", lambda t: ["import", str(t / "missing.xlsx"), "-o", str(t / "o.csv")], "does not exist"),
    ("import, accepted", lambda t: ["import", str(b.xlsx(t / "in.xlsx")), "-o", str(t / "o.csv")], 0),
]
for label, argv, expect in CLI:
    case(f"cli: {label}", argv, expect, kind="cli")


# ---------------------------------------------------------------- running a case

def _digest(paths) -> dict:
    out = {}
    for path in paths:
        p = Path(path)
        if p.is_file():
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _inputs_of(argv, tmp) -> list[Path]:
    return [Path(a) for a in argv if isinstance(a, str) and Path(a).is_file() and Path(a).is_relative_to(tmp)]


def run_case(c: Case, tmp: Path) -> Outcome:
    """Build the case's input in `tmp`, run it, and classify what happened."""
    import importlib

    saved = {}
    for (module_name, name), value in c.constants.items():
        module = importlib.import_module(module_name)
        saved[(module, name)] = getattr(module, name)
        setattr(module, name, value)
    try:
        return _run_cli(c, tmp) if c.kind == "cli" else _run_api(c, tmp)
    finally:
        for (module, name), value in saved.items():
            setattr(module, name, value)


def _classify_time_memory(name, category, detail, seconds, peak):
    if seconds > CASE_LIMIT_S:
        return Outcome(name, "hang", f"{seconds:.1f} s; {detail}", seconds, peak)
    if peak > PEAK_LIMIT:
        return Outcome(name, "unbounded memory", f"{peak / GB:.2f} GB; {detail}", seconds, peak)
    return Outcome(name, category, detail, seconds, peak)


def _run_api(c: Case, tmp: Path) -> Outcome:
    call, inputs = c.build(tmp)
    before = _digest(inputs)
    sandbox.last_stats = sandbox.Stats()
    started = time.monotonic()
    try:
        result, error = call(), None
    except WfmError as exc:
        result, error = None, exc
    except Exception as exc:  # noqa: BLE001 - a traceback is what the corpus counts
        seconds = time.monotonic() - started
        return Outcome(c.name, "traceback", f"{type(exc).__name__}: {exc}"[:300], seconds, 0)
    seconds = time.monotonic() - started
    peak = sandbox.last_stats.peak_rss_bytes
    if _digest(inputs) != before:
        return Outcome(c.name, "input changed", "", seconds, peak)
    if error is not None:
        text = str(error)  # a reader process that died or ran out of memory is a message here: the caller lives
        if isinstance(c.expect, str) and re.search(c.expect, text):
            category = "clean error"
        else:
            category = "wrong result"
        return _classify_time_memory(c.name, category, text[:300], seconds, peak)
    ok = callable(c.expect) and bool(c.expect(result))
    return _classify_time_memory(c.name, "accepted and correct" if ok else "wrong result",
                                 "" if ok else f"accepted: {str(result)[:200]}", seconds, peak)


def _limit_child():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 * GB, 3 * GB))


def _run_cli(c: Case, tmp: Path) -> Outcome:
    argv = c.build(tmp)
    inputs = _inputs_of(argv, tmp)
    before = _digest(inputs)
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               WFM_READER_MEMORY_MB=str(PEAK_LIMIT >> 20))
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "wfm_desktop", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=str(tmp),
                            preexec_fn=_limit_child if os.name == "posix" else None)
    try:
        out, err = proc.communicate(timeout=CASE_LIMIT_S * 3)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return Outcome(c.name, "hang", "killed after the timeout", time.monotonic() - started, 0)
    seconds = time.monotonic() - started
    peak = _child_peak()
    if _digest(inputs) != before:
        return Outcome(c.name, "input changed", err[-200:], seconds, peak)
    if "Traceback" in err or "Traceback" in out:
        return Outcome(c.name, "traceback", err[-300:], seconds, peak)
    if proc.returncode < 0 or proc.returncode in (134, 137, 139):
        return Outcome(c.name, "native abort", f"exit {proc.returncode}: {err[-200:]}", seconds, peak)
    if c.expect == 0:
        category = "accepted and correct" if proc.returncode == 0 else "wrong result"
    else:
        lines = [ln for ln in err.strip().splitlines() if ln.strip()]
        one_line = len(lines) == 1
        category = ("clean error" if proc.returncode == 2 and one_line and re.search(str(c.expect), err)
                    else "wrong result")
    return _classify_time_memory(c.name, category, (err.strip() or out.strip())[-300:], seconds, peak)


def _child_peak() -> int:
    """The largest resident size of any child so far (ru_maxrss of waited-for children; a high-water mark)."""
    try:
        import resource
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def table(outcomes: list[Outcome]) -> str:
    counts = {k: 0 for k in COLUMNS}
    counts["cases"] = len(outcomes)
    for o in outcomes:
        counts[o.category] += 1
    head = "| " + " | ".join(COLUMNS) + " |"
    rule = "|" + "---|" * len(COLUMNS)
    return "\n".join([head, rule, "| " + " | ".join(str(counts[k]) for k in COLUMNS) + " |"])


if __name__ == "__main__":
    import tempfile

    sandbox.MEMORY_LIMIT_BYTES = PEAK_LIMIT
    sandbox.DEADLINE_S = CASE_LIMIT_S
    results = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as root:
        for i, c in enumerate(CASES):
            folder = Path(root) / f"case{i}"
            folder.mkdir()
            results.append(run_case(c, folder))
            o = results[-1]
            if o.category not in ("clean error", "accepted and correct") or "-v" in sys.argv:
                print(f"{o.category:>22}  {o.seconds:5.1f}s  {o.peak_bytes / GB:4.2f}GB  {o.name}: {o.detail}")
    print(table(results))
    print(f"{len(results)} cases in {time.monotonic() - started:.0f} s; slowest "
          f"{max(results, key=lambda o: o.seconds).name} ({max(o.seconds for o in results):.1f} s); largest reader "
          f"peak {max(o.peak_bytes for o in results if o.name[:4] != 'cli:') / GB:.2f} GB")
    sandbox.shutdown()
