"""Editable inputs of the Budget page: small tables and forms that build core objects.

Widgets hold text and numbers; turning them into :class:`BudgetInputs` or a
:class:`Periods` goes through the core, whose WfmError messages (with the
table, row and column) are shown on the page. Nothing here computes.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.gui.widgets.number_box import number_box
from wfm_desktop.core.budget.capacity import CapacitySettings, Hire
from wfm_desktop.core.budget.inputs import DEFAULTS, BudgetInputs, Licence, OneOff, Site
from wfm_desktop.core.errors import WfmError
from wfm_desktop.gui.glossary import apply_header_tips
from wfm_desktop.gui.widgets.data_table import install_copy


class EditTable(QWidget):
    """A QTableWidget with typed columns, add/remove buttons and an ``edited`` signal.

    ``columns`` is a list of ``(key, header, choices_or_None, tooltip)``; a
    column with choices is a combo box in each row.
    """

    edited = Signal()

    def __init__(self, name: str, columns, *, new_row: dict | None = None, height: int = 130,
                 widths: tuple[int, ...] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.name = name
        self.columns = list(columns)
        self.new_row = new_row or {}
        self.table = QTableWidget(0, len(self.columns))
        install_copy(self.table)
        self.table.setHorizontalHeaderLabels([c[1] for c in self.columns])
        apply_header_tips(self.table)  # what each heading means (gui/glossary.py)
        for i, (_, _, _, tip) in enumerate(self.columns):
            self.table.horizontalHeaderItem(i).setToolTip(tip)
        if widths:
            for i, width in enumerate(widths):
                self.table.setColumnWidth(i, width)
            self.table.horizontalHeader().setStretchLastSection(True)
        else:
            self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setMinimumHeight(height)
        self.table.itemChanged.connect(lambda _item: self.edited.emit())
        add = QPushButton("Add row")
        add.clicked.connect(lambda: self.add_row(self.new_row))
        remove = QPushButton("Remove row")
        remove.setToolTip("Remove the selected row (or the last one)")
        remove.clicked.connect(self.remove_row)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(add)
        self.buttons.addWidget(remove)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(self.buttons)

    def add_row(self, values: dict) -> None:
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, (key, _, choices, _) in enumerate(self.columns):
            value = values.get(key, "")
            if choices:
                combo = QComboBox()
                combo.setToolTip(self.table.horizontalHeaderItem(col).toolTip())
                combo.addItems(list(choices))
                combo.setCurrentText(str(value) if value != "" else choices[0])
                combo.currentTextChanged.connect(lambda _t: self.edited.emit())
                self.table.setCellWidget(row, col, combo)
            else:
                text = f"{value:g}" if isinstance(value, float) else str(value)
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.blockSignals(False)
        self.edited.emit()

    def remove_row(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True) or [self.table.rowCount() - 1]
        for row in rows:
            if row >= 0:
                self.table.removeRow(row)
        self.edited.emit()

    def set_rows(self, rows: list[dict]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        for values in rows:
            self.add_row(values)

    def rows(self) -> list[tuple[int, dict[str, str]]]:
        """(row number from 1, {key: text}) for each non-empty row."""
        out = []
        for row in range(self.table.rowCount()):
            cells = {}
            for col, (key, _, choices, _) in enumerate(self.columns):
                if choices:
                    cells[key] = self.table.cellWidget(row, col).currentText()
                else:
                    item = self.table.item(row, col)
                    cells[key] = item.text().strip() if item is not None else ""
            if any(v for k, v in cells.items() if not any(k == c[0] and c[2] for c in self.columns)):
                out.append((row + 1, cells))
        return out

    def number(self, row: int, cells: dict, key: str, *, blank: float | None = None) -> float:
        text = cells.get(key, "").replace(",", "")
        header = next(c[1] for c in self.columns if c[0] == key)
        if text == "":
            if blank is None:
                raise WfmError(f"{self.name}: row {row}, column {header}: empty")
            return blank
        try:
            return float(text.rstrip("%")) / (100.0 if text.endswith("%") else 1.0)
        except ValueError:
            raise WfmError(f"{self.name}: row {row}, column {header}: '{text}' is not a number") from None


def _spin(low, high, value, *, decimals=2, step=1.0, suffix="", tip=""):
    return number_box(low, high, value, decimals=decimals, step=step, suffix=suffix, tip=tip)


def _tip(name: str) -> str:
    value, why = DEFAULTS[name]
    return f"{why}.\nDefault: {value if value is not None else 'empty'}."


class CostInputsPanel(QWidget):
    """Sites, licences, one-off costs, training and hiring settings → :class:`BudgetInputs`."""

    edited = Signal()

    def __init__(self, parent=None, *, contract_box: QDoubleSpinBox | None = None) -> None:
        """``contract_box``: the plan's contracted-week box (shared with the Staffing page), shown here
        instead of a week of the budget's own; its edits are the plan's, not this panel's."""
        super().__init__(parent)
        self._shared_contract = contract_box is not None
        self.sites = EditTable("Sites", [
            ("name", "Site", None, "Site or vendor name (unique)."),
            ("kind", "Kind", ("in-house", "outsourced"), "In-house: wage + overhead. Outsourced: the vendor's price."),
            ("share", "Share", None, "Fraction of the paid hours (all sites add up to 1, e.g. 0.5)."),
            ("hourly_wage", "Wage/h", None, _tip("hourly_wage")),
            ("overhead", "Overhead", None, _tip("overhead") + "\nA fraction of wages: 0.30 = 30 %."),
            ("rate", "Vendor rate", None, "Outsourced: price per rate unit."),
            ("rate_unit", "Rate per", ("hour", "minute", "contact", "agent_month"),
             "Vendor price per paid hour, handled minute, contact or agent-month (an FTE for a month)."),
            ("licences", "Licences", ("yes", "no"), "Do we pay the per-agent licences for this site's agents?"),
            ("contract_hours_week", "Own week (h)", None,
             "Only for a site whose contract differs from the plan's contracted week: its hours a week\n"
             "(turns its hours into agent-months for vendor prices and seats). Empty = the plan's week."),
        ], new_row={"name": "New site", "share": 0.0, "hourly_wage": 20.0, "overhead": 0.3, "rate": 0.0}, height=110,
            widths=(90, 95, 45, 55, 62, 72, 100, 60, 70))
        self.licences = EditTable("Licences", [
            ("name", "Licence / tool", None, "Contact-centre platform, CRM, QA/knowledge, WFM…"),
            ("amount", "Amount", None, "Per agent-month, or per month for a flat fee."),
            ("per", "Per", ("agent", "month"), "agent: per seat per month; month: one flat monthly amount."),
        ], new_row={"name": "Tool", "amount": 0.0}, height=100)
        self.one_offs = EditTable("Implementation costs", [
            ("name", "One-off cost", None, "Implementation, integration, set-up…"),
            ("amount", "Amount", None, "Charged once, in its month."),
            ("month", "Month", None, "YYYY-MM"),
        ], new_row={"name": "Set-up", "amount": 0.0, "month": pd.Timestamp.today().strftime("%Y-%m")}, height=70)
        self.hires = EditTable("Planned hires", [
            ("start", "Class starts", None, "Start date of a hiring class (YYYY-MM-DD)."),
            ("count", "People", None, "Whole people in the class."),
        ], new_row={"start": pd.Timestamp.today().strftime("%Y-%m-%d"), "count": "5"}, height=70)

        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.currency.setToolTip(_tip("currency"))
        self.contract = contract_box if contract_box is not None else _spin(
            1, 80, DEFAULTS["contract_hours_week"][0], decimals=2, suffix=" h/week", tip=_tip("contract_hours_week"))
        self.trainer = _spin(0, 1e6, 600, decimals=0, step=50, tip=_tip("trainer_cost_per_hire"))
        self.training = _spin(0, 52, 6, decimals=1, suffix=" weeks", tip=_tip("training_weeks"))
        self.nesting = _spin(0, 52, 4, decimals=1, suffix=" weeks", tip=_tip("nesting_weeks"))
        self.nesting_prod = _spin(0, 100, 50, decimals=0, step=5, suffix=" %", tip=_tip("nesting_productivity"))
        self.attrition = _spin(0, 100, 3, decimals=2, step=0.5, suffix=" % / month", tip=_tip("attrition_month"))
        self.lead = _spin(0, 104, 6, decimals=0, suffix=" weeks", tip=_tip("lead_time_weeks"))
        self.min_class = QSpinBox()
        self.min_class.setRange(1, 500)
        self.min_class.setToolTip(_tip("min_class_size"))
        self.start_heads = _spin(-1, 1e6, -1, decimals=1, tip=_tip("starting_headcount"))
        self.start_heads.setSpecialValueText("first period's need")
        self.fte_per_head = _spin(0.01, 1.5, 1.0, decimals=2, step=0.05,
                                  tip="FTE one person works (1.0 full-time; 0.8 for a part-time mix).")

        costs = QGroupBox("Costs")
        form = QFormLayout(costs)
        form.addRow("Currency", self.currency)
        form.addRow("Contracted week (whole plan)" if self._shared_contract else "Contracted week", self.contract)
        form.addRow(self.licences)
        form.addRow(self.one_offs)
        hiring = QGroupBox("Training and hiring")
        hform = QFormLayout(hiring)
        for label, widget in (("Training (0 %)", self.training), ("Nesting", self.nesting),
                              ("Nesting productivity", self.nesting_prod), ("Trainer cost per hire", self.trainer),
                              ("Attrition", self.attrition), ("Recruiting lead time", self.lead),
                              ("Minimum class size", self.min_class), ("Starting headcount", self.start_heads),
                              ("FTE per head", self.fte_per_head)):
            hform.addRow(label, widget)
        hform.addRow(self.hires)
        sites_box = QGroupBox("Sites and vendors")
        sites_layout = QVBoxLayout(sites_box)
        sites_layout.addWidget(self.sites)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(sites_box)
        layout.addWidget(costs)
        layout.addWidget(hiring)
        for table in (self.sites, self.licences, self.one_offs, self.hires):
            table.edited.connect(self.edited)
        self.currency.textEdited.connect(lambda _t: self.edited.emit())
        boxes = [self.trainer, self.training, self.nesting, self.nesting_prod, self.attrition,
                 self.lead, self.min_class, self.start_heads, self.fte_per_head]
        if not self._shared_contract:
            boxes.append(self.contract)
        for box in boxes:
            box.valueChanged.connect(lambda _v: self.edited.emit())
        self.set_inputs(BudgetInputs())

    # -- BudgetInputs <-> widgets ------------------------------------------------
    def set_inputs(self, inputs: BudgetInputs) -> None:
        widgets = (self.currency, self.contract, self.trainer, self.training, self.nesting, self.nesting_prod,
                   self.attrition, self.lead, self.min_class, self.start_heads, self.fte_per_head)
        # The shared box shows the plan's week; a budget file or stored budget inputs never change it.
        widgets = widgets[:1] + widgets[2:] if self._shared_contract else widgets
        for w in widgets:
            w.blockSignals(True)
        cap = inputs.capacity
        self.currency.setText(inputs.currency)
        if not self._shared_contract:
            self.contract.setValue(inputs.contract_hours_week)
        self.trainer.setValue(inputs.trainer_cost_per_hire)
        self.training.setValue(cap.training_weeks)
        self.nesting.setValue(cap.nesting_weeks)
        self.nesting_prod.setValue(cap.nesting_productivity * 100)
        self.attrition.setValue(cap.attrition_month * 100)
        self.lead.setValue(cap.lead_time_weeks)
        self.min_class.setValue(cap.min_class_size)
        self.start_heads.setValue(-1 if cap.starting_headcount is None else cap.starting_headcount)
        self.fte_per_head.setValue(cap.fte_per_head)
        for w in widgets:
            w.blockSignals(False)
        self.sites.set_rows([
            {"name": s.name, "kind": s.kind, "share": s.share, "hourly_wage": s.hourly_wage if s.in_house else "",
             "overhead": s.overhead if s.in_house else "", "rate": s.rate if not s.in_house else "",
             "rate_unit": s.rate_unit, "licences": "yes" if s.licences else "no",
             "contract_hours_week": "" if s.contract_hours_week is None else f"{s.contract_hours_week:g}"}
            for s in inputs.sites
        ])
        self.licences.set_rows([{"name": x.name, "amount": x.amount, "per": x.per} for x in inputs.licences])
        self.one_offs.set_rows([{"name": x.name, "amount": x.amount, "month": f"{x.month:%Y-%m}"}
                                for x in inputs.implementation])
        self.hires.set_rows([{"start": f"{h.start:%Y-%m-%d}", "count": str(h.count)} for h in cap.hires])

    def inputs(self) -> BudgetInputs:
        """The form as BudgetInputs; raises WfmError naming the table, row and column."""
        sites = []
        for row, c in self.sites.rows():
            in_house = c["kind"] == "in-house"
            try:
                sites.append(Site(
                    name=c["name"], kind=c["kind"], share=self.sites.number(row, c, "share"),
                    hourly_wage=self.sites.number(row, c, "hourly_wage", blank=20.0) if in_house else 0.0,
                    overhead=self.sites.number(row, c, "overhead", blank=0.3) if in_house else 0.0,
                    rate=0.0 if in_house else self.sites.number(row, c, "rate"),
                    rate_unit=c["rate_unit"], licences=c["licences"] == "yes",
                    contract_hours_week=(None if not c.get("contract_hours_week", "").strip()
                                         else self.sites.number(row, c, "contract_hours_week")),
                ))
            except WfmError as exc:
                raise WfmError(f"Sites: row {row}: {exc}" if "row" not in str(exc) else str(exc)) from None
        licences = tuple(Licence(c["name"], self.licences.number(r, c, "amount"), c["per"])
                         for r, c in self.licences.rows())
        one_offs = []
        for r, c in self.one_offs.rows():
            try:
                one_offs.append(OneOff(c["name"], self.one_offs.number(r, c, "amount"), c["month"]))
            except WfmError as exc:
                raise WfmError(f"Implementation costs: row {r}: {exc}") from None
        hires = []
        for r, c in self.hires.rows():
            try:
                start = pd.Timestamp(c["start"])
            except ValueError:
                raise WfmError(f"Planned hires: row {r}, column Class starts: '{c['start']}' is not a date") from None
            hires.append(Hire(start, self.hires.number(r, c, "count")))
        heads = self.start_heads.value()
        capacity = CapacitySettings(
            starting_headcount=None if heads < 0 else heads,
            attrition_month=self.attrition.value() / 100.0,
            training_weeks=self.training.value(),
            nesting_weeks=self.nesting.value(),
            nesting_productivity=self.nesting_prod.value() / 100.0,
            lead_time_weeks=self.lead.value(),
            min_class_size=self.min_class.value(),
            fte_per_head=self.fte_per_head.value(),
            hires=tuple(hires),
        )
        return BudgetInputs(
            sites=tuple(sites), currency=self.currency.text().strip().upper(),
            contract_hours_week=self.contract.value(), licences=licences, implementation=tuple(one_offs),
            trainer_cost_per_hire=self.trainer.value(), capacity=capacity,
        )


class RequiredTable(EditTable):
    """The required-FTE table a planner loads or types when there is no plan yet."""

    def __init__(self, parent=None) -> None:
        super().__init__("Required staff", [
            ("period", "Week / month", None, "A Monday (weekly plan) or the 1st of a month (monthly plan)."),
            ("required_fte", "Required FTE", None, "Paid FTE the plan needs (after shrinkage)."),
            ("contacts", "Contacts", None, "Optional: contacts in the period (for cost per contact)."),
            ("handled_hours", "Handled hours", None, "Optional: contacts × AHT in hours (cost per handled hour)."),
        ], new_row={"period": "", "required_fte": ""}, height=150, parent=parent)

    def frame(self) -> pd.DataFrame:
        rows = []
        for r, c in self.rows():
            rows.append({
                "period": c["period"], "required_fte": self.number(r, c, "required_fte"),
                "contacts": self.number(r, c, "contacts", blank=float("nan")),
                "handled_hours": self.number(r, c, "handled_hours", blank=float("nan")),
            })
        if not rows:
            raise WfmError("Required staff: the table is empty; type rows or load a file")
        return pd.DataFrame(rows)

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.set_rows([
            {"period": f"{rec.period:%Y-%m-%d}", "required_fte": f"{rec.required_fte:.2f}",
             "contacts": "" if pd.isna(rec.contacts) else f"{rec.contacts:g}",
             "handled_hours": "" if pd.isna(rec.handled_hours) else f"{rec.handled_hours:g}"}
            for rec in frame.itertuples(index=False)
        ])
