"""Forecast page: method and horizon, events, overrides; the forecast chart, backtest and profiles.

Reads the history from the plan (the Data page puts it there), runs
:func:`wfm_desktop.core.forecast.run_forecast` off the GUI thread with progress
and cancel, and stores the result in the plan as the "forecast" stage.
Overrides typed into the daily grid and the events list are inputs of the next
run: press Run again to apply them.

Every edit of the form, the events or the overrides is one labelled undoable
step of the plan input ``forecast/settings`` (``settings_to_dict`` JSON). Undo,
redo and Open show the settings again and mark the forecast as out of date
("press Run forecast"); a forecast run takes seconds, so it is not repeated on
every tick — except after Open (reset) of a plan that has settings and a
history, which forecasts again so the plan looks as it was saved.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.gui.widgets.number_box import number_box
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast import (
    Event,
    ForecastResult,
    ForecastSettings,
    run_forecast,
    settings_to_dict,
)
from wfm_desktop.core.forecast.output import write_daily_csv, write_intraday_csv
from wfm_desktop.core.history.table import History
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.widgets.data_table import DataTable
from wfm_desktop.gui.pages.base import AppContext, Page
from wfm_desktop.gui.pages.forecast_state import (  # noqa: F401 (SETTINGS_KEY: the page's input key)
    LAST_RUN_KEY,
    SETTINGS_KEY,
    ForecastStateMixin,
)
from wfm_desktop.gui.plan_controller import same_value
from wfm_desktop.gui.widgets.accuracy_panel import AccuracyPanel
from wfm_desktop.gui.widgets.events_editor import EventsEditor
from wfm_desktop.gui.widgets.findings_editor import FindingsEditor
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.gui.widgets.side_panel import SidePanel
from wfm_desktop.plots.forecast import draw_forecast, draw_intraday_profile
from wfm_desktop.gui.theme import set_role
from wfm_desktop.gui.glossary import apply_header_tips, method_name
from wfm_desktop.gui.widgets.data_table import install_copy

METHOD_LABELS = (
    ("auto", "Auto (best backtest)"),
    ("seasonal_naive", "Seasonal naive (same day last week)"),
    ("weekday_avg", "Weekday average"),
    ("weekday_level", "Weekday pattern × smoothed level"),
    ("ets", "Holt-Winters / ETS"),
    ("mstl", "MSTL (weekly + yearly, 2+ years)"),
    ("harmonic", "Harmonic regression (weekly + yearly, 2+ years)"),
    ("combo", "Combination (mean of the best two)"),
)
DAILY_COLUMNS = ("Date", "Day", "Forecast", "Lower", "Upper", "AHT (s)", "Override")
OVERRIDE_COLUMN = DAILY_COLUMNS.index("Override")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

TIPS = {
    "method": "Auto backtests every method on the last weeks (rolling origin) and uses the one with the\n"
    "lowest WAPE for each queue. The combination averages the two single methods with the best\n"
    "backtest; Auto considers it too. The backtest table shows WAPE and bias per method.",
    "horizon": "How far ahead to forecast, from the day after the history.",
    "level": "Coverage of the prediction interval (80% = between the 10th and 90th percentiles),\n"
    "from the errors the method made in the backtest.",
    "percentile": "Confidence: the share of days on which the staffing should meet its service-level target.\n"
    "90% staffs each day for its 90th percentile of volume (from the forecast's calibrated interval), so the\n"
    "target is met on about 9 days in 10; the point forecast meets it on about half the days.\n"
    "The Staffing page's Simulated tab shows P(SL ≥ target) per day and what each confidence costs in FTE.",
    "country": "Public-holiday calendar (US, GB, DE, FR, ... or US-CA for a region). A holiday gets the\n"
    "factor it had in the history, or is closed when the history never saw it.",
    "growth": "Volume growth applied to every forecast day (+5% = × 1.05).",
    "deflection": "Share of contacts taken away by self-service or a chatbot (10% = × 0.9).",
    "profile": "Most recent weeks the intraday shape and the AHT profile are built from; a backtest chooses how many of them the shape uses (4, 8, 12 or 26) and how much recent weeks count.",
}


_spin = number_box


def history_of(value) -> History | None:
    """The History held by the plan's "history" result (a History or an import result)."""
    if value is None or isinstance(value, History):
        return value
    return getattr(value, "history", None)


class ForecastPage(ForecastStateMixin, Page):
    title = "Forecast"
    tooltip = "Forecast daily contacts, their intraday shape and handle time"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.result: ForecastResult | None = None
        self.overrides: dict[tuple[str, dt.date], float] = {}

        self.method = QComboBox()
        for key, label in METHOD_LABELS:
            self.method.addItem(label, key)
        self.horizon = QSpinBox()
        self.horizon.setRange(1, 52)
        self.horizon.setValue(13)
        self.horizon.setSuffix(" weeks")
        self.level = _spin(50, 99, 80, suffix=" %")
        self.percentile = _spin(0, 99, 0, suffix=" % of days", special="point forecast (≈ half the days)")
        self.country = QLineEdit()
        self.country.setPlaceholderText("none (e.g. US, GB, DE)")
        self.growth = _spin(-90, 100, 0, suffix=" %", decimals=1)
        self.deflection = _spin(0, 95, 0, suffix=" %", decimals=1)
        self.profile_weeks = QSpinBox()
        self.profile_weeks.setRange(1, 52)
        self.profile_weeks.setValue(26)
        self.profile_weeks.setSuffix(" weeks")
        for box in (self.horizon, self.profile_weeks):  # "1 week", "2 weeks"
            box.valueChanged.connect(lambda n, box=box: box.setSuffix(" week" if n == 1 else " weeks"))

        settings_box = QGroupBox("Forecast settings")
        form = QFormLayout(settings_box)
        for label, widget, tip in (
            ("Method", self.method, "method"), ("Horizon", self.horizon, "horizon"),
            ("Interval level", self.level, "level"), ("Meet the target on", self.percentile, "percentile"),
            ("Holidays", self.country, "country"), ("Growth", self.growth, "growth"),
            ("Deflection", self.deflection, "deflection"), ("Profile from last", self.profile_weeks, "profile"),
        ):
            widget.setToolTip(TIPS[tip])
            name = QLabel(label)
            name.setToolTip(TIPS[tip])
            form.addRow(name, widget)

        self.events_editor = EventsEditor()
        self.events_editor.error.connect(lambda text: self.show_message(text, error=True))
        self.events = self.events_editor.table

        self.history_label = QLabel()
        self.history_label.setWordWrap(True)
        self.run_button = QPushButton("Run forecast")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("forecast_message")
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button, 1)
        run_row.addWidget(self.cancel_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.history_label)
        left_layout.addWidget(settings_box)
        left_layout.addWidget(self.events_editor, 1)
        left_layout.addLayout(run_row)
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.message)
        scroll = SidePanel(left)  # scrolls vertically; never narrower than the inputs (nothing cut off)

        self.queue = QComboBox()
        self.queue.setToolTip("The queue the chart and the daily table show.")
        self.queue.currentIndexChanged.connect(self._show_queue)
        self.chart = ChartWidget(figsize=(7.0, 3.4))
        self.backtest_model = DataFrameModel()
        self.backtest = DataTable(name="backtest")
        self.backtest.setModel(self.backtest_model)
        self.backtest.verticalHeader().hide()
        self.backtest.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.backtest.horizontalHeader().setStretchLastSection(True)
        self.daily = QTableWidget(0, len(DAILY_COLUMNS))
        install_copy(self.daily)
        self.daily.setHorizontalHeaderLabels(DAILY_COLUMNS)
        apply_header_tips(self.daily)  # what each heading means (gui/glossary.py)
        self.daily.verticalHeader().hide()
        self.daily.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.daily.itemChanged.connect(self._override_edited)
        self.daily.setToolTip("Type a number in Override to replace that day's forecast; Run again to apply.")
        self.profile_chart = ChartWidget(figsize=(7.0, 3.0))
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.backtest, "Backtest")
        self.tabs.addTab(self.daily, "Daily forecast and overrides")
        self.tabs.addTab(self.profile_chart, "Intraday profile")
        self.tabs.addTab(self.notes, "Notes and adjustments")
        self.findings_editor = FindingsEditor()
        self.tabs.addTab(self.findings_editor, "Abnormal periods")

        queue_row = QHBoxLayout()
        queue_row.addWidget(QLabel("Queue"))
        queue_row.addWidget(self.queue, 1)
        save_chart = QPushButton("Save chart as PNG…")
        save_chart.clicked.connect(self.chart.ask_save_png)
        queue_row.addWidget(save_chart)
        self.save_csv = QPushButton("Save CSV…")  # short: the row held presentation mode past 1,280 px
        self.save_csv.setToolTip("Daily forecast (queue,date,contacts,lower,upper,aht_s,method) and, for interval\n"
                                 "history, the interval forecast beside it (…_intervals.csv)")
        self.save_csv.setEnabled(False)
        self.save_csv.clicked.connect(self._ask_save_csv)
        queue_row.addWidget(self.save_csv)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(queue_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        right_layout.addWidget(splitter, 1)
        self.accuracy = AccuracyPanel(ctx.plan, lambda: self.result)
        self.accuracy.reforecast_requested.connect(self.run)
        self.views = QTabWidget()
        self.views.addTab(right, "Forecast")
        self.views.addTab(self.accuracy, "Accuracy against actuals")
        self.views.setTabToolTip(1, "Forecast snapshots kept in the plan against what happened: WAPE and bias by\n"
                                    "month, week, day and interval; import actuals; re-forecast with them")

        layout = QHBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.views, 1)

        self.runner = self.task_runner(self._show_result, failure_title="Forecast")
        self.runner.failed.connect(lambda exc, _d: None if isinstance(exc, WfmError) else self.show_message(""))
        self.runner.cancelled.connect(self._cancelled)
        self.runner.progress.connect(self._progress)
        self.runner.busy_changed.connect(self._busy)
        self._restoring = False
        self._run_when_history = False
        self._defaults = settings_to_dict(self.settings())  # what a missing input means
        self.method.currentIndexChanged.connect(self._edited)
        for box in (self.horizon, self.level, self.percentile, self.growth, self.deflection, self.profile_weeks):
            box.valueChanged.connect(self._edited)
            box.editingFinished.connect(ctx.plan.inputs.end_step)
        self.country.textChanged.connect(self._edited)
        self.country.editingFinished.connect(ctx.plan.inputs.end_step)
        self.events_editor.changed.connect(self._edited)
        self.findings_editor.changed.connect(self._edited)
        ctx.plan.changed.connect(self._plan_changed)
        ctx.plan.input_changed.connect(self._input_changed)
        ctx.plan.reset.connect(self._on_reset)
        self._plan_changed("history")

    # -- inputs --------------------------------------------------------------
    def history(self) -> History | None:
        return history_of(self.ctx.plan.result("history"))

    def settings(self) -> ForecastSettings:
        """The form as ForecastSettings (raises WfmError naming the bad field)."""
        percentile = self.percentile.value()
        return ForecastSettings(
            method=self.method.currentData(),
            horizon_days=self.horizon.value() * 7,
            level=self.level.value() / 100.0,
            percentile=percentile / 100.0 if percentile > 0 else None,
            country=self.country.text().strip() or None,
            growth=self.growth.value() / 100.0,
            deflection=self.deflection.value() / 100.0,
            profile_weeks=self.profile_weeks.value(),
            events=self.event_list(),
            overrides=dict(self.overrides),
            clean_history=self.findings_editor.clean,
            keep_periods=self.findings_editor.keep,
            exclude_periods=self.findings_editor.exclude,
        )

    def add_event(self, event: Event | None = None) -> None:
        self.events_editor.add_event(event)

    def event_list(self) -> tuple[Event, ...]:
        return self.events_editor.events()

    # -- running -------------------------------------------------------------
    def run(self) -> None:
        history = self.history()
        if history is None:
            self.show_message("Load a history on the Data page first.", error=True)
            return
        try:
            settings = self.settings()
        except WfmError as exc:
            self.show_message(str(exc), error=True)
            return
        self.show_message("Forecasting…")
        self.progress.setValue(0)
        # A snapshot of what the forecast reads: the result keeps the fingerprint of these settings.
        self.runner.submit(self.ctx.plan.model.job("forecast").run)

    def cancel(self) -> None:
        self.runner.cancel()
        self._busy(False)
        self.show_message("Cancelled: the previous forecast (if any) is kept.")

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(round(fraction * 100)))
        self.progress.setFormat(f"{message} %p%" if message else "%p%")

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def _cancelled(self) -> None:
        self.show_message("Cancelled: the previous forecast (if any) is kept.")

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else None)

    def _plan_changed(self, stage: str) -> None:
        if stage != "history":
            return
        if getattr(self, "result", None) is None:
            self.show_chart_hint()
        history = self.history()
        if history is None:
            self.history_label.setText("No history loaded yet: import one on the Data page.")
            return
        daily = history.daily()
        interval = "daily totals" if history.is_daily else f"{history.interval_min}-minute intervals"
        self.history_label.setText(
            f"History: {len(history.queues)} queue(s), {daily['date'].min():%Y-%m-%d} to "
            f"{daily['date'].max():%Y-%m-%d}, {interval}."
        )
        if self._run_when_history:
            self._run_when_history = False
            self.run()

    def show_settings(self, settings: ForecastSettings) -> None:
        """Fill the form, events and overrides from `settings` (e.g. from an opened plan)."""
        self.method.setCurrentIndex(max(0, self.method.findData(settings.method)))
        self.horizon.setValue(max(1, round(settings.horizon_days / 7)))
        self.level.setValue(settings.level * 100)
        self.percentile.setValue(0 if settings.percentile is None else settings.percentile * 100)
        self.country.setText(settings.country or "")
        self.growth.setValue(settings.growth * 100)
        self.deflection.setValue(settings.deflection * 100)
        self.profile_weeks.setValue(settings.profile_weeks)
        self.events_editor.set_events(settings.events)
        self.findings_editor.set_choices(settings.clean_history, settings.keep_periods, settings.exclude_periods)
        self.overrides = {(str(q), pd.Timestamp(d).date()): float(v) for (q, d), v in settings.overrides.items()}
        if self.result is not None and self.queue.currentText():
            queue = self.queue.currentText()
            self._fill_daily(self.result.daily[self.result.daily["queue"] == queue], queue)

    # -- results -------------------------------------------------------------
    def _show_result(self, computed) -> None:
        result = computed.value
        self.ctx.plan.set_cache(LAST_RUN_KEY, settings_to_dict(result.settings))  # reopening forecasts again
        self.ctx.plan.store(computed)
        self._display(result)
        self.status_if_shown("Forecast ready")

    def _display(self, result: ForecastResult) -> None:
        """Show `result` (a run that just finished, or the forecast of an opened plan)."""
        self.result = result
        self.progress.setValue(100)
        total = result.daily["contacts"].sum()
        days, queues = result.daily["date"].nunique(), result.daily["queue"].nunique()
        self.show_message(f"Forecast ready: {_count(days, 'day')} × {_count(queues, 'queue')}, "
                           f"{total:,.0f} contacts.")
        current = self.queue.currentText()
        queues = sorted(result.daily["queue"].unique())
        self.queue.blockSignals(True)
        self.queue.clear()
        self.queue.addItems(queues)
        self.queue.setCurrentIndex(queues.index(current) if current in queues else 0)
        self.queue.blockSignals(False)
        self._fill_backtest(result)
        self.findings_editor.set_findings(result.findings, [str(q) for q in queues])
        self.save_csv.setEnabled(True)
        notes = list(result.notes)
        for row in result.adjustments.itertuples(index=False):
            when = "" if pd.isna(row.date) else f"{row.date:%Y-%m-%d} "
            notes.append(f"{when}{row.queue}: {row.label} ({row.kind}) "
                         f"{row.contacts_before:,.0f} → {row.contacts_after:,.0f}")
        self.notes.setPlainText("\n".join(notes) or "No notes.")
        self._show_queue()
        if not same_value(settings_to_dict(result.settings), self._form_dict()):
            self._show_staleness()

    def _ask_save_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save forecast", "forecast.csv", "CSV files (*.csv)")
        if path:
            # the dialog already asked before replacing an existing file
            self.save_forecast_csv(path, force=True)

    def save_forecast_csv(self, path: str, *, force: bool = False) -> list[str]:
        """Write the daily CSV (and the interval CSV beside it); returns the paths written."""
        if self.result is None:
            return []
        written = []
        try:
            written.append(str(write_daily_csv(self.result, path, force=force)))
            if not self.result.intraday.empty:
                base = path[:-4] if path.lower().endswith(".csv") else path
                written.append(str(write_intraday_csv(self.result, f"{base}_intervals.csv", force=force)))
        except WfmError as exc:
            self.show_message(str(exc), error=True)
            return written
        self.show_message("Saved " + " and ".join(written))
        return written

    def _fill_backtest(self, result: ForecastResult) -> None:
        table = result.backtest.copy()
        pct = lambda v: "" if v is None or math.isnan(v) else f"{v:.1%}"  # noqa: E731
        signed = lambda v: "" if v is None or math.isnan(v) else f"{v:+.1%}"  # noqa: E731
        self.backtest_model.set_frame(
            table,
            headers={"queue": "Queue", "method": "Method", "wape": "WAPE", "bias": "Bias", "folds": "Folds",
                     "days": "Days scored", "chosen": "Used"},
            formatters={"wape": pct, "bias": signed, "method": method_name},
            tooltips={"wape": "Σ|forecast − actual| ÷ Σ actual over the backtest days",
                      "bias": "Σ(forecast − actual) ÷ Σ actual: positive = forecast too high"},
        )

    def _show_queue(self, *_args) -> None:
        result = self.result
        queue = self.queue.currentText()
        if result is None or not queue:
            return
        level = result.settings.level
        self.chart.redraw(lambda fig: draw_forecast(fig.add_subplot(), result.history_daily, result.daily,
                                                    queue, level=level))
        self.profile_chart.redraw(lambda fig: draw_intraday_profile(fig.add_subplot(), result.profiles, queue))
        self._fill_daily(result.daily[result.daily["queue"] == queue], queue)

    def _fill_daily(self, daily: pd.DataFrame, queue: str) -> None:
        self.daily.blockSignals(True)
        self.daily.setRowCount(len(daily))
        for row, day in enumerate(daily.itertuples(index=False)):
            date = day.date.date()
            override = self.overrides.get((queue, date))
            texts = (date.isoformat(), WEEKDAYS[date.weekday()], f"{day.contacts:,.0f}", f"{day.lower:,.0f}",
                     f"{day.upper:,.0f}", "" if math.isnan(day.aht_s) else f"{day.aht_s:,.0f}",
                     "" if override is None else f"{override:g}")
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column != OVERRIDE_COLUMN:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.daily.setItem(row, column, item)
        self.daily.blockSignals(False)

    def _override_edited(self, item: QTableWidgetItem) -> None:
        if item.column() != OVERRIDE_COLUMN:
            return
        queue = self.queue.currentText()
        date = dt.date.fromisoformat(self.daily.item(item.row(), 0).text())
        text = item.text().strip().replace(",", "")
        if not text:
            self.overrides.pop((queue, date), None)
        else:
            try:
                value = float(text)
                if value < 0:
                    raise ValueError
            except ValueError:
                self.show_message(f"Override for {queue} on {date}: {item.text()!r} is not a number ≥ 0.", error=True)
                return
            self.overrides[(queue, date)] = value
        self._edited()
        self.show_message(f"{len(self.overrides)} override(s): press Run forecast to apply.")

    def shutdown(self) -> None:
        self.runner.cancel()


def _count(n: int, noun: str) -> str:
    """'1 day', '7 days'."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
