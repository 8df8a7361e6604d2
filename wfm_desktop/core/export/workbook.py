"""Write the plan workbook: :data:`SHEETS` (every sheet, in one place) and :func:`write_plan_workbook`.

XlsxWriter is the writer because it stores a formula *and* its cached result
(openpyxl cannot), so the workbook shows the app's numbers the moment it
opens — even in viewers that never recalculate — while Excel and LibreOffice
recalculate the same numbers from the Assumptions cells.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import xlsxwriter
import xlsxwriter.exceptions

from wfm_desktop import __version__
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.export import assumptions, budget_sheets, live_staffing, scenario_sheet, schedule_sheets, simulation_sheets, summary, tables
from wfm_desktop.core.export.context import ExportContext, Styles
from wfm_desktop.core.export.data import PlanWorkbookData
from wfm_desktop.core.files import atomic_path
from wfm_desktop.core.progress import CancelFn, ProgressFn, report

# Text is never turned into a formula, a link or a number behind the caller's back.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
}


def _always(data: PlanWorkbookData) -> bool:
    return True


def _has_budget(data: PlanWorkbookData) -> bool:
    return data.budget is not None


def _has_schedule(data: PlanWorkbookData) -> bool:
    return data.schedule is not None


def _has_roster(data: PlanWorkbookData) -> bool:
    return data.schedule is not None and data.schedule.roster is not None


@dataclass(frozen=True)
class Sheet:
    """One sheet of the plan workbook.

    ``tab`` orders the tabs left to right; ``applies(data)`` says whether this
    plan has anything for the sheet (e.g. a schedule); ``summary_part`` — when
    given — adds a block to the Summary sheet:
    ``summary_part(ctx, worksheet, first_row) -> next free row``.
    """

    name: str
    tab: int
    write: Callable[[ExportContext], None]
    applies: Callable[[PlanWorkbookData], bool] = _always
    summary_part: Callable[[ExportContext, Any, int], int] | None = None


# Every sheet, in the order the sheets are *written*: Assumptions first (its named cells are what the
# formulas refer to), each table after the ones it adds up (Intraday → Daily → Weekly), the Capacity plan
# before the Budget (it appends the budget inputs to the Assumptions sheet), Summary last (it refers to
# every other sheet; its blocks come in this order too). ``tab`` gives the order of the tabs.
SHEETS: tuple[Sheet, ...] = (
    Sheet(assumptions.SHEET, 1, assumptions.write_assumptions),
    Sheet(tables.INTRADAY, 3, tables.write_intraday),
    Sheet(tables.DAILY, 2, tables.write_daily),
    Sheet(tables.WEEKLY, 4, tables.write_weekly),
    Sheet(budget_sheets.CAPACITY, 21, budget_sheets.write_capacity, _has_budget),
    Sheet(budget_sheets.BUDGET, 20, budget_sheets.write_budget, _has_budget, budget_sheets.summary_part),
    Sheet(schedule_sheets.SCHEDULE, 10, schedule_sheets.write_schedule, _has_schedule, schedule_sheets.summary_part),
    Sheet(schedule_sheets.COVERAGE, 11, schedule_sheets.write_coverage, _has_schedule),
    Sheet(schedule_sheets.ROSTER, 12, schedule_sheets.write_roster, _has_roster),
    Sheet(simulation_sheets.SHEET, 13, simulation_sheets.write_simulation, simulation_sheets.applies),
    Sheet(simulation_sheets.CONFIDENCE, 14, simulation_sheets.write_confidence, simulation_sheets.has_curve),
    Sheet(simulation_sheets.POST_MORTEM, 15, simulation_sheets.write_post_mortem, simulation_sheets.has_post_mortem),
    Sheet(scenario_sheet.SHEET, 22, scenario_sheet.write_scenarios, scenario_sheet.has_scenarios),
    Sheet(summary.SHEET, 0, summary.write_summary),
)


def sheet_names(data: PlanWorkbookData) -> list[str]:
    """The sheets the workbook of `data` has, left to right."""
    return [s.name for s in sorted((s for s in SHEETS if s.applies(data)), key=lambda s: s.tab)]


def sorted_frames(data: PlanWorkbookData) -> dict[str, pd.DataFrame]:
    """Copies of the frames sorted by queue (in the plan's order) then time; inputs untouched."""
    order = data.queue_index()
    out = {}
    for key, frame, time_col in (("intraday", data.intraday, "start"), ("daily", data.daily, "date"),
                                 ("weekly", data.weekly, "week_start")):
        rank = frame["queue"].astype(str).map(order).to_numpy(dtype=float)
        times = pd.to_datetime(frame[time_col]).to_numpy()
        out[key] = frame.iloc[np.lexsort((times, rank))].reset_index(drop=True)
    return out


def write_plan_workbook(
    data: PlanWorkbookData,
    path: str | os.PathLike,
    *,
    force: bool = False,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> Path:
    """Write the plan workbook to `path` and return it.

    Refuses to replace an existing file unless `force`; writes a temporary
    file beside `path` and moves it into place only when complete, so a
    failure or a cancel leaves `path` as it was. A target open in another
    program or read-only gives a WfmError. `data` is not modified.
    """
    data.validate()
    report(progress, 0.0, "Preparing the workbook")
    frames = sorted_frames(data)
    specs = [s for s in SHEETS if s.applies(data)]
    parts = tuple(s.summary_part for s in specs if s.summary_part is not None)
    with atomic_path(path, force=force) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        try:
            ctx = ExportContext(workbook, data, Styles(workbook), progress=progress, cancel=cancel, frames=frames,
                                summary_parts=parts, live=live_staffing.live_plan(data, frames["intraday"]))
            for name in sheet_names(data):
                ctx.add_sheet(name)
            for i, spec in enumerate(specs):
                ctx.check_cancel()
                report(progress, 0.05 + 0.8 * i / len(specs), f"Writing the {spec.name} sheet")
                spec.write(ctx)
            _protect(workbook)
            _properties(workbook, data)
            report(progress, 0.9, "Saving the workbook")
            ctx.check_cancel()
        finally:
            _close(workbook, tmp)
    report(progress, 1.0, "Workbook saved")
    return Path(path)


# What a protected sheet still lets a manager do: filter, sort, widen, open grouped columns, select.
PROTECTION = {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True,
              "select_locked_cells": True, "select_unlocked_cells": True}


def _protect(workbook: xlsxwriter.Workbook) -> None:
    """Protect every sheet without a password: only the input cells (unlocked, yellow) take typing.

    A guard against accidents, not a lock: Review ▸ Unprotect Sheet needs no password.
    """
    for ws in workbook.worksheets():
        ws.protect("", PROTECTION)


def _close(workbook: xlsxwriter.Workbook, tmp: Path) -> None:
    try:
        workbook.close()
    except (xlsxwriter.exceptions.FileCreateError, OSError) as exc:
        raise WfmError(f"{tmp.parent}: cannot write the workbook there ({exc})") from exc


def _properties(workbook: xlsxwriter.Workbook, data: PlanWorkbookData) -> None:
    workbook.set_properties({
        "title": data.title if data.title.lower().startswith("staffing plan") else f"Staffing plan — {data.title}",
        "subject": "Intraday staffing plan: forecast, requirements, FTE",
        "author": data.author or "wfm_desktop",
        "category": "Workforce plan",
        "keywords": "workforce planning, staffing, Erlang C, forecast, FTE",
        "comments": f"Created by wfm_desktop {__version__} from {data.source.path} (SHA-256 {data.source.sha256}).",
        "created": data.created,
    })
    workbook.set_custom_property("wfm_desktop version", __version__)
    workbook.set_custom_property("Source SHA-256", data.source.sha256 or "")
    workbook.set_calc_mode("auto")
    # No full recalculation at every open: every formula carries the app's value, and LibreOffice and Excel
    # recalculate what depends on an input when it changes. (XlsxWriter sets fullCalcOnLoad by default.)
    workbook.calc_on_load = False
