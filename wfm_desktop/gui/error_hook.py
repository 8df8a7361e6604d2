"""Every exception nobody caught becomes a dialog and a log entry, never a crash or a lost plan.

PySide6 hands an exception raised in a slot, a timer callback or an overridden
Qt method to :data:`sys.excepthook` and carries on; a Python thread's to
:data:`threading.excepthook`. :class:`ErrorHook` replaces both while the app
runs. For each exception it

1. logs it with its traceback to the log file (:mod:`wfm_desktop.gui.logs`);
2. shows a dialog on the GUI thread: the planner's message first, the traceback
   folded under "Show Details…", and the log file's name; a
   :class:`~wfm_desktop.core.errors.WfmError` (a planner's mistake, expected)
   shows its message only;
3. changes nothing else: the plan, the pages and the undo history stay as they
   were, so the planner can save their work.

While one such dialog is open, further exceptions are only logged (an error in
a paint event would otherwise open dialogs faster than they can be closed).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from wfm_desktop.core.errors import WfmError
from wfm_desktop.gui.dialogs.errors import show_error
from wfm_desktop.gui.logs import LOGGER_NAME

log = logging.getLogger(LOGGER_NAME)

Opener = Callable[..., object]
"""``opener(parent, title, exc, details, log_file=...)`` shows the dialog and returns it."""


class ErrorHook(QObject):
    """Installs itself as ``sys.excepthook`` and ``threading.excepthook`` (:meth:`install`)."""

    _from_other_thread = Signal(object, object, str)  # exception, its type, details

    def __init__(self, parent_widget: QWidget | None = None, log_file: Path | None = None,
                 opener: Opener = show_error) -> None:
        super().__init__()
        self.parent_widget = parent_widget
        self.log_file = log_file
        self.opener = opener
        self.dialog = None  # the dialog open now, if any
        self.handled = 0  # exceptions seen (logged), shown or not
        self._previous: tuple | None = None
        self._from_other_thread.connect(self._show)

    # -- installing ----------------------------------------------------------
    def install(self) -> "ErrorHook":
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self.handle
            threading.excepthook = self._handle_thread
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    # -- handling ------------------------------------------------------------
    def handle(self, exc_type, exc, tb) -> None:
        """The ``sys.excepthook``: log, then show (on the GUI thread)."""
        if issubclass(exc_type, KeyboardInterrupt) and self._previous is not None:
            self._previous[0](exc_type, exc, tb)
            return
        self.handled += 1
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        if isinstance(exc, WfmError):
            log.warning("%s: %s", type(exc).__name__, exc)
        else:
            log.error("unexpected exception:\n%s", details.rstrip())
        if QApplication.instance() is None:
            return
        if threading.current_thread() is not threading.main_thread():
            self._from_other_thread.emit(exc, exc_type, details)  # queued to the GUI thread
        else:
            self._show(exc, exc_type, details)

    def _handle_thread(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, exc, exc_type, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return  # logged already; one dialog at a time
        exc = exc if exc is not None else exc_type()
        parent = self.parent_widget if _alive(self.parent_widget) else None
        try:
            self.dialog = self.opener(parent, "wfm_desktop — error", exc, details, log_file=self.log_file)
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            log.exception("could not show the error dialog")
            self.dialog = None


def _alive(widget: QWidget | None) -> bool:
    if widget is None:
        return False
    try:
        widget.objectName()  # raises RuntimeError once the C++ object is gone
    except RuntimeError:
        return False
    return True
