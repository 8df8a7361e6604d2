"""The step list's state indicators: not run / up to date / out of date (and why) / flagged.

Each planning step in the main window's list shows its plan stage's state
(:meth:`wfm_desktop.core.plan.model.Plan.state`) as a small plain icon — a hollow circle (not
run), a filled green circle (up to date), an amber circle with a dot (out of date), a red square
(flagged) — with the state and its reason in the tooltip and in the item's ``STATE_ROLE`` data. The tooltip
also says when an automatic stage is being computed, or why its last computation failed.
The look is deliberately plain; the GUI issue owns the final design.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

STATE_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_STAGES = {"Data": "history", "Forecast": "forecast", "Staffing": "requirements", "Schedule": "schedule",
               "Budget": "budget"}
"""Page title → the plan stage its step shows."""

_COLOURS = {"not run": "#8a8f98", "up to date": "#2e8b57", "out of date": "#d08700", "flagged": "#c0392b"}
_icons: dict[str, QIcon] = {}


def state_icon(status: str) -> QIcon:
    if status not in _icons:
        pixmap = QPixmap(14, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(_COLOURS.get(status, "#8a8f98"))
        painter.setPen(QPen(colour, 2))
        rect = QRectF(2, 2, 10, 10)
        if status == "not run":
            painter.drawEllipse(rect)
        elif status == "flagged":
            painter.setBrush(colour)
            painter.drawRect(rect)
        else:
            painter.setBrush(colour if status == "up to date" else Qt.GlobalColor.transparent)
            painter.drawEllipse(rect)
            if status == "out of date":
                painter.setBrush(colour)
                painter.drawEllipse(QRectF(5, 5, 4, 4))
        painter.end()
        _icons[status] = QIcon(pixmap)
    return _icons[status]


def show_states(nav, pages, plan) -> None:
    """Set each step's icon, tooltip and STATE_ROLE from the plan's stage states."""
    for row, page in enumerate(pages):
        stage = PAGE_STAGES.get(page.title)
        item = nav.item(row)
        if stage is None or item is None:
            continue
        state = plan.state(stage)
        item.setIcon(state_icon(state.status))
        item.setData(STATE_ROLE, state.status)
        text = state.status.capitalize() + (f": {state.reason}" if state.reason else "")
        failure = plan.failure(stage) if hasattr(plan, "failure") else None
        if failure is not None:  # an automatic stage whose last computation failed (not retried until an edit)
            text = f"{state.status.capitalize()}: could not be computed: {failure}"
        elif getattr(plan, "computing", None) is not None and plan.computing(stage):
            text = f"{text}\nComputing…"
        item.setToolTip(f"{page.tooltip}\n\n{text}")
