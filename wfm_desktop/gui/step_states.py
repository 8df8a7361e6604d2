"""The step list: each planning step with its state and the plan's key figure.

Each planning step in the main window's list shows its plan stage's state
(:meth:`wfm_desktop.core.plan.model.Plan.state`) as an icon — a hollow circle (not run), a
filled green circle (up to date), an amber circle with a dot (out of date), a red square
(flagged) — and, under the step's name in a smaller muted line, the state in words and the
step's key figure from the plan (:func:`key_figure`: "3 queues, 730 days", "13 weeks, WAPE
6.2%", "46.3 FTE", "1,234 shifts, 0.8 h under", "£1.2M"). The state, its reason and whether an
automatic stage is being computed (or why its last computation failed) are in the tooltip and
in the item's ``STATE_ROLE`` data; the key figure in ``FIGURE_ROLE``. The delegate
(:class:`StepDelegate`) draws with the platform's style (selection, focus, fonts, spacing).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

STATE_ROLE = Qt.ItemDataRole.UserRole + 1
FIGURE_ROLE = Qt.ItemDataRole.UserRole + 2
TOOL_PAGES = {"Calculator": "one interval", "Trade-offs": "what-ifs"}
"""Pages that are tools, not steps of the plan: their line says what they are for."""
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
        if status == "tool":
            pass  # nothing drawn: keeps the tools' names in line with the steps'
        elif status == "not run":
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


def key_figure(plan, stage: str) -> str:
    """The plan's headline figure for a step ("" when there is none yet or it cannot be read)."""
    try:
        result = plan.result(stage)
        if result is None:
            return ""
        if stage == "history":
            result = getattr(result, "history", result)  # an import result holds its History
            daily = result.daily() if callable(result.daily) else result.daily
            days = daily["date"].nunique()
            queues = len(result.queues)
            return f"{queues} queue{'s' if queues != 1 else ''}, {days:,} days"
        if stage == "forecast":
            daily = result.daily
            weeks = daily["date"].nunique() / 7
            text = f"{weeks:.0f} weeks" if weeks >= 1 else f"{daily['date'].nunique()} days"
            backtest = getattr(result, "backtest", None)
            if backtest is not None and len(backtest) and "wape" in backtest.columns:
                used = backtest[backtest["chosen"]] if "chosen" in backtest.columns else backtest
                if len(used) and used["wape"].notna().any():
                    text += f", WAPE {used['wape'].mean():.1%}"
            return text
        if stage == "requirements":
            from wfm_desktop.core.staffing.rollups import horizon_fte

            return f"{horizon_fte(result.weekly).sum():,.1f} FTE"
        if stage == "schedule":
            result = result.get("schedule") if isinstance(result, dict) else result  # with its roster
            s = result.summary
            return f"{s['shifts']:,} shifts, {s['under_h']:,.1f} h under"
        if stage == "budget":
            total = float(result.budget.totals()["total"])
            return f"{_money(total)} {result.budget.currency}".strip()
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return ""
    return ""


def _money(value: float) -> str:
    """1,234,567 → "1.23M", 45,600 → "45.6k" (a list line is short)."""
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:,.3g}{suffix}"
    return f"{value:,.0f}"


class StepDelegate(QStyledItemDelegate):
    """A step: icon, its name, and a smaller muted line with the state and the key figure."""

    def _fonts(self, option) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        small = QFont(option.font)
        size = small.pointSizeF()
        if size > 0:
            small.setPointSizeF(max(7.0, size * 0.82))
        return title, small

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        title, small = self._fonts(option)
        base = super().sizeHint(option, index)
        lines = QFontMetrics(title).height() + (QFontMetrics(small).height() if _detail(index) else 0)
        style = option.widget.style() if option.widget is not None else QApplication.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameVMargin, option, option.widget)
        return QSize(base.width(), max(base.height(), lines + 2 * margin + 6))

    def paint(self, painter: QPainter, option, index) -> None:
        detail = _detail(index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        title, small = self._fonts(opt)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Enabled else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(title)
        painter.setPen(opt.palette.color(group, role))
        title_h = QFontMetrics(title).height()
        top = rect.top() + max(0, (rect.height() - title_h - (QFontMetrics(small).height() if detail else 0)) // 2)
        painter.drawText(QRect(rect.left(), top, rect.width(), title_h), int(Qt.AlignmentFlag.AlignLeft |
                         Qt.AlignmentFlag.AlignVCenter), text)
        if detail:
            painter.setFont(small)
            muted = opt.palette.color(group, role)
            if not selected:
                muted = opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
            painter.setPen(muted)
            metrics = QFontMetrics(small)
            painter.drawText(QRect(rect.left(), top + title_h, rect.width(), metrics.height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(detail, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()


def _detail(index) -> str:
    return str(index.data(FIGURE_ROLE) or "")


def step_line(status: str, figure: str) -> str:
    """The small line under a step: "Up to date · 46.3 FTE", "Out of date", "Not run"."""
    words = status.capitalize()
    if status == "up to date" and figure:
        return figure
    return f"{words} · {figure}" if figure else words


def show_states(nav, pages, plan) -> None:
    """Set each step's icon, tooltip, STATE_ROLE and key-figure line from the plan's stage states."""
    if not isinstance(nav.itemDelegate(), StepDelegate):
        nav.setItemDelegate(StepDelegate(nav))
    for row, page in enumerate(pages):
        stage = PAGE_STAGES.get(page.title)
        item = nav.item(row)
        if item is None:
            continue
        if stage is None:
            item.setIcon(state_icon("tool"))  # a blank icon of the same size: the names line up
            item.setData(FIGURE_ROLE, TOOL_PAGES.get(page.title, ""))
            continue
        state = plan.state(stage)
        item.setIcon(state_icon(state.status))
        item.setData(STATE_ROLE, state.status)
        item.setData(FIGURE_ROLE, step_line(state.status, key_figure(plan, stage)))
        text = state.status.capitalize() + (f": {state.reason}" if state.reason else "")
        failure = plan.failure(stage) if hasattr(plan, "failure") else None
        if failure is not None:  # an automatic stage whose last computation failed (not retried until an edit)
            text = f"{state.status.capitalize()}: could not be computed: {failure}"
        elif getattr(plan, "computing", None) is not None and plan.computing(stage):
            text = f"{text}\nComputing…"
        item.setToolTip(f"{page.tooltip}\n\n{text}")
