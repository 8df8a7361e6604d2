"""Error dialogs: a planner's message first, the technical details folded away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from wfm_desktop.core.errors import WfmError


def error_text(exc: BaseException) -> tuple[str, bool]:
    """The message to show, and whether it is a planner error (True) or a bug (False)."""
    if isinstance(exc, WfmError):
        return str(exc), True
    if isinstance(exc, MemoryError):
        return "The computer ran out of memory. Try a shorter horizon or fewer queues.", True
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}", True
    return f"Something went wrong that wfm_desktop did not expect ({type(exc).__name__}: {exc}).", False


def show_error(parent: QWidget | None, title: str, exc: BaseException, details: str = "",
               *, log_file: Path | str | None = None) -> QMessageBox:
    """Show `exc` in a window-modal dialog (opened, not exec'd); planner errors without a traceback.

    `details` (a traceback) goes under "Show Details…"; `log_file`, when given, is named so
    the planner can send it with a report.
    """
    text, is_planner_error = error_text(exc)
    box = QMessageBox(parent)
    box.setObjectName("error_dialog")
    box.setIcon(QMessageBox.Icon.Warning if is_planner_error else QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(text)
    if not is_planner_error:
        info = "Your plan has not been changed: you can carry on or save it."
        if log_file:
            info += f"\n\nThe details were written to the log file:\n{log_file}"
        info += "\n\nThe details help to report the problem."
        box.setInformativeText(info)
        if details:
            box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box
