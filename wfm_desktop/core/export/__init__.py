"""The plan workbook a manager opens: sheets, named inputs, live formulas, charts.

Public API::

    from wfm_desktop.core.export import build_plan_workbook
    build_plan_workbook(plan, "plan.xlsx", schedule=None, roster=None, budget=None,
                        force=False, progress=None, cancel=None)

:func:`build_plan_workbook` turns a plan's results into
:class:`PlanWorkbookData` (:func:`plan_workbook_data`) and writes it
(:func:`write_plan_workbook`). Every sheet is listed once, in
:data:`SHEETS` (:mod:`wfm_desktop.core.export.workbook`).
"""

from wfm_desktop.core.export.builder import build_plan_workbook, plan_workbook_data
from wfm_desktop.core.export.context import ExportContext
from wfm_desktop.core.export.data import (
    DAILY_COLUMNS,
    INTRADAY_COLUMNS,
    WEEKLY_COLUMNS,
    ForecastAdjustment,
    ForecastInfo,
    PlanWorkbookData,
    QueueAssumptions,
    ScheduleExport,
    SourceInfo,
)
from wfm_desktop.core.export.workbook import SHEETS, Sheet, sheet_names, write_plan_workbook

__all__ = [
    "DAILY_COLUMNS", "INTRADAY_COLUMNS", "WEEKLY_COLUMNS", "SHEETS",
    "ExportContext", "ForecastAdjustment", "ForecastInfo", "PlanWorkbookData", "QueueAssumptions",
    "ScheduleExport", "Sheet", "SourceInfo", "build_plan_workbook", "plan_workbook_data",
    "sheet_names", "write_plan_workbook",
]
