"""A/B scenario cards: two captured scenarios side by side, with B's differences from A."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from wfm_desktop.core.staffing.tradeoffs import FIGURES, Scenario, ScenarioSummary, compare


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


def describe(scenario: Scenario, per_line: int | None = None) -> str:
    """The scenario's inputs in a short text: one line, or `per_line` items to a line."""
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
    parts.append(f"{scenario.hourly_cost:,.2f} per agent hour")
    if per_line is None:
        return " · ".join(parts)
    return "\n".join(" · ".join(parts[i:i + per_line]) for i in range(0, len(parts), per_line))


class _Card:
    """One scenario's column: its title, inputs line and figures (and B − A for card B)."""

    def __init__(self, name: str, with_difference: bool) -> None:
        self.name = name
        self.frame = QFrame()
        self.frame.setObjectName("card")
        self.title = QLabel(f"Scenario {name}")
        self.title.setObjectName("card_title")
        self.inputs = QLabel("Not captured yet: set the sliders, then press “Capture”.")
        self.inputs.setObjectName("card_inputs")
        self.inputs.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.values: dict[str, QLabel] = {}
        self.differences: dict[str, QLabel] = {}
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for key in FIGURES:
            value = QLabel("–")
            value.setAlignment(right)
            value.setObjectName("card_value")
            self.values[key] = value
            if with_difference:
                diff = QLabel("")
                diff.setAlignment(right)
                diff.setObjectName("card_difference")
                diff.setToolTip("B − A")
                self.differences[key] = diff

    def show_summary(self, summary: ScenarioSummary | None) -> None:
        if summary is None:
            return
        self.inputs.setText(f"{describe(summary.scenario, per_line=2)}\n{summary.model}")
        for key, value in summary.figures().items():
            self.values[key].setText(format_figure(key, value))


class ScenarioCards(QWidget):
    """Cards A and B side by side; B lists its difference from A for every figure.

    The two cards share one grid, so the figure names are written once at the
    left and the rows line up. The page captures with :meth:`set_scenario`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card_a = _Card("A", with_difference=False)
        self.card_b = _Card("B", with_difference=True)
        self.summaries: dict[str, ScenarioSummary | None] = {"A": None, "B": None}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(3)
        first = 3  # rows: 0 title, 1 inputs, 2 the "B − A" heading, then one per figure
        last = first + len(FIGURES)
        # The card frames first (under the labels): A spans its column, B its value and B − A columns.
        grid.addWidget(self.card_a.frame, 0, 1, last + 1, 1)
        grid.addWidget(self.card_b.frame, 0, 2, last + 1, 2)
        top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        for col, card in ((1, self.card_a), (2, self.card_b)):
            card.title.setContentsMargins(8, 6, 8, 0)
            grid.addWidget(card.title, 0, col, 1, 1 if col == 1 else 2)
            grid.addWidget(card.inputs, 1, col, 1, 1 if col == 1 else 2, top)
            card.inputs.setContentsMargins(8, 0, 8, 6)
        difference = QLabel("B − A")
        difference.setObjectName("card_name")
        difference.setContentsMargins(0, 0, 10, 0)
        difference.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        grid.addWidget(difference, first - 1, 3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        for row, (key, label) in enumerate(FIGURES.items(), start=first):
            name = QLabel(label)
            name.setObjectName("card_name")
            grid.addWidget(name, row, 0)
            self.card_a.values[key].setContentsMargins(0, 0, 10, 0)
            grid.addWidget(self.card_a.values[key], row, 1)
            grid.addWidget(self.card_b.values[key], row, 2)
            self.card_b.differences[key].setContentsMargins(0, 0, 10, 0)
            grid.addWidget(self.card_b.differences[key], row, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(last, 1)

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
