"""Write the plan workbook: :func:`write_plan_workbook`.

XlsxWriter is the writer because it stores a formula *and* its cached result
(openpyxl cannot), so the workbook shows the app's numbers the moment it
opens — even in viewers that never recalculate — while Excel and LibreOffice
recalculate the same numbers from the Assumptions cells.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
import xlsxwriter.exceptions

from wfm_desktop import __version__
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.export import assumptions, summary, tables
from wfm_desktop.core.export.context import SHEETS, ExportContext, SheetSpec, Styles, register_sheet
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


def _register_defaults() -> None:
    if SHEETS:
        return
    register_sheet(SheetSpec(assumptions.SHEET, 1, assumptions.write_assumptions))
    register_sheet(SheetSpec(tables.INTRADAY, 3, tables.write_intraday))
    register_sheet(SheetSpec(tables.DAILY, 2, tables.write_daily))
    register_sheet(SheetSpec(tables.WEEKLY, 4, tables.write_weekly))
    register_sheet(SheetSpec(summary.SHEET, 0, summary.write_summary))


_register_defaults()


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
    with atomic_path(path, force=force) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        try:
            ctx = ExportContext(workbook, data, Styles(workbook), progress=progress, cancel=cancel, frames=frames)
            for spec in sorted(specs, key=lambda s: s.tab):
                ctx.add_sheet(spec.name)
            for i, spec in enumerate(specs):
                ctx.check_cancel()
                report(progress, 0.05 + 0.8 * i / len(specs), f"Writing the {spec.name} sheet")
                spec.write(ctx)
            _properties(workbook, data)
            report(progress, 0.9, "Saving the workbook")
            ctx.check_cancel()
        finally:
            _close(workbook, tmp)
    report(progress, 1.0, "Workbook saved")
    return Path(path)


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
