"""The plan workbook a manager opens: sheets, named inputs, live formulas, charts.

Public API::

    from wfm_desktop.core.export import PlanWorkbookData, write_plan_workbook
    write_plan_workbook(data, "plan.xlsx", force=False, progress=None, cancel=None)

Later stages add sheets with :func:`register_sheet` (see
:mod:`wfm_desktop.core.export.context`) and put their results in
``PlanWorkbookData.extras``.
"""

from wfm_desktop.core.export.context import SHEETS, SUMMARY_PARTS, ExportContext, SheetSpec, register_sheet
from wfm_desktop.core.export.data import (
    DAILY_COLUMNS,
    INTRADAY_COLUMNS,
    WEEKLY_COLUMNS,
    ForecastAdjustment,
    ForecastInfo,
    PlanWorkbookData,
    QueueAssumptions,
    SourceInfo,
)
from wfm_desktop.core.export.workbook import write_plan_workbook

__all__ = [
    "DAILY_COLUMNS", "INTRADAY_COLUMNS", "WEEKLY_COLUMNS", "SHEETS", "SUMMARY_PARTS",
    "ExportContext", "ForecastAdjustment", "ForecastInfo", "PlanWorkbookData", "QueueAssumptions",
    "SheetSpec", "SourceInfo", "register_sheet", "write_plan_workbook",
]
