"""Unexpected exceptions become a dialog and a log entry; the window and the plan carry on."""

import logging
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from wfm_desktop.core.errors import WfmError
from wfm_desktop.gui.error_hook import ErrorHook
from wfm_desktop.gui.logs import LOG_FILE_NAME, current_log_file, log, setup_logging


@pytest.fixture
def log_file(tmp_path):
    path = setup_logging(tmp_path / "logs")
    yield path
    for handler in list(log.handlers):
        if getattr(handler, "_wfm_desktop", False):
            log.removeHandler(handler)
            handler.close()


@pytest.fixture
def hook(main_window, log_file):
    hook = ErrorHook(main_window, log_file=log_file).install()
    yield hook
    hook.uninstall()
    if hook.dialog is not None:
        hook.dialog.close()


def _flush():
    for handler in log.handlers:
        handler.flush()


def test_start_up_line_names_version_python_and_qt(log_file):
    _flush()
    text = log_file.read_text(encoding="utf-8")
    assert log_file.name == LOG_FILE_NAME and current_log_file() == log_file
    assert "wfm_desktop 0." in text and "Python 3." in text and "Qt 6." in text


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_details_logs_and_leaves_the_window_working(qtbot, main_window, hook, log_file):
    main_window.plan.set_input("staffing/shrinkage", 0.25)
    page_before = main_window.nav.currentRow()

    def broken_slot():
        raise ZeroDivisionError("the slot divided by zero")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
    box = hook.dialog
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Critical
    assert "ZeroDivisionError" in box.text() and "did not expect" in box.text()
    assert "Traceback" in box.detailedText() and "broken_slot" in box.detailedText()
    assert str(log_file) in box.informativeText() and "has not been changed" in box.informativeText()
    _flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "ERROR" in logged and "ZeroDivisionError: the slot divided by zero" in logged and "broken_slot" in logged
    # nothing was reset, and the window still works
    assert main_window.plan.input("staffing/shrinkage") == 0.25
    assert main_window.nav.currentRow() == page_before
    box.close()
    main_window.go_actions[-1].trigger()
    assert main_window.stack.currentIndex() == len(main_window.pages) - 1


@pytest.mark.qt_no_exception_capture
def test_a_planner_error_shows_its_message_without_a_traceback(qtbot, main_window, hook):
    def slot():
        raise WfmError("history.csv, row 12, column 'offered': 'abc' is not a number")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
    assert hook.dialog.text() == "history.csv, row 12, column 'offered': 'abc' is not a number"
    assert hook.dialog.detailedText() == "" and hook.dialog.icon() == QMessageBox.Icon.Warning


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_python_thread_is_shown_on_the_gui_thread(qtbot, main_window, hook, log_file):
    def work():
        raise RuntimeError("worker thread failed")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
    assert "worker thread failed" in hook.dialog.text()
    assert hook.dialog.thread() is main_window.thread()


@pytest.mark.qt_no_exception_capture
def test_one_dialog_at_a_time_every_exception_logged(qtbot, main_window, hook, log_file, caplog):
    shown = []

    def opener(parent, title, exc, details, log_file=None):
        box = QMessageBox(parent)
        box.open()
        shown.append(exc)
        return box

    hook.opener = opener
    with caplog.at_level(logging.ERROR, logger="wfm_desktop"):
        for i in range(3):
            try:
                raise ValueError(f"error {i}")
            except ValueError as exc:
                hook.handle(type(exc), exc, exc.__traceback__)
    assert [str(e) for e in shown] == ["error 0"]
    assert hook.handled == 3 and sum("ValueError: error" in r.getMessage() for r in caplog.records) == 3
    hook.dialog.close()


def test_install_and_uninstall_restore_the_previous_hooks(main_window):
    import sys

    before = (sys.excepthook, threading.excepthook)
    hook = ErrorHook(main_window).install()
    assert sys.excepthook == hook.handle
    hook.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_a_worker_failure_reported_by_a_page_is_logged(qtbot, main_window, log_file):
    box = main_window.report_error("Staffing could not be computed", KeyError("queue"), "Traceback: here")
    _flush()
    assert "KeyError" in log_file.read_text(encoding="utf-8")
    assert str(log_file) in box.informativeText()
    box.close()


_BROKEN_START = """
import sys, threading
import wfm_desktop.gui.main_window as main_window_module
from wfm_desktop.gui.app import main


class Broken:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("a page could not be built")


main_window_module.MainWindow = Broken
hooks_before = (sys.excepthook, threading.excepthook)
code = main(["--quit-after-ms", "0"], log_folder=sys.argv[1])
assert (sys.excepthook, threading.excepthook) == hooks_before, "hooks not restored"
sys.exit(code)
"""


def test_a_main_window_that_cannot_be_built_is_logged_and_exits_1(tmp_path):
    """The real entry point in its own process (main() owns the process: its event loop, hooks, logging)."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO), "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # never the user's settings
    proc = subprocess.run([sys.executable, "-c", _BROKEN_START, str(tmp_path / "logs")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "could not start: RuntimeError: a page could not be built" in proc.stderr
    logged = (tmp_path / "logs" / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "the main window could not be built" in logged and "a page could not be built" in logged
