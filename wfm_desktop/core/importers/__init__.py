"""Import historical volumes from the spreadsheets planners really have.

``import_history(path)`` reads .xlsx/.xlsm/.xls/.ods workbooks and .csv/.txt
(optionally .gz) text, finds the header row and the layout (long, wide by
interval, wide by queue, daily totals), recognises the columns by name
(overridable by a :class:`ColumnMapping`), checks everything (the findings
form the validation report) and returns the canonical
:class:`~wfm_desktop.core.history.table.History`, rolled up to a planning interval
when asked. Errors raise :class:`ImportFailed` (a WfmError) naming file,
sheet, row and column, with all findings attached. See docs/importing.md.
"""

from wfm_desktop.core.history.table import rollup
from wfm_desktop.core.importers.canonical import read_history_csv, write_history_csv
from wfm_desktop.core.importers.findings import Finding, ImportFailed, format_report
from wfm_desktop.core.importers.import_file import ImportResult, import_history
from wfm_desktop.core.importers.mapping import ColumnMapping

__all__ = [
    "ColumnMapping", "Finding", "ImportFailed", "ImportResult", "format_report", "import_history",
    "read_history_csv", "rollup", "write_history_csv",
]
