"""Trade-offs page: sliders for a trainer, live charts of what each input costs in agents and service.

Slider moves are coalesced: the first move starts a short timer, later moves
only update the value, and when the timer fires the newest values are read.
One computation runs at a time on a worker thread (the Erlang A engine can
take tens of milliseconds on large centres), in two steps: the headline
numbers first (shown at once), then the data of the chart on screen (drawn by
updating its artists). A move during a computation is remembered and computed
as soon as the current step ends, so the newest value always wins and stale
work never piles up. The other charts catch up when their tab is shown.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.core.staffing.erlang import ServiceTarget
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.calculator import IntervalInputs
from wfm_desktop.core.staffing.tradeoffs import VIEWS, Scenario, ScenarioSummary, TradeoffResult, compute, summarise
from wfm_desktop.gui.pages.base import AppContext, Page
from wfm_desktop.gui.pages.plan_start import StartsFromPlan
from wfm_desktop.gui.pages.tradeoffs_style import FIGURE_TIPS, SLIDERS, stylesheet
from wfm_desktop.gui.widgets.live_chart import LiveChart
from wfm_desktop.gui.widgets.scenario_cards import ScenarioCards, format_figure
from wfm_desktop.gui.widgets.slider_spin import SliderSpin
from wfm_desktop.plots.tradeoffs import CHARTS, NORMAL, PRESENTATION

COALESCE_MS = 5
"""Slider moves within this many milliseconds of the first are answered together."""

CHART_EVERY_MS = 100
"""While moves keep coming, the figures follow the newest move first and the chart on screen is
recomputed at most this long after it was last drawn (before, the chart of each move was computed
and drawn before the next move's figures, so the figures fell behind a quick drag)."""

HEADLINE = ("agents_net", "agents_gross", "service_level", "asa_s", "occupancy", "abandon_rate",
            "cost_per_hour", "cost_per_contact", "workload_erlangs")
HEADLINE_LABELS = {"agents_net": "Net agents", "agents_gross": "Gross agents", "service_level": "Service level",
                   "asa_s": "ASA", "occupancy": "Occupancy", "abandon_rate": "Abandoned",
                   "cost_per_hour": "Cost / hour", "cost_per_contact": "Cost / contact",
                   "workload_erlangs": "Workload (Erl)"}


def _summarise(scenario: Scenario, *, progress=None, cancel=None) -> ScenarioSummary:
    return summarise(scenario)


def _compute(summary: ScenarioSummary, pools: int, views: tuple[str, ...], *, progress=None, cancel=None
             ) -> TradeoffResult:
    return compute(summary.scenario, pools, views, summary=summary)


class TradeoffsPage(Page, StartsFromPlan):
    title = "Trade-offs"
    tooltip = "Move a slider and watch agents, service level and cost change: for trainers and what-ifs"

    numbers_updated = Signal()  # the headline figures show the newest computed inputs
    chart_drawn = Signal(str)  # the chart on screen was redrawn (its view name)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.presentation = False
        self.result: TradeoffResult | None = None
        self._pending = False
        self._stale = set(VIEWS)
        self._chart_at = 0.0  # perf_counter() when the chart on screen was last asked for or drawn

        # -- sliders
        self.sliders: dict[str, SliderSpin] = {}
        inputs_box = QGroupBox("What you can change")
        inputs_layout = QVBoxLayout(inputs_box)
        self.interval = QComboBox()
        for minutes in (15, 30, 60):
            self.interval.addItem(f"{minutes} min", minutes)
        self.interval.setCurrentIndex(1)
        self.interval.setToolTip("Length of the interval the contacts arrive in.")
        interval_row = QHBoxLayout()
        interval_row.addWidget(QLabel("Interval"), 1)
        interval_row.addWidget(self.interval)
        inputs_layout.addLayout(interval_row)
        for key, spec in SLIDERS.items():
            slider = SliderSpin(spec["label"], spec["min"], spec["max"], spec["value"], step=spec["step"],
                                decimals=spec.get("decimals", 0), suffix=spec.get("suffix", ""),
                                tooltip=spec["tip"], special=spec.get("special"))
            slider.valueChanged.connect(self._user_changed)
            self.sliders[key] = slider
            if key == "pools":
                continue
            inputs_layout.addWidget(slider)
        self.interval.currentIndexChanged.connect(self._user_changed)
        reset = QPushButton("Reset to the 80/20 example")
        reset.setToolTip("100 contacts in 30 minutes, AHT 180 s, 80% in 20 s, 85% occupancy cap, 30% shrinkage, "
                         "no deflection")
        reset.clicked.connect(self.reset_example)
        inputs_layout.addWidget(reset)
        self.plan_button = QPushButton("Start from the plan's busiest interval")
        self.plan_button.setToolTip("The busiest interval of the plan's busiest queue, with that queue's targets, "
                                    "occupancy cap, shrinkage, patience and chats per agent.")
        self.plan_button.clicked.connect(lambda: self.start_from_plan())
        inputs_layout.addWidget(self.plan_button)
        self.plan_label = QLabel()
        self.plan_label.setObjectName("model_note")
        self.plan_label.setWordWrap(True)
        inputs_layout.addWidget(self.plan_label)
        inputs_layout.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        inputs_layout.addWidget(self.message)
        scroll = QScrollArea()
        scroll.setWidget(inputs_box)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(270)
        self.inputs_scroll = scroll

        # -- headline figures
        self.figures: dict[str, QLabel] = {}
        self._figure_names: dict[str, QLabel] = {}
        headline = QGroupBox("At the required agents")
        self.headline_grid = QGridLayout(headline)
        self.headline_grid.setHorizontalSpacing(14)
        self.headline_grid.setVerticalSpacing(0)
        for key in HEADLINE:
            name = QLabel(HEADLINE_LABELS[key])
            name.setObjectName("figure_name")
            value = QLabel("–")
            value.setObjectName("figure_big" if key in ("agents_net", "agents_gross") else "figure_value")
            for label in (name, value):
                label.setToolTip(FIGURE_TIPS[key])
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.figures[key] = value
            self._figure_names[key] = name
        self.model_label = QLabel()
        self.model_label.setObjectName("model_note")
        self.model_label.setWordWrap(True)  # one long line held presentation mode wider than 1,280 px
        self._place_headline(len(HEADLINE))

        # -- charts
        self.charts: dict[str, LiveChart] = {}
        self.tabs = QTabWidget()
        tab_names = {"curves": "Service vs agents", "target": "Agents && cost vs target", "pooling": "Pooling"}
        for view in VIEWS:
            chart = LiveChart()
            chart.setObjectName(f"chart_{view}")
            chart.drawn.connect(lambda v=view: self._on_drawn(v))
            self.charts[view] = chart
            if view == "pooling":
                holder = QWidget()
                holder_layout = QVBoxLayout(holder)
                holder_layout.setContentsMargins(0, 0, 0, 0)
                self.sliders["pools"].setMaximumWidth(420)
                holder_layout.addWidget(self.sliders["pools"])
                holder_layout.addWidget(chart, 1)
                self.tabs.addTab(holder, tab_names[view])
            else:
                self.tabs.addTab(chart, tab_names[view])
        self.cards = ScenarioCards()
        cards_scroll = QScrollArea()
        cards_scroll.setWidget(self.cards)
        cards_scroll.setWidgetResizable(True)
        self.tabs.addTab(cards_scroll, "A / B scenarios")
        self.tabs.currentChanged.connect(self._tab_changed)

        self.save_button = QPushButton("Save chart as PNG…")
        self.save_button.setToolTip("Save the chart on screen as a PNG image")
        self.save_button.clicked.connect(self.ask_save_png)
        # The page's own switch; in the main window it drives the window-wide mode (View ▸
        # Presentation mode, F5), which calls set_presentation_mode back.
        self.presentation_action = QAction("&Presentation mode", self)
        self.presentation_action.setCheckable(True)
        self.presentation_action.setToolTip("Large fonts, thick lines and high contrast for a projector (F5)")
        self.presentation_action.toggled.connect(self._presentation_toggled)
        self.presentation_button = QPushButton("Presentation mode")
        self.presentation_button.setCheckable(True)
        self.presentation_button.setToolTip(self.presentation_action.toolTip())
        self.presentation_button.toggled.connect(self.presentation_action.setChecked)
        self.capture_buttons = {}
        chart_row = QHBoxLayout()
        chart_row.addWidget(self.presentation_button)
        for which in ("A", "B"):
            button = QPushButton(f"Capture {which}")
            button.setToolTip(f"Keep the current settings and results as scenario {which} "
                              "(compare them on the “A / B scenarios” tab)")
            button.clicked.connect(lambda _checked=False, w=which: self.capture(w))
            chart_row.addWidget(button)
            self.capture_buttons[which] = button
        chart_row.addStretch(1)
        chart_row.addWidget(self.save_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(headline)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addLayout(chart_row)
        self.chart_row = chart_row
        self.save_row = QHBoxLayout()  # in presentation mode Save chart… goes on a row of its own
        self.save_row.addStretch(1)
        right_layout.addLayout(self.save_row)
        layout = QHBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(right, 1)

        self.runner = self.task_runner(self._on_done, failure_title="Trade-offs")
        self.runner.failed.connect(lambda *_: self._after_task())
        self.runner.cancelled.connect(self._after_task)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self.request)
        self._build_charts()
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the page paints its own background
        self.setStyleSheet(stylesheet(False))
        self._loading = False
        self._follow_plan = True  # until the trainer moves a slider
        ctx.plan.changed.connect(self._plan_changed)
        ctx.plan.reset.connect(self._plan_reset)
        if not self.start_from_plan(quiet=True):
            self.plan_button.setEnabled(False)
            self.request()

    # -- inputs --------------------------------------------------------------
    def scenario(self) -> Scenario:
        """The sliders as a core scenario (raises WfmError for an invalid combination)."""
        v = {key: slider.value() for key, slider in self.sliders.items()}
        cap = v["occupancy_cap"] / 100.0
        target = ServiceTarget(sl=v["sl_target"] / 100.0, answer_s=v["answer_s"],
                               max_occupancy=None if cap >= 1.0 else cap)
        inputs = IntervalInputs(
            contacts=v["contacts"], interval_min=float(self.interval.currentData()), aht_s=v["aht_s"],
            target=target, shrinkage=v["shrinkage"] / 100.0,
            patience_s=v["patience_s"] if v["patience_s"] > 0 else None, concurrency=int(v["concurrency"]),
        )
        return Scenario(inputs, deflection=v["deflection"] / 100.0, hourly_cost=v["hourly_cost"])

    @property
    def pools(self) -> int:
        return int(self.sliders["pools"].value())

    @property
    def current_view(self) -> str | None:
        """The chart on screen ("curves", "target", "pooling"), or None on the A / B tab."""
        index = self.tabs.currentIndex()
        return VIEWS[index] if 0 <= index < len(VIEWS) else None

    def reset_example(self) -> None:
        self.interval.setCurrentIndex(1)
        for key, spec in SLIDERS.items():
            self.sliders[key].setValue(spec["value"])
        self._follow_plan = False
        self.plan_label.setText("")

    # -- the plan's busiest interval -----------------------------------------
    def _show_busiest(self, busiest) -> None:
        """The sliders to the plan's busiest interval; deflection, cost and pools are the trainer's own."""
        index = self.interval.findData(busiest.interval_min)
        if index >= 0:
            self.interval.setCurrentIndex(index)
        for key, value in (("contacts", busiest.contacts), ("aht_s", busiest.aht_s),
                           ("sl_target", (busiest.sl or 0.8) * 100), ("answer_s", busiest.answer_s),
                           ("occupancy_cap", (busiest.max_occupancy or 1.0) * 100),
                           ("shrinkage", busiest.shrinkage * 100), ("patience_s", busiest.patience_s or 0),
                           ("concurrency", busiest.concurrency)):
            self.sliders[key].setValue(value)

    def _inputs_set_from_plan(self) -> None:
        self._input_changed()

    def _user_changed(self, *_args) -> None:
        """A slider or the interval changed: the trainer's (unless the page is loading the plan's values)."""
        if self._loading:
            return
        self._stop_following_plan()
        self._input_changed()

    def _input_changed(self, *_args) -> None:
        self._stale = set(VIEWS)
        if not self._timer.isActive():
            self._timer.start()

    def request(self) -> None:
        """Compute the newest inputs (after a running computation, if there is one)."""
        if self.runner.busy:
            self._pending = True
            return
        self._pending = False
        try:
            scenario = self.scenario()
        except WfmError as exc:
            self.show_message(str(exc))
            return
        self.runner.submit(_summarise, scenario)

    def _after_task(self, *_args) -> None:
        if self._pending or (self.result is not None and self.current_view in self._stale):
            self.request()

    def _tab_changed(self, _index: int) -> None:
        self.save_button.setEnabled(self.current_view is not None)
        if self.current_view in self._stale and self.result is not None:
            self.request()

    # -- results -------------------------------------------------------------
    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_done(self, payload: ScenarioSummary | TradeoffResult) -> None:
        if isinstance(payload, ScenarioSummary):
            self._show_numbers(payload)
            chart_due = (time.perf_counter() - self._chart_at) * 1000 >= CHART_EVERY_MS
            if self.current_view is not None and (not self._pending or chart_due):
                # second step: the chart on screen, for the same inputs
                self._chart_at = time.perf_counter()
                self.runner.submit(_compute, payload, self.pools, (self.current_view,))
                return
        else:
            self._show_charts(payload)
            self._chart_at = time.perf_counter()
        self._after_task()

    def _show_numbers(self, summary: ScenarioSummary) -> None:
        self.result = TradeoffResult(summary=summary, pools=self.pools)
        self.show_message("")
        for key in HEADLINE:
            self.figures[key].setText(format_figure(key, getattr(summary, key)))
        self.model_label.setText(f"{summary.model}; gross after {summary.scenario.inputs.shrinkage:.0%} "
                                 f"shrinkage; cost = gross × {summary.scenario.hourly_cost:,.2f} per hour")
        self.numbers_updated.emit()
        self.status_if_shown(f"{summary.agents_net} agents on the phones, {summary.agents_gross} to schedule")

    def _show_charts(self, result: TradeoffResult) -> None:
        self.result = result
        for view in VIEWS:
            if self._result_has(result, view):
                self._draw(view, result)
                self._stale.discard(view)

    @staticmethod
    def _result_has(result: TradeoffResult, view: str) -> bool:
        return {"curves": result.curves, "target": result.target_curve, "pooling": result.pooling}[view] is not None

    def _draw(self, view: str, result: TradeoffResult) -> None:
        target = result.summary.scenario.to_agents.target
        chart = self.charts[view]
        chart.tag = result.summary.contacts
        if view == "curves":
            chart.update_chart(result.curves, sl_target=target.sl, answer_s=target.answer_s,
                               max_occupancy=target.max_occupancy, asa_target_s=target.asa_s)
        elif view == "target":
            chart.update_chart(result.target_curve, answer_s=target.answer_s,
                               hourly_cost=result.summary.scenario.hourly_cost)
        else:
            chart.update_chart(result.pooling)

    def _on_drawn(self, view: str) -> None:
        if view == self.current_view:
            self.chart_drawn.emit(view)

    # -- scenarios, presentation, export -------------------------------------
    def capture(self, which: str) -> None:
        """Keep the current sliders and their results as scenario A or B."""
        try:
            summary = summarise(self.scenario())
        except WfmError as exc:
            self.show_message(str(exc))
            return
        self.cards.set_scenario(which, summary)
        self.ctx.status(f"Scenario {which} captured: {summary.agents_net} net, {summary.agents_gross} gross agents")

    def _presentation_toggled(self, on: bool) -> None:
        self.set_presentation_mode(on)
        self.presentation_requested.emit(bool(on))

    def set_presentation_mode(self, on: bool) -> None:
        """Large fonts, thick lines and high contrast (also reachable as :attr:`presentation_action`)."""
        on = bool(on)
        for control in (self.presentation_action, self.presentation_button):
            if control.isChecked() != on:
                control.blockSignals(True)
                control.setChecked(on)
                control.blockSignals(False)
        if on == self.presentation:
            return
        self.presentation = on
        self.setStyleSheet(stylesheet(on))
        self._place_headline(3 if on else len(HEADLINE))  # 3 × 3: five a row held the page past 1,280 px
        self._place_save_button(on)
        self._fit_inputs_panel()
        self._build_charts()
        if self.result is not None:
            for view in VIEWS:
                if self._result_has(self.result, view):
                    self._draw(view, self.result)
        self._stale = set(VIEWS) - {v for v in VIEWS if self.result and self._result_has(self.result, v)}
        if self.current_view in self._stale:
            self.request()

    def _place_headline(self, per_row: int) -> None:
        """Lay the headline figures out `per_row` to a row (one row normally, three rows of three in presentation mode)."""
        grid = self.headline_grid
        for i, key in enumerate(HEADLINE):
            row, col = divmod(i, per_row)
            grid.addWidget(self._figure_names[key], 2 * row, col)
            grid.addWidget(self.figures[key], 2 * row + 1, col)
        rows = -(-len(HEADLINE) // per_row)
        grid.addWidget(self.model_label, 2 * rows, 0, 1, per_row)

    def _place_save_button(self, own_row: bool) -> None:
        """Save chart… at the end of the buttons' row, or (presentation mode) on a row of its own below it:
        the larger buttons side by side held the page wider than a 1,280-pixel window."""
        for row in (self.chart_row, self.save_row):
            row.removeWidget(self.save_button)
        (self.save_row if own_row else self.chart_row).addWidget(self.save_button)

    def _fit_inputs_panel(self) -> None:
        """Widen the sliders' panel to what its fonts need, so nothing is clipped."""
        box = self.inputs_scroll.widget()
        box.ensurePolished()
        for child in box.findChildren(QWidget):
            child.ensurePolished()
        box.adjustSize()
        if not self.presentation:  # back to the normal width exactly (the style sheet's fonts are applied lazily,
            self.inputs_scroll.setMinimumWidth(270)  # so a size measured now may still be the large one)
            return
        bar = self.inputs_scroll.verticalScrollBar().sizeHint().width()
        self.inputs_scroll.setMinimumWidth(max(270, box.minimumSizeHint().width() + bar + 6))

    def _build_charts(self) -> None:
        theme = PRESENTATION if self.presentation else NORMAL
        for view, chart in self.charts.items():
            chart.build(lambda figure, cls=CHARTS[view]: cls(figure, theme))

    def save_chart_png(self, path: str, view: str | None = None, *, force: bool = False) -> None:
        """Write a chart (default: the one on screen) as a PNG; refuses to overwrite without `force`."""
        view = view or self.current_view
        if view not in self.charts:
            raise WfmError(f"chart {view!r}: choose one of {', '.join(VIEWS)}")
        self.charts[view].save_png(path, force=force)

    def ask_save_png(self) -> None:
        view = self.current_view
        if view is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save chart as PNG", f"tradeoffs_{view}.png",
                                              "PNG image (*.png)")
        if not path:
            return
        try:
            self.save_chart_png(path, view, force=True)  # the dialog has asked before replacing a file
        except WfmError as exc:
            self.ctx.show_error("Save chart", exc, "")
            return
        self.ctx.status(f"Chart saved to {path}")

    def shutdown(self) -> None:
        self._timer.stop()
        self._pending = False
        self.runner.cancel()
