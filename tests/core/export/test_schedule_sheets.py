"""Schedule, Coverage and Roster sheets of the plan workbook: values, live Diff formulas, LibreOffice recalc."""

from __future__ import annotations

import re
import warnings
from dataclasses import replace

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.core.plan_builders import plan_data
from tests.lo_recalc import convert, soffice
from wfm_desktop.core.export import ScheduleExport, write_plan_workbook
from wfm_desktop.core.export.schedule_sheets import COVERAGE, ROSTER, SCHEDULE
from wfm_desktop.core.scheduling.roster import RosterRules, build_roster
from wfm_desktop.core.scheduling.schedule_files import shift_counts
from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, solve_schedule
from wfm_desktop.core.scheduling.templates import template_from_record

TEMPLATES = (
    {"name": "Day 8h", "start_earliest": "07:00", "start_latest": "10:00", "start_step_min": 30,
     "paid_length_min": 480, "breaks": "break1 15 paid 1:30-2:00; lunch 30 unpaid 3:30-4:30", "cost_per_hour": 20},
    {"name": "Late 4h", "start_earliest": "13:00", "start_latest": "14:00", "start_step_min": 60,
     "paid_length_min": 240, "contract": "part", "cost_per_hour": 22},
)


def _templates():
    return [template_from_record(r, "test") for r in TEMPLATES]


@pytest.fixture(scope="module")
def solved():
    data = plan_data(days=7)  # Mon–Fri 08:00–18:00, three queues, 30-minute intervals
    # One queue keeps the model (and the roster) small; the plan's shrinkage not modelled is 10 %.
    frame = data.intraday[data.intraday["queue"] == "Sales"]
    result = solve_schedule(frame, _templates(), ScheduleSettings(time_limit_s=30, shrinkage_unmodelled=0.1))
    roster = build_roster(result.shifts, None, RosterRules(max_days_per_week=5, min_consecutive_days_off=0))
    return data, result, roster


def _open(path, data_only=True):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def _rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    return [str(h) for h in rows[0]], rows[1:]


@pytest.fixture(scope="module")
def workbook(solved, tmp_path_factory):
    data, result, roster = solved
    path = tmp_path_factory.mktemp("schedule") / "plan.xlsx"
    write_plan_workbook(replace(data, schedule=ScheduleExport(result, roster)), path)
    return path


def test_sheets_are_added_after_the_plan_sheets(workbook):
    names = _open(workbook).sheetnames
    assert names[:5] == ["Summary", "Assumptions", "Daily forecast", "Intraday requirements", "Weekly FTE"]
    assert names[5:] == [SCHEDULE, COVERAGE, ROSTER]


def test_coverage_sheet_values_and_live_diff(solved, workbook):
    _, result, _ = solved
    heads, rows = _rows(_open(workbook)[COVERAGE])
    assert heads == ["Date", "Interval", "Req", "Sched", "Diff",
                     "Net agents scheduled", "Service level", "Interval start"]
    cov = result.coverage
    assert len(rows) == len(cov)
    got = pd.DataFrame(rows, columns=heads)
    stamps = [pd.Timestamp(d) + pd.Timedelta(hours=t.hour, minutes=t.minute) for d, t in zip(got["Date"], got["Interval"])]
    assert stamps == list(pd.to_datetime(cov["start"]))
    assert [pd.Timestamp(v).round("s") for v in got["Interval start"]] == list(pd.to_datetime(cov["start"]))
    assert got["Req"].to_numpy(dtype=float) == pytest.approx(cov["required"].to_numpy())
    assert got["Sched"].to_numpy(dtype=float) == pytest.approx(cov["scheduled"].to_numpy())
    assert got[heads[4]].to_numpy(dtype=float) == pytest.approx(cov["difference"].to_numpy())
    sl = got["Service level"].to_numpy(dtype=float, na_value=np.nan)
    assert np.allclose(sl, cov["service_level"].to_numpy(), equal_nan=True)
    assert (cov["difference"] < 0).any() or (cov["difference"] > 0).any()  # the Diff column is not all zero
    formulas = _open(workbook, data_only=False)[COVERAGE]
    assert formulas["E2"].value == "=D2-C2" and formulas[f"E{len(cov) + 1}"].value == f"=D{len(cov) + 1}-C{len(cov) + 1}"


def _breaks_off(text: str, day: pd.Timestamp) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    out = []
    for a, b in re.findall(r"(\d\d:\d\d)-(\d\d:\d\d)", text or ""):
        start, end = day + pd.Timedelta(a + ":00"), day + pd.Timedelta(b + ":00")
        out.append((start, end))
    return out


def test_coverage_equals_the_sum_of_the_shift_list(solved, workbook):
    """Rebuild Scheduled from the Schedule sheet alone (count × time on site − breaks)."""
    _, result, _ = solved
    wb = _open(workbook)
    heads, rows = _rows(wb[SCHEDULE])
    assert heads == ["Day", "Shift", "Contract", "Start", "End", "Count", "Breaks and lunch", "Paid hours each",
                     "Paid hours", "Cost each", "Cost"]
    shifts = pd.DataFrame(rows, columns=heads)
    assert shifts["Count"].sum() == len(result.shifts)
    assert shifts["Paid hours"].sum() == pytest.approx(result.summary["paid_h"])
    assert shifts["Cost"].sum() == pytest.approx(result.summary["wage_cost"])
    grid = pd.to_datetime(result.coverage["start"])
    step = pd.Timedelta(minutes=result.interval_min)
    scheduled = np.zeros(len(grid))

    def add(a, b, k):
        for i, t in enumerate(grid):
            overlap = (min(b, t + step) - max(a, t)) / step
            if overlap > 0:
                scheduled[i] += k * overlap

    for row in shifts.itertuples(index=False):
        start, end, count = pd.Timestamp(row[3]), pd.Timestamp(row[4]), row[5]
        add(start, end, count)
        for a, b in _breaks_off(row[6], pd.Timestamp(row[0])):
            add(a, b, -count)
    _, cov_rows = _rows(wb[COVERAGE])
    assert scheduled == pytest.approx([r[3] for r in cov_rows], abs=1e-9)


def test_roster_sheet_is_the_roster_grid(solved, workbook):
    _, _, roster = solved
    heads, rows = _rows(_open(workbook)[ROSTER])
    day_labels = [c for c in roster.grid.columns if c != "agent"]
    assert heads == ["Agent", "Contract", *day_labels, "Days worked", "Paid hours"]
    assert [r[0] for r in rows] == list(roster.grid["agent"])
    for r, (_, g) in zip(rows, roster.grid.iterrows()):
        assert list(r[2:2 + len(day_labels)]) == [g[c] for c in day_labels]
    totals = roster.agents.set_index("agent")
    assert [r[-1] for r in rows] == pytest.approx(totals.loc[[r[0] for r in rows], "paid_h"].to_list())
    assert sum(r[-2] for r in rows) == len(roster.assignments)


def test_summary_has_the_schedules_figures(solved, workbook):
    _, result, _ = solved
    s = result.summary
    ws = _open(workbook)["Summary"]
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    assert values["Shifts"] == s["shifts"]
    assert values["Over agent-hours"] == pytest.approx(s["over_h"])
    assert values["Under agent-hours"] == pytest.approx(s["under_h"])
    assert values["Required agent-hours"] == pytest.approx(s["required_h"])
    assert values["Service level (scheduled)"] == pytest.approx(s["service_level_mean"])
    assert "MIP gap" in values["Solver"]
    formulas = {row[0].value: row[1].value for row in _open(workbook, False)["Summary"].iter_rows() if row[0].value}
    assert formulas["Under agent-hours"].startswith("=-SUMIF('Coverage'!")


def test_without_roster_there_is_no_roster_sheet_and_data_is_not_changed(solved, tmp_path):
    data, result, _ = solved
    path = tmp_path / "plan.xlsx"
    extended = replace(data, schedule=ScheduleExport(result))
    assert data.schedule is None
    write_plan_workbook(extended, path)
    names = _open(path).sheetnames
    assert SCHEDULE in names and COVERAGE in names and ROSTER not in names
    write_plan_workbook(data, tmp_path / "plain.xlsx")
    assert SCHEDULE not in _open(tmp_path / "plain.xlsx").sheetnames


def test_shift_counts_group_identical_shifts(solved):
    _, result, _ = solved
    counted = shift_counts(result)
    assert counted["count"].sum() == len(result.shifts)
    keys = ["day", "template", "start", "end", "breaks"]
    assert not counted.duplicated(keys).any()
    assert list(counted.columns) == ["day", "template", "contract", "start", "end", "count", "breaks", "paid_h",
                                     "cost"]


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_the_same_schedule_figures(workbook, tmp_path):
    recalculated = convert(workbook, tmp_path / "lo", "xlsx")
    formulas, cached, fresh = _open(workbook, False), _open(workbook), _open(recalculated)
    count = 0
    for sheet in (SCHEDULE, COVERAGE, "Summary"):
        for row in formulas[sheet].iter_rows():
            for cell in row:
                if cell.data_type != "f" or not str(cell.value).startswith("="):
                    continue
                app, lo = cached[sheet][cell.coordinate].value, fresh[sheet][cell.coordinate].value
                if isinstance(app, str):  # the Summary's status line: text
                    assert lo == app, (sheet, cell.coordinate, cell.value, app, lo)
                    continue
                assert isinstance(lo, (int, float)), (sheet, cell.coordinate, cell.value, lo)
                assert lo == pytest.approx(app, rel=1e-9, abs=1e-9), (sheet, cell.coordinate, cell.value, app, lo)
                count += 1
    assert count > 100


def test_the_coverage_sheet_reads_back_as_a_requirement(solved, workbook):
    from wfm_desktop.core.scheduling.demand import prepare_requirement
    from wfm_desktop.core.scheduling.schedule_files import read_requirements

    _, result, _ = solved
    req = prepare_requirement(read_requirements(workbook, sheet=COVERAGE))
    assert req.column == "required"
    assert req.required == pytest.approx(result.coverage["required"].to_numpy())


def test_required_is_linked_to_the_plans_gross_for_scheduling(workbook):
    formulas = _open(workbook, data_only=False)[COVERAGE]
    required = formulas["C2"].value
    assert required.startswith("=SUMPRODUCT(('Intraday requirements'!") and "Queue1_Name" in required  # Sales


def test_a_schedule_of_another_requirement_keeps_required_as_values(solved, tmp_path):
    data, _, _ = solved
    frame = data.intraday[data.intraday["queue"] == "Sales"].assign(
        agents_schedule=lambda f: f["agents_schedule"] + 1.0)
    other = solve_schedule(frame, _templates(), ScheduleSettings(time_limit_s=30))
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(replace(data, schedule=ScheduleExport(other)), path)
    formulas = _open(path, data_only=False)[COVERAGE]
    assert isinstance(formulas["C2"].value, (int, float))
    assert formulas["E2"].value == "=D2-C2"


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_a_shrinkage_edit_moves_required_and_diff_but_not_the_shifts(solved, workbook, tmp_path):
    from wfm_desktop.core.staffing.rollups import gross_agents

    data, result, _ = solved
    book = _open(workbook, data_only=False)
    ws = book["Assumptions"]
    # Sales (queue 1): Absence 6% → 20%; the shrinkage the schedule does not model becomes 24%.
    absence = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Absence")
    ws.cell(absence, 3).value = 0.20
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    fresh = _open(convert(edited, tmp_path / "lo", "xlsx"))
    sales = data.intraday[data.intraday["queue"] == "Sales"]
    new_need = pd.Series(gross_agents(sales["agents_net"].to_numpy(), 0.20 + 0.04), index=pd.to_datetime(sales["start"]))
    expected = new_need.reindex(pd.to_datetime(result.coverage["start"]), fill_value=0.0).to_numpy(dtype=float)
    _, rows = _rows(fresh[COVERAGE])
    assert [r[2] for r in rows] == pytest.approx(expected)
    assert [r[3] for r in rows] == pytest.approx(result.coverage["scheduled"].to_numpy())  # the shifts stay
    assert [r[4] for r in rows] == pytest.approx(result.coverage["scheduled"].to_numpy() - expected)
    assert expected.sum() > result.coverage["required"].sum()
    summary = {row[0]: row[1] for row in fresh["Summary"].iter_rows(values_only=True) if row[0]}
    hours = result.interval_min / 60
    assert summary["Under agent-hours"] == pytest.approx(
        np.maximum(expected - result.coverage["scheduled"].to_numpy(), 0).sum() * hours)
    assert summary["Under agent-hours"] > result.summary["under_h"]


def test_a_schedule_without_shifts_still_writes_its_sheets(solved, tmp_path):
    data, _, _ = solved
    frame = data.intraday[data.intraday["queue"] == "Sales"].assign(agents_schedule=0.0)
    empty = solve_schedule(frame, _templates(), ScheduleSettings(time_limit_s=30))
    assert empty.shifts.empty
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(replace(data, schedule=ScheduleExport(empty)), path)
    wb = _open(path)
    assert wb[SCHEDULE].max_row <= 2 and wb[COVERAGE].max_row == len(empty.coverage) + 1
    values = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row[0]}
    assert values["Shifts"] == 0 and values["Under agent-hours"] == 0
