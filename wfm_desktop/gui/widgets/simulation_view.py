"""The plan's simulation shown beside the Erlang figures (Staffing and Schedule pages).

A :class:`SimulationView` shows one part of the plan's ``simulation`` result — the
requirement (``which="requirement"``, per queue) or the schedule (``"schedule"``, with its
breaks) — as a chart by day, a chart by time of day and a table by day: the Erlang promise,
the simulated service level with its 95% interval, P(SL ≥ target), simulated ASA,
abandonment and occupancy. It computes nothing: the plan simulates (automatically while the
plan is small, else when **Simulate** is pressed, on a worker thread through the plan's runner)
and the view shows ``plan.result("simulation")`` when it changes.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from wfm_desktop.core.plan.model import FLAGGED, NOT_RUN, OUT_OF_DATE
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.gui.widgets.post_mortem_view import PostMortemView
from wfm_desktop.gui.widgets.side_panel import SidePanel

CHARTS_MIN_HEIGHT = 420
"""The charts' tabs (the post-mortem's sentence, chart and table among them) are never shorter (pixels)."""
from wfm_desktop.plots.simulation import draw_confidence_curve, draw_simulated_days, draw_simulated_time_of_day
from wfm_desktop.gui.widgets.data_table import DataTable

HEADERS = {"day": "Date", "sim_contacts": "Contacts (sim.)", "erlang_service_level": "SL promised (Erlang)",
           "sim_service_level": "SL simulated", "sim_service_level_lo": "SL low", "sim_service_level_hi": "SL high",
           "p_sl_target": "P(SL ≥ target)", "sim_asa_s": "ASA sim. (s)", "erlang_asa_s": "ASA Erlang (s)",
           "sim_abandon_rate": "Abandoned sim.", "sim_occupancy": "Occupancy sim."}
TIPS = {
    "erlang_service_level": "What the plan promises: the Erlang service level of the day's intervals at the planned\n"
                            "agents, weighted by contacts.",
    "sim_service_level": "Answered within the target time ÷ offered, from a discrete-event simulation of the day\n"
                         "call by call (Poisson arrivals around the forecast; the same agents), pooled over the\n"
                         "replications.",
    "sim_service_level_lo": "Low end of the 95% confidence interval across replications.",
    "sim_service_level_hi": "High end of the 95% confidence interval across replications.",
    "p_sl_target": "The probability that the day meets its service-level target when its volume varies as the\n"
                   "forecast's prediction interval says (lognormal around the point forecast).",
    "sim_asa_s": "Mean wait of the answered contacts in the simulation.",
    "sim_abandon_rate": "Abandoned ÷ offered in the simulation (queues with a patience; 0 with Erlang C).",
    "sim_occupancy": "Time agents spent on contacts ÷ time on duty, in the simulation.",
}
SIMULATE_TIP = ("Simulate the plan now (off the GUI thread). A plan of up to 2 million simulated contacts\n"
                "(forecast contacts × replications) is simulated by itself after every change; a larger one\n"
                "only when you press this.")


class SimulationView(QWidget):
    """The simulated requirement or schedule of the plan, one queue at a time."""

    def __init__(self, plan, which: str = "requirement", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.which = which
        self.queue = ""
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.simulate_button = QPushButton("Simulate")
        self.simulate_button.setToolTip(SIMULATE_TIP)
        self.simulate_button.clicked.connect(self.simulate)
        top = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.simulate_button)
        self.days_chart = ChartWidget(figsize=(7.0, 3.2))
        self.time_chart = ChartWidget(figsize=(7.0, 3.2))
        charts = QTabWidget()
        charts.addTab(self.days_chart, "By day")
        charts.addTab(self.time_chart, "By time of day")
        self.confidence_chart = None
        if which == "requirement":
            self.confidence_chart = ChartWidget(figsize=(7.0, 3.2))
            charts.addTab(self.confidence_chart, "Confidence vs FTE")
            charts.setTabToolTip(2, "What it costs to meet the target on more days: each point restaffs the plan\n"
                                    "for each day's c-quantile of volume (the Forecast page's 'Meet the target on').")
            self.post_mortem = PostMortemView(plan)
            charts.addTab(self.post_mortem, "Post-mortem")
            charts.setTabToolTip(3, "The plan replayed against the actual arrivals of planned days: promised against\n"
                                    "achieved, and the miss split into staffing, daily volume, intraday shape and AHT.")
        self.charts = charts
        self.model = DataFrameModel()
        self.table = DataTable(name="simulated")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(charts)
        splitter.addWidget(self.table)
        splitter.setSizes([330, 200])
        # Charts and table scroll (vertically) rather than squeeze: in presentation mode at 800 px high the
        # post-mortem's sentence was cut off and its chart left no room at all.
        charts.setMinimumHeight(CHARTS_MIN_HEIGHT)
        self.table.setMinimumHeight(CHARTS_MIN_HEIGHT // 2)
        scroll = SidePanel.around(splitter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        plan.changed.connect(lambda stage: self.refresh() if stage == "simulation" else None)
        plan.states_changed.connect(self._show_state)
        plan.runner.started.connect(lambda stage: self._show_state() if stage == "simulation" else None)
        self.refresh()

    @property
    def result(self):
        return self.plan.result("simulation")

    def set_queue(self, queue: str) -> None:
        self.queue = queue
        self.refresh()

    def simulate(self) -> None:
        """Ask the plan to simulate now (its runner computes it off the GUI thread)."""
        self.plan.runner.recompute("simulation")
        self.message.setText("Simulating…")

    def _queue_shown(self, sim) -> str:
        if self.which == "schedule":
            return sim.schedule_queue or ""
        return self.queue

    def _target(self, sim) -> float | None:
        return sim.targets.get("__schedule__" if self.which == "schedule" else self.queue)

    def refresh(self) -> None:
        sim = self.result
        days = pd.DataFrame() if sim is None else sim.days(self.which)
        queue = "" if sim is None else self._queue_shown(sim)
        if days.empty:
            for chart in (self.days_chart, self.time_chart, self.confidence_chart):
                if chart is not None:
                    chart.redraw(lambda fig: None)
            self.model.set_frame(pd.DataFrame())
        else:
            target = self._target(sim)
            title = ("Schedule (with its breaks): promised and simulated service level by day"
                     if self.which == "schedule" else "Service level by day: promised and simulated")
            self.days_chart.redraw(lambda fig: draw_simulated_days(fig.add_subplot(), days, queue, target, title=title))
            tod = sim.time_of_day(queue, self.which)
            self.time_chart.redraw(lambda fig: draw_simulated_time_of_day(fig.add_subplot(), tod, target))
            if self.confidence_chart is not None:
                current = sim.probability_days["probability"].mean() if not sim.probability_days.empty else None
                rate = self.cost_per_hour()
                self.confidence_chart.redraw(lambda fig: draw_confidence_curve(
                    fig.add_subplot(), sim.confidence, cost_per_hour=rate, current=current))
            shown = days[days["queue"].astype(str) == queue]
            columns = [c for c in HEADERS if c in shown.columns]
            pct = lambda v: "" if pd.isna(v) else f"{v:.1%}"  # noqa: E731
            one = lambda v: "" if pd.isna(v) else f"{v:,.1f}"  # noqa: E731
            formats = {c: pct for c in columns if c not in ("day", "sim_contacts", "sim_asa_s", "erlang_asa_s")}
            formats.update({"sim_contacts": one, "sim_asa_s": one, "erlang_asa_s": one,
                            "day": lambda v: f"{pd.Timestamp(v):%a %d %b %Y}"})
            self.model.set_frame(shown[columns].reset_index(drop=True), headers=HEADERS, formatters=formats,
                                 tooltips=TIPS)
            self.table.resizeColumnsToContents()
        self._show_state()

    def cost_per_hour(self) -> float:
        """The loaded cost of a paid hour: the plan's budget inputs (in-house wage × (1 + overhead))."""
        from wfm_desktop.core.budget.inputs import BudgetInputs

        budget = self.plan.result("budget")
        inputs = getattr(budget, "inputs", None) or BudgetInputs()
        wage, overhead = inputs.in_house_rate()
        return wage * (1.0 + overhead)

    def summary_text(self) -> str:
        """One line on the shown queue (or the schedule): simulated against promised, days under target."""
        sim = self.result
        if sim is None:
            return ""
        summary = sim.summary(self.which)
        queue = self._queue_shown(sim)
        rows = summary[summary["queue"] == queue] if not summary.empty else summary
        if rows.empty:
            return "Nothing to simulate for this queue (no contacts)." if self.which == "requirement" else ""
        row = rows.iloc[0]
        days = sim.days(self.which)
        days = days[days["queue"] == queue]
        promised = ""
        if "erlang_service_level" in days.columns and days["erlang_service_level"].notna().any():
            c = days["sim_contacts"].to_numpy()
            e = days["erlang_service_level"].to_numpy()
            ok = ~pd.isna(e)
            promised = f" (promised {float((c[ok] * e[ok]).sum() / c[ok].sum()):.1%})" if c[ok].sum() > 0 else ""
        what = f"Schedule ({queue}, {sim.absence:.0%} of shifts absent at random)" if self.which == "schedule" \
            else queue
        text = (f"{what}: simulated service level {row.sim_service_level:.1%} [{row.sim_service_level_lo:.1%}, "
                f"{row.sim_service_level_hi:.1%}]{promised}, ASA {row.sim_asa_s:.1f} s, abandoned "
                f"{row.sim_abandon_rate:.1%}; {sim.settings.replications} replications")
        if row.target:
            text += f"; {row.days_under_target} of {row.days} days under the {row.target:.0%} target"
        if self.which == "requirement" and not sim.probability_days.empty:
            p = sim.probability_days[sim.probability_days["queue"] == queue]["probability"]
            if len(p):
                text += f"; P(a day meets it) {p.mean():.0%} on average"
        return text + "."

    def _show_state(self) -> None:
        plan = self.plan
        state = plan.state("simulation")
        computing = plan.computing("simulation")
        self.simulate_button.setEnabled(not computing and plan.result("requirements") is not None)
        if computing:
            self.message.setText("Simulating the plan call by call…")
            return
        failure = plan.failure("simulation")
        text = self.summary_text()
        if failure is not None:
            text = f"The simulation failed: {failure}"
        elif state.status == NOT_RUN:
            text = ("Not simulated yet: press Simulate (this plan is large enough to simulate only on request)."
                    if state.reason == "not run yet" else f"Not simulated yet: {state.reason}.")
        elif state.status == OUT_OF_DATE:
            text = f"Out of date ({state.reason}); press Simulate. " + text
        elif state.status == FLAGGED:
            text = f"⚠ {state.flag}. " + text
        if self.which == "schedule" and self.result is not None and self.result.schedule is None \
                and state.status != NOT_RUN:
            text = " ".join(self.result.notes) or ("The schedule is not simulated: solve it (an out-of-date "
                                                   "schedule is not simulated).")
        self.message.setText(text)
