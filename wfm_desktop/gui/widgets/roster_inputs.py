"""The Schedule page's roster inputs kept in the plan: the agents file, and the published (locked) weeks.

* **Agents file…** reads a CSV/Excel agents file (names, contracts, hours,
  time off, unavailable windows, preferences; docs/scheduling.md) into the
  plan input ``schedule/agents``; **Clear** goes back to numbered agents.
* **Publish** locks the first *n* weeks of the solved schedule and its roster
  (plan input ``schedule/locked``): the next Solve keeps them as they are and
  schedules the weeks after; **Unlock** forgets them.

Each is one undoable edit of the plan; the page solves with what the plan holds.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd
from PySide6.QtWidgets import QFileDialog, QGridLayout, QGroupBox, QLabel, QPushButton, QSpinBox, QWidget

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.scheduling import published
from wfm_desktop.core.scheduling.roster_agents import agents_from_frame, agents_to_frame, read_agents

AGENTS_KEY = "schedule/agents"
LOCKED_KEY = "schedule/locked"


class RosterInputs(QGroupBox):
    """Agents file and locked weeks; `solved()` returns the page's (schedule, roster) or (None, None)."""

    def __init__(self, plan, solved: Callable[[], tuple], report: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__("Agents and published weeks", parent)
        self.plan, self.solved, self.report = plan, solved, report
        self.agents_label = QLabel()
        self.agents_label.setWordWrap(True)
        self.load_button, self.clear_button = QPushButton("Agents file…"), QPushButton("Clear")
        self.load_button.setToolTip("Read the roster's agents from a CSV or Excel file: name, contract, min_hours, "
                                    "max_hours, time_off, unavailable, preferred_start, preferred_days_off")
        self.clear_button.setToolTip("Roster numbered agents instead (the Agents box)")
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 52)
        self.weeks.setSuffix(" week(s)")
        self.weeks.setToolTip("How many weeks from the schedule's first day to publish")
        self.lock_button, self.unlock_button = QPushButton("Publish"), QPushButton("Unlock")
        self.lock_button.setToolTip("Lock the first weeks of the solved schedule and roster: the next Solve keeps "
                                    "them as published and schedules the rest")
        self.unlock_button.setToolTip("Forget the published weeks: the next Solve schedules every day again")
        self.locked_label = QLabel()
        self.locked_label.setWordWrap(True)
        grid = QGridLayout(self)
        grid.addWidget(self.agents_label, 0, 0, 1, 3)
        grid.addWidget(self.load_button, 1, 0)
        grid.addWidget(self.clear_button, 1, 1)
        grid.addWidget(self.locked_label, 2, 0, 1, 3)
        grid.addWidget(self.weeks, 3, 0)
        grid.addWidget(self.lock_button, 3, 1)
        grid.addWidget(self.unlock_button, 3, 2)
        self.load_button.clicked.connect(self.ask_load_agents)
        self.clear_button.clicked.connect(lambda: self.plan.set_input(AGENTS_KEY, None, "Clear the agents file"))
        self.lock_button.clicked.connect(lambda: self.lock(self.weeks.value()))
        self.unlock_button.clicked.connect(lambda: self.plan.set_input(LOCKED_KEY, None, "Unlock published weeks"))
        self.refresh()

    # -- reading the plan ----------------------------------------------------------------------
    def agents(self):
        """The plan's agents (Agent objects), or None for numbered agents."""
        table = self.plan.input(AGENTS_KEY)
        if not isinstance(table, pd.DataFrame) or table.empty:
            return None
        return agents_from_frame(table, "the plan's agents table")

    def locked(self) -> pd.DataFrame:
        return published.locked_frame(self.plan.input(LOCKED_KEY))

    def refresh(self) -> None:
        try:
            agents = self.agents()
        except WfmError as exc:
            agents, text = None, f"Agents table: {exc}"
        else:
            if agents is None:
                text = "Agents: numbered (the Agents box above)."
            else:
                off = sum(1 for a in agents if a.time_off)
                prefs = sum(1 for a in agents if a.preferred_start or a.preferred_days_off)
                text = (f"Agents: {len(agents)} from the agents file ({off} with time off, {prefs} with "
                        "preferences).")
        self.agents_label.setText(text)
        self.clear_button.setEnabled(agents is not None)
        locked = self.locked()
        if locked.empty:
            self.locked_label.setText("Published weeks: none; Solve schedules every day.")
        else:
            until = published.locked_until(locked)
            first = pd.Timestamp(locked["day"].min())
            self.locked_label.setText(f"Published: {first:%a %d %b} to {until - pd.Timedelta(days=1):%a %d %b %Y}, "
                                      f"{len(locked)} shifts kept by the next Solve.")
        self.unlock_button.setEnabled(not locked.empty)

    # -- edits -----------------------------------------------------------------------------------
    def ask_load_agents(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Agents file", "", "Agents (*.csv *.xlsx *.txt)")
        if path:
            self.load_agents(path)

    def load_agents(self, path: str) -> None:
        try:
            agents = read_agents(path)
        except WfmError as exc:
            self.report(str(exc))
            return
        self.plan.set_input(AGENTS_KEY, agents_to_frame(agents), f"Load agents file ({len(agents)} agents)")
        self.report("")

    def lock(self, weeks: int) -> None:
        result, roster = self.solved()
        if result is None:
            self.report("Solve first: the weeks to publish are the solved schedule's.")
            return
        try:
            table = published.lock_weeks(result, roster, weeks)
        except WfmError as exc:
            self.report(str(exc))
            return
        self.plan.set_input(LOCKED_KEY, table, f"Publish {weeks} week(s)")
        self.report("")
