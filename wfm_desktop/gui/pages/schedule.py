"""Schedule page: shift templates, the shift-mix solve, coverage per day, shifts and roster.

The solve (and the roster) run through :class:`TaskRunner` on a pool thread,
and the integer programs themselves in a child process
(:mod:`wfm_desktop.core.scheduling.solver_process`), so Cancel ends the solver at once and
the window never freezes. The requirement comes from the plan (staffing
stage) when there is one, or from a CSV/Excel file. Undo/redo of the inputs
and the cached solve of an opened plan: :mod:`.schedule_state`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
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
from wfm_desktop.core.plan.compute import follow_opening_hours, schedule_requirement, solve_and_roster
from wfm_desktop.core.plan.defaults import opening_hours_templates
from wfm_desktop.core.scheduling.roster import RosterRules
from wfm_desktop.core.scheduling.schedule_files import read_requirements
from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings
from wfm_desktop.core.scheduling.templates import load_templates, save_templates, template_from_record
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.widgets.data_table import DataTable
from wfm_desktop.gui.pages.base import AppContext, Page
from wfm_desktop.gui.pages.schedule_state import TEMPLATES_KEY, ScheduleStateMixin, requirement_frame
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.gui.widgets.roster_inputs import RosterInputs
from wfm_desktop.gui.widgets.side_panel import SidePanel
from wfm_desktop.gui.widgets.simulation_view import SimulationView
from wfm_desktop.gui.widgets.template_editor import TemplateDetails, TemplateEditor
from wfm_desktop.plots.coverage import draw_coverage
from wfm_desktop.gui.theme import set_role

EXAMPLE_TEMPLATES = [
    {"name": "Full 8h", "start_earliest": "07:00", "start_latest": "12:00", "start_step_min": 30,
     "paid_length_min": 480, "breaks": "break1 15 paid 1:30-2:30; lunch 30 unpaid 3:00-5:00; break2 15 paid 5:30-6:30",
     "weekdays": "Mon-Sun", "contract": "full", "cost_per_hour": 20},
    {"name": "Part 4h", "start_earliest": "08:00", "start_latest": "17:00", "start_step_min": 30,
     "paid_length_min": 240, "breaks": "", "weekdays": "Mon-Sun", "contract": "part", "cost_per_hour": 22},
]


def _spin(minimum, maximum, value, *, decimals=0, suffix="", special=None, tip=""):
    return number_box(minimum, maximum, value, decimals=decimals, suffix=suffix, special=special, tip=tip,
                      integer=not decimals)


class SchedulePage(ScheduleStateMixin, Page):
    title = "Schedule"
    tooltip = "Shift templates, the shift mix that covers the requirement, coverage and the weekly roster"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.requirement: pd.DataFrame | None = None
        self.result = None
        self.roster = None
        self._solved_checksum: str | None = None

        # -- requirement
        self.req_label = QLabel("No requirement yet: run Staffing, or load a file.")
        self.req_label.setWordWrap(True)
        load_req = QPushButton("Load requirement…")
        load_req.setToolTip("A CSV or Excel file with 'start' and agents_schedule / agents_gross / agents_net "
                            "per interval (docs/scheduling.md)")
        load_req.clicked.connect(self.ask_load_requirement)
        req_box = QGroupBox("Requirement")
        req_layout = QVBoxLayout(req_box)
        req_layout.addWidget(self.req_label)
        req_layout.addWidget(load_req)

        # -- templates
        self.templates = TemplateEditor()
        self.templates.set_templates([template_from_record(r, "example") for r in EXAMPLE_TEMPLATES])
        # two rows: the five buttons in one row widened the page past 1,280 px in presentation mode
        first_row, reset_row = QHBoxLayout(), QHBoxLayout()
        for row, text, slot, tip in (
                (first_row, "Add", lambda: self.templates.add_row(), "Add a template row"),
                (first_row, "Remove", self.templates.remove_selected, "Remove the selected rows"),
                (first_row, "Load…", self.ask_load_templates, "Load templates from CSV or JSON"),
                (first_row, "Save…", self.ask_save_templates, "Save the templates as CSV or JSON"),
                (reset_row, "Reset to the opening hours", self.reset_templates_to_hours,
                 "Replace the templates by those that follow the requirement's opening hours, as a new plan gets "
                 "them: starts from opening until the last start that ends by closing, per weekday; a 24/7 queue "
                 "gets starts round the clock and a night template")):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            row.addWidget(b)
        first_row.addStretch(1)
        reset_row.addStretch(1)
        tpl_tab = QWidget()
        tpl_layout = QVBoxLayout(tpl_tab)
        tpl_help = QLabel("One row per kind of shift (hover the headers for help). The selected template's breaks "
                          "are the rows below, with one shift drawn on a time line.")
        tpl_help.setWordWrap(True)
        tpl_layout.addWidget(tpl_help)
        tpl_layout.addWidget(self.templates, 3)
        tpl_layout.addLayout(first_row)
        tpl_layout.addLayout(reset_row)
        self.template_details = TemplateDetails(self.templates)
        tpl_layout.addWidget(self.template_details, 2)

        # -- costs, limits, roster
        self.under_penalty = _spin(0, 1e6, 100, decimals=2, tip="Cost of one agent-hour of under-coverage; keep it "
                                   "well above the wage so shifts are bought where they help.")
        self.over_cost = _spin(0, 1e6, 1, decimals=2, tip="Cost of one agent-hour above the requirement, on top "
                               "of the wage.")
        self.max_seats = _spin(0, 100_000, 0, special="no limit", tip="Most agents working at once.")
        self.time_limit = _spin(1, 3600, 30, suffix=" s", tip="The solver returns its best schedule by then; "
                                                              "building the roster gets the same time again.")
        self.do_roster = QCheckBox("Build a weekly roster")
        self.do_roster.setToolTip("After the shift mix, assign the shifts to agents week by week, within the "
                                  "days-per-week, days-off and rest rules below.")
        self.do_roster.setChecked(True)
        self.agents = _spin(0, 100_000, 0, special="fewest possible", tip="Agents on the roster.")
        self.max_days = _spin(1, 7, 5, tip="Most working days per agent per week.")
        self.days_off = _spin(0, 7, 2, tip="At least this many days off in a row each week (the week wraps).")
        self.min_rest = _spin(0, 48, 11, decimals=1, suffix=" h", tip="Minimum rest between the end of one shift "
                              "and the start of the next.")
        self.gap_threshold = _spin(0.1, 99, 5, decimals=1, suffix=" %", tip="Flag the schedule when its optimality "
                                   "gap is above this: it may cost up to that much more than the best possible "
                                   "schedule. A flagged schedule shows a warning here, on the step list, in the "
                                   "workbook and in the command line's report. Changing it re-flags the schedule "
                                   "in hand without solving again.")
        self.under_threshold = _spin(0.1, 99, 2, decimals=1, suffix=" %", tip="Flag the schedule when it leaves "
                                     "more than this share of the required agent-hours uncovered. Changing it "
                                     "re-flags the schedule in hand without solving again.")
        opts = QGroupBox("Costs, limits and roster rules")
        form = QFormLayout(opts)
        for label, w in (("Under-coverage penalty /h", self.under_penalty), ("Over-coverage cost /h", self.over_cost),
                         ("Max seats", self.max_seats), ("Time limit", self.time_limit),
                         ("Flag gap above", self.gap_threshold), ("Flag under-coverage above", self.under_threshold),
                         ("", self.do_roster),
                         ("Agents", self.agents), ("Max days / week", self.max_days),
                         ("Days off in a row", self.days_off), ("Min rest", self.min_rest)):
            form.addRow(label, w)

        self.solve_button = QPushButton("Solve")
        self.solve_button.setToolTip("Choose the shifts (integer program, HiGHS) and roster them")
        self.solve_button.clicked.connect(self.solve)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress_label = QLabel("")
        self.progress_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_role(self.message, "error")
        self.message.hide()
        run_row = QHBoxLayout()
        run_row.addWidget(self.solve_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(req_box)
        left_layout.addWidget(opts)
        self.roster_inputs = RosterInputs(ctx.plan, lambda: (self.result, self.roster), self.show_message)
        left_layout.addWidget(self.roster_inputs)
        left_layout.addLayout(run_row)
        left_layout.addWidget(self.progress_label)
        left_layout.addWidget(self.message)
        left_layout.addStretch(1)

        # -- results
        self.quality_box = QLabel()
        self.quality_box.setObjectName("scheduleQualityWarning")
        self.quality_box.setWordWrap(True)
        self.quality_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the colour is the theme's warning role (light and dark, presentation); the border takes the text colour
        self.quality_box.setStyleSheet("QLabel#scheduleQualityWarning { border: 2px solid; border-radius: 4px;"
                                       " padding: 6px; font-weight: bold; }")
        set_role(self.quality_box, "warning")
        self.quality_box.hide()
        self.summary = QLabel("Solve to see the shifts that cover the requirement.")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.day = QComboBox()
        self.day.setToolTip("Day shown in the coverage chart")
        self.day.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.day.setMinimumContentsLength(16)
        self.day.currentIndexChanged.connect(self._draw_day)
        self.chart = ChartWidget(figsize=(7.0, 3.6))
        self.chart.setMinimumSize(420, 260)
        cov_tab = QWidget()
        cov_layout = QVBoxLayout(cov_tab)
        day_row = QHBoxLayout()
        day_row.addWidget(QLabel("Day"))
        day_row.addWidget(self.day)
        day_row.addStretch(1)
        cov_layout.addLayout(day_row)
        self.coverage_model, self.coverage_view = DataFrameModel(), DataTable(name="coverage")
        self.coverage_view.setModel(self.coverage_model)
        self.coverage_view.verticalHeader().hide()
        self.coverage_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        cov_split = QSplitter(Qt.Orientation.Vertical)
        cov_split.addWidget(self.chart)
        cov_split.addWidget(self.coverage_view)
        cov_split.setStretchFactor(0, 2)
        cov_split.setStretchFactor(1, 1)
        cov_layout.addWidget(cov_split, 1)
        self.shift_model, self.shift_view = DataFrameModel(), DataTable(name="shifts")
        self.roster_model, self.roster_view = DataFrameModel(), DataTable(name="roster")
        for model, view in ((self.shift_model, self.shift_view), (self.roster_model, self.roster_view)):
            view.setModel(model)
            view.setSortingEnabled(True)
            view.verticalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tabs = QTabWidget()
        self.tabs.addTab(tpl_tab, "Templates")
        self.tabs.addTab(cov_tab, "Coverage")
        self.tabs.addTab(self.shift_view, "Shifts")
        self.tabs.addTab(self.roster_view, "Roster")
        self.simulated = SimulationView(ctx.plan, "schedule")  # the schedule with its breaks, simulated
        self.tabs.addTab(self.simulated, "Simulated")
        self.tabs.setTabToolTip(self.tabs.count() - 1, "The schedule played out call by call, agents off the "
                                "phones during their placed breaks and lunches: simulated service level, ASA and "
                                "abandonment per day and interval beside the Erlang figures")
        self._chart_stale = False
        self.tabs.currentChanged.connect(lambda _i: self._chart_stale and self._draw_day())
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.quality_box)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.tabs, 1)

        # The inputs scroll (vertically): in presentation mode they are taller than an 800-pixel screen.
        left_scroll = SidePanel(left)
        left_scroll.setFrameShape(SidePanel.Shape.NoFrame)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left_scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        left_scroll.setMaximumWidth(420)  # at least as wide as its content (SidePanel)
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

        self.runner = self.task_runner(self._show_result, failure_title="Schedule")
        self.runner.failed.connect(lambda *_: self.progress_label.setText(""))
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.progress.connect(self._on_progress)
        self.runner.busy_changed.connect(self._on_busy)
        ctx.plan.changed.connect(self._plan_changed)
        self._connect_inputs()
        self._plan_changed("requirements")

    # -- inputs ----------------------------------------------------------------
    def set_requirement(self, frame: pd.DataFrame, source: str) -> None:
        self.requirement = frame
        days = pd.to_datetime(frame["start"]).dt.normalize().nunique() if "start" in frame else 0
        self.req_label.setText(f"{source}: {len(frame):,} rows over {days} day(s)")

    def _plan_changed(self, stage: str) -> None:
        if stage not in ("history", "forecast", "requirements"):
            return
        value = self.ctx.plan.result("requirements")
        frame = getattr(value, "frame", value)
        if isinstance(frame, pd.DataFrame) and "start" in frame.columns:
            self.set_requirement(frame, "Requirements from Staffing")
            self._follow_opening_hours()
            self._try_cached()

    def _follow_opening_hours(self) -> None:
        """A new plan's templates follow its requirement's opening hours (a saved plan keeps its own)."""
        if follow_opening_hours(self.ctx.plan.model):
            self._show_input(TEMPLATES_KEY)
            self.ctx.plan.states_changed.emit()

    def reset_templates_to_hours(self) -> None:
        """Replace the templates by those of the requirement's opening hours (one undo step)."""
        frame = opening_hours_templates(schedule_requirement(self.ctx.plan.model.reads("schedule")))
        if frame is None:
            self.show_message("No requirement with opening hours yet: run Staffing, or load a requirement file.")
            return
        self.show_message("")
        self.ctx.plan.set_input(TEMPLATES_KEY, frame, "Reset templates to the opening hours")

    def ask_load_requirement(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load requirement", "", "Requirements (*.csv *.xlsx)")
        if path:
            self.load_requirement(path)

    def load_requirement(self, path: str) -> None:
        try:
            frame = requirement_frame(read_requirements(path))  # interval starts as times, as Staffing gives them
            self.set_requirement(frame, Path(path).name)
            self._requirement_loaded(frame, Path(path).name)
            self._follow_opening_hours()
            self.show_message("")
        except WfmError as exc:
            self.show_message(str(exc))

    def ask_load_templates(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load shift templates", "", "Templates (*.csv *.json)")
        if path:
            try:
                self.templates.set_templates(load_templates(path))
                self._templates_edited(f"Load templates {Path(path).name}")
                self.show_message("")
            except WfmError as exc:
                self.show_message(str(exc))

    def ask_save_templates(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save shift templates", "shift_templates.csv",
                                              "CSV (*.csv);;JSON (*.json)")
        if path:
            try:
                save_templates(self.templates.templates(), path, force=True)  # the dialog confirmed overwriting
                self.ctx.status(f"Templates saved to {path}")
            except WfmError as exc:
                self.show_message(str(exc))

    def settings(self) -> ScheduleSettings:
        seats = self.max_seats.value()
        return ScheduleSettings(under_penalty_per_h=self.under_penalty.value(), over_cost_per_h=self.over_cost.value(),
                                max_seats=seats or None, time_limit_s=float(self.time_limit.value()),
                                gap_warning=self.gap_threshold.value() / 100.0)

    def roster_rules(self) -> RosterRules | None:
        if not self.do_roster.isChecked():
            return None
        # The roster gets the same time limit as the shift solve: "allow more time" must be possible here.
        return RosterRules(max_days_per_week=self.max_days.value(), min_consecutive_days_off=self.days_off.value(),
                           min_rest_h=self.min_rest.value(), time_limit_s=float(self.time_limit.value()))

    # -- solving ---------------------------------------------------------------
    def solve(self) -> None:
        if self.requirement is None:
            self.show_message("There is no requirement to schedule: run Staffing, or load a requirement file.")
            return
        try:
            templates = self.templates.templates()
            settings = self.settings()
            rules = self.roster_rules()
        except WfmError as exc:
            self.show_message(str(exc))
            return
        self.show_message("")
        self._solving_checksum = self._checksum()
        self._solving_fingerprint = self.ctx.plan.model.fingerprint("schedule")  # what this solve reads
        self.progress.setValue(0)
        self.progress_label.setText("starting the solver…")
        try:
            agents = self.roster_inputs.agents() or self.agents.value() or None
            locked = self.roster_inputs.locked()
        except WfmError as exc:
            self.show_message(str(exc))
            return
        self.runner.submit(solve_and_roster, self.requirement, templates, settings, rules, agents, locked=locked,
                           under_warning=self.under_threshold.value() / 100.0)

    def cancel(self) -> None:
        self.runner.cancel()

    def _on_busy(self, busy: bool) -> None:
        self.solve_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(round(fraction * 100)))
        self.progress_label.setText(message)

    def _on_cancelled(self) -> None:
        self.progress.setValue(0)
        self.progress_label.setText("Cancelled: the solver was stopped.")

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- results ---------------------------------------------------------------
    def _show_result(self, answer) -> None:
        result, roster, roster_error = answer
        self._solved_checksum = self._solving_checksum
        self._display(result, roster, roster_error)
        from wfm_desktop.core.plan.model import Computed

        whole, parts = self._solving_fingerprint
        self.ctx.plan.store(Computed("schedule", {"schedule": result, "roster": roster, "roster_error": roster_error},
                                     whole, parts))
        self._cache_result(result, roster, roster_error)
        self.progress_label.setText(f"Done in {result.summary['wall_s']:.1f} s")
        if self._solved_checksum != self._checksum():  # inputs edited while it was solving
            self._mark_stale()
        self.status_if_shown(f"{result.summary['shifts']} shifts; under {result.summary['under_h']:.1f} h, "
                             f"over {result.summary['over_h']:.1f} agent-hours")

    def _clear_result(self) -> None:
        self.result, self.roster, self._solved_checksum = None, None, None
        self.summary.setText("Solve to see the shifts that cover the requirement.")
        self.quality_box.hide()
        for model in (self.shift_model, self.roster_model, self.coverage_model):
            model.set_frame(pd.DataFrame())
        self.day.clear()
        self.chart.redraw(lambda fig: None)
        self.progress.setValue(0)
        self.progress_label.setText("")
        self.show_message("")

    def _display(self, result, roster, roster_error) -> None:
        """Show a schedule (just solved, or from an opened plan's cache)."""
        self.result, self.roster = result, roster
        self.progress.setValue(100)
        lines = result.summary_lines()
        lines = lines[:4] + [ln for ln in lines[4:] if ln.startswith("efficiency")]
        if roster is not None and "weekend_days_spread" in roster.summary:
            lines.append(roster.summary_line())
        self.summary.setText("\n".join(lines))
        warning = result.summary.get("warning")
        self.quality_box.setText(f"⚠ {warning}" if warning else "")
        self.quality_box.setVisible(bool(warning))
        self.show_message(roster_error or "")
        shifts = result.shifts
        if roster is not None:
            shifts = shifts.merge(roster.assignments[["shift_id", "agent"]], on="shift_id", how="left")
        cols = [c for c in ("shift_id", "agent", "template", "start", "end", "paid_h", "contract", "breaks")
                if c in shifts.columns]
        self.shift_model.set_frame(shifts[cols], headers={
            "shift_id": "Shift", "agent": "Agent", "template": "Template", "start": "Start", "end": "End",
            "paid_h": "Paid h", "contract": "Contract", "breaks": "Breaks"})
        if roster is not None:
            grid = roster.grid
            self.roster_model.set_frame(grid, headers={"agent": "Agent"})
        else:
            self.roster_model.set_frame(pd.DataFrame({"Roster": ["not built"]}))
        self.day.blockSignals(True)
        self.day.clear()
        for d in sorted(result.coverage["start"].dt.normalize().unique()):
            self.day.addItem(f"{pd.Timestamp(d):%a %d %b %Y}", pd.Timestamp(d))
        self.day.blockSignals(False)
        self.tabs.setCurrentIndex(1)  # show the chart before drawing it, so it has a size
        self._draw_day()

    def _draw_day(self, *_args) -> None:
        if self.result is None or self.day.count() == 0:
            return
        self._fill_coverage_table(self.day.currentData())
        if not self.chart.isVisible():  # drawn when its tab is shown (a hidden canvas has no size)
            self._chart_stale = True
            return
        self._chart_stale = False
        day = self.day.currentData()
        coverage = self.result.coverage
        self.chart.redraw(lambda fig: draw_coverage(fig.add_subplot(), coverage, day))

    def showEvent(self, event) -> None:  # noqa: N802
        """A schedule that arrived while another page was shown (a solve, an opened plan) is drawn now."""
        super().showEvent(event)
        if self._chart_stale:
            self._draw_day()

    def _fill_coverage_table(self, day) -> None:
        cov = self.result.coverage
        d = pd.Timestamp(day)
        rows = cov[(cov["start"] >= d) & (cov["start"] < d + pd.Timedelta(days=1))]
        cols = [c for c in ("start", "required", "scheduled", "difference", "service_level") if c in rows.columns]
        frame = rows[cols].reset_index(drop=True)
        diff = frame["difference"].to_numpy()

        def background(row: int):
            from PySide6.QtGui import QColor

            return QColor(184, 50, 58, 50) if diff[row] < -1e-9 else None

        pct = lambda v: "" if pd.isna(v) else f"{v:.1%}"  # noqa: E731
        self.coverage_model.set_frame(
            frame, headers={"start": "Interval", "required": "Req", "scheduled": "Sched", "difference": "Diff",
                            "service_level": "Service level"},
            formatters={"start": lambda v: pd.Timestamp(v).strftime("%a %H:%M"), "service_level": pct},
            tooltips={"required": "Agents required (gross for scheduling)",
                      "scheduled": "Agents scheduled and not on a break",
                      "difference": "Sched − Req: negative is under-coverage (shaded)",
                      "service_level": "Service level the scheduled agents achieve (Erlang, net of the "
                                       "shrinkage the schedule does not model)"},
            row_background=background)
        busy = (frame["required"] > 0) | (frame["scheduled"] > 0)
        if busy.any():  # start at the first open interval, not at midnight
            first = self.coverage_model.view_row(int(busy.to_numpy().argmax()))  # where it is shown (sorted, filtered)
            if first is not None:
                self.coverage_view.scrollTo(self.coverage_model.index(first, 0), QTableView.ScrollHint.PositionAtTop)

    def shutdown(self) -> None:
        self.runner.cancel()
