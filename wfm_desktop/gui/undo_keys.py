"""Ctrl+Z / Ctrl+Y go to the plan's Undo/Redo even while a spin box or a line edit has focus.

Qt lets a focused QLineEdit or spin box claim Ctrl+Z for its own text undo (a
``ShortcutOverride`` event it accepts). On the pages every such widget records
a plan step as it changes, so the widget's private text undo would fight the
plan's history (it would change the value again and record a new step that
clears Redo). This filter declines the override for those widgets, so the key
reaches the Edit menu's action. A cell editor inside a table keeps its own text
undo: while a cell is being typed its text is not an input yet.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QAbstractSpinBox, QApplication, QLineEdit, QWidget
from shiboken6 import Shiboken


class UndoKeyFilter(QObject):
    """Serves `window`'s undo/redo actions: filters the focused plan field's events, no others.

    It follows the focus (``QApplication.focusChanged``) and watches only the plan field that has
    it, the widget Qt sends ``ShortcutOverride`` to. An application-wide filter saw every event of
    every widget, each a call into Python (at start-up alone about a thousand while the window was
    built, and more while it painted and a chart rendered on the chart thread).
    """

    def __init__(self, window: QWidget, undo: QAction, redo: QAction) -> None:
        super().__init__(window)
        self._window = window
        self._actions = (undo, redo)
        self._watched: QWidget | None = None
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self._focus_changed(None, QApplication.focusWidget())

    def _focus_changed(self, _old, new) -> None:
        if self._watched is not None and Shiboken.isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = None
        if Shiboken.isValid(self) and isinstance(new, QWidget) and _plan_field(new) and new.window() is self._window:
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(obj, QWidget):
            return False
        if not isinstance(event, QKeyEvent) or not _plan_field(obj) or obj.window() is not self._window:
            return False
        pressed = QKeySequence(event.keyCombination())
        for action in self._actions:
            if any(pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch for key in action.shortcuts()):
                event.ignore()  # not the widget's key: the shortcut (the Edit menu action) gets it
                return True
        return False


def _plan_field(widget: QWidget) -> bool:
    """A line edit or spin box of a page, not a table's cell editor."""
    if not isinstance(widget, (QLineEdit, QAbstractSpinBox)):
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return False
        parent = parent.parentWidget()
    return True
