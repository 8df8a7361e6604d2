"""The validation report as a list: severity, where, what, and what the importer did."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from wfm_desktop.core.importers import Finding
from wfm_desktop.gui.theme import colour, is_dark

SEVERITY_ROLES = {"error": "error", "warning": "warning", "info": "muted"}
"""Severity → text colour role of :mod:`wfm_desktop.gui.theme` (readable on light and dark palettes)."""
ORDER = {"error": 0, "warning": 1, "info": 2}


class FindingsView(QTreeWidget):
    """Click (or press Enter on) a finding to emit :attr:`finding_activated`."""

    finding_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels(["", "Where", "Finding"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        self._findings: list[Finding] = []
        self.itemClicked.connect(self._activated)
        self.itemActivated.connect(self._activated)

    def set_findings(self, findings: list[Finding]) -> None:
        self.clear()
        self._findings = sorted(findings, key=lambda f: ORDER.get(f.severity, 3))
        for index, finding in enumerate(self._findings):
            where = ", ".join(p for p in (
                f"sheet {finding.sheet}" if finding.sheet else "",
                f"row {finding.row}" if finding.row is not None else "",
                f"“{finding.column}”" if finding.column else "",
            ) if p)
            text = finding.message + (f"\n→ {finding.action}" if finding.action else "")
            item = QTreeWidgetItem([finding.severity, where, text])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            role = SEVERITY_ROLES.get(finding.severity)
            if role is not None:
                item.setForeground(0, QBrush(QColor(colour(role, dark=is_dark(self.palette())))))
            font = item.font(0)
            font.setBold(finding.severity != "info")
            item.setFont(0, font)
            item.setToolTip(2, finding.text())
            self.addTopLevelItem(item)
        if self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))
        self.scheduleDelayedItemsLayout()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # re-wrap long findings to the new width

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        index = item.data(0, Qt.ItemDataRole.UserRole)
        if index is not None:
            self.finding_activated.emit(self._findings[int(index)])


MAX_SAVED_FINDINGS = 500
"""Findings kept in the plan with its import (a report longer than this keeps its first ones)."""


def findings_to_records(findings) -> list[dict]:
    """An import's findings as plain records for the plan file (shown again when the plan is reopened)."""
    keys = ("severity", "file", "sheet", "row", "column", "message", "action")
    return [{k: getattr(f, k) for k in keys} for f in list(findings)[:MAX_SAVED_FINDINGS]]


def findings_from_records(records) -> list:
    """The findings saved by :func:`findings_to_records` (records that do not read are skipped)."""
    from wfm_desktop.core.importers.findings import SEVERITIES, Finding

    out = []
    for r in records or []:
        if not isinstance(r, dict) or r.get("severity") not in SEVERITIES:
            continue
        try:
            row = None if r.get("row") is None else int(r["row"])
            out.append(Finding(str(r["severity"]), str(r.get("file") or ""), r.get("sheet") or None, row,
                               r.get("column") or None, str(r.get("message") or ""), str(r.get("action") or "")))
        except (TypeError, ValueError):
            continue
    return out
