"""The abnormal periods the forecast found, each with a check box, and the planner's own periods to leave out.

A checked row is kept out of model fitting, weekday averages and intraday profiles. Unchecking a
detected abnormal period keeps it in (``keep_periods``); checking a recurring one, or adding a period
of your own, leaves it out (``exclude_periods``); "Keep abnormal periods out" is ``clean_history``.
The choices are forecast settings: ``changed()`` is emitted after each edit the planner makes (not
after :meth:`set_choices`), and the next run applies them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast.cleaning import Period
from wfm_desktop.gui.widgets.data_table import install_copy

COLUMNS = ("Keep out", "Queue", "From", "To", "Days", "Kind", "Change", "Expected / day", "Actual / day", "Note")
ALL_QUEUES = "All queues"


class FindingsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clean = True
        self.keep: tuple[Period, ...] = ()
        self.exclude: tuple[Period, ...] = ()
        self.findings = pd.DataFrame()
        self._filling = False

        self.detect = QCheckBox("Keep abnormal periods out")
        self.detect.setChecked(True)
        self.detect.setToolTip("Festivals, outages, campaigns: a day far from what its weekday, season and trend predict (beyond 4 robust standard\n"
                               "deviations, and at least 15% off) is left out of fitting, weekday averages and\n"
                               "intraday profiles. Uncheck a row below to keep that period in.")
        self.detect.toggled.connect(self._detect_toggled)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._item_changed)
        install_copy(self.table)
        self.table.setToolTip("Checked: kept out of the forecast's fitting, weekday averages and profiles.\n"
                              "The change is relative to what the weekday, season and trend predict.")

        self.add_start, self.add_end = QDateEdit(), QDateEdit()
        for box in (self.add_start, self.add_end):
            box.setCalendarPopup(True)
            box.setDisplayFormat("yyyy-MM-dd")
        self.add_queue = QComboBox()
        self.add_queue.addItem(ALL_QUEUES)
        self.add_start.setToolTip("First day of a period of your own to leave out of the forecast")
        self.add_end.setToolTip("Last day of the period (inclusive)")
        self.add_queue.setToolTip("The queue the period concerns, or every queue")
        self.add_label = QLineEdit()
        self.add_label.setToolTip("What happened, e.g. a system outage or a campaign (shown in the findings)")
        self.add_label.setPlaceholderText("label (e.g. system outage)")
        self.add_button = QPushButton("Leave out")
        self.add_button.setToolTip("Leave this period out of the forecast's fitting, averages and profiles")
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button = QPushButton("Remove selected")
        self.remove_button.setToolTip("Remove your own periods selected in the table (detected ones: uncheck them)")
        self.remove_button.clicked.connect(self._remove_selected)
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel("Your period: from"))
        add_row.addWidget(self.add_start)
        add_row.addWidget(QLabel("to"))
        add_row.addWidget(self.add_end)
        add_row.addStretch(1)
        # the queue and label, then the buttons, on rows of their own: the page fits a window 1,280 px wide
        # beside the settings, in presentation mode too
        label_row = QHBoxLayout()
        label_row.addWidget(self.add_queue)
        label_row.addWidget(self.add_label, 1)
        button_row = QHBoxLayout()
        button_row.addWidget(self.add_button)
        button_row.addWidget(self.remove_button)
        button_row.addStretch(1)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.detect)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        layout.addLayout(label_row)
        layout.addLayout(button_row)
        layout.addWidget(self.summary)

    # -- state -----------------------------------------------------------------
    def set_choices(self, clean: bool, keep, exclude) -> None:
        """Show the settings' choices (no ``changed``)."""
        self.clean, self.keep, self.exclude = bool(clean), tuple(keep), tuple(exclude)
        self.detect.blockSignals(True)
        self.detect.setChecked(self.clean)
        self.detect.blockSignals(False)
        self._fill()

    def set_findings(self, findings: pd.DataFrame | None, queues: list[str] | None = None) -> None:
        """The last run's findings (its own periods are listed from the settings, not from here)."""
        frame = pd.DataFrame() if findings is None else findings
        self.findings = frame[frame["kind"] != "user"].reset_index(drop=True) if "kind" in frame.columns else frame
        if queues is not None:
            current = self.add_queue.currentText()
            self.add_queue.clear()
            self.add_queue.addItems([ALL_QUEUES, *queues])
            self.add_queue.setCurrentText(current if current in queues else ALL_QUEUES)
        if len(self.findings):
            last = pd.Timestamp(self.findings["end"].max())
            self.add_start.setDate(QDate(last.year, last.month, last.day))
            self.add_end.setDate(QDate(last.year, last.month, last.day))
        self._fill()

    def _kept_in(self, queue: str, start, end) -> bool:
        return any(p.applies_to(queue) and p.overlaps(start, end) for p in self.keep)

    def _excluded(self, queue: str, start, end) -> bool:
        return any(p.applies_to(queue) and p.start <= start and end <= p.end for p in self.exclude)

    def rows(self) -> list[dict]:
        """What the table lists: the findings (checked = kept out) and the planner's periods."""
        out = []
        for f in self.findings.itertuples(index=False):
            start, end = pd.Timestamp(f.start).date(), pd.Timestamp(f.end).date()
            if f.kind == "abnormal":
                out_now = self.clean and not self._kept_in(f.queue, start, end)
            else:
                out_now = self._excluded(f.queue, start, end)
            out.append({"source": "finding", "queue": str(f.queue), "start": start, "end": end, "days": int(f.days),
                        "kind": str(f.kind), "change": f.change, "expected": f.expected_per_day,
                        "actual": f.actual_per_day, "note": "" if pd.isna(f.note) else str(f.note), "out": out_now})
        for p in self.exclude:
            if any(r["start"] == p.start and r["end"] == p.end and r["queue"] == (p.queue or r["queue"])
                   and r["source"] == "finding" for r in out):
                continue  # a recurring finding the planner checked: listed once, as the finding
            out.append({"source": "user", "queue": p.queue or ALL_QUEUES, "start": p.start, "end": p.end,
                        "days": (p.end - p.start).days + 1, "kind": "yours", "change": float("nan"),
                        "expected": float("nan"), "actual": float("nan"), "note": p.label, "out": True})
        return out

    def _fill(self) -> None:
        rows = self.rows()
        self._filling = True
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked if row["out"] else Qt.CheckState.Unchecked)
            if row["kind"] == "abnormal" and not self.clean:
                check.setFlags(Qt.ItemFlag.ItemIsEnabled)  # detection is off: nothing detected is left out
            texts = (row["queue"], f"{row['start']:%Y-%m-%d}", f"{row['end']:%Y-%m-%d}", str(row["days"]), row["kind"],
                     _signed(row["change"]), _number(row["expected"]), _number(row["actual"]), row["note"])
            self.table.setItem(number, 0, check)
            for column, text in enumerate(texts, start=1):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(number, column, item)
        self._filling = False
        self._rows = rows
        kept_out = sum(r["out"] for r in rows)
        self.summary.setText(f"{kept_out} of {len(rows)} period(s) kept out." if rows else
                             "No abnormal period found in the last run; add your own above.")

    # -- edits -----------------------------------------------------------------
    def _detect_toggled(self, on: bool) -> None:
        self.clean = bool(on)
        self._fill()
        self.changed.emit()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        self.set_kept_out(item.row(), item.checkState() == Qt.CheckState.Checked)

    def set_kept_out(self, row_number: int, out: bool) -> None:
        """Keep the period of table row `row_number` out of the forecast (True) or in (False)."""
        row = self._rows[row_number]
        queue = None if row["queue"] == ALL_QUEUES else row["queue"]
        period = Period(row["start"], row["end"], queue, row["note"] if row["source"] == "user" else "")
        if row["kind"] == "abnormal":
            self.keep = tuple(p for p in self.keep if not (p.applies_to(row["queue"])
                                                           and p.overlaps(row["start"], row["end"])))
            if not out:
                self.keep += (Period(row["start"], row["end"], queue, "kept in by the planner"),)
        else:
            self.exclude = tuple(p for p in self.exclude if not (p.start == period.start and p.end == period.end
                                                                 and p.queue == queue))
            if out:
                self.exclude += (period,)
        self._fill()
        self.changed.emit()

    def add_period(self, start: dt.date, end: dt.date, queue: str | None, label: str = "") -> None:
        """Leave a period of the planner's own out (WfmError when it ends before it starts)."""
        self.exclude += (Period(start, end, queue, label),)
        self._fill()
        self.changed.emit()

    def _add_clicked(self) -> None:
        queue = self.add_queue.currentText()
        try:
            self.add_period(self.add_start.date().toPython(), self.add_end.date().toPython(),
                            None if queue == ALL_QUEUES else queue, self.add_label.text().strip())
        except WfmError as exc:
            self.summary.setText(str(exc))
            return
        self.add_label.clear()

    def _remove_selected(self) -> None:
        chosen = sorted({index.row() for index in self.table.selectedIndexes()})
        users = [self._rows[r] for r in chosen if self._rows[r]["source"] == "user"]
        if not users:
            self.summary.setText("Select one of your own periods to remove (uncheck a detected one to keep it in).")
            return
        for row in users:
            queue = None if row["queue"] == ALL_QUEUES else row["queue"]
            self.exclude = tuple(p for p in self.exclude if not (p.start == row["start"] and p.end == row["end"]
                                                                 and p.queue == queue))
        self._fill()
        self.changed.emit()


def _signed(value) -> str:
    return "" if value is None or value != value else f"{value:+.0%}"


def _number(value) -> str:
    return "" if value is None or value != value else f"{value:,.0f}"
