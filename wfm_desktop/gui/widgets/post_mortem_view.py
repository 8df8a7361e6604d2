"""The post-mortem view: the plan replayed against what really happened, and where the service level went.

**Load actuals…** reads a history file of the planned days (the importer, off the GUI thread) and
makes its arrivals the plan input ``simulation/actuals``; the plan's simulation stage then replays
the plan against them (:func:`~wfm_desktop.core.simulation.plan_stage.plan_post_mortem`) and the view
shows ``plan.result("simulation").post_mortem``: the sentence a manager reads ("of the 13-point
miss, 11 came from the daily volume…"), a waterfall and the table per day. The view keeps no
result of its own.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from wfm_desktop.core.simulation.plan_stage import ACTUALS_KEY
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.gui.workers import TaskRunner
from wfm_desktop.plots.simulation import draw_post_mortem
from wfm_desktop.gui.widgets.data_table import DataTable

HEADERS = {"day": "Day", "forecast_contacts": "Contacts forecast", "actual_contacts": "Contacts actual",
           "promised": "SL promised", "staffing": "Staffing (pts)", "volume": "Daily volume (pts)",
           "shape": "Intraday shape (pts)", "aht": "AHT (pts)", "achieved": "SL achieved",
           "perfect": "SL, perfect forecast"}
TIPS = {"staffing": "The plan simulated on its own forecast minus its promise: what the staffing maths (and the\n"
                    "days starting empty) give or take by themselves.",
        "volume": "Each day's actual total instead of the forecast's (same intraday shape).",
        "shape": "The actual arrivals within the day (their times, bursts) instead of the forecast's shape.",
        "aht": "The actual handle times instead of the plan's (0 when the actuals have none).",
        "perfect": "The agents the plan's own settings would have asked for the actual volume and AHT, replayed."}


def read_actuals(path: str, *, progress=None, cancel=None):
    """The arrivals of a history file (queue, start, offered[, aht_s]) as the post-mortem reads them."""
    from wfm_desktop.core.importers import import_history

    frame = import_history(path, progress=progress, cancel=cancel).history.frame
    keep = [c for c in ("queue", "start", "offered", "aht_s") if c in frame.columns]
    return frame[keep].reset_index(drop=True)


class PostMortemView(QWidget):
    def __init__(self, plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.load_button = QPushButton("Load actuals…")
        self.load_button.setToolTip("A history file of the planned days (the same formats as the Data page): the plan\n"
                                    "is replayed against its real arrivals and the miss split into its causes.")
        self.load_button.clicked.connect(lambda: self.load())
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Forget the actuals (an undoable step).")
        self.clear_button.clicked.connect(self.clear)
        top = QHBoxLayout()
        top.addWidget(self.sentence, 1)
        top.addWidget(self.load_button)
        top.addWidget(self.clear_button)
        self.chart = ChartWidget(figsize=(7.0, 3.0))
        self.chart.setMinimumHeight(160)  # never squeezed away under its sentence
        self.model = DataFrameModel()
        self.table = DataTable(name="post_mortem")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        split.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.reader = TaskRunner(self)
        self.reader.done.connect(self._loaded)
        self.reader.failed.connect(lambda exc, _details: self.sentence.setText(f"The actuals were not read: {exc}"))
        plan.changed.connect(lambda stage: self.refresh() if stage == "simulation" else None)
        plan.input_changed.connect(lambda key: self.refresh() if key == ACTUALS_KEY else None)
        plan.states_changed.connect(self.refresh)
        self.refresh()

    def load(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Actual arrivals of the planned days", "",
                                                  "History files (*.csv *.xlsx *.xls *.ods *.txt)")
            if not path:
                return
        self.sentence.setText(f"Reading {path}…")
        self.reader.submit(read_actuals, path)

    def _loaded(self, frame: pd.DataFrame) -> None:
        self.plan.set_input(ACTUALS_KEY, frame, "Load actual arrivals")

    def clear(self) -> None:
        if self.plan.input(ACTUALS_KEY) is not None:
            self.plan.set_input(ACTUALS_KEY, None, "Clear actual arrivals")

    def refresh(self, *_args) -> None:
        sim = self.plan.result("simulation")
        pm = None if sim is None else sim.post_mortem
        has_actuals = self.plan.input(ACTUALS_KEY) is not None
        self.clear_button.setEnabled(has_actuals)
        state = self.plan.state("simulation")
        if pm is None or state.status not in ("up to date", "flagged"):
            self.chart.redraw(lambda fig: None)
            self.model.set_frame(pd.DataFrame())
            if self.plan.computing("simulation"):
                self.sentence.setText("Replaying the plan against the actuals…")
            elif self.plan.failure("simulation") is not None:
                self.sentence.setText(f"The replay failed: {self.plan.failure('simulation')}")
            elif has_actuals:
                self.sentence.setText("Actuals loaded: press Simulate to replay the plan against them "
                                      "(a large plan is replayed only on request).")
            else:
                self.sentence.setText("Load the actual arrivals of planned days to see how the plan did and why.")
            return
        targets = [t for q, t in sim.targets.items() if q != "__schedule__" and t]
        target = targets[0] if targets and len(set(targets)) == 1 else None
        self.sentence.setText(pm.sentence(target) + ("  " + " ".join(f"({n})" for n in pm.notes) if pm.notes else ""))
        self.chart.redraw(lambda fig: draw_post_mortem(fig.add_subplot(), pm.period, target))
        table = pd.concat([pm.days, pd.DataFrame([pm.period])], ignore_index=True)
        table["day"] = [f"{pd.Timestamp(d):%a %d %b %Y}" if str(d) != "period" else "Whole period"
                        for d in table["day"]]
        pct = lambda v: "" if pd.isna(v) else f"{v:.1%}"  # noqa: E731
        pts = lambda v: "" if pd.isna(v) else f"{v * 100:+.1f}"  # noqa: E731
        num = lambda v: f"{v:,.0f}"  # noqa: E731
        formats = {"forecast_contacts": num, "actual_contacts": num, "promised": pct, "achieved": pct,
                   "perfect": pct, "staffing": pts, "volume": pts, "shape": pts, "aht": pts}
        self.model.set_frame(table[list(HEADERS)], headers=HEADERS, formatters=formats, tooltips=TIPS)
        self.table.resizeColumnsToContents()
