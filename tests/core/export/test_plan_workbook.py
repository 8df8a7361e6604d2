"""The plan workbook: sheets, headers, named inputs, formulas with cached values, safety."""

from __future__ import annotations

import copy
import os
import warnings

import openpyxl
import pandas as pd
import pytest

from tests.core.plan_builders import EVIL_QUEUE, plan_data
from wfm_desktop.core import files
from wfm_desktop.core.errors import Cancelled, WfmError
from wfm_desktop.core.export import QueueAssumptions, write_plan_workbook
from wfm_desktop.core.staffing.shrinkage import ShrinkageCategory
from wfm_desktop.core.export import write_plan_workbook as facade_writer

INTRADAY_HEADERS = ["Date", "Interval", "Queue", "Contacts", "AHT (s)", "Workload (Erlangs)", "Net agents",
                    "Gross for scheduling", "Gross agents", "SL", "ASA (s)", "Occupancy",
                    # helper columns (grouped, collapsed): the forecast the levers scale, and the open flag
                    "Forecast contacts", "Forecast AHT (s)", "Open (1 = staffed)"]


def _open(path, data_only=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl does not read every extension XlsxWriter writes
        return openpyxl.load_workbook(path, data_only=data_only)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    data = plan_data()
    path = tmp_path_factory.mktemp("export") / "plan.xlsx"
    write_plan_workbook(data, path)
    return data, path, _open(path), _open(path, data_only=True)


def _defined(wb, name):
    dn = wb.defined_names[name]
    (sheet, ref), = list(dn.destinations)
    return wb[sheet][ref.replace("$", "")]


def test_facade_is_the_same_writer():
    assert facade_writer is write_plan_workbook


def test_sheets_in_order_with_table_headers(exported):
    _, _, wb, _ = exported
    assert wb.sheetnames == ["Summary", "Assumptions", "Daily forecast", "Intraday requirements", "Weekly FTE"]
    ws = wb["Intraday requirements"]
    assert [c.value for c in ws[1]] == INTRADAY_HEADERS
    assert ws.freeze_panes == "D2"
    assert "Intraday" in ws.tables
    assert ws.tables["Intraday"].autoFilter is not None
    assert ws.page_setup.orientation == "landscape"
    # Fit to one page wide (1 is the file format's default width), any number of pages tall.
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0
    assert [c.value for c in wb["Weekly FTE"][1]][:5] == ["Week commencing", "Queue", "Days", "Open days",
                                                          "Weeks (contracted)"]
    assert wb["Weekly FTE"].freeze_panes == "C2"
    assert wb.properties.title == "Staffing plan — Test plan =1+1"
    assert wb.properties.creator == "wfm_desktop"


def test_number_formats_and_heat_map(exported):
    _, _, wb, _ = exported
    ws = wb["Intraday requirements"]
    assert ws["J2"].number_format == "0.0%"
    assert ws["B2"].number_format == "hh:mm"
    assert wb["Weekly FTE"]["K2"].number_format == "#,##0.0"  # FTE (after Open days and Weeks, issue #21)
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert any(r.type == "colorScale" for r in rules)
    assert ws.column_dimensions["C"].width > 10


def test_assumptions_inputs_are_named_cells(exported):
    data, _, wb, values = exported
    sales, evil, support = data.queues
    assert _defined(wb, "Queue1_Name").value == "Sales"
    assert _defined(wb, "Queue1_SL_Target").value == 0.8
    assert _defined(wb, "Queue1_SL_Seconds").value == 20
    assert _defined(wb, "Queue1_Occupancy_Cap").value == 0.85
    assert _defined(wb, "Queue2_ASA_Target_s").value == 30
    assert _defined(wb, "Queue2_Concurrency").value == 2
    assert _defined(wb, "Queue3_Patience_s").value == 120
    # Convention change (issue #21, one contracted week): Queue<k>_Hours_per_FTE and the 52/12 month row are
    # gone; the plan has one week, Contract_Hours_Week, and a month's FTE counts its days ÷ 7.
    assert _defined(wb, "Contract_Hours_Week").value == 37.5
    assert not any("Hours_per_FTE" in name for name in wb.defined_names)
    assert _defined(wb, "Open_Days_Per_Week").value == 5  # the builder's queues are open Monday to Friday
    assert _defined(wb, "Interval_Minutes").value == 30
    assert _defined(wb, "Source_File").value == "/data/history.csv"
    assert _defined(wb, "Source_SHA256").value == "ab" * 32
    assert _defined(wb, "Forecast_Method").value == "Auto"
    assert _defined(wb, "Adjustment1_Value").value == 0.05
    # Shrinkage: totals are formulas over the categories, with the app's totals cached.
    total = _defined(wb, "Queue1_Shrinkage_Total")
    assert total.value.startswith("=SUM(")
    assert _defined(values, "Queue1_Shrinkage_Total").value == pytest.approx(0.0667 + 0.05 + 0.06 + 0.04)
    assert _defined(wb, "Queue1_Shrinkage_Unscheduled").value.startswith("=SUMIF(")
    assert _defined(values, "Queue1_Shrinkage_Unscheduled").value == pytest.approx(0.10)
    # Queue 2's shrinkage differs by month: one pair of names per month of the horizon (Jan, Feb).
    assert _defined(values, "Queue2_Shrinkage_Total_M01").value == pytest.approx(0.2167)
    assert _defined(values, "Queue2_Shrinkage_Total_M02").value == pytest.approx(0.2567)
    assert _defined(values, "Queue2_Shrinkage_Unscheduled_M02").value == pytest.approx(0.19)
    assert "Queue2_Shrinkage_Total" not in wb.defined_names
    assert _defined(values, "Queue3_Shrinkage_Total").value == 0


def test_gross_and_fte_are_formulas_with_the_apps_values(exported):
    data, _, wb, values = exported
    ws, cached = wb["Intraday requirements"], values["Intraday requirements"]
    by_key = data.intraday.set_index(["queue", "start"])
    checked = 0
    for r in range(2, ws.max_row + 1):
        queue = ws.cell(r, 3).value
        formula = ws.cell(r, 9).value
        # Convention change (issue #21, FTE from unrounded hours): gross agents (paid, for FTE) are not rounded;
        # gross for scheduling stays whole agents.
        assert formula.startswith(f"=G{r}/(1-") and "CEILING(" not in formula and "_Shrinkage_Total" in formula
        assert "CEILING(" in ws.cell(r, 8).value
        assert ws.cell(r, 8).value.startswith("=IF(G") and "_Shrinkage_Unscheduled" in ws.cell(r, 8).value
        clock = cached.cell(r, 2).value
        when = pd.Timestamp(cached.cell(r, 1).value) + pd.Timedelta(hours=clock.hour, minutes=clock.minute)
        row = by_key.loc[(queue, when.round("min"))]
        assert cached.cell(r, 9).value == row["agents_gross"]
        assert cached.cell(r, 8).value == row["agents_schedule"]
        assert cached.cell(r, 7).value == row["agents_net"]
        if when.month == 2 and queue == EVIL_QUEUE:
            assert "Queue2_Shrinkage_Total_M02" in formula
        checked += 1
    assert checked == len(data.intraday)
    weekly, weekly_cached = wb["Weekly FTE"], values["Weekly FTE"]
    frame = data.weekly.set_index(["queue", "week_start"])
    for r in range(2, weekly.max_row + 1):
        # FTE (column K) = gross hours (J) ÷ (Contract_Hours_Week × weeks (E)); weeks = open days (D) ÷ a week's.
        assert weekly.cell(r, 11).value == f"=IF($E{r}=0,0,J{r}/(Contract_Hours_Week*$E{r}))"
        assert weekly.cell(r, 5).value == f"=$D{r}/Open_Days_Per_Week"
        assert weekly.cell(r, 10).value.startswith("=SUMPRODUCT(")
        row = frame.loc[(weekly_cached.cell(r, 2).value, pd.Timestamp(weekly_cached.cell(r, 1).value))]
        assert weekly_cached.cell(r, 11).value == pytest.approx(row["fte"], rel=1e-12)
        assert weekly_cached.cell(r, 10).value == pytest.approx(row["agents_gross_h"], rel=1e-12)


def test_imported_text_is_never_a_formula(exported):
    _, path, wb, _ = exported
    hits = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and ("HYPERLINK" in cell.value or cell.value in
                                                    ("-Support@", "=2*3", "@Sales launch", "+Holiday")):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    hits += 1
                if cell.data_type == "f":
                    assert "HYPERLINK" not in cell.value and "2*3" not in cell.value
    assert hits > 100
    assert wb["Summary"]["A1"].value == "Staffing plan — Test plan =1+1"


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"keep me")
    with pytest.raises(WfmError, match="already exists"):
        write_plan_workbook(plan_data(days=3), target)
    assert target.read_bytes() == b"keep me"
    write_plan_workbook(plan_data(days=3), target, force=True)
    assert _open(target).sheetnames[0] == "Summary"


def test_locked_target_gives_a_clear_message_and_keeps_the_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"open in Excel")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(WfmError, match="open in another program or read-only"):
        write_plan_workbook(plan_data(days=3), target, force=True)
    assert target.read_bytes() == b"open in Excel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_cancel_leaves_nothing_behind(tmp_path):
    target = tmp_path / "plan.xlsx"
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        write_plan_workbook(plan_data(days=3), target, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_nothing_in_memory_is_mutated(tmp_path):
    data = plan_data(days=3)
    before = {k: copy.deepcopy(getattr(data, k)) for k in ("intraday", "daily", "weekly")}
    shuffled = data.intraday.sample(frac=1.0, random_state=3)
    data = type(data)(**{**data.__dict__, "intraday": shuffled})
    snapshot = shuffled.copy(deep=True)
    progress = []
    write_plan_workbook(data, tmp_path / "p.xlsx", progress=lambda f, m: progress.append(f))
    pd.testing.assert_frame_equal(data.intraday, snapshot)
    pd.testing.assert_frame_equal(data.daily, before["daily"])
    pd.testing.assert_frame_equal(data.weekly, before["weekly"])
    assert progress[0] == 0.0 and progress[-1] == 1.0 and progress == sorted(progress)


@pytest.mark.parametrize("change, message", [
    (lambda d: {"queues": (QueueAssumptions("Sales", (ShrinkageCategory("Absence", 0.7),
                                                    ShrinkageCategory("Holiday", 0.4))), *d.queues[1:])},
     "below 1"),
    (lambda d: {"queues": (*d.queues, QueueAssumptions("SALES"))}, "upper/lower case"),
    (lambda d: {"contract_hours_week": 0.0}, "contracted hours"),
    (lambda d: {"intraday": d.intraday.drop(columns=["agents_gross"])}, "agents_gross"),
    (lambda d: {"queues": d.queues[1:]}, "without settings: Sales"),
    (lambda d: {"interval_min": 20}, "15, 30 or 60"),
    (lambda d: {"weekly": d.weekly.assign(fte=float("nan"))}, "column fte"),
])
def test_invalid_plans_are_refused_with_a_message(tmp_path, change, message):
    data = plan_data(days=3)
    bad = type(data)(**{**data.__dict__, **change(data)})
    with pytest.raises(WfmError, match=message):
        write_plan_workbook(bad, tmp_path / "p.xlsx")
    assert not os.listdir(tmp_path)


def test_fast_formula_writer_stores_what_write_formula_stores(tmp_path):
    import xlsxwriter

    from wfm_desktop.core.export.tables import fast_formula_writer

    wb = xlsxwriter.Workbook(str(tmp_path / "f.xlsx"))
    ws = wb.add_worksheet("S")
    formulas = ["=IF(G2=0,0,CEILING(G2/(1-Queue1_Shrinkage_Total)-1E-9*MAX(1,G2/(1-Queue1_Shrinkage_Total)),1))",
                "=SUMPRODUCT(('Daily forecast'!$C$2:$C$9=$B2)*('Daily forecast'!$A$2:$A$9>=$A2),'Daily forecast'!$K$2:$K$9)",
                "=IF($E2=0,0,J2/(Contract_Hours_Week*$E2))"]
    fast = fast_formula_writer(ws)
    assert fast is not ws.write_formula
    for i, formula in enumerate(formulas):
        ws.write_formula(i, 0, formula, None, 1.5)
        fast(i, 1, formula, None, 1.5)
        assert ws.table[i][0] == ws.table[i][1]
    assert (ws.dim_rowmax, ws.dim_colmax) == (2, 1)
    wb.close()


def test_summary_average_over_the_horizon_and_peak_over_whole_weeks(tmp_path):
    data = plan_data(days=10)  # one whole week and a 3-day part week
    path = tmp_path / "p.xlsx"
    write_plan_workbook(data, path)
    wb, values = _open(path), _open(path, data_only=True)
    sales = data.weekly[data.weekly["queue"] == "Sales"]
    assert sales["days"].tolist() == [7, 3]
    row = next(r for r in range(1, 20) if values["Summary"].cell(r, 1).value == "Sales")
    # Convention change (issue #21, one FTE for one period): the average is the horizon's, every week by its
    # contracted weeks — the part week Mon–Wed is 3 of 5 open days — so it equals the Budget's average:
    # Σ gross hours ÷ (37.5 × (1 + 3/5)). It was the mean of the whole weeks only.
    hours = data.daily[data.daily["queue"] == "Sales"]["agents_gross_h"].sum()
    assert values["Summary"].cell(row, 6).value == pytest.approx(hours / (37.5 * (1 + 3 / 5)))
    assert "Contract_Hours_Week" in wb["Summary"].cell(row, 6).value
    assert values["Summary"].cell(row, 7).value == pytest.approx(sales["fte"].iloc[0])  # peak: whole weeks
    peak = wb["Summary"].cell(row, 7).value
    assert ">=7" in getattr(peak, "text", peak)


def test_undefined_metrics_are_left_empty(tmp_path):
    data = plan_data(days=3)
    intraday = data.intraday.copy()
    intraday.loc[0, "asa_s"] = float("inf")
    intraday.loc[1, "service_level"] = float("nan")
    write_plan_workbook(type(data)(**{**data.__dict__, "intraday": intraday}), tmp_path / "p.xlsx")
    ws = _open(tmp_path / "p.xlsx")["Intraday requirements"]
    first = [ws.cell(r, 11).value for r in range(2, ws.max_row + 1)]
    assert first.count(None) >= 1
