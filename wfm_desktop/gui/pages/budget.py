"""Budget page: capacity (hiring) plan and monthly budget from the plan or a typed FTE table.

Left: where the required staff comes from (the plan's requirements when the
Staffing step has run, else a table the planner loads or types — the page
says which), sites, costs, training and hiring. Right: the capacity plan
(chart, table, suggested classes), the monthly budget (figures, stacked cost
chart, table) and the plan's whole-plan scenarios side by side (:class:`~wfm_desktop.gui.widgets.scenario_view.
ScenarioView`: volume, AHT, targets, shrinkage, wages, hiring, automation). The page shows the plan's budget
stage: every edit is a plan input and the plan recomputes the budget off the GUI thread
(:class:`~wfm_desktop.gui.plan_runner.PlanRunner`); the page keeps no result of its own and shows
no figure that is not the plan's budget. A new plan's required-staff table holds example rows (to
show the format); they are never priced (:func:`~wfm_desktop.core.plan.compute.budget_waits_for`):
until the Staffing step has run or the planner loads or types a table, the page says there is no
budget yet and shows no figures.

The page's inputs are one plan input, ``budget`` (JSON: the cost inputs, the
period, the source and the required-staff table); every edit is one labelled
undoable step ("Edit wage (In-house)"). Undo, redo and Open show the inputs
again and recompute. Status-bar messages appear only while the page is shown.
"""

from __future__ import annotations

import math

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import Qt

from wfm_desktop.core.budget.monthly import BudgetResult
from wfm_desktop.core.budget.capacity import with_suggestions_planned
from wfm_desktop.core.budget.inputs import (
    read_budget_json,
    read_sites_csv,
    write_budget_json,
    write_sites_csv,
)
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.budget.periods import read_periods
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.widgets.data_table import DataTable
from wfm_desktop.gui.pages.base import AppContext, Page
from wfm_desktop.gui.pages.budget_state import INPUT_KEY, BudgetStateMixin
from wfm_desktop.gui.widgets.budget_inputs import CostInputsPanel, RequiredTable
from wfm_desktop.gui.widgets.contract_week import ContractWeekBox
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.gui.widgets.scenario_view import ScenarioView
from wfm_desktop.gui.widgets.side_panel import SidePanel
from wfm_desktop.plots.budget import draw_capacity, draw_costs
from wfm_desktop.gui.theme import set_role

EXAMPLE_NOTE = "example figures — load a file or type your own"
NO_BUDGET_YET = ("No budget yet: the table below holds example figures, which are not priced. Run the Staffing "
                 "step to budget the plan's own requirement, or load or type your required staff.")


def _num(decimals: int):
    return lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:,.{decimals}f}"


def _month(v) -> str:
    return "" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m")


def _day(v) -> str:
    return "" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d")


CAPACITY_HEADERS = {
    "period": "Period", "required_fte": "Required FTE", "opening_headcount": "Opening heads",
    "planned_hires": "Planned hires", "suggested_hires": "Suggested hires", "hires": "Hires",
    "headcount": "Headcount", "in_training": "In training", "nesting": "Nesting", "leavers": "Leavers",
    "effective_fte": "Effective FTE", "gap_fte": "Gap (FTE)",
}
CAPACITY_TIPS = {
    "headcount": "Heads during the period: last period's heads × (1 − attrition) + hires.",
    "effective_fte": "Tenured heads at 100 % plus each class at its ramp productivity, after attrition.",
    "gap_fte": "Effective − required FTE: negative = short.",
    "leavers": "Heads × attrition per period, leaving at the end of the period.",
}
BUDGET_HEADERS = {
    "month": "Month", "days": "Days", "weeks": "Weeks", "paid_hours": "Paid hours", "required_fte": "FTE", "headcount": "Headcount",
    "hires": "Hires", "wages": "Wages", "overhead": "Overhead", "outsourcing": "Outsourcing",
    "licences": "Licences", "training": "Training", "implementation": "Implementation", "total": "Total",
    "contacts": "Contacts", "handled_hours": "Handled hours", "cost_per_contact": "Cost / contact",
    "cost_per_handled_hour": "Cost / handled h",
}
COST_LINES = ("wages", "overhead", "outsourcing", "licences", "training", "implementation", "total")
"""The budget table's money columns: their headings name the currency (not weeks, hours or FTE)."""
BUDGET_TIPS = {
    "wages": "In-house paid hours × hourly wage.",
    "overhead": "Wages × overhead (taxes, benefits, paid leave).",
    "outsourcing": "Vendors: rate × hours, minutes, contacts or agent-months.",
    "licences": "Per-agent licences × seats (people, trainees included) + flat monthly tools.",
    "training": "Hires × (training weeks × contracted week × wage × (1 + overhead) + trainer cost).",
    "cost_per_contact": "Total ÷ contacts.",
    "cost_per_handled_hour": "Total ÷ handled hours (contacts × AHT).",
    "weeks": "Contracted weeks in the month: its days ÷ 7 (a part week at the plan's edge counts its open days).",
    "required_fte": "Paid hours ÷ (contracted week × weeks).",
}


def _table(model: DataFrameModel, name: str = "budget") -> DataTable:
    view = DataTable(sortable=False, name=name)
    view.setModel(model)
    view.setSortingEnabled(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class BudgetPage(BudgetStateMixin, Page):
    title = "Budget"
    tooltip = "Capacity (hiring) plan and monthly budget: wages, overhead, licences, training, cost per contact"

    shown = Signal()
    """The page shows a new budget of the plan (or, with no budget, cleared its figures)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._shown_result: BudgetResult | None = None
        self._cleared = False  # the figures are cleared (the plan has no budget)

        # -- source of the required staff ---------------------------------------------------
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setObjectName("budget_source")
        self.source_label.setStyleSheet("font-weight: bold;")
        set_role(self.source_label, "accent")
        self.use_plan = QRadioButton("The plan's staffing requirements")
        self.use_table = QRadioButton("The table below")
        self.use_plan.setToolTip("Budget the gross hours the Staffing page computed (FTE = paid hours ÷ (the plan's "
                                 "contracted week × weeks): a month counts its days ÷ 7), period by period.")
        self.use_table.setToolTip("Budget the required FTE typed or loaded into the table below instead.")
        group = QButtonGroup(self)
        group.addButton(self.use_plan)
        group.addButton(self.use_table)
        self.use_table.setChecked(True)
        self.period = QComboBox()
        self.period.addItems(["month", "week"])
        self.period.setToolTip("Capacity plan by week or by month (the budget is always by calendar month).")
        self.required = RequiredTable()
        load_req = QPushButton("Load required staff…")
        load_req.setToolTip("A .csv/.xlsx with week or month and required_fte or paid_hours — or interval "
                            "requirements (start, agents_gross).")
        load_req.clicked.connect(self.ask_load_required)
        source_box = QGroupBox("Required staff")
        sl = QVBoxLayout(source_box)
        sl.addWidget(self.source_label)
        sl.addWidget(QLabel("Use:"))  # the choices one under the other: side by side they held the panel wide
        sl.addWidget(self.use_plan)
        sl.addWidget(self.use_table)
        prow = QHBoxLayout()
        prow.addWidget(QLabel("Capacity plan by"))
        prow.addWidget(self.period)
        prow.addStretch(1)
        sl.addLayout(prow)
        sl.addWidget(self.required)
        load_row = QHBoxLayout()
        load_row.addWidget(load_req)
        load_row.addStretch(1)
        sl.addLayout(load_row)

        # The contracted week is the plan's (one setting, also on the Staffing page), not the budget's own.
        self.costs = CostInputsPanel(contract_box=ContractWeekBox(ctx.plan))
        file_row = QGridLayout()
        for i, (text, slot) in enumerate((("Load sites CSV…", self.ask_load_sites), ("Save sites CSV…", self.ask_save_sites),
                                          ("Load budget JSON…", self.ask_load_budget),
                                          ("Save budget JSON…", self.ask_save_budget))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            file_row.addWidget(button, i // 2, i % 2)

        self.message = QLabel()
        self.message.setWordWrap(True)
        set_role(self.message, "error")
        self.message.setObjectName("budget_message")
        self.message.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.message)
        left_layout.addWidget(source_box)
        left_layout.addWidget(self.costs)
        left_layout.addLayout(file_row)
        left_layout.addStretch(1)
        scroll = SidePanel(left)  # scrolls vertically; never narrower than the inputs (nothing cut off)

        # -- results ------------------------------------------------------------------------
        self.capacity_model = DataFrameModel()
        self.budget_model = DataFrameModel()
        self.capacity_chart = ChartWidget(figsize=(7.0, 3.4))
        self.cost_chart = ChartWidget(figsize=(7.0, 3.4))
        for chart in (self.capacity_chart, self.cost_chart):
            chart.setMinimumHeight(260)
        self.suggestions = QLabel()
        self.suggestions.setWordWrap(True)
        self.suggestions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        accept = QPushButton("Plan the suggested classes")
        accept.setToolTip("Move the suggested classes into the planned hires (you can edit them there).")
        accept.clicked.connect(self.accept_suggestions)

        cap_tab = QWidget()
        cl = QVBoxLayout(cap_tab)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.capacity_chart)
        split.addWidget(_table(self.capacity_model, "capacity_plan"))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        cl.addWidget(split, 1)
        srow = QHBoxLayout()
        srow.addWidget(self.suggestions, 1)
        srow.addWidget(accept)
        cl.addLayout(srow)

        self.figures: dict[str, QLabel] = {}
        figures = QGridLayout()
        for i, (key, label, tip) in enumerate((
            ("total", "Total", "Sum of every cost line over the horizon."),
            ("per_month", "Per month", "Total ÷ months (part months count as parts)."),
            ("cost_per_contact", "Per contact", BUDGET_TIPS["cost_per_contact"]),
            ("cost_per_handled_hour", "Per handled hour", BUDGET_TIPS["cost_per_handled_hour"]),
            ("required_fte", "Average FTE", "Paid hours ÷ (contracted week × the horizon's weeks): the same average "
                                            "as the Staffing page and the workbook's Summary for the same hours."),
            ("hires", "Hires", "People hired over the horizon (planned + suggested)."),
        )):
            name = QLabel(label)
            name.setToolTip(tip)
            value = QLabel("–")
            value.setObjectName(f"budget_{key}")
            value.setStyleSheet("font-size: 15pt; font-weight: bold;" if key == "total" else "font-size: 12pt;")
            value.setToolTip(tip)
            # Name above value, three a row: side by side, seven-digit totals made the Monthly budget
            # tab ~640 px wide at least and the window grew past 1,200 px to fit it.
            set_role(name, "muted")
            figures.addWidget(name, 2 * (i // 3), i % 3)
            figures.addWidget(value, 2 * (i // 3) + 1, i % 3)
            self.figures[key] = value
        budget_tab = QWidget()
        bl = QVBoxLayout(budget_tab)
        bl.addLayout(figures)
        bsplit = QSplitter(Qt.Orientation.Vertical)
        bsplit.addWidget(self.cost_chart)
        bsplit.addWidget(_table(self.budget_model, "budget"))
        bsplit.setStretchFactor(0, 3)
        bsplit.setStretchFactor(1, 2)
        bl.addWidget(bsplit, 1)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        set_role(self.notes, "muted")
        bl.addWidget(self.notes)

        self.scenarios = ScenarioView(ctx.plan)  # whole-plan scenarios, saved with the plan

        self.tabs = QTabWidget()
        self.tabs.addTab(cap_tab, "Capacity plan")
        self.tabs.addTab(budget_tab, "Monthly budget")
        self.tabs.addTab(self.scenarios, "Scenarios")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 1000])  # the inputs scroll; the charts and figures get the room
        # The scenarios have their own inputs: their tab gets the page's whole width.
        self.tabs.currentChanged.connect(lambda i: scroll.setVisible(self.tabs.widget(i) is not self.scenarios))
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

        self._restoring = False
        self.required.set_frame(_example_table())
        self._example = True
        self._default_doc = self._doc()  # what a missing input means: the example table, default costs
        self.required.edited.connect(self._on_table_edited)
        self.costs.edited.connect(self._edited)
        self.period.currentTextChanged.connect(self._edited)
        for button in (self.use_plan, self.use_table):
            button.clicked.connect(self._edited)  # the planner's choice; automatic switches are not steps
        self.use_plan.toggled.connect(lambda on: self.required.setEnabled(not on))
        for box in (self.costs.trainer, self.costs.training, self.costs.nesting,
                    self.costs.nesting_prod, self.costs.attrition, self.costs.lead, self.costs.min_class,
                    self.costs.start_heads, self.costs.fte_per_head, self.costs.currency):
            box.editingFinished.connect(ctx.plan.inputs.end_step)
        ctx.plan.changed.connect(self._plan_changed)
        ctx.plan.input_changed.connect(self._input_changed)
        ctx.plan.reset.connect(self._on_reset)
        self.observe_stage("budget", self._schedule)
        self._had_staffing = False
        if ctx.plan.input(INPUT_KEY) is not None:
            self._restore(ctx.plan.input(INPUT_KEY))
        self._plan_changed("requirements")
        self._schedule()

    @property
    def result(self) -> BudgetResult | None:
        """The budget the page shows: the plan's (None: the plan has none yet)."""
        return self.ctx.plan.result("budget")

    def _shows_example(self) -> bool:
        return self.use_table.isChecked() and self._example

    # -- where the numbers come from ---------------------------------------------------------
    def _plan_changed(self, stage: str) -> None:
        """The staffing appeared or went: price it (an automatic switch is not an undo step)."""
        if stage not in ("history", "forecast", "requirements"):
            return
        has_plan = self.ctx.plan.result("requirements") is not None
        appeared = has_plan and not self._had_staffing
        self._had_staffing = has_plan
        self.use_plan.setEnabled(has_plan)
        stored = self.ctx.plan.input(INPUT_KEY)
        # The plan's source: the staffing unless the planner chose a table of their own (the example is not).
        wants_plan = stored is None or stored.get("source") == "plan" or self._example
        with self._quiet():
            if not has_plan:
                self.use_table.setChecked(True)
            elif appeared:
                (self.use_plan if wants_plan else self.use_table).setChecked(True)
        if appeared and wants_plan and stored is not None and stored.get("source") != "plan":
            doc = self._doc()
            if doc is not None:
                self.ctx.plan.set_input(INPUT_KEY, doc, undoable=False)
        self._schedule()

    def _describe_source(self, periods) -> str:
        count = len(periods.frame)
        span = f"{count} {periods.kind}{'' if count == 1 else 's'} from {periods.frame['period'].iloc[0]:%Y-%m-%d}"
        if self.use_plan.isChecked():
            return f"Numbers come from the plan's staffing requirements ({span})."
        tail = f" ({EXAMPLE_NOTE})" if self._example else ""
        hint = "" if self.use_plan.isEnabled() else " Run the Staffing step to use the plan instead."
        return f"Numbers come from the required-staff table on this page{tail}: {span}.{hint}"

    # -- what the page shows -------------------------------------------------------------------
    def _schedule(self, *_args) -> None:
        """Show what the plan holds now: its budget, or no figures when it has none."""
        result = self.ctx.plan.result("budget")
        if result is None:
            if self._shown_result is not None or not self._cleared:
                self._clear_result()
            self.stage_state_changed("budget")
        elif result is not self._shown_result:
            self._show_result(result)
        else:
            self.stage_state_changed("budget")

    def recompute(self) -> None:
        """Price the budget again now (the plan does it off the GUI thread; example figures are never priced)."""
        if self._shows_example():
            self._schedule()
        else:
            self.ctx.plan.runner.recompute("budget")

    def _show_input_error(self) -> None:
        try:
            self.costs.inputs()
        except WfmError as exc:
            self._show_message(str(exc))

    def stage_state_changed(self, stage: str) -> None:
        """The budget stage's state: a failure as the message; computing / out of date under the source."""
        if self._shows_example():
            if self._doc() is None:
                self._show_input_error()
            else:
                self._show_message("")
            self.source_label.setText(NO_BUDGET_YET)
            return
        failure = self.ctx.plan.failure("budget")
        if self._doc() is None:
            self._show_input_error()
        elif failure is not None:
            self._show_message(str(failure) if isinstance(failure, WfmError) else "The budget could not be computed.")
        else:
            self._show_message("")
        result = self.ctx.plan.result("budget")
        text = self._describe_source(result.periods) if result is not None else (
            "Numbers come from the plan's staffing requirements." if self.use_plan.isChecked()
            else "Numbers come from the required-staff table on this page.")
        state = self.stage_message("budget")
        self.source_label.setText(text + (f" {state}." if state and failure is None else ""))

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_message(self, text: str, *, error: bool = False) -> None:
        self._show_message(text)

    def _clear_result(self) -> None:
        """The plan has no budget: no figures, tables or charts (never another budget's)."""
        self._shown_result, self._cleared = None, True
        for model in (self.capacity_model, self.budget_model):
            model.set_frame(pd.DataFrame())
        for value in self.figures.values():
            value.setText("–")
        self.suggestions.setText("")
        self.notes.setText("")
        for chart in (self.capacity_chart, self.cost_chart):
            chart.redraw(_no_budget_yet)
        self.shown.emit()

    def _show_result(self, result: BudgetResult) -> None:
        self._shown_result, self._cleared = result, False
        if self._doc() is None:
            self._show_input_error()
        else:
            self._show_message("")
        self.source_label.setText(self._describe_source(result.periods))
        plan, budget = result.capacity, result.budget
        cur = budget.currency
        self.capacity_model.set_frame(
            plan.frame, headers=CAPACITY_HEADERS, tooltips=CAPACITY_TIPS,
            formatters={"period": _day, **{c: _num(1) for c in plan.frame.columns if c != "period"},
                        "planned_hires": _num(0), "suggested_hires": _num(0), "hires": _num(0)},
        )
        money = {c: _num(0) for c in ("wages", "overhead", "outsourcing", "licences", "training",
                                      "implementation", "total", "paid_hours", "contacts", "handled_hours")}
        self.budget_model.set_frame(
            budget.frame, headers={k: (f"{v} ({cur})" if k in COST_LINES else v) for k, v in BUDGET_HEADERS.items()},
            tooltips=BUDGET_TIPS,
            formatters={"month": _month, "days": _num(0), "weeks": _num(2), "required_fte": _num(1), "headcount": _num(1),
                        "hires": _num(0), "cost_per_contact": _num(2), "cost_per_handled_hour": _num(2), **money},
        )
        totals = budget.totals()
        months = float(budget.frame["days"].sum() / budget.frame["month"].dt.days_in_month.mean())
        f = self.figures
        f["total"].setText(f"{cur} {totals['total']:,.0f}")
        f["per_month"].setText(f"{cur} {totals['total'] / max(months, 1e-9):,.0f}")
        f["cost_per_contact"].setText("—" if pd.isna(totals["cost_per_contact"]) else f"{cur} {totals['cost_per_contact']:,.2f}")
        f["cost_per_handled_hour"].setText("—" if pd.isna(totals["cost_per_handled_hour"])
                                           else f"{cur} {totals['cost_per_handled_hour']:,.2f}")
        f["required_fte"].setText(f"{totals['required_fte']:,.1f}")
        f["hires"].setText(f"{totals['hires']:,.0f}")
        lines = [f"• {s.count} starting {s.start:%Y-%m-%d} — {s.reason}" for s in plan.suggestions]
        self.suggestions.setText("Suggested classes:\n" + "\n".join(lines) if lines else "No hiring class needed.")
        self.notes.setText("\n".join(plan.notes + budget.notes))
        self.capacity_chart.redraw(lambda fig: draw_capacity(fig.add_subplot(), plan.frame, kind=plan.kind))
        self.cost_chart.redraw(lambda fig: draw_costs(fig.add_subplot(), budget.frame, currency=cur))
        if result is self.ctx.plan.result("budget"):
            self.stage_state_changed("budget")
        self.status_if_shown(f"Budget {cur} {totals['total']:,.0f}; {totals['hires']:,.0f} hires")
        self.shown.emit()

    def accept_suggestions(self) -> None:
        if self.result is None or not self.result.capacity.suggestions:
            return
        inputs = self.result.inputs.with_(capacity=with_suggestions_planned(self.result.capacity))
        with self._quiet():
            self.costs.set_inputs(inputs)
        self._record("Plan the suggested classes")

    # -- files -------------------------------------------------------------------------------
    def load_required(self, path: str) -> None:
        periods = read_periods(path, contract_hours_week=self.costs.contract.value())
        with self._quiet():
            self.required.set_frame(periods.frame)
            self._example = False
            self.use_table.setChecked(True)
            self.period.setCurrentText(periods.kind)
        self._record(f"Load required staff {Path(path).name}")

    def _guard(self, action, *args) -> None:
        try:
            action(*args)
        except WfmError as exc:
            self.ctx.show_error("Budget", exc, "")

    def ask_load_required(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load required staff", "", "Tables (*.csv *.xlsx)")
        if path:
            self._guard(self.load_required, path)

    def ask_load_sites(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load sites", "", "CSV (*.csv)")
        if path:
            self._guard(lambda: self._load_costs(self.costs.inputs().with_(sites=read_sites_csv(path)), "Load sites"))

    def ask_save_sites(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save sites", "sites.csv", "CSV (*.csv)")
        if path:  # the dialog already asked about overwriting
            self._guard(lambda: write_sites_csv(path, self.costs.inputs().sites, force=True))

    def ask_load_budget(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load budget settings", "", "JSON (*.json)")
        if path:
            self._guard(lambda: self._load_costs(read_budget_json(path, sites=self.costs.inputs().sites),
                                                 "Load budget settings"))

    def _load_costs(self, inputs, label: str) -> None:
        with self._quiet():
            self.costs.set_inputs(inputs)
        self._record(label)

    def ask_save_budget(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save budget settings", "budget.json", "JSON (*.json)")
        if path:
            self._guard(lambda: write_budget_json(path, self.costs.inputs(), force=True))


def _no_budget_yet(fig) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, "No budget yet", ha="center", va="center", transform=ax.transAxes, color="#8c8c8c")


def _example_table() -> pd.DataFrame:
    """Six months of a growing centre, shown until the planner loads or types their own."""
    start = (pd.Timestamp.today().normalize() + pd.offsets.MonthBegin(1))
    months = pd.date_range(start, periods=6, freq="MS")
    fte = [25.0, 25.0, 27.0, 30.0, 30.0, 32.0]
    return pd.DataFrame({"period": months, "required_fte": fte, "contacts": [f * 1200.0 for f in fte],
                         "handled_hours": [f * 100.0 for f in fte]})
