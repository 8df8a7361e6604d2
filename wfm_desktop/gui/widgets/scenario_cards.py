"""A/B scenario cards: two captured scenarios side by side, with B's differences from A."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from wfm_desktop.core.tradeoffs import FIGURES, Scenario, ScenarioSummary, compare


def format_figure(name: str, value: float | None) -> str:
    """A figure as the page shows it: percentages, seconds, money, whole agents."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if name in ("service_level", "occupancy", "abandon_rate"):
        return f"{value:.1%}"
    if name == "asa_s":
        return f"{value:,.1f} s"
    if name in ("agents_net", "agents_gross"):
        return f"{value:,.0f}"
    if name == "workload_erlangs":
        return f"{value:,.2f}"
    if name == "contacts_to_agents":
        return f"{value:,.1f}"
    if name == "cost_per_contact":
        return f"{value:,.2f}"
    return f"{value:,.0f}"


def format_difference(name: str, diff: float) -> str:
    """B − A with a sign: percentage points for rates."""
    if math.isnan(diff):
        return "—"
    if abs(diff) < 1e-12:
        return "same"
    if name in ("service_level", "occupancy", "abandon_rate"):
        return f"{diff * 100:+.1f} pts"
    if name == "asa_s":
        return f"{diff:+,.1f} s"
    if name in ("agents_net", "agents_gross"):
        return f"{diff:+,.0f}"
    if name in ("workload_erlangs", "cost_per_contact"):
        return f"{diff:+,.2f}"
    if name == "contacts_to_agents":
        return f"{diff:+,.1f}"
    return f"{diff:+,.0f}"


def describe(scenario: Scenario) -> str:
    """The scenario's inputs in one short line."""
    i, t = scenario.inputs, scenario.inputs.target
    parts = [f"{i.contacts:,.0f} contacts / {i.interval_min:g} min", f"AHT {i.aht_s:g} s"]
    if t.sl is not None:
        parts.append(f"{t.sl:.0%} in {t.answer_s:g} s")
    if t.max_occupancy is not None:
        parts.append(f"cap {t.max_occupancy:.0%}")
    parts.append(f"shrinkage {i.shrinkage:.0%}")
    if scenario.deflection:
        parts.append(f"deflection {scenario.deflection:.0%}")
    if i.patience_s is not None:
        parts.append(f"patience {i.patience_s:g} s")
    if i.concurrency > 1:
        parts.append(f"{i.concurrency} chats at once")
    parts.append(f"cost {scenario.hourly_cost:,.2f} per agent hour")
    return " · ".join(parts)


class _Card(QGroupBox):
    def __init__(self, name: str, with_difference: bool) -> None:
        super().__init__(f"Scenario {name}")
        self.setObjectName(f"card_{name}")
        self.capture = QPushButton(f"Capture {name}")
        self.capture.setToolTip(f"Keep the current settings and results as scenario {name}")
        self.inputs = QLabel("Not captured yet: set the sliders, then press “Capture”.")
        self.inputs.setWordWrap(True)
        self.inputs.setObjectName("card_inputs")
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.capture, 0, 0, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.inputs, 1, 0, 1, 3)
        self.values: dict[str, QLabel] = {}
        self.differences: dict[str, QLabel] = {}
        for row, (key, label) in enumerate(FIGURES.items(), start=2):
            name = QLabel(label)
            name.setObjectName("card_name")
            grid.addWidget(name, row, 0)
            value = QLabel("–")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setObjectName("card_value")
            grid.addWidget(value, row, 1)
            self.values[key] = value
            if with_difference:
                diff = QLabel("")
                diff.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                diff.setObjectName("card_difference")
                diff.setToolTip("B − A")
                grid.addWidget(diff, row, 2)
                self.differences[key] = diff
        if with_difference:
            head = QLabel("B − A")
            head.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(head, 0, 2, Qt.AlignmentFlag.AlignBottom)
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(len(FIGURES) + 2, 1)

    def show_summary(self, summary: ScenarioSummary | None) -> None:
        if summary is None:
            return
        self.inputs.setText(f"{describe(summary.scenario)}\n{summary.model}")
        for key, value in summary.figures().items():
            self.values[key].setText(format_figure(key, value))


class ScenarioCards(QWidget):
    """Cards A and B side by side; B lists its difference from A for every figure.

    Emits :attr:`capture_requested` with "A" or "B"; the page answers with
    :meth:`set_scenario` and the summary of the current sliders.
    """

    capture_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card_a = _Card("A", with_difference=False)
        self.card_b = _Card("B", with_difference=True)
        self.summaries: dict[str, ScenarioSummary | None] = {"A": None, "B": None}
        self.card_a.capture.clicked.connect(lambda: self.capture_requested.emit("A"))
        self.card_b.capture.clicked.connect(lambda: self.capture_requested.emit("B"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.card_a, 1)
        layout.addWidget(self.card_b, 1)

    def set_scenario(self, which: str, summary: ScenarioSummary) -> None:
        if which not in self.summaries:
            raise KeyError(which)
        self.summaries[which] = summary
        (self.card_a if which == "A" else self.card_b).show_summary(summary)
        self._show_differences()

    def _show_differences(self) -> None:
        a, b = self.summaries["A"], self.summaries["B"]
        if a is None or b is None:
            for label in self.card_b.differences.values():
                label.setText("")
            return
        for row in compare(a, b).itertuples(index=False):
            label = self.card_b.differences[row.figure]
            label.setText(format_difference(row.figure, row.difference))
