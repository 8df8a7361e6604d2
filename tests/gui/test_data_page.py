"""Data page: import off the GUI thread, report, click-to-row, mapping edits, drag-and-drop."""

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from tests.core.importers.builders import long_frame, volumes, write_xlsx
from wfm_desktop.core.history.sample import sample_history_path
from wfm_desktop.gui.pages.data import DataPage


@pytest.fixture
def page(main_window):
    main_window.show_page("Data")
    return main_window.page("Data")


def _import(qtbot, page, start, signal="done"):
    with qtbot.waitSignal(getattr(page.runner, signal), timeout=60_000):
        start()


def test_sample_import_fills_plan_report_table_and_charts(qtbot, page, main_window):
    seen = []
    main_window.plan.changed.connect(seen.append)
    _import(qtbot, page, page.open_sample)
    history = main_window.plan.result("history")
    assert history is not None and history.queues == ["Chat", "Sales voice", "Support voice"]
    assert seen == ["history"]
    assert "3 queue(s)" in page.summary.text() and "15-minute" in page.summary.text()
    assert page.findings.topLevelItemCount() == len(page.result.findings) > 0
    assert page.history_model.rowCount() == len(history.frame)
    assert [page.queue_box.itemText(i) for i in range(page.queue_box.count())] == [
        "all queues", "Chat", "Sales voice", "Support voice"]
    assert page.daily_chart.figure.axes and page.heat_chart.figure.axes
    assert len(page.daily_chart.figure.axes[0].lines) == 6  # daily + 7-day average per queue
    assert main_window.plan.input("history_import")["sha256"] == page.result.source_sha256
    assert main_window.plan.input("history_import")["path"] == str(sample_history_path())


def test_planning_interval_reimports(qtbot, page, main_window):
    _import(qtbot, page, page.open_sample)
    page.interval_box.setCurrentIndex(page.interval_box.findData(60))
    _import(qtbot, page, page.reimport)
    assert main_window.plan.result("history").interval_min == 60
    assert "(from 15-minute data)" in page.summary.text()


def test_errors_are_listed_and_clicking_shows_the_row(qtbot, page, tmp_path, main_window):
    frame = long_frame(volumes(days=2)).astype({"Calls Offered": object})
    frame.loc[7, "Calls Offered"] = "n/a?"
    path = write_xlsx(tmp_path / "bad.xlsx", {"Calls": frame}, startrow=2, titles={"Calls": ["Report"]})
    _import(qtbot, page, lambda: page.open_file(str(path)), signal="failed")
    assert page.result is None and main_window.plan.result("history") is None
    assert "Not imported" in page.summary.text()
    errors = [f for f in page.findings.findings() if f.severity == "error"]
    assert errors[0].row == 11 and errors[0].column == "Calls Offered"
    # the first error is shown at once: raw sheet tab, its row selected, the bad cell current
    assert page.tabs.currentIndex() == 1
    current = page.raw_table.currentIndex()
    assert current.row() == 10 and page.raw_model.data(current) == "n/a?"
    page.tabs.setCurrentIndex(0)
    item = page.findings.topLevelItem(0)
    page.findings.itemClicked.emit(item, 0)
    assert page.tabs.currentIndex() == 1 and page.raw_table.currentIndex().row() == 10
    assert page.mapping_editor.boxes["offered"].currentText() == "Calls Offered"


def test_edited_mapping_is_used(qtbot, page, tmp_path, main_window):
    src = tmp_path / "two.csv"
    src.write_text("Start,Calls,Other\n2024-01-01 08:00,5,50\n2024-01-01 08:15,6,60\n")
    _import(qtbot, page, lambda: page.open_file(str(src)))
    assert main_window.plan.result("history").frame["offered"].sum() == 11
    box = page.mapping_editor.boxes["offered"]
    box.setCurrentIndex(box.findData("Other"))
    _import(qtbot, page, page.apply_mapping)
    assert main_window.plan.result("history").frame["offered"].sum() == 110
    assert page.result.mapping.offered == "Other"


def test_drop_a_file_imports_it(qtbot, page, tmp_path, main_window):
    path = write_xlsx(tmp_path / "dropped.xlsx", {"Calls": long_frame(volumes(days=2))})
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPointF(10, 10).toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    _import(qtbot, page, lambda: page.dropEvent(drop))
    assert main_window.plan.result("history").queues == ["Sales", "Support"]
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.pdf"))])
    refuse = QDragEnterEvent(QPointF(10, 10).toPoint(), Qt.DropAction.CopyAction, other,
                             Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.dragEnterEvent(refuse)
    assert not refuse.isAccepted()


def test_progress_reported_while_importing(qtbot, page):
    fractions = []
    page.runner.progress.connect(lambda f, _m: fractions.append(f))
    _import(qtbot, page, page.open_sample)
    assert fractions and fractions[-1] == 1.0 and not page.progress.isVisible()


def test_page_is_first_in_the_flow():
    from wfm_desktop.gui.main_window import PAGES

    assert PAGES[0] == ("wfm_desktop.gui.pages.data", DataPage.__name__)


def test_cancel_stops_the_import_and_keeps_the_plan(qtbot, page, main_window, monkeypatch):
    import threading

    from wfm_desktop.core.progress import check_cancel

    started = threading.Event()

    def slow_import(path, sheet, mapping, interval_min, *, progress=None, cancel=None):
        started.set()
        while True:  # stands in for a long import: stops only when asked to
            check_cancel(cancel)
            threading.Event().wait(0.01)

    monkeypatch.setattr(page, "import_function", slow_import)
    page.open_file(str(sample_history_path()))
    qtbot.waitUntil(started.is_set, timeout=10_000)
    assert page.cancel_button.isVisible()
    with qtbot.waitSignal(page.runner.cancelled, timeout=10_000):
        page.cancel_button.click()
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=10_000)
    assert page.summary.text() == "Import cancelled." and main_window.plan.result("history") is None
    assert not page.cancel_button.isVisible()


def test_sample_opens_for_a_new_user_only(qtbot, page, main_window, settings):
    settings.set("recent/files", [])  # QSettings may outlive one test in this process (see report)
    with qtbot.waitSignal(page.runner.done, timeout=60_000):
        assert page.open_sample_if_new()
    assert main_window.plan.result("history").queues == ["Chat", "Sales voice", "Support voice"]
    assert settings.recent_files() == [str(sample_history_path())]
    assert not page.open_sample_if_new()  # once a file was opened, never again


def test_clicking_a_finding_on_another_sheet_shows_that_sheet(qtbot, page, tmp_path):
    vol = volumes(days=2)
    sheets = {q: long_frame(vol[vol["queue"] == q]).drop(columns="Skill") for q in ("Sales", "Support")}
    support = sheets["Support"]
    support.loc[support.index[-1], "Date"] = "Total"  # a totals row, reported on sheet Support
    path = write_xlsx(tmp_path / "two.xlsx", sheets)
    _import(qtbot, page, lambda: page.open_file(str(path)))
    finding = next(f for f in page.findings.findings() if "summary row" in f.message)
    assert finding.sheet == "Support"
    page.show_finding(finding)
    assert "Support" in page.raw_note.text()
    assert page.raw_model.data(page.raw_table.currentIndex()) == "Total"
