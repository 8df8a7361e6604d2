"""A queue's opening hours, one box per day of the week, and its special dates.

Seven boxes, in the plan's week order (Monday, Sunday or Saturday first; see
:class:`~wfm_desktop.gui.widgets.week_start.WeekStartBox`), each "HH:MM-HH:MM" or "closed", so a
week with Sunday open and Friday a half day can be entered. All seven empty: staff every interval
the forecast has contacts in. Below them, special dates with their own hours
("2027-12-24 08:00-13:00; 2027-12-25 closed"). The editor only shows and reads text; the core
parses it (:class:`~wfm_desktop.core.staffing.queue_settings.OpenHours`,
:func:`~wfm_desktop.core.staffing.queue_settings.parse_special_hours`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from wfm_desktop.core.staffing.queue_settings import (
    WEEKDAY_NAMES,
    OpenHours,
    parse_special_hours,
    special_hours_text,
)

TIP = ("Opening hours of this day as HH:MM-HH:MM (e.g. 08:00-17:00; 'closed' or empty = closed once any day\n"
       "has hours). Leave all seven empty to staff every interval the forecast has contacts in.")
SPECIAL_TIP = ("Dates with other hours than their weekday's: a date (YYYY-MM-DD) and its hours or 'closed',\n"
               "separated by ';' — e.g. 2027-12-24 08:00-13:00; 2027-12-25 closed.")


class OpeningHoursEditor(QWidget):
    """Seven day boxes and a special-dates box; :attr:`edited` on any change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days = [QLineEdit() for _ in range(7)]  # Monday = 0, as the core counts
        self.labels = [QLabel(name) for name in WEEKDAY_NAMES]
        self.special = QLineEdit()
        self.special.setToolTip(SPECIAL_TIP)
        self.special.setPlaceholderText("none (e.g. 2027-12-25 closed)")
        for name, edit in zip(WEEKDAY_NAMES, self.days):
            edit.setToolTip(TIP)
            edit.setObjectName(f"open_{name.lower()}")
            edit.textChanged.connect(self._update_hints)
            edit.textChanged.connect(lambda *_: self.edited.emit())
        self.special.textChanged.connect(lambda *_: self.edited.emit())
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.special_label = QLabel("Special dates")
        self.set_first_day(0)
        self._update_hints()

    def set_first_day(self, first_day: int) -> None:
        """Lay the days out from `first_day` (Monday = 0, Sunday = 6, Saturday = 5)."""
        for i in range(7):
            day = (int(first_day) + i) % 7
            self._grid.addWidget(self.labels[day], i, 0)
            self._grid.addWidget(self.days[day], i, 1)
        self._grid.addWidget(self.special_label, 7, 0)
        self._grid.addWidget(self.special, 7, 1)
        order = [(int(first_day) + i) % 7 for i in range(7)]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(self.days[a], self.days[b])
        QWidget.setTabOrder(self.days[order[-1]], self.special)

    def set_hours(self, hours: OpenHours | None, special=()) -> None:
        """Show a queue's hours (without emitting :attr:`edited`)."""
        self.blockSignals(True)
        for day, edit in enumerate(self.days):
            edit.setText("" if hours is None else hours.text(day).replace("–", "-"))
        self.special.setText(special_hours_text(special))
        self.blockSignals(False)
        self._update_hints()

    def hours(self) -> OpenHours | None:
        """The seven boxes as OpenHours (None: all empty); WfmError naming the day for bad text."""
        texts = [e.text().strip() for e in self.days]
        return None if not any(texts) else OpenHours.from_texts([t or None for t in texts])

    def special_hours(self):
        return parse_special_hours(self.special.text())

    def _update_hints(self, *_args) -> None:
        """Empty boxes say what they mean: all empty = as the forecast has contacts; else closed."""
        any_set = any(e.text().strip() for e in self.days)
        for day, edit in enumerate(self.days):
            edit.setPlaceholderText("closed" if any_set else ("as forecast (e.g. 08:00-20:00)" if day == 0
                                                               else "as forecast"))
