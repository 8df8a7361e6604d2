"""Staffing page: per-queue settings and shrinkage → interval requirements, heat map, FTE, SL; Excel export.

Shows the plan's staffing stage ("requirements"): a settings change is a plan input; the
plan recomputes the staffing off the GUI thread (:class:`~wfm_desktop.gui.plan_runner.PlanRunner`)
and the page shows the :class:`PlanResult` the plan holds, and the stage's state (computing,
out of date, failed). The page keeps no result of its own. "Export to Excel…" writes the plan
workbook with progress; the save dialog asks before replacing a file.

The settings of every queue the planner edited are the plan input
``staffing/settings`` (``plan_settings_to_dict`` JSON); every edit is one
labelled undoable step ("Edit service level target (Billing)"). Undo, redo and
Open show the settings again (switching to the queue that changed) and
recompute. A queue nobody edited gets :func:`default_queue_settings`: its
channel follows its name (a "Chat" queue is a chat queue, "Email" deferred).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.gui.widgets.number_box import number_box
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.export import write_plan_workbook
from wfm_desktop.core.plan.compute import source_of
from wfm_desktop.core.staffing.queue_settings import CHANNELS, PlanSettings, QueueSettings, plan_settings_from_dict, plan_settings_to_dict
from wfm_desktop.core.staffing.queue_settings import queue_settings_to_dict
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.widgets.data_table import DataTable
from wfm_desktop.gui.edit_labels import staffing_label
from wfm_desktop.gui.pages.base import AppContext, Page
from wfm_desktop.gui.plan_controller import same_value
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.gui.widgets.contract_week import ContractWeekBox, contract_week
from wfm_desktop.gui.widgets.opening_hours import OpeningHoursEditor
from wfm_desktop.gui.widgets.patience_offer import PatienceOffer
from wfm_desktop.gui.widgets.week_start import WeekStartBox
from wfm_desktop.gui.widgets.shrinkage_editor import ShrinkageEditor
from wfm_desktop.gui.widgets.side_panel import SidePanel
from wfm_desktop.gui.widgets.simulation_view import SimulationView
from wfm_desktop.core.staffing.rollups import horizon_fte
from wfm_desktop.plots.requirements import draw_heatmap, draw_interval_service_level
from wfm_desktop.gui.theme import set_role

SETTINGS_KEY = "staffing/settings"  # plan input: plan_settings_to_dict() of the edited queues
TIPS = {
    "channel": "voice: Erlang C (Erlang A with a patience). chat: Erlang C/A on AHT ÷ chats per agent.\n"
               "deferred: email/back office, workload spread over the open hours within the response target.",
    "concurrency": "Chats one agent handles at once (chat only): effective handle time per chat = AHT ÷ this.\n"
                   "See the chat model note below the form: the answer depends on how the AHT was measured.",
    "response": "Deferred work: hours within which an item must be handled (open hours count).",
    "patience": "Average patience before a caller hangs up; set it to use Erlang A. 0 = Erlang C.",
    "sl": "Service level target: share answered within the answer time. 0 = no SL target.",
    "answer": "Target answer time in seconds (the 20 of 80/20).",
    "asa": "Average speed of answer ceiling in seconds. 0 = no ASA target.",
    "occupancy": "Occupancy cap: highest share of time agents spend on contacts (occupancy = A ÷ N). 0 = no cap.",
    "min_staff": "Agents in every open interval, however quiet.\n"
    "auto: 1 when the queue is open 24 hours on all 7 days (00:00-24:00), else 0.",
    "fill_quiet_gaps": "One agent in a run of up to an hour of intervals without agents between two staffed\n"
    "intervals, so a quiet night does not flicker between 0 and 1 agent (0 and 2 to schedule).",
    "aht_default": "The handle time to plan with when the history has none (e.g. a file of call counts only).\n"
                   "Where the history has an AHT, that is used and this is ignored.",
}
WEEKLY_HEADERS = {"week_start": "Week commencing", "queue": "Queue", "days": "Days", "open_days": "Open days",
                  "weeks": "Weeks", "contacts": "Contacts",
                  "workload_h": "Workload (h)", "agents_net_h": "Net agent-hours",
                  "agents_schedule_h": "Gross hours (sched.)", "agents_gross_h": "Gross hours",
                  "fte": "FTE", "service_level": "Expected SL"}


WEEKLY_TIPS = {
    "fte": "Gross (paid) agent-hours ÷ (contracted week × weeks). Gross agents are net ÷ (1 − total shrinkage),\n"
           "not rounded: whole agents are for schedules (Gross hours (sched.)), FTE is hours.",
    "weeks": "Contracted weeks the week counts for: 1 for a full week; a part week at either end of the plan\n"
             "counts its open days ÷ the open days a week (a Monday–Friday centre starting on a Wednesday: 3/5).",
    "open_days": "Days of this week in the plan on which the centre is open (any queue staffed).",
    "agents_gross_h": "Paid agent-hours: Σ net ÷ (1 − total shrinkage) × interval length, unrounded.",
    "agents_schedule_h": "Agent-hours to schedule: whole agents, net ÷ (1 − shrinkage the schedule does not model),\n"
                         "rounded up per interval.",
}

CHAT_MODEL = ("Chat model: an agent is one server working k chats at once, i.e. Erlang on AHT ÷ k. Right when "
              "the AHT is the agent's time per chat; if it is a chat's whole duration measured while agents "
              "handled k at once, this plan is cautious (the Simulated tab treats an agent as k slots).")
CHAT_MODEL_TIP = ("Two ways to read a chat AHT, two answers:\n"
                  "• AHT = agent time per chat (handle time ÷ chats at once): an agent is one server with\n"
                  "  handle time AHT ÷ k — what the requirement uses (Erlang C/A on AHT ÷ k).\n"
                  "• AHT = a chat's duration from start to end, measured with agents at k chats: an agent is\n"
                  "  k servers each taking AHT (M/M/N·k) — fewer agents meet the target; the simulator\n"
                  "  (Simulated tab, `wfm-desktop simulate --chat-slowdown F`) uses this, and can slow\n"
                  "  chats down by F per other chat the agent has.\n"
                  "See docs/staffing.md, \"Chat with concurrency k\".")

_spin = number_box
NO_FORECAST = "Make a forecast first (Forecast page); the staffing plan follows it."


class StaffingPage(Page):
    title = "Staffing"
    tooltip = "Targets, shrinkage and FTE per queue: interval requirements and the Excel plan"

    shown = Signal()
    """The page shows a new staffing result of the plan."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._fte_of: tuple = (None, 0.0)  # (the result shown, its average FTE)
        self._saved: tuple | None = None  # (the result last exported, "Saved PATH")
        self._queue_settings: dict[str, QueueSettings] = {}
        self._quiet_defaults = True  # False for plans saved before the night rules
        self._loading = False

        self.queue = QComboBox()
        self.queue.setToolTip("The queue whose settings, charts and tables are shown (each queue has its own "
                              "targets and shrinkage).")
        self.queue.setMinimumWidth(160)
        self.message = QLabel(NO_FORECAST)
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        self.export_button = QPushButton("Export to Excel…")
        self.export_button.setToolTip("Write the plan workbook: Summary, Assumptions (named cells), Daily "
                                      "forecast, Intraday requirements, Weekly FTE, with live FTE formulas.")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export_to_excel())
        top = QHBoxLayout()
        top.addWidget(QLabel("Queue"))
        top.addWidget(self.queue)
        top.addWidget(self.message, 1)
        top.addWidget(self.progress)
        top.addWidget(self.export_button)

        self._build_form()
        self.contract = ContractWeekBox(ctx.plan)  # the plan's one week, also on the Budget page
        self.week_start = WeekStartBox(ctx.plan)
        self.week_start.week_start_changed.connect(self.hours.set_first_day)
        self.hours.set_first_day(self.week_start.first_day())
        plan_box = QGroupBox("Whole plan")
        plan_form = QFormLayout(plan_box)
        plan_form.addRow("Contracted week", self.contract)
        plan_form.addRow("Weeks start on", self.week_start)
        self.shrinkage = ShrinkageEditor()
        shrink_box = QGroupBox("Shrinkage (share of paid time)")
        QVBoxLayout(shrink_box).addWidget(self.shrinkage)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(plan_box)
        left_layout.addWidget(self.form_box)
        left_layout.addWidget(shrink_box)
        left_layout.addStretch(1)
        scroll = SidePanel(left)  # scrolls vertically; never narrower than the inputs (nothing cut off)

        self.heatmap = ChartWidget(figsize=(7.0, 3.6))
        self.sl_chart = ChartWidget(figsize=(7.0, 3.6))
        self.weekly_model = DataFrameModel()
        self.daily_model = DataFrameModel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.heatmap, "Gross agents heat map")
        self.tabs.addTab(self.sl_chart, "Service level by interval")
        self.views = []
        for model, name in ((self.weekly_model, "Weekly FTE"), (self.daily_model, "Daily")):
            view = DataTable(name=name.lower().replace(" ", "_"))
            self.views.append(view)
            view.setModel(model)
            view.setSortingEnabled(True)
            view.setAlternatingRowColors(True)
            self.tabs.addTab(view, name)
        self.simulated = SimulationView(ctx.plan)
        self.tabs.addTab(self.simulated, "Simulated")
        self.tabs.setTabToolTip(self.tabs.count() - 1, "The plan played out call by call (discrete-event simulation): "
                                "simulated service level, ASA and abandonment beside the Erlang figures")
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.export_runner = self.task_runner(self._exported, failure_title="The workbook was not saved",
                                              dialog=True)
        self.export_runner.progress.connect(lambda f, m: (self.progress.setValue(int(f * 100)),
                                                          self.progress.setFormat(m or "%p%")))
        self.export_runner.busy_changed.connect(self._export_busy)
        self.queue.currentTextChanged.connect(self._load_queue)
        self.queue.currentTextChanged.connect(self.patience_offer.set_queue)
        self.queue.currentTextChanged.connect(self.simulated.set_queue)
        self.shrinkage.changed.connect(self._edited)
        ctx.plan.changed.connect(self._plan_changed)
        ctx.plan.input_changed.connect(self._input_changed)
        ctx.plan.reset.connect(self._on_reset)
        self.observe_stage("requirements", self._show_result, failure_title="Staffing could not be computed")
        self._plan_changed("forecast")
        self._show_result()

    @property
    def result(self):
        """The plan's staffing result (the page keeps none of its own)."""
        return self.ctx.plan.result("requirements")

    # -- form ------------------------------------------------------------------------------
    def _build_form(self) -> None:
        self.channel = QComboBox()
        self.channel.addItems(CHANNELS)
        self.channel.setToolTip(TIPS["channel"])
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 10)
        self.concurrency.setToolTip(TIPS["concurrency"])
        self.response = _spin(0, 720, decimals=1, step=1, suffix=" h", special="—", tip=TIPS["response"])
        self.patience = _spin(0, 7200, step=10, suffix=" s", special="none (Erlang C)", tip=TIPS["patience"])
        self.sl = _spin(0, 99.9, decimals=1, step=5, suffix=" %", special="none", tip=TIPS["sl"])
        self.answer = _spin(0, 3600, step=5, suffix=" s", tip=TIPS["answer"])
        self.asa = _spin(0, 3600, step=5, suffix=" s", special="none", tip=TIPS["asa"])
        self.occupancy = _spin(0, 100, decimals=1, step=1, suffix=" %", special="no cap", tip=TIPS["occupancy"])
        self.min_staff = QSpinBox()
        self.min_staff.setRange(-1, 1000)  # -1: automatic
        self.min_staff.setSpecialValueText("auto (1 if open 24/7)")
        self.min_staff.setToolTip(TIPS["min_staff"])
        self.fill_gaps = QCheckBox("Fill quiet gaps (no night flicker)")
        self.fill_gaps.setToolTip(TIPS["fill_quiet_gaps"])
        self.aht_default = _spin(0, 86400, step=10, suffix=" s", special="from the history", tip=TIPS["aht_default"])
        self.hours = OpeningHoursEditor()
        self.hours.edited.connect(self._edited)
        self.form_box = QGroupBox("Queue settings")
        form = QFormLayout(self.form_box)
        for label, widget in (("Channel", self.channel), ("Chats per agent", self.concurrency),
                              ("Response target", self.response), ("Patience", self.patience),
                              ("Service level target", self.sl), ("Answer within", self.answer),
                              ("ASA target", self.asa), ("Occupancy cap", self.occupancy),
                              ("Minimum staff", self.min_staff), ("", self.fill_gaps),
                              ("AHT if none in history", self.aht_default)):
            form.addRow(label, widget)
            signal = getattr(widget, "valueChanged", None) or getattr(widget, "currentTextChanged", None) \
                or getattr(widget, "toggled", None) or widget.textChanged
            signal.connect(self._edited)
            if hasattr(widget, "editingFinished"):  # typing again later is a new undo step
                widget.editingFinished.connect(self.ctx.plan.inputs.end_step)
        self.patience_offer = PatienceOffer(self.ctx.plan)  # under Patience: the estimate from the history
        self.patience_offer.use.connect(self._use_patience)
        form.insertRow(4, "", self.patience_offer)
        form.addRow(QLabel("Opening hours"))
        form.addRow(self.hours)
        self.chat_note = QLabel(CHAT_MODEL)
        self.chat_note.setWordWrap(True)
        self.chat_note.setToolTip(CHAT_MODEL_TIP)
        set_role(self.chat_note, "muted")
        form.addRow(self.chat_note)
        self.form_error = QLabel()
        self.form_error.setWordWrap(True)
        set_role(self.form_error, "error")
        form.addRow(self.form_error)

    def settings_for(self, queue: str) -> QueueSettings:
        """The queue's settings: as edited, else the defaults for its name."""
        return self._queue_settings.get(queue) or PlanSettings(quiet_defaults=self._quiet_defaults).default_for(queue)

    def _load_queue(self, queue: str) -> None:
        qs = self.settings_for(queue)
        self._loading = True
        self.channel.setCurrentText(qs.channel)
        self.concurrency.setValue(qs.concurrency)
        self.response.setValue(qs.response_target_h or 0)
        self.patience.setValue(qs.patience_s or 0)
        self.sl.setValue((qs.sl or 0) * 100)
        self.answer.setValue(qs.answer_s)
        self.asa.setValue(qs.asa_s or 0)
        self.occupancy.setValue((qs.max_occupancy or 0) * 100)
        self.min_staff.setValue(-1 if qs.min_staff is None else qs.min_staff)
        self.fill_gaps.setChecked(qs.fill_quiet_gaps)
        self.aht_default.setValue(qs.aht_s or 0)
        self.hours.set_hours(qs.open_hours, qs.special_hours)
        self.shrinkage.set_table(qs.shrinkage)
        self._loading = False
        self._update_enabled()
        self._refresh_views()

    def queue_settings_from_form(self) -> QueueSettings:
        """The form as QueueSettings; raises WfmError with a message for the planner."""
        channel = self.channel.currentText()
        hours = self.hours.hours()
        return QueueSettings(
            channel=channel,
            concurrency=self.concurrency.value() if channel == "chat" else 1,
            response_target_h=(self.response.value() or None) if channel == "deferred" else None,
            patience_s=(self.patience.value() or None) if channel != "deferred" else None,
            sl=(self.sl.value() / 100 or None) if channel != "deferred" else None,
            answer_s=self.answer.value(),
            asa_s=self.asa.value() or None,
            max_occupancy=self.occupancy.value() / 100 or None,
            open_hours=hours,
            special_hours=self.hours.special_hours(),
            min_staff=None if self.min_staff.value() < 0 else self.min_staff.value(),
            fill_quiet_gaps=self.fill_gaps.isChecked(),
            aht_s=self.aht_default.value() or None,
            shrinkage=self.shrinkage.table(),
        )

    def _update_enabled(self) -> None:
        channel = self.channel.currentText()
        self.concurrency.setEnabled(channel == "chat")
        self.chat_note.setVisible(channel == "chat")
        self.response.setEnabled(channel == "deferred")
        for widget in (self.patience, self.sl, self.answer, self.asa):
            widget.setEnabled(channel != "deferred")
        self.patience_offer.setVisible(channel != "deferred")

    def _use_patience(self, seconds: float) -> None:
        """The history's estimate becomes the queue's patience (one undo step)."""
        self.patience.setValue(seconds)
        self.ctx.plan.inputs.end_step()

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        self._update_enabled()
        try:
            qs = self.queue_settings_from_form()
        except WfmError as exc:
            self.form_error.setText(str(exc))
            return
        self.form_error.setText("")
        queue = self.queue.currentText()
        if not queue:
            return
        before = queue_settings_to_dict(self.settings_for(queue))
        self._queue_settings[queue] = qs
        label = staffing_label(queue, before, queue_settings_to_dict(qs))
        self.ctx.plan.set_input(SETTINGS_KEY, self._settings_dict(), label)  # the plan recomputes

    def _settings_dict(self) -> dict:
        """The edited queues' settings as the plan stores them."""
        return plan_settings_to_dict(PlanSettings(queues=dict(self._queue_settings), quiet_defaults=self._quiet_defaults))

    def plan_settings(self) -> PlanSettings:
        """Settings for every queue of the forecast (edited ones, else the defaults for their names)."""
        queues = [self.queue.itemText(i) for i in range(self.queue.count())]
        queues += [q for q in self._queue_settings if q not in queues]
        return PlanSettings(queues={q: self.settings_for(q) for q in queues},
                            contract_hours_week=contract_week(self.ctx.plan), quiet_defaults=self._quiet_defaults,
                            first_day=self.week_start.first_day())

    # -- undo, redo, open --------------------------------------------------------------------
    def _input_changed(self, key: str) -> None:
        """An edit, undo or redo of the staffing settings: show them if they differ (the plan recomputes)."""
        if key != SETTINGS_KEY:
            return
        value = self.ctx.plan.input(SETTINGS_KEY)
        if not same_value(value or self._settings_dict_empty(), self._settings_dict()):
            self._restore(value)

    @staticmethod
    def _settings_dict_empty() -> dict:
        return plan_settings_to_dict(PlanSettings())

    def _restore(self, value: dict | None) -> None:
        """Show stored settings; switch to the queue whose settings changed so the planner sees the undo."""
        try:
            stored = plan_settings_from_dict(value) if value else PlanSettings()
            queues = dict(stored.queues)
        except WfmError as exc:
            self.form_error.setText(f"The plan's staffing settings could not be used: {exc}")
            return
        changed = [q for q in set(queues) | set(self._queue_settings)
                   if queues.get(q) != self._queue_settings.get(q)]
        self._queue_settings = queues
        self._quiet_defaults = stored.quiet_defaults
        shown = [self.queue.itemText(i) for i in range(self.queue.count())]
        target = next((q for q in shown if q in changed), None)
        if target and target != self.queue.currentText():
            self.queue.setCurrentText(target)  # loads the form through _load_queue
        elif self.queue.currentText():
            self._load_queue(self.queue.currentText())

    def _on_reset(self) -> None:
        """New/Open: the plan's settings (or none) and its forecast, if it has one."""
        self._queue_settings = {}
        self._restore(self.ctx.plan.input(SETTINGS_KEY))
        self._plan_changed("forecast")
        self._show_result()

    # -- computing ---------------------------------------------------------------------------
    def _plan_changed(self, stage: str) -> None:
        if stage not in ("history", "forecast"):
            return
        forecast = self.ctx.plan.result("forecast")
        queues = [] if forecast is None else sorted(forecast.intraday["queue"].astype(str).unique().tolist())
        self._loading = True
        current = self.queue.currentText()
        self.queue.clear()
        self.queue.addItems(queues)
        if current in queues:
            self.queue.setCurrentText(current)
        self._loading = False
        if queues:
            self._load_queue(self.queue.currentText())
        self._show_state()

    def _source(self):
        """The history file and its SHA-256 as the Data page recorded them (what the staffing stage writes)."""
        return source_of(self.ctx.plan.input("history_import"), self.ctx.plan.result("history"))

    def recompute(self) -> None:
        """Compute the staffing again now, even if it is up to date (the plan does it, off the GUI thread)."""
        self.ctx.plan.runner.recompute("requirements")

    def _shown(self):
        """The plan's staffing result when it is a staffing plan (a bare requirement table is not shown)."""
        result = self.result
        return result if hasattr(result, "requirements") and hasattr(result, "weekly") else None

    def _show_result(self) -> None:
        """The plan's staffing result changed (or was cleared): show it."""
        result = self._shown()
        self.export_button.setEnabled(result is not None and not self.export_runner.busy)
        if result is None:
            for chart in (self.heatmap, self.sl_chart):
                chart.redraw(lambda fig: None)
            for model in (self.weekly_model, self.daily_model):
                model.set_frame(pd.DataFrame())
        else:
            self._refresh_views()
        self._show_state()
        if result is not None:
            self.shown.emit()

    def stage_state_changed(self, stage: str) -> None:
        self._show_state()

    def _show_state(self) -> None:
        """The message: the result's summary, and the stage's state when it is not up to date."""
        plan = self.ctx.plan
        result = self._shown()
        failure = plan.failure("requirements")
        if plan.result("forecast") is None:
            self.message.setText(NO_FORECAST)
            self.message.setToolTip("")
            return
        if failure is not None and isinstance(failure, WfmError):
            self.show_message(str(failure), error=True)
            return
        if result is None:
            self.message.setText("Computing the requirement…" if plan.computing("requirements")
                                 else self.stage_message("requirements"))
            return
        state = self.stage_message("requirements")
        if self._fte_of[0] is not result:  # (asked after every state change: computed once per result)
            self._fte_of = (result, float(horizon_fte(result.weekly).sum()))
        self.message.setText(f"{len(result.requirements):,} intervals · average {self._fte_of[1]:.1f} FTE "
                             f"(all queues, {result.settings.contract_hours_week:g}-hour week)"
                             + (f" · {len(result.notes)} note(s)" if result.notes else "")
                             + (f" · {state}" if state else "")
                             # the last export of this very result stays in view when another stage refreshes
                             + (f" · {self._saved[1]}" if self._saved and self._saved[0] is result else ""))
        self.message.setToolTip("\n".join(result.notes))

    def _refresh_views(self) -> None:
        result = self._shown()
        if result is None or self._loading:
            return
        queue = self.queue.currentText()
        req = result.requirements
        qs = result.settings.for_queue(queue)
        self.heatmap.redraw(lambda fig: draw_heatmap(fig.add_subplot(), req, queue))
        self.sl_chart.redraw(lambda fig: draw_interval_service_level(
            fig.add_subplot(), req, queue, None if qs.channel == "deferred" else qs.sl))
        pct = lambda v: "" if pd.isna(v) else f"{v:.1%}"  # noqa: E731
        one = lambda v: f"{v:,.1f}"  # noqa: E731
        formats = {"service_level": pct, "fte": one, "contacts": one, "workload_h": one, "agents_net_h": one,
                   "agents_schedule_h": one, "agents_gross_h": one,
                   "week_start": lambda v: f"{pd.Timestamp(v):%a %d %b %Y}",
                   "date": lambda v: f"{pd.Timestamp(v):%a %d %b %Y}", "days": lambda v: f"{v:g}",
                   "open_days": lambda v: f"{v:g}", "weeks": lambda v: f"{v:.2f}",
                   "aht_s": lambda v: "" if pd.isna(v) else f"{v:.0f}"}
        weekly = result.weekly[result.weekly["queue"] == queue][
            ["week_start", "days", "open_days", "weeks", "fte", "contacts", "workload_h", "agents_net_h", "agents_schedule_h",
             "agents_gross_h", "service_level"]]
        daily = result.daily[result.daily["queue"] == queue][
            ["date", "contacts", "aht_s", "workload_h", "agents_net_h", "agents_schedule_h", "agents_gross_h",
             "service_level"]]
        self.weekly_model.set_frame(weekly.reset_index(drop=True), headers=WEEKLY_HEADERS, formatters=formats,
                                    tooltips=WEEKLY_TIPS)
        self.daily_model.set_frame(daily.reset_index(drop=True), headers={**WEEKLY_HEADERS, "date": "Date",
                                                                           "aht_s": "AHT (s)"}, formatters=formats)
        for view in self.views:
            view.resizeColumnsToContents()

    # -- export --------------------------------------------------------------------------------
    def export_to_excel(self, path: str | None = None) -> None:
        """Ask for a file name (the dialog confirms replacing a file) and write the workbook off the GUI thread."""
        if self.result is None:
            self.ctx.status("Nothing to export yet: make a forecast and a staffing plan first.")
            return
        if path is None:
            start = str(Path.home() / "staffing-plan.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, "Export the plan to Excel", start, "Excel workbook (*.xlsx)")
            if not path:
                return
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        self._export_path = path
        # The plan's export stage: the staffing plan, plus the Budget and Capacity plan sheets and the
        # Schedule and Coverage sheets when the plan has them up to date — what `wfm-desktop export` writes.
        data = self.ctx.plan.export_data()
        if data is None:
            self.ctx.status("Nothing to export yet: make a forecast and a staffing plan first.")
            return
        self.export_runner.submit(write_plan_workbook, data, path, force=True)

    def _export_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.export_button.setEnabled(not busy and self.result is not None)

    def _exported(self, path) -> None:
        self.ctx.status(f"Saved the plan workbook {path}")
        self._saved = (self.result, f"Saved {path}")
        self.message.setText(f"Saved {path}")

    def shutdown(self) -> None:
        self.export_runner.cancel()
