"""Edit the detected column mapping of an import: one drop-down per field."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QToolButton, QWidget

from wfm_desktop.core.importers import ColumnMapping
from wfm_desktop.core.importers.mapping import LAYOUTS

NONE = "(none)"
AUTO = "(detect)"

FIELD_LABELS = {
    "timestamp": ("Date and time", "One column holding the interval start (date and time)."),
    "date": ("Date", "The date, when the time is in a separate column (or the data is daily)."),
    "time": ("Time / interval", "Time of day (08:30, 08:30-08:45, Excel times) or interval numbers."),
    "queue": ("Queue", "Queue, skill, split or channel. Without one, the queue is named after the sheet or file."),
    "offered": ("Offered", "Contacts offered. Without it, offered = handled + abandoned."),
    "handled": ("Handled", "Contacts handled (answered)."),
    "abandoned": ("Abandoned", "Contacts abandoned."),
    "aht": ("AHT", "Average handle time: seconds, minutes (say so in the header), mm:ss, hh:mm:ss or Excel times."),
    "talk": ("Talk", "Average talk time (AHT = talk + hold + wrap when there is no AHT column)."),
    "hold": ("Hold", "Average hold time."),
    "wrap": ("Wrap / ACW", "Average after-call work time."),
    "asa": ("ASA", "Optional: average speed of answer, the mean wait of the answered contacts "
                   "(the callers' patience is estimated from the waiting times)."),
    "abandon_wait": ("Time to abandon", "Optional: the mean wait of the abandoned contacts before they hung up."),
    "wait_total": ("Total wait", "Optional: every caller's waiting time in the interval, added up."),
    "agents": ("Agents staffed", "Optional: agents logged in on the queue, on average over the interval "
                                 "(the patience can be estimated from them when there are no waiting times)."),
}
MORE_FIELDS = ("talk", "hold", "wrap", "asa", "abandon_wait", "wait_total", "agents")
"""Optional columns shown under "More columns" (opened by itself when the import found one of them)."""
LAYOUT_LABELS = {
    "long": "long: one row per interval",
    "wide_interval": "wide: one column per interval",
    "wide_queue": "wide: one column per queue",
    "daily": "daily totals",
}


class MappingEditor(QWidget):
    """Shows a ColumnMapping as drop-downs; :meth:`mapping` reads the edits back."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_box = QComboBox()
        self.layout_box.addItem(AUTO, None)
        for key in LAYOUTS:
            self.layout_box.addItem(LAYOUT_LABELS[key], key)
        self.layout_box.setToolTip("How the sheet is arranged.")
        form.addRow("Layout", self.layout_box)
        self.header_row = QSpinBox()
        self.header_row.setRange(-1, 1_000_000)
        self.header_row.setSpecialValueText(AUTO)
        self.header_row.setValue(-1)
        self.header_row.setToolTip("The row holding the column names (0 = the sheet has no header row).")
        form.addRow("Header row", self.header_row)
        self.boxes: dict[str, QComboBox] = {}
        self.form = form
        self.more = QToolButton()
        self.more.setCheckable(True)
        self.more.setAutoRaise(True)
        self.more.setToolTip("Talk, hold and wrap times, waiting times and agents staffed: optional columns "
                             "(shown by themselves when the import found one).")
        self.more.toggled.connect(self._show_more)
        for field_name, (label, tip) in FIELD_LABELS.items():
            if field_name == MORE_FIELDS[0]:
                form.addRow(self.more)
            box = QComboBox()
            box.setToolTip(tip)
            box.setObjectName(f"map_{field_name}")
            name = QLabel(label)
            name.setToolTip(tip)
            form.addRow(name, box)
            self.boxes[field_name] = box
            box.activated.connect(lambda *_: self.edited.emit())
        self.layout_box.activated.connect(lambda *_: self.edited.emit())
        self.header_row.valueChanged.connect(lambda *_: self.edited.emit())
        self._base = ColumnMapping()
        self.set_mapping(ColumnMapping(), [])
        self._show_more(False)

    def _show_more(self, on: bool) -> None:
        """Show or hide the optional columns' rows (they made the Data page taller than an 800-pixel screen)."""
        self.more.setText(("▾ " if on else "▸ ") + "More columns")
        for name in MORE_FIELDS:
            self.form.setRowVisible(self.boxes[name], on)

    def set_mapping(self, mapping: ColumnMapping, headers: list[str]) -> None:
        """Show `mapping`; each drop-down offers (none) and every column header."""
        self._base = mapping
        for field_name, box in self.boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(NONE, None)
            for header in headers:
                box.addItem(header, header)
            current = getattr(mapping, field_name)
            if current and current not in headers:
                box.addItem(current, current)
            box.setCurrentIndex(max(0, box.findData(current)) if current else 0)
            box.blockSignals(False)
        self.layout_box.blockSignals(True)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(mapping.layout)))
        self.layout_box.blockSignals(False)
        self.header_row.blockSignals(True)
        self.header_row.setValue(-1 if mapping.header_row is None else mapping.header_row)
        self.header_row.blockSignals(False)
        if any(getattr(mapping, name) for name in MORE_FIELDS):
            self.more.setChecked(True)  # the import found one: show what it read

    def mapping(self) -> ColumnMapping:
        """The mapping as edited: every column field explicit, so the next import uses exactly it.

        Options the drop-downs do not show (AHT unit, time zone, slot length, …) are kept.
        """
        from dataclasses import replace

        columns = {name: box.currentData() for name, box in self.boxes.items()}
        header = self.header_row.value()
        layout = self.layout_box.currentData()
        keep_wide = layout == self._base.layout
        return replace(
            self._base, layout=layout, header_row=None if header < 0 else header, **columns,
            interval_columns=self._base.interval_columns if keep_wide else (),
            queue_columns=self._base.queue_columns if keep_wide else (),
            report_date=None,  # re-read from each sheet's title, never one date for all sheets
        )
