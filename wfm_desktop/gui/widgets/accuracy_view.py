"""Accuracy view: a forecast compared with what happened, by queue.

On the Forecast page's Accuracy tab (:mod:`wfm_desktop.gui.widgets.accuracy_panel`) it shows the
plan's accuracy stage (a kept snapshot against the plan's actuals; ``files=False``). On its own,
pick the forecast CSV (daily or intervals, as `wfm-desktop forecast` writes it) and the actuals (any
file the importer reads), press Compare: the summary per queue, forecast against actual per day with
each day's error, the table of the chosen level (months, weeks, days, intervals) and the worst days.
The numbers come from :func:`wfm_desktop.core.forecast.accuracy.accuracy_report`, the same as
`wfm-desktop accuracy`. The comparison is a few table operations and runs on the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast.accuracy import AccuracyReport, accuracy_report, read_forecast_csv
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.widgets.data_table import DataTable
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.plots.accuracy import draw_forecast_vs_actual

LEVELS = (("Months", "by_month"), ("Weeks", "by_week"), ("Days", "by_day"), ("Intervals", "by_interval"),
          ("Worst days", "worst_days"), ("Worst intervals", "worst_intervals"))
HEADERS = {"queue": "Queue", "month": "Month", "week": "Week of", "date": "Date", "start": "Interval",
           "actual": "Actual", "forecast": "Forecast", "wape": "WAPE", "bias": "Bias", "error": "Error",
           "aht_actual_s": "AHT actual (s)", "aht_forecast_s": "AHT forecast (s)", "aht_wape": "AHT WAPE",
           "aht_bias": "AHT bias", "interval_wape": "Interval WAPE", "days": "Days", "first_day": "First day",
           "last_day": "Last day", "daily_band": "Daily band", "interval_band": "Interval band"}
SUMMARY_ORDER = ("queue", "days", "actual", "forecast", "wape", "bias", "daily_band", "interval_wape", "interval_band",
                 "aht_actual_s", "aht_forecast_s", "aht_wape", "aht_bias", "first_day", "last_day")
PERCENT = ("wape", "bias", "aht_wape", "aht_bias", "interval_wape")
TIPS = {
    "wape": "Weighted absolute percentage error: Σ|forecast − actual| ÷ Σ actual over the days of the row "
            "(for a day: over its intervals). Under 10% a day is excellent, 10–15% acceptable.",
    "bias": "Σ(forecast − actual) ÷ Σ actual: positive = the forecast was too high.",
    "aht_wape": "Σ contacts × |AHT forecast − AHT actual| ÷ Σ contacts × AHT actual: handle-time error as a "
                "share of the actual workload.",
    "aht_bias": "Σ contacts × (AHT forecast − AHT actual) ÷ Σ contacts × AHT actual.",
    "interval_wape": "WAPE over every interval: the daily error and the intraday shape error together.",
    "daily_band": "Daily WAPE under 10% is excellent, 10–15% acceptable, above 15% poor (published planners' bands).",
    "interval_band": "Interval WAPE under 15% is excellent, 15–25% acceptable, above 25% poor.",
}


def _formatters(frame) -> dict:
    out = {}
    for column in frame.columns:
        if column in PERCENT:
            out[column] = lambda v: "" if v != v else f"{v:.1%}"
        elif column in ("actual", "forecast", "error"):
            out[column] = lambda v: "" if v != v else f"{v:,.0f}"
        elif column.endswith("_s"):
            out[column] = lambda v: "" if v != v else f"{v:.0f}"
    for column in ("date", "week", "first_day", "last_day"):
        if column in frame.columns:
            out[column] = lambda v: "" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d")
    if "start" in frame.columns:
        out["start"] = lambda v: "" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d %H:%M")
    for column in ("bias", "aht_bias"):
        if column in frame.columns:
            out[column] = lambda v: "" if v != v else f"{v:+.1%}"
    return out


class AccuracyView(QWidget):
    """Compare a forecast file with an actuals file; or show a report given by the caller."""

    report_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, files: bool = True) -> None:
        super().__init__(parent)
        self.report: AccuracyReport | None = None
        self.forecast_path: Path | None = None
        self.actuals_path: Path | None = None

        self.forecast_button = QPushButton("Forecast CSV…")
        self.forecast_button.setToolTip("The daily or interval forecast CSV written by Forecast › Save CSV or "
                                        "wfm-desktop forecast")
        self.actuals_button = QPushButton("Actuals…")
        self.actuals_button.setToolTip("What happened: any volume file the Data page can import")
        self.compare_button = QPushButton("Compare")
        self.compare_button.setEnabled(False)
        self.files_label = QLabel("Choose a forecast and the actuals.")
        self.queue_box = QComboBox()
        self.queue_box.setToolTip("The queue whose forecast and actuals the chart and tables compare")
        self.level_box = QComboBox()
        self.level_box.setToolTip("Compare by month, week, day or interval (WAPE and bias at that level)")
        for title, _ in LEVELS:
            self.level_box.addItem(title)
        self.level_box.setCurrentIndex(2)
        self.message = QLabel("")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        for widget in (self.forecast_button, self.actuals_button, self.compare_button, self.files_label):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(QLabel("Queue"))
        top.addWidget(self.queue_box)

        self.summary_model = DataFrameModel()
        self.summary_table = DataTable(name="accuracy_summary")
        self.summary_table.setModel(self.summary_model)
        self.summary_table.setMaximumHeight(110)
        self.chart = ChartWidget(figsize=(8.0, 4.0))
        self.level_model = DataFrameModel()
        self.level_table = DataTable(name="accuracy")
        self.level_table.setModel(self.level_model)
        self.level_table.setSortingEnabled(True)

        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        level_row = QHBoxLayout()
        level_row.addWidget(QLabel("Show"))
        level_row.addWidget(self.level_box)
        level_row.addStretch(1)
        below_layout.addLayout(level_row)
        below_layout.addWidget(self.level_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(below)
        splitter.setSizes([420, 260])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_table)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        self.forecast_button.clicked.connect(self._pick_forecast)
        self.actuals_button.clicked.connect(self._pick_actuals)
        self.compare_button.clicked.connect(self.compare)
        if not files:  # the plan's snapshot and actuals are chosen by the panel that hosts the view
            for widget in (self.forecast_button, self.actuals_button, self.compare_button, self.files_label):
                widget.hide()
        self.queue_box.currentTextChanged.connect(lambda _text: self._show())
        self.level_box.currentIndexChanged.connect(lambda _i: self._show())

    # -- inputs ----------------------------------------------------------------
    def _pick_forecast(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Forecast CSV", "", "CSV files (*.csv)")
        if path:
            self.set_files(Path(path), self.actuals_path)

    def _pick_actuals(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Actuals", "", "Volume files (*.csv *.xlsx *.xls *.ods)")
        if path:
            self.set_files(self.forecast_path, Path(path))

    def set_files(self, forecast: Path | None, actuals: Path | None) -> None:
        self.forecast_path, self.actuals_path = forecast, actuals
        names = [p.name for p in (forecast, actuals) if p is not None]
        self.files_label.setText(" against ".join(names) if names else "Choose a forecast and the actuals.")
        self.compare_button.setEnabled(forecast is not None and actuals is not None)

    def compare(self) -> None:
        """Read both files and show the comparison; a problem is shown in the message line."""
        from wfm_desktop.core.importers import import_history

        try:
            daily, intervals = read_forecast_csv(self.forecast_path)
            actuals = import_history(self.actuals_path).history
            self.set_report(accuracy_report(daily, actuals, forecast_intervals=intervals))
        except WfmError as exc:
            self.message.setText(f"Cannot compare: {exc}")

    # -- output ----------------------------------------------------------------
    def set_report(self, report: AccuracyReport) -> None:
        self.report = report
        summary = report.summary[[c for c in SUMMARY_ORDER if c in report.summary.columns]
                                 + [c for c in report.summary.columns if c not in SUMMARY_ORDER]]
        self.summary_model.set_frame(summary, headers=HEADERS, formatters=_formatters(summary), tooltips=TIPS)
        self.summary_table.resizeColumnsToContents()
        self._fit_summary(len(summary))
        queues = [str(q) for q in report.summary["queue"]]
        self.queue_box.blockSignals(True)
        self.queue_box.clear()
        self.queue_box.addItems(queues)
        self.queue_box.blockSignals(False)
        self.message.setText(" ".join(report.notes))
        self._show()
        self.report_changed.emit()

    def _fit_summary(self, rows: int) -> None:
        """Tall enough for every queue (up to 6 rows, then it scrolls)."""
        table = self.summary_table
        height = table.horizontalHeader().height() + 2 * table.frameWidth() + table.horizontalScrollBar().sizeHint().height()
        height += sum(table.rowHeight(r) for r in range(min(rows, 6))) if rows else 24
        table.setMaximumHeight(height)
        table.setMinimumHeight(height)

    def clear(self, message: str = "") -> None:
        """No report (e.g. the plan has no snapshot or no actuals yet); `message` says why."""
        self.report = None
        self.summary_model.set_frame(pd.DataFrame())
        self.level_model.set_frame(pd.DataFrame())
        self.queue_box.clear()
        self.chart.redraw(lambda figure: None)
        self.message.setText(message)

    def _show(self) -> None:
        if self.report is None or not self.queue_box.currentText():
            return
        queue = self.queue_box.currentText()
        frame = getattr(self.report, LEVELS[self.level_box.currentIndex()][1])
        frame = frame[frame["queue"].astype(str) == queue] if "queue" in frame.columns else frame
        self.level_model.set_frame(frame.reset_index(drop=True), headers=HEADERS, formatters=_formatters(frame),
                                   tooltips=TIPS)
        self.level_table.resizeColumnsToContents()
        by_day = self.report.by_day

        def draw(figure) -> None:
            top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 1))
            draw_forecast_vs_actual(top, bottom, by_day, queue)

        self.chart.redraw(draw)
