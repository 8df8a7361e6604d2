"""Dropping a crafted workbook on the window leaves the app alive with a message (#18).

The second case switches the static checks off (their limits are sent to the
reader process), so the native reader really asks for hundreds of gigabytes
and aborts — in its own process; the window survives and says so.
"""

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from tests.hostile import builders as b
from wfm_desktop.core import sandbox
from wfm_desktop.core.importers import safety


def _drop(window, path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))


def _crafted(tmp_path):
    return b.rewrite(b.xlsx(tmp_path / "plain.xlsx"), tmp_path / "crafted.xlsx",
                     b.far_cell(b"XFD1048576", quote=b"'"))


def test_dropping_the_crafted_workbook_shows_a_message(qtbot, main_window, tmp_path):
    page = main_window.page("Data")
    with qtbot.waitSignal(page.runner.failed, timeout=60_000):
        _drop(main_window, _crafted(tmp_path))
    assert main_window.isVisible() and main_window.stack.currentWidget() is page
    assert "Not imported" in page.summary.text() and "reaches row 1,048,576" in page.summary.text()


def test_a_reader_that_aborts_does_not_end_the_app(qtbot, main_window, tmp_path, monkeypatch):
    for name in ("MAX_ROWS", "MAX_COLUMNS", "MAX_CELLS"):
        monkeypatch.setattr(safety, name, 10**15)
    monkeypatch.setattr(sandbox, "MEMORY_LIMIT_BYTES", 1 << 30)
    page = main_window.page("Data")
    with qtbot.waitSignal(page.runner.failed, timeout=60_000):
        _drop(main_window, _crafted(tmp_path))
    assert sandbox.last_stats.outcome in ("crash", "memory")
    assert main_window.isVisible()
    assert "crafted.xlsx" in page.summary.text() and "reader" in page.summary.text()
