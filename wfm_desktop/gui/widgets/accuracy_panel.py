"""The Forecast page's Accuracy tab: forecast snapshots kept in the plan, the actuals, and how they compare.

* **Snapshots**: *Keep current forecast* stores the forecast the page shows as a named, dated
  snapshot (plan input ``forecast/snapshots``); *Rename…* and *Delete* act on the selected row; *Compare
  selected* chooses the snapshot compared (``accuracy/settings``; *Compare latest* goes back to the
  latest kept). Each is one undoable step.
* **Actuals**: *Import actuals…* reads any volume file with the Data page's importer (off the GUI
  thread) into the plan (``accuracy/actuals``).
* **Re-forecast with actuals**: the actuals are added to the plan's history (they win where both hold
  an interval; the rows that differ are listed here), a fixed forecast start is dropped, and the page
  runs the forecast from the day after them (``reforecast_requested``).

The comparison is the plan's accuracy stage (recomputed by the plan's runner whenever the snapshot or
the actuals change); the tables and chart below are :class:`~wfm_desktop.gui.widgets.accuracy_view.AccuracyView`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast import snapshots as snap
from wfm_desktop.core.plan.defaults import ACCURACY_SETTINGS, ACTUALS, FORECAST_SETTINGS, FORECAST_SNAPSHOTS
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.theme import set_role
from wfm_desktop.gui.widgets.accuracy_view import AccuracyView
from wfm_desktop.gui.workers import TaskRunner
from wfm_desktop.gui.widgets.data_table import DataTable
from wfm_desktop.gui.widgets.side_panel import SidePanel

CHART_MIN_HEIGHT = 220
"""The comparison chart is never shorter than this (pixels): the tab scrolls instead."""

SHOWN_DIFFERENCES = 5


def _import(path: str, *, progress=None, cancel=None):
    from wfm_desktop.core.importers import import_history

    return import_history(path, progress=progress, cancel=cancel)


class AccuracyPanel(QWidget):
    reforecast_requested = Signal()  # the history now holds the actuals: run the forecast
    actuals_imported = Signal()

    def __init__(self, plan, current_forecast: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.current_forecast = current_forecast
        self.merge_notes: tuple[str, ...] = ()

        self.snapshot_model = DataFrameModel()
        self.snapshot_table = DataTable(name="forecast_snapshots")
        self.snapshot_table.setModel(self.snapshot_model)
        self.snapshot_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.snapshot_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.snapshot_table.verticalHeader().hide()
        self.snapshot_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.snapshot_table.horizontalHeader().setStretchLastSection(True)
        self.snapshot_table.setToolTip("Forecasts kept in the plan, to compare with what happened later.")
        self.snapshot_table.setMaximumHeight(120)
        self.keep_button = QPushButton("Keep current forecast")
        self.keep_button.setToolTip("Keep the forecast this page shows in the plan, named and dated")
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete")
        self.compare_button = QPushButton("Compare selected")
        self.compare_button.setToolTip("Compare the selected snapshot with the actuals (default: the latest kept)")
        self.latest_button = QPushButton("Compare latest")
        self.import_button = QPushButton("Import actuals…")
        self.import_button.setToolTip("What happened: any volume file the Data page can import (same importer)")
        self.reforecast_button = QPushButton("Re-forecast with actuals")
        self.reforecast_button.setToolTip("Add the actuals to the history (the actuals win where both hold an\n"
                                          "interval; the rows that differ are listed) and forecast again from\n"
                                          "the day after them. The snapshots stay as they were.")
        self.actuals_label = QLabel()
        self.actuals_label.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("accuracy_status")

        # Snapshots on one row, comparing on the next: five buttons side by side held presentation mode
        # wider than a 1,280-pixel window.
        buttons = QVBoxLayout()
        for group in ((self.keep_button, self.rename_button, self.delete_button),
                      (self.compare_button, self.latest_button)):
            row = QHBoxLayout()
            for button in group:
                row.addWidget(button)
            row.addStretch(1)
            buttons.addLayout(row)
        actual_row = QHBoxLayout()
        actual_row.addWidget(self.import_button)
        actual_row.addWidget(self.reforecast_button)
        actual_row.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.snapshot_table)
        top_layout.addLayout(actual_row)
        top_layout.addWidget(self.actuals_label)  # under its buttons: beside them it held the page wide
        top_layout.addWidget(self.status)
        self.view = AccuracyView(files=False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.view)
        splitter.setSizes([170, 520])
        # The tab scrolls (vertically) rather than squeeze the chart: under the snapshots, in presentation
        # mode at 800 px high, the chart was left a strip a few lines high.
        self.view.chart.setMinimumHeight(CHART_MIN_HEIGHT)
        self.view.level_table.setMinimumHeight(CHART_MIN_HEIGHT * 2 // 3)
        scroll = SidePanel.around(splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.importer = TaskRunner(self)
        self.importer.done.connect(self._imported)
        self.importer.failed.connect(lambda exc, _details: self._say(f"Actuals not imported: {exc}", error=True))
        self.keep_button.clicked.connect(lambda: self.keep_current())
        self.rename_button.clicked.connect(self._ask_rename)
        self.delete_button.clicked.connect(lambda: self.delete_snapshot(self.selected()))
        self.compare_button.clicked.connect(lambda: self.compare(self.selected()))
        self.latest_button.clicked.connect(lambda: self.compare(None))
        self.import_button.clicked.connect(self._ask_import)
        self.reforecast_button.clicked.connect(self.reforecast)
        plan.changed.connect(lambda stage: self.refresh() if stage in ("accuracy", "forecast") else None)
        plan.input_changed.connect(lambda key: self.refresh() if key in (FORECAST_SNAPSHOTS, ACTUALS,
                                                                         ACCURACY_SETTINGS) else None)
        plan.states_changed.connect(self._show_state)
        plan.reset.connect(self.refresh)
        plan.runner.failed.connect(lambda name, exc, _d: self._say(f"Accuracy could not be computed: {exc}", error=True)
                                   if name == "accuracy" else None)
        self.refresh()

    # -- what the plan holds ---------------------------------------------------------
    def snapshots(self) -> list[dict]:
        return list(self.plan.input(FORECAST_SNAPSHOTS) or [])

    def selected(self) -> str | None:
        rows = self.snapshot_table.selectionModel().selectedRows()
        names = snap.names(self.snapshots())
        return names[rows[0].row()] if rows and rows[0].row() < len(names) else None

    def select(self, name: str) -> None:
        names = snap.names(self.snapshots())
        if name in names:
            self.snapshot_table.selectRow(names.index(name))

    def refresh(self) -> None:
        chosen = self.selected()
        table = snap.snapshot_summary(self.snapshots())
        compared = self.plan.model.resolved(ACCURACY_SETTINGS).get("snapshot")
        latest = snap.choose_snapshot(self.snapshots(), None)["name"] if len(table) else None
        table.insert(0, "compared", ["●" if n == (compared or latest) else "" for n in table["name"]])
        self.snapshot_model.set_frame(
            table, headers={"compared": "Compared", "name": "Snapshot", "taken_at": "Taken (UTC)", "origin": "From",
                            "last_day": "To", "queues": "Queues", "contacts": "Contacts", "method": "Method"},
            formatters={"contacts": lambda v: f"{v:,.0f}", "taken_at": lambda v: str(v).replace("T", " ")})
        if chosen:
            self.select(chosen)
        actuals = self.plan.input(ACTUALS)
        if actuals:
            frame = actuals["frame"]
            start = pd.to_datetime(frame["start"])
            self.actuals_label.setText(f"Actuals: {Path(actuals.get('source', '')).name or 'imported'}, "
                                       f"{start.min():%Y-%m-%d} to {start.max():%Y-%m-%d}, {len(frame):,} rows")
        else:
            self.actuals_label.setText("No actuals yet: import what happened since the forecast.")
        has = bool(self.snapshots())
        for button in (self.rename_button, self.delete_button, self.compare_button, self.latest_button):
            button.setEnabled(has)
        self.reforecast_button.setEnabled(bool(actuals))
        result = self.plan.result("accuracy")
        if isinstance(result, dict) and result.get("report") is not None:
            self.view.set_report(result["report"])
        else:
            self.view.clear(result.get("error", "") if isinstance(result, dict) else "")
        self._show_state()

    def _show_state(self) -> None:
        if self.plan.computing("accuracy"):
            self._say("Comparing…")
            return
        state = self.plan.state("accuracy")
        result = self.plan.result("accuracy")
        if state.status == "not run":
            self._say(f"Not compared yet: {state.reason}." if state.reason else "")
        elif state.status == "flagged" and isinstance(result, dict) and result.get("report") is None:
            self._say(state.reason, error=True)
        elif state.status == "flagged":
            self._say(f"Compared {result['snapshot']!r} with the actuals — poor: {state.reason}", error=True)
        elif isinstance(result, dict) and state.status == "up to date":
            self._say(f"Compared {result['snapshot']!r} with the actuals. " + " ".join(self.merge_notes))
        else:
            self._say(f"Out of date: {state.reason}")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        set_role(self.status, "error" if error else None)

    # -- edits (each one undoable step) -----------------------------------------------
    def keep_current(self, name: str | None = None) -> str | None:
        """Keep the forecast the page shows as a snapshot; returns its name."""
        try:
            snapshot = snap.take_snapshot(self.current_forecast(), name)
        except WfmError as exc:
            self._say(str(exc), error=True)
            return None
        kept = snap.add_snapshot(self.snapshots(), snapshot)
        self.plan.set_input(FORECAST_SNAPSHOTS, kept, f"Keep forecast {kept[-1]['name']!r}")
        self.select(kept[-1]["name"])
        return kept[-1]["name"]

    def _ask_rename(self) -> None:
        old = self.selected()
        if old is None:
            self._say("Select a snapshot to rename.", error=True)
            return
        new, ok = QInputDialog.getText(self, "Rename snapshot", "Name", text=old)
        if ok:
            self.rename_snapshot(old, new)

    def rename_snapshot(self, old: str, new: str) -> None:
        try:
            renamed = snap.rename_snapshot(self.snapshots(), old, new)
        except WfmError as exc:
            self._say(str(exc), error=True)
            return
        settings = self.plan.model.resolved(ACCURACY_SETTINGS)
        self.plan.set_input(FORECAST_SNAPSHOTS, renamed, f"Rename snapshot {old!r}")
        if settings.get("snapshot") == old:
            self.plan.set_input(ACCURACY_SETTINGS, {**settings, "snapshot": snap.check_name(new)},
                                f"Rename snapshot {old!r}")
        self.select(snap.check_name(new))

    def delete_snapshot(self, name: str | None) -> None:
        if name is None:
            self._say("Select a snapshot to delete.", error=True)
            return
        settings = self.plan.model.resolved(ACCURACY_SETTINGS)
        if settings.get("snapshot") == name:
            self.plan.set_input(ACCURACY_SETTINGS, {**settings, "snapshot": None}, f"Delete snapshot {name!r}")
        self.plan.set_input(FORECAST_SNAPSHOTS, snap.delete_snapshot(self.snapshots(), name),
                            f"Delete snapshot {name!r}")

    def compare(self, name: str | None) -> None:
        """Compare snapshot `name` (None: the latest kept) with the actuals."""
        settings = self.plan.model.resolved(ACCURACY_SETTINGS)
        self.plan.set_input(ACCURACY_SETTINGS, {**settings, "snapshot": name},
                            f"Compare snapshot {name!r}" if name else "Compare the latest snapshot")

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Actuals", "", "Volume files (*.csv *.xlsx *.xls *.ods *.txt)")
        if path:
            self.import_actuals(path)

    def import_actuals(self, path: str) -> None:
        """Read `path` with the importer off the GUI thread; the plan keeps the actuals (one undoable step)."""
        self._say(f"Importing {Path(path).name}…")
        self.importer.submit(_import, str(path))

    def _imported(self, result) -> None:
        history = result.history
        value = snap.actuals_to_input(history, path=str(history.source),
                                      sha256=getattr(result, "source_sha256", "") or "")
        self.plan.set_input(ACTUALS, value, f"Import actuals {Path(str(history.source)).name}")
        self.actuals_imported.emit()

    def reforecast(self) -> None:
        """Add the actuals to the plan's history, roll the start forward, and ask the page to forecast."""
        from wfm_desktop.core.forecast.reforecast import merge_actuals, rolled_forward
        from wfm_desktop.core.plan.compute import history_of

        history = history_of(self.plan.result("history"))
        actuals = snap.actuals_from_input(self.plan.input(ACTUALS))
        if history is None or actuals is None:
            self._say("Re-forecast needs a history (Data page) and imported actuals.", error=True)
            return
        try:
            merged = merge_actuals(history, actuals)
        except WfmError as exc:
            self._say(f"Re-forecast: {exc}", error=True)
            return
        self.plan.set_result("history", merged.history)
        settings = self.plan.model.resolved(FORECAST_SETTINGS)
        if settings.get("start") is not None:
            self.plan.set_input(FORECAST_SETTINGS, rolled_forward(settings), "Re-forecast from the day after the actuals")
        lines = list(merged.notes)
        for row in merged.differences.head(SHOWN_DIFFERENCES).itertuples(index=False):
            lines.append(f"{row.queue} {row.start:%Y-%m-%d %H:%M} {row.column}: {row.history:,.1f} → {row.actual:,.1f}")
        if len(merged.differences) > SHOWN_DIFFERENCES:
            lines.append(f"… and {len(merged.differences) - SHOWN_DIFFERENCES:,} more.")
        self.merge_notes = tuple(lines)
        self.differences = merged.differences
        self._say(" ".join(lines))
        self.reforecast_requested.emit()
