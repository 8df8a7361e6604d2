"""Data page: load the history (the planner's first step).

Open a file (dialog, drag-and-drop, or the bundled sample); the import runs off
the GUI thread with progress. The page shows the raw sheet, the detected
column mapping (editable: change a drop-down and import again), the
validation report (click a finding to see its row in the raw sheet), and two
charts: daily volume per queue and a weekday × time-of-day heat map. A
successful import becomes the plan's ``history`` result for the Forecast page.
When a plan is opened (New/Open), the page shows the plan's own copy of the
history — summary, charts and table — without reading the source file again.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.sample import sample_history_path
from wfm_desktop.core.history.table import History
from wfm_desktop.core.importers import ColumnMapping, Finding, ImportFailed, ImportResult, import_history
from wfm_desktop.core.importers.readers import (
    HTML_SUFFIXES, TEXT_SUFFIXES, WORKBOOK_SUFFIXES, can_import, column_letter, suffix_of,
)
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.widgets.data_table import DataTable
from wfm_desktop.gui.pages.base import AppContext, Page
from wfm_desktop.gui.widgets.findings_view import FindingsView, findings_from_records, findings_to_records
from wfm_desktop.gui.widgets.mapping_editor import MappingEditor
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.gui.workers import TaskRunner
from wfm_desktop.plots.history import draw_daily_volume, draw_weekday_heatmap
from wfm_desktop.gui.theme import set_role

RAW_WIDTH_ROWS = 60  # rows the raw preview's column widths are measured on
AUTO_SHEET = "(detect)"
FILE_FILTER = ("History files (*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.tsv *.gz *.htm *.html);;"
               "Excel workbooks (*.xlsx *.xlsm *.xls);;OpenDocument (*.ods);;Text (*.csv *.txt *.tsv);;All files (*)")
PLANNING = (("as in the file", None), ("15 minutes", 15), ("30 minutes", 30), ("60 minutes", 60))


HISTORY_HEADERS = {"queue": "Queue", "start": "Interval start", "offered": "Offered", "aht_s": "AHT (s)",
                   "handled": "Handled", "abandoned": "Abandoned", "asa_s": "ASA (s)",
                   "abandon_wait_s": "Time to abandon (s)", "wait_s_total": "Total wait (s)",
                   "agents": "Agents staffed"}


def _count(value: float) -> str:
    return "" if pd.isna(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _seconds(value: float) -> str:
    return "" if pd.isna(value) else f"{value:,.0f}"


def _run_import(path: str, sheet: str | None, mapping: ColumnMapping | None, interval_min: int | None, *,
                progress=None, cancel=None) -> ImportResult:
    """The import as the page's background task runs it (with what the pages show worked out)."""
    result = import_history(path, sheet=sheet, mapping=mapping, interval_min=interval_min,
                            progress=progress, cancel=cancel)
    result.history.warm()
    return result


class DataPage(Page):
    title = "Data"
    tooltip = "Load historical volumes (Excel, LibreOffice or CSV exports) and check them"

    changes_requested = Signal()
    """The planner asks for the opened plan's changes of convention since it was saved (the window shows them)."""
    import_function = staticmethod(_run_import)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAcceptDrops(True)
        self.path: str | None = None
        self.result: ImportResult | None = None
        self.history: History | None = None  # what the page shows: imported, or from an opened plan
        self.error: ImportFailed | WfmError | None = None
        self._preview_sheet: str | None = None
        self._header_row = 0

        open_button = QPushButton("Open file…")
        open_button.setToolTip("Open an Excel (.xlsx, .xlsm, .xls), LibreOffice (.ods) or text (.csv, .txt) "
                               "file with historical volumes. You can also drop a file on this page.")
        open_button.clicked.connect(self.ask_open)
        sample_button = QPushButton("Open the sample")
        sample_button.setToolTip("Two years of synthetic 15-minute history for three queues")
        sample_button.clicked.connect(self.open_sample)
        self.sheet_box = QComboBox()
        self.sheet_box.setToolTip("The sheet to import; (detect) combines sheets of the same layout "
                                  "(one sheet per queue) or takes the first one with data.")
        self.sheet_box.addItem(AUTO_SHEET, None)
        self.sheet_box.activated.connect(lambda *_: self.reimport())
        self.interval_box = QComboBox()
        self.interval_box.setToolTip("Roll the history up to the interval you plan in. Finer data is added up "
                                     "exactly; other lengths are split in proportion (with a warning).")
        for label, value in PLANNING:
            self.interval_box.addItem(label, value)
        self.interval_box.activated.connect(lambda *_: self.reimport())
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(200)
        self.progress.setTextVisible(True)
        self.progress.hide()
        top = QHBoxLayout()
        top.addWidget(open_button)
        top.addWidget(sample_button)
        top.addSpacing(12)
        top.addWidget(QLabel("Sheet"))
        top.addWidget(self.sheet_box)
        top.addWidget(QLabel("Planning interval"))
        top.addWidget(self.interval_box)
        top.addStretch(1)
        self.changes_button = QPushButton("What changed since this plan was saved…")
        self.changes_button.setObjectName("convention_changes_link")
        self.changes_button.setFlat(True)  # a link, not a step of the work
        self.changes_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.changes_button.setStyleSheet("QPushButton { color: palette(link); text-decoration: underline; "
                                          "border: none; }")
        self.changes_button.setToolTip("This plan was saved by an earlier release: the figures it now computes "
                                       "differently, listed again")
        self.changes_button.clicked.connect(self.changes_requested)
        self.changes_button.hide()
        top.addWidget(self.changes_button)
        top.addWidget(self.progress)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the import; the plan keeps the history it had")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        top.addWidget(self.cancel_button)

        self.summary = QLabel("Open a file with historical volumes, drop one here, or open the sample.")
        self.summary.setObjectName("data_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setStyleSheet("font-size: 11pt;")

        self.mapping_editor = MappingEditor()
        apply_button = QPushButton("Import again with this mapping")
        apply_button.setToolTip("Use the columns chosen above instead of the detected ones")
        apply_button.clicked.connect(self.apply_mapping)
        self.apply_button = apply_button
        mapping_box = QGroupBox("Columns (detected; change any, import again)")
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.addWidget(self.mapping_editor)
        mapping_layout.addWidget(apply_button)

        self.findings = FindingsView()
        self.findings.setObjectName("findings")
        self.findings.finding_activated.connect(self.show_finding)
        self.finding_detail = QPlainTextEdit()
        self.finding_detail.setObjectName("finding_detail")
        self.finding_detail.setReadOnly(True)
        self.finding_detail.setMaximumHeight(58)
        self.finding_detail.setToolTip("The selected finding in full")
        self.findings.currentItemChanged.connect(self._show_detail)
        report_box = QGroupBox("Validation report (click a line to see its row)")
        report_layout = QVBoxLayout(report_box)
        report_layout.addWidget(self.findings, 1)
        report_layout.addWidget(self.finding_detail)


        self.daily_chart = ChartWidget(figsize=(7.0, 3.0))
        self.heat_chart = ChartWidget(figsize=(7.0, 3.0))
        self.queue_box = QComboBox()
        self.queue_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.queue_box.setToolTip("The queue shown in the heat map")
        self.queue_box.activated.connect(lambda *_: self._draw_heatmap())
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        charts_layout.addWidget(self.daily_chart, 1)
        queue_row = QHBoxLayout()
        queue_row.addWidget(QLabel("Heat map of"))
        queue_row.addWidget(self.queue_box)
        queue_row.addStretch(1)
        charts_layout.addLayout(queue_row)
        charts_layout.addWidget(self.heat_chart, 1)

        self.raw_model = DataFrameModel()
        self.raw_table = DataTable(sortable=False, name="raw_sheet")
        self.raw_table.setObjectName("raw_table")
        self.raw_table.setModel(self.raw_model)
        self.raw_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.raw_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Column widths from the first 60 raw rows (Qt reads 1,000): the preview's 200 rows asked the
        # model for 8,000 cells on the GUI thread before the sample's charts could start rendering.
        self.raw_table.horizontalHeader().setResizeContentsPrecision(RAW_WIDTH_ROWS)
        self.raw_table.verticalHeader().setDefaultSectionSize(22)
        self.raw_note = QLabel()
        self.raw_note.setWordWrap(True)  # a long sentence held the page 1,000 px wide in presentation mode
        set_role(self.raw_note, "muted")
        raw = QWidget()
        raw_layout = QVBoxLayout(raw)
        raw_layout.addWidget(self.raw_note)
        raw_layout.addWidget(self.raw_table, 1)

        self.history_model = DataFrameModel()
        self.history_table = DataTable(name="history")
        self.history_table.setModel(self.history_model)
        self.history_table.setSortingEnabled(True)
        self.history_table.verticalHeader().hide()
        self.history_table.verticalHeader().setDefaultSectionSize(22)
        self.history_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        self.tabs = QTabWidget()
        self.tabs.addTab(charts, "Charts")
        self.tabs.addTab(raw, "Raw sheet")
        self.tabs.addTab(self.history_table, "Imported history")

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.tabs)
        right.addWidget(report_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setSizes([520, 270])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(mapping_box)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([340, 1000])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

        self.runner = TaskRunner(self)
        self.runner.progress.connect(self._on_progress)
        self.runner.done.connect(self._on_done)
        self.runner.failed.connect(self._on_failed)
        self.runner.busy_changed.connect(self._on_busy)
        self.runner.cancelled.connect(self._on_cancelled)
        self._draw_empty()
        ctx.plan.reset.connect(self._plan_reset)

    # -- opening -------------------------------------------------------------
    def ask_open(self) -> None:
        recent = self.ctx.settings.recent_files()
        folder = str(Path(recent[0]).parent) if recent else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open historical volumes", folder, FILE_FILTER)
        if path:
            self.open_file(path)

    def open_sample(self) -> None:
        try:
            self.open_file(str(sample_history_path()))
        except WfmError as exc:
            self.ctx.show_error("Sample history", exc, "")

    def wants_sample(self) -> bool:
        """A new user's empty page: nothing ever opened, nothing imported (the sample is shown then)."""
        return not (self.ctx.settings.recent_files() or self.path is not None
                    or self.ctx.plan.result("history") is not None or self.runner.busy)

    def show_import(self, path: str, result: ImportResult) -> None:
        """Show an import made elsewhere (the sample a first start reads while the window is built) as
        if it was imported here."""
        self.runner.cancel()
        self.path = path
        self._on_done(result)

    def open_sample_if_new(self) -> bool:
        """Open the sample when the user has never opened a file (what a new user sees first).

        Called by the application at start-up (not by the page itself, so tests and
        plans that are opened directly are not disturbed). True when it started.
        """
        if not self.wants_sample():
            return False
        self.open_sample()
        return self.path is not None

    def open_file(self, path: str, *, sheet: str | None = None, mapping: ColumnMapping | None = None) -> int:
        """Start importing `path` (a new file: sheet and mapping detected afresh)."""
        if path != self.path:
            self.sheet_box.blockSignals(True)
            self.sheet_box.clear()
            self.sheet_box.addItem(AUTO_SHEET, None)
            self.sheet_box.blockSignals(False)
        self.path = path
        return self._submit(sheet, mapping)

    def reimport(self) -> int | None:
        """Import the current file again with the chosen sheet and planning interval."""
        if self.path is None:
            return None
        return self._submit(self.sheet_box.currentData(), None)

    def apply_mapping(self) -> int | None:
        if self.path is None:
            return None
        return self._submit(self.sheet_box.currentData(), self.mapping_editor.mapping())

    def _submit(self, sheet: str | None, mapping: ColumnMapping | None) -> int:
        self.summary.setText(f"Importing {Path(self.path).name} …")
        set_role(self.summary, None)
        return self.runner.submit(self.import_function, self.path, sheet, mapping, self.interval_box.currentData())

    # -- drag and drop -------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and urls[0].isLocalFile() and can_import(urls[0].toLocalFile()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_file(urls[0].toLocalFile())

    # -- results -------------------------------------------------------------
    def cancel(self) -> None:
        self.runner.cancel()

    def _on_cancelled(self) -> None:
        self.summary.setText("Import cancelled.")
        set_role(self.summary, None)
        self.ctx.status("Import cancelled")

    def _on_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.apply_button.setEnabled(not busy)
        if busy:
            self.progress.setValue(0)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(round(fraction * 100)))
        self.progress.setFormat(message or "%p%")

    def _on_done(self, result: ImportResult) -> None:
        self.result, self.error = result, None
        self.ctx.settings.add_recent_file(self.path)
        self._fill_sheets(result.sheets)
        history = result.history
        counts = {s: sum(f.severity == s for f in result.findings) for s in ("warning", "info")}
        interval = "daily totals only" if history.is_daily else f"{history.interval_min}-minute intervals"
        if history.interval_min != result.source_interval_min:
            interval += f" (from {result.source_interval_min}-minute data)"
        self._show_preview(result.raw_preview, result.used_sheets[0] if result.used_sheets else None,
                           result.mapping.header_row or 0, result.mapping)
        self.findings.set_findings(result.findings)
        self._show_history(history, f"<b>{Path(self.path).name}</b>", interval,
                           f"{counts['warning']} warning(s), {counts['info']} note(s).")
        # Importing is not an undo step (undo would need the file again), but it makes the plan modified.
        # The input first: the history is stored as imported from it.
        self.ctx.plan.set_input("history_import", {
            "path": self.path, "sha256": result.source_sha256, "sheets": result.used_sheets,
            "mapping": result.mapping.to_pairs(), "interval_min": history.interval_min,
            "findings": findings_to_records(result.findings)}, undoable=False)
        self.ctx.plan.set_result("history", history)
        self.ctx.status(f"Imported {len(history.frame):,} rows from {Path(self.path).name}")

    def _show_history(self, history: History, name: str, interval: str, tail: str) -> None:
        """Summary line, table and charts of `history`."""
        self.history = history
        days = history.frame["start"].dt.normalize()
        span = f"{days.min():%Y-%m-%d} to {days.max():%Y-%m-%d}" if len(days) else "no days"
        self.summary.setText(
            f"{name}: {len(history.queues)} queue(s) ({', '.join(history.queues)}), "
            f"{len(history.frame):,} rows, {interval}, {span}; "
            f"total {history.frame['offered'].sum():,.0f} contacts. {tail}")
        set_role(self.summary, None)
        self.history_model.set_frame(history.frame, headers=HISTORY_HEADERS, formatters={
            "offered": _count, "handled": _count, "abandoned": _count, "aht_s": _seconds, "asa_s": _seconds,
            "abandon_wait_s": _seconds, "wait_s_total": _seconds, "agents": _count})
        self.queue_box.clear()
        self.queue_box.addItem("all queues", None)
        for queue in history.queues:
            self.queue_box.addItem(queue, queue)
        self.daily_chart.redraw(lambda fig: draw_daily_volume(fig.add_subplot(), history))
        self._draw_heatmap()

    def _plan_reset(self) -> None:
        """New or Open replaced the plan: show its history (the plan's own copy), or an empty page."""
        self.runner.cancel()
        self.result, self.error = None, None
        self.changes_button.setVisible(bool(self.ctx.plan.model.convention_changes))
        value = self.ctx.plan.result("history")
        history = value if value is None or isinstance(value, History) else getattr(value, "history", None)
        info = self.ctx.plan.input("history_import") or {}
        source = str(info.get("path") or "") if isinstance(info, dict) else ""
        self.path = source if source and Path(source).is_file() else None
        self._fill_sheets([str(s) for s in info.get("sheets") or []] if isinstance(info, dict) else [])
        self.interval_box.setCurrentIndex(max(0, self.interval_box.findData(
            info.get("interval_min") if isinstance(info, dict) else None)))
        try:
            mapping = ColumnMapping.from_pairs(info.get("mapping") or []) if isinstance(info, dict) else ColumnMapping()
        except WfmError:
            mapping = ColumnMapping()
        self.mapping_editor.set_mapping(mapping, [])
        self.findings.set_findings([])
        self.finding_detail.clear()
        self.raw_model.set_frame(pd.DataFrame())
        self._preview_sheet, self._header_row = None, 0
        if history is None:
            self.history = None
            self.raw_note.setText("")
            self.summary.setText("Open a file with historical volumes, drop one here, or open the sample.")
            set_role(self.summary, None)
            self.history_model.set_frame(pd.DataFrame())
            self.queue_box.clear()
            self._draw_empty()
            return
        name = Path(source).name if source else (Path(history.source).name if history.source else "History")
        where = ("the source file is on this computer: Import again reads it afresh" if self.path else
                 "the source file is not on this computer; the plan holds its own copy")
        self.raw_note.setText(f"The raw sheet is not stored in the plan; {where}.")
        interval = "daily totals only" if history.is_daily else f"{history.interval_min}-minute intervals"
        self._show_history(history, f"<b>{name}</b> (saved in the plan)", interval, "")
        checksum = str(info.get("sha256") or "")[:12] if isinstance(info, dict) else ""
        saved = findings_from_records(info.get("findings") if isinstance(info, dict) else None)
        self.findings.set_findings([Finding("info", name, None, None, None, (
            f"The history saved in the plan, imported from {source or history.source or 'a file'}"
            + (f" (SHA-256 {checksum}…)" if checksum else "") + f"; {where}."
            + (" The import's validation report follows." if saved else "")))] + saved)
        self.tabs.setCurrentIndex(0)

    def _on_failed(self, exc: BaseException, details: str) -> None:
        if not isinstance(exc, WfmError):
            self.ctx.show_error("Import", exc, details)
            return
        self.result, self.error = None, exc
        self.summary.setText(f"<b>Not imported</b> — {exc}")
        set_role(self.summary, "error")
        findings = getattr(exc, "findings", None) or [
            Finding("error", Path(self.path).name, None, None, None, str(exc), "")]
        self.findings.set_findings(findings)
        preview = getattr(exc, "raw_preview", None)
        self._fill_sheets(getattr(exc, "sheets", []))
        mapping = getattr(exc, "mapping", None)
        self._show_preview(preview if preview is not None else pd.DataFrame(), getattr(exc, "preview_sheet", None),
                           (mapping.header_row or 0) if mapping else 0, mapping)
        self.history = None
        self.history_model.set_frame(pd.DataFrame())
        self._draw_empty("Nothing imported: see the validation report")
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            self.show_finding(errors[0])
        self.ctx.status("Import stopped on an error; the validation report says where")

    def _fill_sheets(self, sheets: list[str]) -> None:
        current = self.sheet_box.currentData()
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItem(AUTO_SHEET, None)
        for name in sheets:
            self.sheet_box.addItem(name, name)
        self.sheet_box.setCurrentIndex(max(0, self.sheet_box.findData(current)))
        self.sheet_box.blockSignals(False)

    def _show_preview(self, preview: pd.DataFrame, sheet: str | None, header_row: int,
                      mapping: ColumnMapping | None) -> None:
        self._preview_sheet, self._header_row = sheet, header_row
        self.raw_model.set_frame(preview.reset_index(drop=True) if not preview.empty else preview)
        self.raw_table.resizeColumnsToContents()
        for column in range(self.raw_model.columnCount()):
            self.raw_table.setColumnWidth(column, min(self.raw_table.columnWidth(column), 260))
        where = f'sheet "{sheet}", ' if sheet and self.path and not Path(self.path).name == sheet else ""
        self.raw_note.setText(f"{where}first {len(preview)} rows as they are in the file (row numbers as in Excel)")
        headers: list[str] = []
        if header_row and len(preview) >= header_row:
            headers = [str(v) for v in preview.iloc[header_row - 1].tolist()]
            headers = [h if h else f"Column {column_letter(i)}" for i, h in enumerate(headers)]
        elif not preview.empty:
            headers = [f"Column {c}" for c in preview.columns]
        if mapping is not None:
            self.mapping_editor.set_mapping(mapping, headers)

    def show_finding(self, finding: Finding) -> None:
        """Show the raw row (and cell) a finding points at."""
        if finding.row is None:
            return
        if self.raw_model.filter_text()[0]:
            self.raw_table.filter_bar.close_filter()  # the finding's row must be shown, at its own number
        if finding.sheet and self._preview_sheet and finding.sheet != self._preview_sheet:
            previews = self.result.previews if self.result is not None else {}
            if finding.sheet not in previews:
                self.ctx.status(f"Row {finding.row} is on sheet {finding.sheet}; choose that sheet to see it")
                return
            self._show_preview(previews[finding.sheet], finding.sheet, self._header_row, None)
        if finding.row > self.raw_model.rowCount():
            self.ctx.status(f"Row {finding.row} is beyond the {self.raw_model.rowCount()} rows shown")
            return
        column = 0
        frame = self.raw_model.frame()
        if finding.column and self._header_row and self._header_row <= len(frame):
            names = [str(v) for v in frame.iloc[self._header_row - 1].tolist()]
            if finding.column in names:
                column = names.index(finding.column)
        index = self.raw_model.index(finding.row - 1, column)
        self.tabs.setCurrentIndex(1)
        self.raw_table.setCurrentIndex(index)
        self.raw_table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.raw_table.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)

    def _show_detail(self, item, _previous=None) -> None:
        findings = self.findings.findings()
        index = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        self.finding_detail.setPlainText(findings[int(index)].text() if index is not None else "")

    # -- charts --------------------------------------------------------------
    def _draw_heatmap(self) -> None:
        if self.history is None:
            return
        queue = self.queue_box.currentData()
        history = self.history
        self.heat_chart.redraw(lambda fig: draw_weekday_heatmap(fig, history, queue=queue))

    def _draw_empty(self, text: str = "Open a file to see its daily volumes") -> None:
        self.daily_chart.show_message(text)  # painted by Qt: the chart thread stays free for the first chart
        self.heat_chart.show_message()

    def shutdown(self) -> None:
        self.runner.cancel()
