"""Calculator page: the staffing for one interval, with N-vs-service trade-offs.

Every input change is coalesced (a short timer) and computed off the GUI
thread; the newest answer wins. Invalid inputs show their message under the
form instead of a result.

With a plan the page starts from the plan's busiest interval
(:func:`wfm_desktop.core.staffing.busiest.busiest_interval`): its contacts, AHT,
interval, targets, occupancy cap, shrinkage, patience and chats per agent, so
its figures are the plan's. It follows the plan until the trainer changes an
input; "Start from the plan's busiest interval" follows it again.
"""

from __future__ import annotations

import math

import pandas as pd
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.gui.widgets.number_box import number_box
from wfm_desktop.core.staffing.erlang import ServiceTarget
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.calculator import IntervalInputs, IntervalResult, calculate_interval
from wfm_desktop.core.staffing.queue_settings import DEFAULT_OCCUPANCY_CAP
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.widgets.data_table import DataTable
from wfm_desktop.gui.pages.base import AppContext, Page
from wfm_desktop.gui.pages.plan_start import StartsFromPlan
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.gui.widgets.rule_of_thumb import WHY, RuleOfThumbBox, conventions_sentence
from wfm_desktop.gui.widgets.side_panel import SidePanel
from wfm_desktop.plots.staffing_curves import draw_agent_curves
from wfm_desktop.gui.theme import set_role

DEBOUNCE_MS = 60

TIPS = {
    "contacts": "Contacts offered in the interval (calls, chats or emails).",
    "interval": "Length of the interval the contacts arrive in, in minutes.",
    "aht": "Average handle time in seconds: talk + hold + after-call work.",
    "sl": "Service level target: the share of contacts answered within the answer time.\n"
    "SL = 1 − C(N, A)·e^(−(N−A)·T/AHT) with Erlang C.",
    "answer": "Target answer time T in seconds (the '20' of 80/20).",
    "asa": "Average speed of answer ceiling in seconds (0 = no ASA target).\nASA = C(N, A)·AHT/(N − A).",
    "occupancy": "Occupancy cap: the highest share of logged-in time agents may spend handling\n"
    "contacts (0 = no cap). Occupancy = A/N.",
    "shrinkage": "Shrinkage: share of paid time agents are not available for contacts\n"
    "(breaks, lunch, training, meetings, absence). Gross = net ÷ (1 − shrinkage), rounded up.",
    "patience": "Average patience in seconds before a waiting caller hangs up.\n"
    "Set it to use Erlang A (callers abandon); 0 = Erlang C (nobody abandons).",
    "concurrency": "Chats one agent handles at once (1 = voice, one contact at a time).",
    "workload": "Workload in Erlangs: A = contacts × AHT ÷ interval length.",
    "net": "Agents needed on the phones (logged in, available) to meet every target set.",
    "gross": "Agents to schedule after shrinkage: net ÷ (1 − shrinkage), rounded up (whole agents).\n"
             "FTE and the budget use the unrounded gross hours.",
}


_spin = number_box


class CalculatorPage(Page, StartsFromPlan):
    title = "Calculator"
    tooltip = "Staffing for a single interval: Erlang C / Erlang A, chat and shrinkage"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        s = ctx.settings
        self.contacts = _spin(0, 1_000_000, s.get("calculator/contacts"), decimals=1, step=10)
        self.interval = QSpinBox()
        self.interval.setRange(1, 1440)
        self.interval.setValue(s.get("calculator/interval_min"))
        self.interval.setSuffix(" min")
        self.aht = _spin(1, 86_400, s.get("calculator/aht_s"), decimals=0, step=10, suffix=" s")
        self.sl = _spin(1, 99.9, s.get("calculator/sl_target") * 100, decimals=1, step=5, suffix=" %")
        self.answer = _spin(0, 3600, s.get("calculator/answer_s"), step=5, suffix=" s")
        self.asa = _spin(0, 3600, s.get("calculator/asa_s"), step=5, suffix=" s", special="none")
        self.occupancy = _spin(0, 100, s.get("calculator/max_occupancy") * 100, decimals=1, step=5,
                               suffix=" %", special="no cap")
        self.shrinkage = _spin(0, 95, s.get("calculator/shrinkage") * 100, decimals=1, step=1, suffix=" %")
        self.patience = _spin(0, 7200, s.get("calculator/patience_s"), step=10, suffix=" s",
                              special="none (Erlang C)")
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 10)
        self.concurrency.setValue(s.get("calculator/concurrency"))
        self.concurrency.setSpecialValueText("1 (voice)")

        form_box = QGroupBox("Inputs")
        form = QFormLayout(form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = [
            ("Contacts", self.contacts, "contacts"),
            ("Interval", self.interval, "interval"),
            ("Handle time (AHT)", self.aht, "aht"),
            ("Service level target", self.sl, "sl"),
            ("Answer within", self.answer, "answer"),
            ("ASA target", self.asa, "asa"),
            ("Occupancy cap", self.occupancy, "occupancy"),
            ("Shrinkage", self.shrinkage, "shrinkage"),
            ("Patience", self.patience, "patience"),
            ("Chats per agent", self.concurrency, "concurrency"),
        ]
        for label, widget, tip in rows:
            widget.setToolTip(TIPS[tip])
            lab = QLabel(label)
            lab.setToolTip(TIPS[tip])
            form.addRow(lab, widget)
            widget.valueChanged.connect(self._edited)
        reset = QPushButton("Reset to the 80/20 example")
        reset.setToolTip("100 contacts in 30 minutes, AHT 180 s, 80% answered in 20 s, 85% occupancy cap, "
                         "30% shrinkage")
        reset.clicked.connect(self.reset_example)
        form.addRow(reset)
        self.plan_button = QPushButton("Start from the plan's busiest interval")
        self.plan_button.setToolTip("The busiest interval of the plan's busiest queue, with that queue's targets, "
                                    "occupancy cap, shrinkage, patience and chats per agent.")
        self.plan_button.clicked.connect(lambda: self.start_from_plan())
        form.addRow(self.plan_button)
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        set_role(self.plan_label, "muted")
        form.addRow(self.plan_label)

        self.message = QLabel()
        self.message.setWordWrap(True)
        set_role(self.message, "error")
        self.message.hide()

        # Headline figures
        self.figures: dict[str, QLabel] = {}
        headline = QGroupBox("Result")
        grid = QGridLayout(headline)
        specs = [
            ("agents_net", "Net agents", TIPS["net"]),
            ("agents_gross", "Gross agents", TIPS["gross"]),
            ("workload", "Workload", TIPS["workload"]),
            ("service_level", "Service level", "Share answered within the answer time, at the net agents."),
            ("asa", "ASA", "Average speed of answer of answered contacts, at the net agents."),
            ("occupancy", "Occupancy", "Share of agents' available time spent handling contacts."),
            ("abandon", "Abandoned", "Share of offered contacts that hang up before an answer (Erlang A)."),
        ]
        positions = {"agents_net": (0, 0), "agents_gross": (0, 2), "workload": (1, 0), "service_level": (1, 2),
                     "asa": (1, 4), "occupancy": (2, 0), "abandon": (2, 2)}
        for key, label, tip in specs:
            name = QLabel(label)
            name.setToolTip(tip)
            value = QLabel("–")
            value.setToolTip(tip)
            value.setObjectName(f"figure_{key}")
            big = key in ("agents_net", "agents_gross")
            value.setStyleSheet(_figure_style(big, presentation=False))
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row, col = positions[key]
            grid.addWidget(name, row, col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(value, row, col + 1)
            self.figures[key] = value
        self.method = QLabel()
        self.method.setWordWrap(True)
        set_role(self.method, "muted")
        grid.addWidget(self.method, 3, 0, 1, 6)
        self.conventions = QLabel()  # the gross both ways, as the rule of thumb below shows for a day
        self.conventions.setObjectName("conventions")
        self.conventions.setWordWrap(True)
        self.conventions.setToolTip(WHY)
        grid.addWidget(self.conventions, 4, 0, 1, 6)
        self.rule = RuleOfThumbBox()

        self.model = DataFrameModel()
        self.table = DataTable(sortable=False, name="erlang_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(180)

        self.chart = ChartWidget(figsize=(6.0, 3.6))
        save_chart = QPushButton("Save chart as PNG…")
        save_chart.clicked.connect(self.chart.ask_save_png)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(form_box)
        left_layout.addWidget(self.message)
        left_layout.addWidget(self.rule)
        left_layout.addStretch(1)
        scroll = SidePanel(left)  # scrolls vertically; never narrower than the inputs (nothing cut off)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(headline)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        right_layout.addWidget(splitter, 1)
        chart_row = QHBoxLayout()
        chart_row.addStretch(1)
        chart_row.addWidget(save_chart)
        right_layout.addLayout(chart_row)

        layout = QHBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(right, 1)

        self.runner = self.task_runner(self._show_result, failure_title="Calculator")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.recompute)
        self.result: IntervalResult | None = None
        self._loading = False
        self._follow_plan = True  # until the trainer changes an input
        ctx.plan.changed.connect(self._plan_changed)
        ctx.plan.reset.connect(self._plan_reset)
        if not self.start_from_plan(quiet=True):
            self._update_plan_button()
            self.recompute()

    # -- inputs --------------------------------------------------------------
    def inputs(self) -> IntervalInputs:
        """The form as core inputs (raises WfmError for an invalid combination)."""
        asa = self.asa.value()
        occ = self.occupancy.value()
        patience = self.patience.value()
        target = ServiceTarget(
            sl=self.sl.value() / 100.0,
            answer_s=self.answer.value(),
            asa_s=asa if asa > 0 else None,
            max_occupancy=occ / 100.0 if occ > 0 else None,
        )
        return IntervalInputs(
            contacts=self.contacts.value(),
            interval_min=float(self.interval.value()),
            aht_s=self.aht.value(),
            target=target,
            shrinkage=self.shrinkage.value() / 100.0,
            patience_s=patience if patience > 0 else None,
            concurrency=self.concurrency.value(),
        )

    def reset_example(self) -> None:
        for widget, value in (
            (self.contacts, 100), (self.interval, 30), (self.aht, 180), (self.sl, 80), (self.answer, 20),
            (self.asa, 0), (self.occupancy, DEFAULT_OCCUPANCY_CAP * 100), (self.shrinkage, 30), (self.patience, 0),
            (self.concurrency, 1),
        ):
            widget.setValue(value)
        self._follow_plan = False
        self.plan_label.setText("")

    # -- the plan's busiest interval -------------------------------------------
    def _show_busiest(self, busiest) -> None:
        for widget, value in (
            (self.contacts, busiest.contacts), (self.interval, busiest.interval_min), (self.aht, busiest.aht_s),
            (self.sl, (busiest.sl or 0.8) * 100), (self.answer, busiest.answer_s), (self.asa, busiest.asa_s or 0),
            (self.occupancy, (busiest.max_occupancy or 0) * 100), (self.shrinkage, busiest.shrinkage * 100),
            (self.patience, busiest.patience_s or 0), (self.concurrency, busiest.concurrency),
        ):
            widget.setValue(value)

    def _inputs_set_from_plan(self) -> None:
        self.recompute()

    def _update_plan_button(self) -> None:
        self.plan_button.setEnabled(self.ctx.plan.result("requirements") is not None)

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        self._stop_following_plan()
        self._schedule()

    def _schedule(self, *_args) -> None:
        self._timer.start()

    def recompute(self) -> None:
        """Validate the form and compute off the GUI thread."""
        try:
            inputs = self.inputs()
        except WfmError as exc:
            self.show_message(str(exc))
            return
        self.runner.submit(_calculate, inputs)

    # -- results -------------------------------------------------------------
    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if text:
            for label in self.figures.values():
                label.setText("–")

    def _show_result(self, result: IntervalResult) -> None:
        self.result = result
        self.show_message("")
        f = self.figures
        f["agents_net"].setText(f"{result.agents_net:,}")
        f["agents_gross"].setText(f"{result.agents_gross:,}")
        f["workload"].setText(f"{result.workload_erlangs:,.2f} Erl")
        f["service_level"].setText(_pct(result.service_level))
        f["asa"].setText("—" if result.asa_s is None else f"{result.asa_s:,.1f} s")
        f["occupancy"].setText(_pct(result.occupancy))
        f["abandon"].setText("—" if result.abandon_rate is None else _pct(result.abandon_rate))
        self.method.setText(f"{result.model}. {result.method_note}")
        self.conventions.setText(conventions_sentence(result.agents_net, self.shrinkage.value() / 100.0))
        self._fill_table(result.table)
        target = self.inputs().target
        self.chart.redraw(
            lambda fig: draw_agent_curves(
                fig.add_subplot(), result.table, sl_target=target.sl, answer_s=target.answer_s,
                max_occupancy=target.max_occupancy, agents_net=result.agents_net,
            )
        )
        self.status_if_shown(f"{result.agents_net} agents on the phones, {result.agents_gross} to schedule")

    def _fill_table(self, table: pd.DataFrame) -> None:
        cols = [c for c in ("agents", "service_level", "asa_s", "occupancy", "abandon_rate", "p_wait", "meets_target")
                if c in table.columns]
        frame = table[cols]
        pct = lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.1%}"  # noqa: E731
        secs = lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:,.1f}"  # noqa: E731
        headers = {"agents": "Agents", "service_level": "Service level", "asa_s": "ASA (s)", "occupancy": "Occupancy",
                   "abandon_rate": "Abandoned", "p_wait": "P(wait)", "meets_target": "Meets targets"}
        meets = frame["meets_target"].to_numpy() if "meets_target" in frame.columns else None
        required = self.result.agents_net if self.result else None
        agents = frame["agents"].to_numpy()

        def background(row: int):
            from PySide6.QtGui import QColor

            if required is not None and agents[row] == required:
                return QColor(46, 139, 87, 60)
            if meets is not None and not meets[row]:
                return QColor(0, 0, 0, 12)
            return None

        self.model.set_frame(
            frame,
            headers=headers,
            formatters={"service_level": pct, "occupancy": pct, "abandon_rate": pct, "p_wait": pct, "asa_s": secs},
            tooltips={"p_wait": "Probability that a contact waits at all (Erlang C's C(N, A))."},
            row_background=background,
        )
        if required is not None:
            rows = [i for i, n in enumerate(agents) if n == required]
            shown = self.model.view_row(rows[0]) if rows else None  # where it is shown (filtered)
            if shown is not None:
                self.table.scrollTo(self.model.index(shown, 0), QTableView.ScrollHint.PositionAtCenter)

    def set_presentation_mode(self, on: bool) -> None:
        """The window's large look, with the result figures larger still (as on the Trade-offs page)."""
        super().set_presentation_mode(on)
        for key, value in self.figures.items():
            value.setStyleSheet(_figure_style(key in ("agents_net", "agents_gross"), presentation=on))

    def shutdown(self) -> None:
        self.runner.cancel()
        s = self.ctx.settings
        s.set("calculator/contacts", self.contacts.value())
        s.set("calculator/interval_min", self.interval.value())
        s.set("calculator/aht_s", self.aht.value())
        s.set("calculator/sl_target", self.sl.value() / 100.0)
        s.set("calculator/answer_s", self.answer.value())
        s.set("calculator/asa_s", self.asa.value())
        s.set("calculator/max_occupancy", self.occupancy.value() / 100.0)
        s.set("calculator/shrinkage", self.shrinkage.value() / 100.0)
        s.set("calculator/patience_s", self.patience.value())
        s.set("calculator/concurrency", self.concurrency.value())


def _calculate(inputs: IntervalInputs, *, progress=None, cancel=None) -> IntervalResult:
    return calculate_interval(inputs)


def _pct(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.1%}"


def _figure_style(big: bool, *, presentation: bool) -> str:
    """Font of a result figure: agents large and bold, the rest a little above the text size."""
    if big:
        return f"font-size: {30 if presentation else 22}pt; font-weight: bold;"
    return f"font-size: {19 if presentation else 13}pt;" + (" font-weight: bold;" if presentation else "")
