"""The Calculator's rule of thumb: a day's staffing on the back of an envelope, both shrinkage conventions.

contacts a day × AHT ÷ (shift length × occupancy) live agents, rounded up; then
grossed up for shrinkage by dividing (net ÷ (1 − shrinkage), the app's convention)
and by multiplying (net × (1 + shrinkage), what some guides do), with the
sentence that says why the two differ. The numbers come from
:func:`wfm_desktop.core.staffing.shrinkage.rule_of_thumb` (microseconds of
arithmetic, so it runs on the GUI thread).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.shrinkage import DIVIDE, MULTIPLY, gross_agents, rule_of_thumb
from wfm_desktop.gui.theme import set_role
from wfm_desktop.gui.widgets.number_box import number_box

CLASSIC = {"contacts": 1200, "aht_min": 6, "shift_min": 450, "occupancy": 85, "shrinkage": 30}

WHY = ("Shrinkage is a share of paid time, so the agents available are paid × (1 − shrinkage): "
       "dividing by (1 − shrinkage) gives enough, multiplying by (1 + shrinkage) leaves too few.")


def conventions_sentence(net: int, shrinkage: float) -> str:
    """Erlang C's net agents grossed up both ways, and why the app divides.

    >>> conventions_sentence(14, 0.3)
    'Gross 20 = 14 ÷ (1 − 30%). Multiplying instead (14 × 1.30) gives 19, of whom 13.3 are available (fewer than 14): it understates the staff by 1.'
    """
    if net <= 0 or shrinkage <= 0:
        return "No shrinkage: gross = net, whichever convention."
    divide = int(gross_agents(net, shrinkage, DIVIDE))
    multiply = int(gross_agents(net, shrinkage, MULTIPLY))
    text = (f"Gross {divide} = {net} ÷ (1 − {shrinkage:.0%}). Multiplying instead ({net} × {1 + shrinkage:.2f}) "
            f"gives {multiply}, of whom {multiply * (1 - shrinkage):.1f} are available")
    if multiply < divide:
        return text + f" (fewer than {net}): it understates the staff by {divide - multiply}."
    return text + "."


class RuleOfThumbBox(QGroupBox):
    """Inputs of the daily rule of thumb and its result: live agents, gross by dividing and by multiplying."""

    computed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Rule of thumb: a whole day at once", parent)
        self.setToolTip("The classic back-of-envelope check: contacts a day × AHT ÷ (shift × occupancy) live agents, "
                        "then shrinkage. Erlang C (above) staffs each interval to the service target instead.")
        self.contacts = number_box(0, 10_000_000, CLASSIC["contacts"], decimals=0, step=100)
        self.aht_min = number_box(0.1, 600, CLASSIC["aht_min"], decimals=1, step=0.5, suffix=" min")
        self.shift_min = number_box(1, 1440, CLASSIC["shift_min"], decimals=0, step=15, suffix=" min")
        self.occupancy = number_box(1, 100, CLASSIC["occupancy"], decimals=1, step=5, suffix=" %")
        self.shrinkage = number_box(0, 95, CLASSIC["shrinkage"], decimals=1, step=1, suffix=" %")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, box, tip in (
            ("Contacts a day", self.contacts, "Contacts offered in the whole day."),
            ("Handle time", self.aht_min, "Average handle time in minutes."),
            ("Shift length", self.shift_min, "Paid minutes of one shift (450 = 7.5 hours)."),
            ("Occupancy", self.occupancy, "Share of logged-in time spent on contacts (the rule's planning figure)."),
            ("Shrinkage", self.shrinkage, "Share of paid time not available for contacts."),
        ):
            box.setToolTip(tip)
            form.addRow(label, box)
            box.valueChanged.connect(self.recompute)
        classic = QPushButton("The classic example")
        classic.setToolTip("1,200 calls a day, 6 min AHT, 450-minute shift, 85% occupancy, 30% shrinkage")
        classic.clicked.connect(self.classic_example)
        form.addRow(classic)

        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        for row, (key, label) in enumerate((("live", "Live agents"), ("divide", "Gross, dividing (used)"),
                                            ("multiply", "Gross, multiplying"))):
            name = QLabel(label)
            value = QLabel("–")
            value.setObjectName(f"rule_{key}")
            value.setWordWrap(True)  # "19 × 1.30 = 24.7 → 25 (understates)" held the Calculator wide in presentation
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setStyleSheet("font-weight: bold;" if key != "multiply" else "")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.figures[key] = value
        grid.setColumnStretch(1, 1)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.explanation, "muted")
        self.why = QLabel(WHY)
        self.why.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(grid)
        layout.addWidget(self.why)
        layout.addWidget(self.explanation)
        self.recompute()

    def classic_example(self) -> None:
        for key, value in CLASSIC.items():
            getattr(self, key).setValue(value)

    def recompute(self, *_args) -> None:
        try:
            result = rule_of_thumb(self.contacts.value(), self.aht_min.value(), self.shift_min.value(),
                                   self.occupancy.value() / 100, self.shrinkage.value() / 100)
        except WfmError as exc:
            for label in self.figures.values():
                label.setText("–")
            self.explanation.setText(str(exc))
            return
        s = self.shrinkage.value() / 100
        self.figures["live"].setText(f"{result.live_agents_exact:,.1f} → {result.live_agents:,}")
        self.figures["divide"].setText(f"{result.live_agents:,} ÷ {1 - s:.2f} = {result.gross_divide_exact:,.1f} → "
                                       f"{result.gross_divide:,}")
        self.figures["multiply"].setText(f"{result.live_agents:,} × {1 + s:.2f} = {result.gross_multiply_exact:,.1f} → "
                                         f"{result.gross_multiply:,}"
                                         + (" (understates)" if result.gross_multiply < result.gross_divide else ""))
        self.explanation.setText(result.explanation)
        self.computed.emit()
