"""Whole-plan scenarios: name them, say what changes, compare them with the base plan.

Left: the plan's scenarios (the plan input ``scenarios``) and the selected one's changes —
volume, AHT, targets, shrinkage, wages, attrition, and an automation (deflection by month, licence,
implementation). Every edit is one undoable plan step; the plan's *scenarios* stage computes them
off the GUI thread with the same staffing and budget as the base plan
(:mod:`wfm_desktop.core.plan.scenarios`). Right: the comparison over the horizon, FTE and cost by
month, and the selected scenario's automation business case with its payback month. The view keeps
no result of its own: it shows ``plan.result("scenarios")``.
"""

from __future__ import annotations

import math

import pandas as pd
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.scenarios import (
    MAX_SCENARIOS,
    SCENARIOS_KEY,
    Scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from wfm_desktop.core.plan.scenario_spec import hires_text, parse_hires
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.theme import set_role
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.gui.widgets.side_panel import SidePanel
from wfm_desktop.plots.scenarios import draw_business_case, draw_scenarios
from wfm_desktop.gui.widgets.data_table import DataTable

TOTAL_HEADERS = {
    "scenario": "Scenario", "changes": "Changes", "required_fte": "Average FTE", "fte_vs_base": "FTE vs base",
    "hires": "Hires", "total_cost": "Total cost", "cost_vs_base": "Cost vs base", "service_level": "Service level",
    "contacts": "Contacts", "staff_cost": "Staff cost", "automation_cost": "Automation cost", "check": "Check",
}
TOTAL_TIPS = {
    "required_fte": "Paid hours ÷ (contracted week × weeks), averaged over the horizon.",
    "total_cost": "Staff cost (the budget: wages, overhead, licences, training…) + automation licence and "
                  "implementation.",
    "service_level": "Service level reached at the required agents, weighted by contacts.",
    "hires": "Hires the capacity plan needs over the horizon.",
    "check": "What to look at: a service level more than a point below the base plan's, staffing notes the base "
             "plan does not have (the row is red).",
}
CASE_HEADERS = {"month": "Month", "deflection": "Deflection", "fte_saved": "FTE saved", "cost_saved": "Staff cost saved",
                "licence": "Licence", "implementation": "Implementation", "net_saving": "Net saving",
                "cumulative_net": "Cumulative net"}
BASE_TEXT = "as base"
# (field, label, low, high, step, decimals, suffix, tip); percentages shown ×100. The lowest value of
# an optional field means "as the base plan".
FIELDS = (
    ("volume", "Volume", -99.0, 1000.0, 1.0, 1, " %", "Contacts +/− this share on every day (growth)."),
    ("aht_s", "AHT change", -600.0, 600.0, 1.0, 0, " s", "Seconds added to every interval's handle time."),
    ("aht_pct", "AHT change (%)", -95.0, 1000.0, 1.0, 1, " %", "Then this share added to the handle time."),
    ("sl", "Service level target", 0.0, 99.9, 1.0, 1, " %", "Every voice and chat queue's SL target."),
    ("answer_s", "Answer within", 0.0, 3600.0, 5.0, 0, " s", "The answer time of the SL target (the 20 of 80/20)."),
    ("asa_s", "ASA target", 0.0, 3600.0, 5.0, 0, " s", "Every voice and chat queue's ASA ceiling."),
    ("max_occupancy", "Occupancy cap", 0.0, 100.0, 1.0, 1, " %", "Every queue's occupancy cap."),
    ("shrinkage", "Shrinkage (total)", -0.1, 95.0, 1.0, 1, " %", "Every queue's shrinkage, scaled to this total "
                                                                "(its split into categories kept)."),
    ("wage_pct", "Wages", -95.0, 1000.0, 1.0, 1, " %", "Every site's hourly wage +/− this share."),
    ("attrition_month", "Attrition a month", -0.1, 100.0, 0.5, 1, " %", "The capacity plan's monthly attrition."),
    ("licence_month", "Automation licence / month", 0.0, 1e9, 100.0, 0, "", "Paid in every month the automation "
                                                                             "deflects contacts."),
    ("implementation", "Automation implementation", 0.0, 1e10, 1000.0, 0, "", "One-off, in the plan's first month."),
)
FIELD_NAMES = [f[0] for f in FIELDS]
OPTIONAL = {"sl", "answer_s", "asa_s", "max_occupancy", "shrinkage", "attrition_month"}
PERCENT = {"volume", "aht_pct", "sl", "max_occupancy", "shrinkage", "wage_pct", "attrition_month"}
ZERO_IS_BASE = ("sl", "answer_s", "asa_s", "max_occupancy")


def _num(decimals: int, pct: bool = False):
    def fmt(v) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        return f"{v:.{decimals}%}" if pct else f"{v:,.{decimals}f}"
    return fmt


def _table(model: DataFrameModel) -> QTableView:
    view = DataTable(name="scenarios")
    view.setModel(model)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class ScenarioView(QWidget):
    """The Scenarios view (see the module docstring); ``shown`` when it shows a new comparison."""

    shown = Signal()

    def __init__(self, plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self._loading = False
        self.list = QListWidget()
        self.list.setMaximumHeight(150)
        self.add_button = QPushButton("Add")
        self.add_button.setToolTip("A new scenario: the base plan with nothing changed yet.")
        self.copy_button = QPushButton("Duplicate")
        self.remove_button = QPushButton("Remove")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.copy_button, self.remove_button):
            buttons.addWidget(b)
        self.name = QLineEdit()
        self.name.setToolTip("The scenario's name: the comparison's row, the chart's legend, the workbook's column.")
        self.boxes: dict[str, QDoubleSpinBox] = {}
        form_box = QGroupBox("What changes")
        form = QFormLayout(form_box)
        form.setProperty("wfm_stack_all", True)  # presentation mode: every label above its field (pages/base.py)
        form.addRow("Name", self.name)
        for key, label, low, high, step, decimals, suffix, tip in FIELDS:
            box = QDoubleSpinBox()
            box.setRange(low, high)
            box.setSingleStep(step)
            box.setDecimals(decimals)
            box.setSuffix(suffix)
            box.setToolTip(tip)
            box.setAccelerated(True)
            if key in OPTIONAL:
                box.setSpecialValueText(BASE_TEXT)
            self.boxes[key] = box
            form.addRow(label, box)
            box.valueChanged.connect(self._edited)
            box.editingFinished.connect(plan.inputs.end_step)
        self.deflection = QLineEdit()
        self.deflection.setPlaceholderText("none (e.g. 5, 10, 15, 20)")
        self.deflection.setToolTip("Share of contacts the self-service or chatbot takes away, month by month "
                                   "from the plan's first month (%, separated by commas); the last value "
                                   "holds for the later months.")
        self.hires = QLineEdit()
        self.hires.setPlaceholderText("none (e.g. 2027-03-01 8; 2027-05-03 5)")
        self.hires.setToolTip("Extra hiring classes on top of the plan's: a start date (YYYY-MM-DD) and the number "
                              "of hires, separated by ';'.")
        form.insertRow(FIELD_NAMES.index("attrition_month") + 2, "Extra hires", self.hires)
        form.insertRow(FIELD_NAMES.index("licence_month") + 2, "Deflection by month (%)", self.deflection)
        self.form_error = QLabel()
        self.form_error.setWordWrap(True)
        set_role(self.form_error, "error")
        form.addRow(self.form_error)
        for edit in (self.name, self.deflection, self.hires):
            edit.editingFinished.connect(self._edited)

        left = QWidget()
        col = QVBoxLayout(left)
        intro = QLabel("Each scenario is the whole plan with a few inputs changed, computed by the same staffing and "
                       "budget. Scenarios are saved with the plan and exported as the workbook's Scenarios sheet.")
        intro.setWordWrap(True)
        set_role(intro, "muted")
        col.addWidget(intro)
        col.addWidget(self.list)
        col.addLayout(buttons)
        col.addWidget(form_box)
        col.addStretch(1)
        scroll = SidePanel(left)  # scrolls vertically; never narrower than the form (nothing cut off)

        self.state = QLabel()
        self.state.setWordWrap(True)
        self.totals_model = DataFrameModel()
        self.chart = ChartWidget(figsize=(7.0, 4.6))
        self.case_label = QLabel()
        self.case_label.setWordWrap(True)
        self.case_model = DataFrameModel()
        self.case_chart = ChartWidget(figsize=(7.0, 2.6))
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.state)
        self.totals_view = _table(self.totals_model)
        tl.addWidget(self.totals_view)
        right.addWidget(top)
        right.addWidget(self.chart)
        case = QWidget()
        cl = QVBoxLayout(case)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.case_label)
        case_split = QSplitter(Qt.Orientation.Horizontal)
        case_split.addWidget(_table(self.case_model))
        case_split.addWidget(self.case_chart)
        cl.addWidget(case_split, 1)
        right.addWidget(case)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 3)
        right.setStretchFactor(2, 2)
        right.setSizes([170, 420, 300])
        case_split.setSizes([420, 600])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 1000])
        QHBoxLayout(self).addWidget(splitter)

        self.add_button.clicked.connect(self.add_scenario)
        self.copy_button.clicked.connect(self.duplicate_scenario)
        self.remove_button.clicked.connect(self.remove_scenario)
        self.list.currentRowChanged.connect(self._select)
        plan.changed.connect(lambda stage: self.show_result() if stage == "scenarios" else None)
        plan.input_changed.connect(lambda key: self._restore() if key == SCENARIOS_KEY else None)
        plan.states_changed.connect(self._show_state)
        plan.reset.connect(self._restore)
        self._restore()
        self.show_result()

    # -- the plan's scenarios ----------------------------------------------------------------
    def scenarios(self) -> list[Scenario]:
        items = self.plan.input(SCENARIOS_KEY) or []
        out = []
        for item in items:
            try:
                out.append(scenario_from_dict(item))
            except WfmError:
                continue
        return out

    def _store(self, scenarios: list[Scenario], label: str) -> None:
        self.plan.set_input(SCENARIOS_KEY, [scenario_to_dict(s) for s in scenarios], label)

    def _free_name(self, stem: str) -> str:
        names = {s.name for s in self.scenarios()}
        n = 1
        while f"{stem} {n}" in names:
            n += 1
        return f"{stem} {n}"

    def add_scenario(self, scenario: Scenario | None = None) -> None:
        scenarios = self.scenarios()
        if len(scenarios) >= MAX_SCENARIOS:
            self.form_error.setText(f"At most {MAX_SCENARIOS} scenarios: remove one first.")
            return
        scenario = scenario if isinstance(scenario, Scenario) else Scenario(self._free_name("Scenario"))
        self._store([*scenarios, scenario], f"Add scenario {scenario.name}")
        self.list.setCurrentRow(len(scenarios))

    def duplicate_scenario(self) -> None:
        row = self.list.currentRow()
        scenarios = self.scenarios()
        if 0 <= row < len(scenarios):
            from dataclasses import replace

            self.add_scenario(replace(scenarios[row], name=self._free_name(scenarios[row].name + " copy")))

    def remove_scenario(self) -> None:
        row = self.list.currentRow()
        scenarios = self.scenarios()
        if 0 <= row < len(scenarios):
            gone = scenarios.pop(row)
            self._store(scenarios, f"Remove scenario {gone.name}")

    def _restore(self) -> None:
        """Show the plan's scenarios (after an edit, undo, redo or Open), keeping the selection."""
        row = max(self.list.currentRow(), 0)
        self._loading = True
        self.list.clear()
        scenarios = self.scenarios()
        self.list.addItems([s.name for s in scenarios])
        self._loading = False
        if scenarios:
            self.list.setCurrentRow(min(row, len(scenarios) - 1))
        self._select(self.list.currentRow())

    def _select(self, row: int) -> None:
        if self._loading:
            return
        scenarios = self.scenarios()
        scenario = scenarios[row] if 0 <= row < len(scenarios) else None
        enabled = scenario is not None
        for w in (self.name, self.deflection, self.hires, self.copy_button, self.remove_button,
                  *self.boxes.values()):
            w.setEnabled(enabled)
        self._loading = True
        shown = scenario or Scenario("—")
        self.name.setText(shown.name if enabled else "")
        for key, box in self.boxes.items():
            value = getattr(shown, key)
            if value is None:
                box.setValue(box.minimum())
            else:
                box.setValue(value * 100 if key in PERCENT else value)
        self.deflection.setText(", ".join(f"{d * 100:g}" for d in shown.deflection))
        self.hires.setText(hires_text(shown.hires))
        self.form_error.setText("")
        self._loading = False
        self._show_case()

    def scenario_from_form(self) -> Scenario:
        values = {}
        for key, box in self.boxes.items():
            value = box.value()
            if key in OPTIONAL and value <= box.minimum():
                values[key] = None
                continue
            values[key] = value / 100 if key in PERCENT else value
        for key in ZERO_IS_BASE:
            if values.get(key) == 0:
                values[key] = None
        text = self.deflection.text().replace("%", " ").replace(";", ",")
        try:
            ramp = tuple(float(t) / 100 for t in text.replace(",", " ").split())
        except ValueError:
            raise WfmError(f"deflection by month {self.deflection.text()!r}: give percentages separated by "
                           "commas, e.g. 5, 10, 15") from None
        return Scenario(self.name.text(), deflection=ramp, hires=parse_hires(self.hires.text()), **values)

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        row = self.list.currentRow()
        scenarios = self.scenarios()
        if not 0 <= row < len(scenarios):
            return
        try:
            scenario = self.scenario_from_form()
        except WfmError as exc:
            self.form_error.setText(str(exc))
            return
        if any(s.name == scenario.name for i, s in enumerate(scenarios) if i != row):
            self.form_error.setText(f"Another scenario is called {scenario.name!r}: give this one its own name.")
            return
        self.form_error.setText("")
        if scenario == scenarios[row]:
            return
        scenarios[row] = scenario
        self._store(scenarios, f"Edit scenario {scenario.name}")

    # -- what the plan computed ----------------------------------------------------------------
    def result(self):
        return self.plan.result("scenarios")

    def _show_state(self) -> None:
        state = self.plan.state("scenarios")
        if not self.scenarios():
            text = "No scenarios yet: Add one, then say what changes."
        elif self.plan.computing("scenarios"):
            text = "Computing the scenarios…"
        elif self.plan.failure("scenarios") is not None:
            text = f"The scenarios could not be computed: {self.plan.failure('scenarios')}"
        elif state.status == "out of date":
            text = f"Out of date ({state.reason})"
        elif state.status == "not run":
            text = f"Not computed yet: {state.reason}" if state.reason else "Not computed yet."
        else:
            text = "Each scenario against the base plan, over the plan's horizon."
        self.state.setText(text)

    def show_result(self) -> None:
        comparison = self.result()
        self._show_state()
        if comparison is None or comparison.empty:
            self.totals_model.set_frame(pd.DataFrame())
            self.chart.redraw(lambda fig: draw_scenarios(fig, None))
            self._show_case()
            self.shown.emit()
            return
        totals = comparison.totals()
        cur = comparison.base.currency
        frame = totals[["scenario", "required_fte", "fte_vs_base", "hires", "total_cost", "cost_vs_base",
                        "service_level", "check", "contacts", "changes"]]
        colours = [QColor("#fde2e1") if check else None for check in totals["check"]]
        self.totals_model.set_frame(
            frame, headers={k: (f"{v} ({cur})" if "cost" in k.lower() else v) for k, v in TOTAL_HEADERS.items()},
            tooltips=TOTAL_TIPS,
            formatters={"required_fte": _num(1), "fte_vs_base": lambda v: f"{v:+,.1f}", "hires": _num(0),
                        "total_cost": _num(0), "cost_vs_base": lambda v: f"{v:+,.0f}",
                        "service_level": _num(1, pct=True), "contacts": _num(0)},
            row_background=lambda r: colours[r],
        )
        self._fit_rows(len(frame))
        self.chart.redraw(lambda fig: draw_scenarios(fig, comparison))
        self._show_case()
        self.shown.emit()

    def _fit_rows(self, rows: int) -> None:
        """The comparison table shows every plan (base + up to MAX_SCENARIOS) without scrolling."""
        view = self.totals_view
        row = max(view.verticalHeader().defaultSectionSize(), view.fontMetrics().height() + 8)
        header = max(view.horizontalHeader().sizeHint().height(), view.fontMetrics().height() + 8)
        view.setMinimumHeight(header + 2 * view.frameWidth() + view.horizontalScrollBar().sizeHint().height()
                              + row * max(rows, 1))

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # presentation mode on or off
            self._fit_rows(self.totals_model.rowCount())
        return super().event(event)

    def _show_case(self) -> None:
        comparison = self.result()
        row = self.list.currentRow()
        scenarios = self.scenarios()
        name = scenarios[row].name if 0 <= row < len(scenarios) else None
        cases = {} if comparison is None or comparison.empty else comparison.business_cases()
        case = cases.get(name)
        if case is None:
            self.case_label.setText("The automation business case appears here for a scenario with a deflection "
                                    "by month, a licence or an implementation cost.")
            self.case_model.set_frame(pd.DataFrame())
            self.case_chart.redraw(lambda fig: fig.add_subplot().set_axis_off())
            return
        cur = comparison.base.currency
        sentence = f"{name}: {case.sentence(cur)}"
        self.case_label.setText(sentence if case.payback_month is not None else f"<b>{sentence}</b>")
        self.case_model.set_frame(
            case.frame[list(CASE_HEADERS)], headers=CASE_HEADERS,
            formatters={"month": lambda v: pd.Timestamp(v).strftime("%b %Y"), "deflection": _num(0, pct=True),
                        "fte_saved": _num(1), **{k: _num(0) for k in ("cost_saved", "licence", "implementation",
                                                                     "net_saving", "cumulative_net")}})
        self.case_chart.redraw(lambda fig: draw_business_case(fig.add_subplot(), case, title=f"{name}: business case",
                                                              currency=cur))
