"""Reading requirement files and writing schedules (xlsx/csv) for the schedule command.

The workbook written here (sheets Schedule, Coverage, Roster, Summary) is a plain,
clean openpyxl workbook: bold headers, frozen header row, filters, column widths
and date/time formats. The plan workbook's Schedule, Coverage and Roster sheets
(:mod:`wfm_desktop.core.export.schedule_sheets`) are written from the same
tables (:func:`schedule_tables`, :func:`shift_counts`) in the plan workbook's style.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import atomic_path
from wfm_desktop.core.formula_safety import quote_openpyxl_cells, write_csv
from wfm_desktop.core.importers.safe_read import read_user_file

# Planner-vocabulary headers (as in the plan workbook) → canonical column names.
ALIASES = {
    "start": "start", "interval start": "start", "date": "date", "interval": "interval", "queue": "queue",
    "contacts": "contacts", "aht": "aht_s", "aht (s)": "aht_s", "aht_s": "aht_s",
    "agents for scheduling": "agents_schedule", "agents_schedule": "agents_schedule",
    "gross agents": "agents_gross", "agents_gross": "agents_gross", "net agents": "agents_net",
    "agents_net": "agents_net", "required": "required", "req": "required", "interval_min": "interval_min",
    "shrinkage_unmodelled": "shrinkage_unmodelled",
}


def read_requirements(path: str | os.PathLike, *, sheet: str | None = None) -> pd.DataFrame:
    """A requirement frame from a .csv or .xlsx file (canonical or planner column names)."""
    p = Path(path)
    if not p.is_file():
        raise WfmError(f"{p}: requirement file not found")
    return read_user_file(p, _parse_requirements, sheet)


def _parse_requirements(p: Path, sheet: str | None) -> pd.DataFrame:
    """The requirement table itself; runs in the reader child (see read_user_file)."""
    suffix = p.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(p)
        elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            frame = pd.read_excel(p, sheet_name=sheet or 0, engine="calamine")
        else:
            raise WfmError(f"{p}: requirements must be a .csv or .xlsx file")
    except WfmError:
        raise
    except ValueError as exc:
        raise WfmError(f"{p}: cannot be read ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WfmError(f"{p}: cannot be read ({exc})") from None
    renamed = {c: ALIASES.get(str(c).strip().lower(), str(c).strip()) for c in frame.columns}
    frame = frame.rename(columns=renamed)
    if "start" not in frame.columns and {"date", "interval"} <= set(frame.columns):
        frame["start"] = pd.to_datetime(frame["date"].astype(str).str[:10] + " " + frame["interval"].astype(str),
                                        errors="coerce")
    return frame


def _sheet(wb, title: str, frame: pd.DataFrame, formats: dict[str, str] | None = None, widths=None):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    formats = formats or {}
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([v.to_pydatetime() if isinstance(v, pd.Timestamp) else (None if pd.isna(v) else v)
                   for v in row])
    quote_openpyxl_cells(ws)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, col in enumerate(frame.columns, 1):
        letter = get_column_letter(i)
        fmt = formats.get(col)
        if fmt:
            for cell in ws[letter][1:]:
                cell.number_format = fmt
        longest = max([len(str(col))] + [len(str(v)) for v in frame[col].head(200)]) if len(frame) else len(str(col))
        ws.column_dimensions[letter].width = min(60, max(10, (widths or {}).get(col, longest + 2)))
    ws.freeze_panes = "B2" if title == "Roster" else "A2"
    if len(frame):
        ws.auto_filter.ref = ws.dimensions
    return ws


def schedule_tables(result, roster=None) -> dict[str, pd.DataFrame]:
    """The tables of a schedule (and roster) with planner headers, as written to files."""
    shifts = result.shifts.copy()
    if roster is not None:
        shifts = shifts.merge(roster.assignments[["shift_id", "agent"]], on="shift_id", how="left")
    schedule = pd.DataFrame({
        "Shift": shifts["shift_id"], "Template": shifts["template"], "Day": shifts["day"],
        "Start": shifts["start"], "End": shifts["end"], "Paid hours": shifts["paid_h"],
        "Contract": shifts["contract"], "Cost": shifts["cost"], "Breaks": shifts["breaks"],
    })
    if roster is not None:
        schedule.insert(1, "Agent", shifts["agent"])
    cov = result.coverage
    coverage = pd.DataFrame({"Interval start": cov["start"], "Req": cov["required"], "Sched": cov["scheduled"],
                             "Diff": cov["difference"]})
    if "service_level" in cov.columns:
        coverage["Net agents scheduled"] = cov["agents_net"]
        coverage["Service level"] = cov["service_level"]
    s = result.summary
    summary = pd.DataFrame({"Item": [
        "Status", "Objective", "Best bound", "MIP gap", "Solve time (s)", "Shifts", "Paid hours", "Wage cost",
        "Required agent-hours", "Scheduled agent-hours", "Over agent-hours", "Under agent-hours"],
        "Value": [s["status"], s["objective"], s["bound"], s["gap"], s["solve_s"], s["shifts"], s["paid_h"],
                  s["wage_cost"], s["required_h"], s["scheduled_h"], s["over_h"], s["under_h"]]})
    if s.get("service_level_mean") is not None:
        summary.loc[len(summary)] = ["Service level (contact-weighted)", s["service_level_mean"]]
    for note in result.notes:
        summary.loc[len(summary)] = ["Note", note]
    tables = {"Schedule": schedule, "Coverage": coverage}
    if roster is not None:
        tables["Roster"] = roster.grid.rename(columns={"agent": "Agent"})
    tables["Summary"] = summary
    return tables


def shift_counts(result) -> pd.DataFrame:
    """Identical shifts counted: one row per day, template, start, end and break times.

    Columns ``day, template, contract, start, end, count, breaks, paid_h``
    (paid hours of one shift) and ``cost`` (of one shift); sorted by day, start,
    template. The counts add up to the number of shifts.
    """
    keys = ["day", "template", "contract", "start", "end", "breaks", "paid_h", "cost"]
    shifts = result.shifts
    if shifts.empty:
        return pd.DataFrame(columns=keys[:5] + ["count"] + keys[5:])
    counted = shifts.groupby(keys, sort=False, dropna=False).size().rename("count").reset_index()
    counted = counted.sort_values(["day", "start", "template", "end", "breaks"], kind="stable").reset_index(drop=True)
    return counted[keys[:5] + ["count"] + keys[5:]]


def write_schedule_xlsx(path: str | os.PathLike, result, roster=None, *, force: bool = False) -> Path:
    """Write the Schedule, Coverage, Roster (when given) and Summary sheets, atomically."""
    from openpyxl import Workbook

    tables = schedule_tables(result, roster)
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "Schedule", tables["Schedule"], {"Day": "ddd yyyy-mm-dd", "Start": "yyyy-mm-dd hh:mm",
                                                "End": "yyyy-mm-dd hh:mm", "Paid hours": "0.00", "Cost": "#,##0.00"},
           widths={"Day": 16, "Start": 18, "End": 18})
    coverage = _sheet(wb, "Coverage", tables["Coverage"], {"Interval start": "ddd yyyy-mm-dd hh:mm", "Req": "0.00",
                                                           "Sched": "0.00", "Diff": "0.00",
                                                           "Net agents scheduled": "0.00", "Service level": "0.0%"},
                      widths={"Interval start": 22})
    if len(tables["Coverage"]):
        from openpyxl.formatting.rule import CellIsRule
        from openpyxl.styles import PatternFill

        last = len(tables["Coverage"]) + 1  # under-coverage (Diff < 0) in red, as in the app's chart
        coverage.conditional_formatting.add(f"D2:D{last}", CellIsRule(operator="lessThan", formula=["0"],
                                                                      fill=PatternFill("solid", fgColor="F4CCCC")))
    if "Roster" in tables:
        _sheet(wb, "Roster", tables["Roster"])
    summary = _sheet(wb, "Summary", tables["Summary"], widths={"Item": 34, "Value": 20})
    warning = result.summary.get("warning")
    if warning:  # the flag of a poor schedule: a red banner on top of the Summary and beside the tables' headers
        from openpyxl.styles import Alignment, Font, PatternFill

        summary.insert_rows(1, 2)
        for ws, cell in ((summary, "A1"), (wb["Schedule"], None), (wb["Coverage"], None)):
            cell = cell or f"{_column_letter(ws.max_column + 2)}1"
            ws[cell] = f"⚠ {warning}"
            ws[cell].font = Font(bold=True, color="9C0006")
            ws[cell].fill = PatternFill("solid", fgColor="FFC7CE")
            ws[cell].alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[cell.rstrip("0123456789")].width = 90
            ws.row_dimensions[1].height = 62
    with atomic_path(path, force=force) as tmp:
        wb.save(tmp)
    return Path(path)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def write_schedule_csv(path: str | os.PathLike, result, roster=None, *, force: bool = False) -> Path:
    """Write the shift list (one row per shift, with the agent when rostered) as CSV, atomically."""
    table = schedule_tables(result, roster)["Schedule"]
    with atomic_path(path, force=force) as tmp:
        write_csv(table, tmp, index=False, date_format="%Y-%m-%d %H:%M")
    return Path(path)


def write_coverage_csv(path: str | os.PathLike, result, *, force: bool = False) -> Path:
    table = schedule_tables(result)["Coverage"]
    with atomic_path(path, force=force) as tmp:
        write_csv(table, tmp, index=False, date_format="%Y-%m-%d %H:%M")
    return Path(path)
