"""Plans as documents: save → close → reopen, failed saves, recovery, bad files, recent files, drops, argv."""

import json
import os
import subprocess
import sys
import zipfile

import pandas as pd
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox

from tests.conftest import REPO
from tests.core.importers.builders import volumes, write_csv
from wfm_desktop.core.forecast import run_forecast
from wfm_desktop.core.forecast.settings import ForecastSettings, settings_from_dict, settings_to_dict
from wfm_desktop.core.plan.file_format import load_plan, save_plan
from wfm_desktop.core.plan.inputs import same_value
from wfm_desktop.gui.main_window import MainWindow

WAIT_MS = 60_000


def _window(qtbot, settings, **kwargs) -> MainWindow:
    window = MainWindow(settings, **kwargs)
    qtbot.addWidget(window)
    window.show()
    return window


def _import_history(qtbot, window, tmp_path) -> None:
    csv = write_csv(tmp_path / "calls.csv", volumes(days=21))
    page = window.page("Data")
    with qtbot.waitSignal(page.runner.done, timeout=WAIT_MS):
        page.open_file(str(csv))


def _edit_plan(window) -> None:
    """Inputs of every kind, as the pages store them, plus a cached solve."""
    plan = window.plan
    settings = ForecastSettings(method="seasonal_naive", horizon_days=14, growth=0.1 / 3)
    plan.set_input("forecast/settings", settings_to_dict(settings), "Edit growth")
    plan.set_input("schedule/templates", pd.DataFrame({"name": ["Early"], "start_min": [420], "length_min": [480]}),
                   "Edit shift templates")
    plan.set_cache("schedule/solution", {"status": "time limit", "cost": 1234.5678901234567,
                                         "shifts": pd.DataFrame({"agent": ["A1"], "paid_h": [7.75]})})


def _save_as(qtbot, window, path) -> None:
    with qtbot.waitSignal(window.documents.saved, timeout=WAIT_MS):
        assert window.documents.save_as(path)


def _open(qtbot, window, path, signal="opened"):
    with qtbot.waitSignal(getattr(window.documents, signal), timeout=WAIT_MS) as blocker:
        window.documents.open(path)
    return blocker.args[0]


def _forecast_daily(plan) -> pd.DataFrame:
    settings = settings_from_dict(plan.input("forecast/settings"))
    return run_forecast(plan.result("history"), settings).daily


def test_save_close_reopen_gives_the_same_plan_and_numbers(qtbot, settings, tmp_path):
    first = _window(qtbot, settings)
    _import_history(qtbot, first, tmp_path)
    _edit_plan(first)
    assert first.isWindowModified()
    path = tmp_path / "week 12.wfmplan"
    _save_as(qtbot, first, path)
    assert first.windowTitle() == "week 12.wfmplan[*] — wfm_desktop"
    assert not first.documents.is_modified and not first.isWindowModified()
    inputs, history, cache = first.plan.inputs.values(), first.plan.result("history"), first.plan.caches()
    daily = _forecast_daily(first.plan)
    first.documents.close_window()
    assert not first.isVisible()

    second = _window(qtbot, settings)
    assert _open(qtbot, second, path) == str(path)
    assert second.windowTitle() == "week 12.wfmplan[*] — wfm_desktop"
    assert set(second.plan.inputs.values()) == set(inputs)
    for key, value in inputs.items():
        assert same_value(second.plan.input(key), value), key
    reopened = second.plan.result("history")
    pd.testing.assert_frame_equal(reopened.frame, history.frame, check_exact=True)
    assert (reopened.interval_min, reopened.source) == (history.interval_min, history.source)
    assert same_value(second.plan.caches(), cache)
    # Every forecast number is reproduced exactly from the reopened plan. (The Forecast page's own
    # recompute on opening is the pages' side of the contract: PlanController.reset.)
    pd.testing.assert_frame_equal(_forecast_daily(second.plan), daily, check_exact=True)
    # The Data page shows the plan's copy of the history without reading the source file.
    data = second.page("Data")
    assert data.history_model.rowCount() == len(history.frame)
    assert "saved in the plan" in data.summary.text() and "calls.csv" in data.summary.text()
    assert "calls.csv" in data.findings.findings()[0].message
    # and the import's whole validation report again, not one line (issue 20)
    imported = first.page("Data").findings.findings()
    assert len(imported) >= 1 and [f.text() for f in data.findings.findings()[1:]] == [f.text() for f in imported]
    assert "validation report follows" in data.findings.findings()[0].message
    assert data.daily_chart.figure.axes and data.daily_chart.figure.axes[0].lines
    assert str(path) == settings.recent_files()[0]


def test_a_crash_during_save_keeps_the_previous_file_and_the_plan_modified(qtbot, settings, tmp_path,
                                                                           monkeypatch):
    window = _window(qtbot, settings)
    _edit_plan(window)
    path = tmp_path / "plan.wfmplan"
    _save_as(qtbot, window, path)
    before = path.read_bytes()
    window.plan.set_input("staffing/settings", {"sl_target": 0.9}, "Edit service level")

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", crash)
    with qtbot.waitSignal(window.documents.failed, timeout=WAIT_MS) as blocker:
        window.documents.save()
    assert "plan.wfmplan" in blocker.args[0] and "No space left" in blocker.args[0]
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != "") == ["plan.wfmplan"]  # no temp file
    assert window.documents.is_modified and window.isWindowModified()
    assert window.plan.input("staffing/settings") == {"sl_target": 0.9}
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "No space left" in boxes[-1].text()


def test_recovery_is_offered_after_an_unclean_exit(qtbot, settings, tmp_path):
    folder = tmp_path / "rec"
    crashed = _window(qtbot, settings, recovery_dir=folder)
    assert crashed.documents.autosave_timer.interval() == 60_000 and crashed.documents.autosave_timer.isActive()
    _edit_plan(crashed)
    crashed.documents.autosave_timer.setInterval(20)  # the timer writes the copy while the plan is modified
    with qtbot.waitSignal(crashed.documents.autosaved, timeout=WAIT_MS):
        pass
    # While that window runs, a second one does not offer its copy.
    assert _window(qtbot, settings, recovery_dir=folder).documents.offer_recovery() is None
    crashed.documents.recovery._lock.unlock()  # the process died: its lock is gone, the copy is not
    inputs = crashed.plan.inputs.values()

    window = _window(qtbot, settings, recovery_dir=folder)
    box = window.documents.offer_recovery()
    assert box is not None and box.isVisible()
    assert "Recover the unsaved plan from" in box.text()
    with qtbot.waitSignal(window.documents.opened, timeout=WAIT_MS):
        box.findChild(object, "recover").click()
    for key, value in inputs.items():
        assert same_value(window.plan.input(key), value), key
    assert window.documents.is_modified and window.isWindowModified()
    assert window.windowTitle().startswith("Untitled")
    # The copy now belongs to this window; a clean exit deletes it.
    assert [p.name for p in folder.glob("*.wfmplan")] == [window.documents.recovery.path.name]
    window.documents.close_window()
    assert not list(folder.glob("*.wfmplan"))


def test_discarding_a_recovery_copy_deletes_it_and_a_clean_exit_leaves_none(qtbot, settings, tmp_path):
    folder = tmp_path / "rec"
    first = _window(qtbot, settings, recovery_dir=folder)
    _edit_plan(first)
    with qtbot.waitSignal(first.documents.autosaved, timeout=WAIT_MS):
        first.documents.autosave()
    first.documents.recovery._lock.unlock()
    second = _window(qtbot, settings, recovery_dir=folder)
    ran = []
    box = second.documents.offer_recovery(then=lambda: ran.append(True))
    box.findChild(object, "discard").click()
    assert ran == [True] and not list(folder.glob("*.wfmplan"))

    third = _window(qtbot, settings, recovery_dir=folder)
    _edit_plan(third)
    with qtbot.waitSignal(third.documents.autosaved, timeout=WAIT_MS):
        third.documents.autosave()
    assert third.documents.recovery.path.is_file()
    third.documents.close_window()
    assert not list(folder.iterdir())


def test_a_recovered_plan_remembers_its_file(qtbot, settings, tmp_path):
    folder = tmp_path / "rec"
    first = _window(qtbot, settings, recovery_dir=folder)
    _edit_plan(first)
    path = tmp_path / "mine.wfmplan"
    _save_as(qtbot, first, path)
    first.plan.set_input("staffing/settings", {"sl_target": 0.9}, "Edit service level")
    with qtbot.waitSignal(first.documents.autosaved, timeout=WAIT_MS):
        first.documents.autosave()
    first.documents.recovery._lock.unlock()
    second = _window(qtbot, settings, recovery_dir=folder)
    box = second.documents.offer_recovery()
    assert "unsaved changes to mine.wfmplan" in box.text()
    with qtbot.waitSignal(second.documents.opened, timeout=WAIT_MS):
        box.findChild(object, "recover").click()
    assert second.documents.path == path and second.isWindowModified()
    assert second.plan.input("staffing/settings") == {"sl_target": 0.9}


@pytest.mark.parametrize("kind", ["corrupt", "truncated", "newer"])
def test_bad_plan_files_are_refused_with_a_message(qtbot, settings, tmp_path, kind):
    window = _window(qtbot, settings)
    _edit_plan(window)
    good = tmp_path / "good.wfmplan"
    _save_as(qtbot, window, good)
    bad = tmp_path / f"{kind}.wfmplan"
    if kind == "corrupt":
        bad.write_bytes(b"this is not a plan")
        expected = "not a wfm_desktop plan"
    elif kind == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        expected = "damaged or truncated"
    else:
        with zipfile.ZipFile(good) as zf:
            entries = {name: zf.read(name) for name in zf.namelist()}
        manifest = json.loads(entries["plan.json"])
        manifest["schema_version"] = 99
        entries["plan.json"] = json.dumps(manifest).encode()
        with zipfile.ZipFile(bad, "w") as zf:
            for name, data in entries.items():
                zf.writestr(name, data)
        expected = "newer wfm_desktop"
    message = _open(qtbot, window, bad, signal="failed")
    assert expected in message and str(bad) in message
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and expected in boxes[-1].text()
    assert window.documents.path == good and "schedule/templates" in window.plan.inputs.values()


def test_save_changes_question_before_new(qtbot, settings, tmp_path):
    window = _window(qtbot, settings)
    _edit_plan(window)
    box = window.documents.new()
    assert box is not None and "Untitled" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.plan.input("forecast/settings") is not None and window.isWindowModified()

    window.documents.new().button(QMessageBox.StandardButton.Discard).click()
    assert window.plan.inputs.values() == {} and not window.isWindowModified()
    assert window.documents.new() is None  # nothing to save: no question

    _edit_plan(window)
    window.documents.path = tmp_path / "kept.wfmplan"
    with qtbot.waitSignal(window.documents.saved, timeout=WAIT_MS):
        window.documents.new().button(QMessageBox.StandardButton.Save).click()
    assert window.plan.inputs.values() == {}
    assert "forecast/settings" in load_plan(tmp_path / "kept.wfmplan").settings["inputs"]


def test_closing_a_modified_plan_asks_and_save_then_closes(qtbot, settings, tmp_path):
    window = _window(qtbot, settings)
    _edit_plan(window)
    window.documents.path = tmp_path / "closing.wfmplan"
    assert not window.close()
    assert window.isVisible()
    with qtbot.waitSignal(window.documents.saved, timeout=WAIT_MS):
        window.documents.prompt.button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert (tmp_path / "closing.wfmplan").is_file()


def test_recent_files_menu_lists_and_opens_plans(qtbot, settings, tmp_path):
    window = _window(qtbot, settings)
    _edit_plan(window)
    path = tmp_path / "recent.wfmplan"
    _save_as(qtbot, window, path)
    window.documents.new()
    window.documents.fill_recent_menu()
    actions = [a for a in window.documents.recent_menu.actions() if a.data()]
    assert [a.data() for a in actions] == [str(path)] and "recent.wfmplan" in actions[0].text()
    with qtbot.waitSignal(window.documents.opened, timeout=WAIT_MS):
        actions[0].trigger()
    assert window.documents.path == path and window.plan.input("schedule/templates") is not None
    file_menu = [a.text() for a in window.file_menu.actions()]
    assert file_menu[:3] == ["&New plan", "&Open plan…", "Open &recent"]
    assert window.documents.save_action.shortcut().toString() == "Ctrl+S"
    assert window.documents.save_as_action.shortcut().toString() == "Ctrl+Shift+S"


def _drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    accepted = enter.isAccepted()
    if accepted:
        window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                    Qt.KeyboardModifier.NoModifier))
    return accepted, mime


def test_dropping_plans_and_spreadsheets_on_the_window(qtbot, settings, tmp_path):
    window = _window(qtbot, settings)
    _edit_plan(window)
    path = tmp_path / "dropped.wfmplan"
    _save_as(qtbot, window, path)
    window.documents.new()
    with qtbot.waitSignal(window.documents.opened, timeout=WAIT_MS):
        assert _drop(window, [tmp_path / "notes.txt.docx", path])[0]
    assert window.documents.path == path

    csv = write_csv(tmp_path / "calls.csv", volumes(days=7))
    with qtbot.waitSignal(window.page("Data").runner.done, timeout=WAIT_MS):
        assert _drop(window, [csv])[0]
    assert window.stack.currentWidget() is window.page("Data")
    assert window.plan.result("history").queues == ["Sales", "Support"]
    assert not _drop(window, [tmp_path / "letter.docx"])[0]

    # New (discarding the import) empties the Data page again.
    window.documents.new().button(QMessageBox.StandardButton.Discard).click()
    data = window.page("Data")
    assert data.history is None and data.history_model.rowCount() == 0
    assert data.summary.text().startswith("Open a file")


@pytest.mark.slow
def test_a_plan_given_on_the_command_line_is_opened(tmp_path):
    from wfm_desktop.core.plan.document import to_document

    path = save_plan(to_document({"forecast/settings": {"horizon_days": 7}}, None, {}), tmp_path / "given.wfmplan")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "cfg"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "wfm_desktop", str(path), "--quit-after-ms", "100"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"wfm_desktop opened {path}" in result.stdout


def test_the_sample_a_new_user_sees_first_is_not_an_unsaved_change(qtbot, settings):
    from wfm_desktop.gui.app import _open_sample_for_a_new_user

    window = _window(qtbot, settings)
    with qtbot.waitSignal(window.page("Data").runner.done, timeout=WAIT_MS):
        _open_sample_for_a_new_user(window)
    assert window.plan.result("history") is not None
    assert not window.documents.is_modified and not window.isWindowModified()
    assert window.close()  # no "Save changes?" question


def test_a_slow_save_shows_the_busy_bar_and_an_edit_made_meanwhile_stays_unsaved(qtbot, settings, tmp_path,
                                                                                  monkeypatch):
    import threading

    from wfm_desktop.gui import documents

    release = threading.Event()
    real_write = documents._write_plan

    def slow_write(*args, **kwargs):
        release.wait(30)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(documents, "_write_plan", slow_write)
    window = _window(qtbot, settings)
    _edit_plan(window)
    assert window.documents.save_as(tmp_path / "slow.wfmplan")
    assert not window.documents.save()  # one save at a time
    qtbot.waitUntil(window.documents.busy_bar.isVisible, timeout=WAIT_MS)
    window.plan.set_input("staffing/settings", {"sl_target": 0.9}, "Edit service level")  # after the snapshot
    with qtbot.waitSignal(window.documents.saved, timeout=WAIT_MS):
        release.set()
    assert not window.documents.busy_bar.isVisible()
    assert window.documents.is_modified and window.isWindowModified()
    # The file has the staffing settings as they were at the snapshot (a plan keeps every value it computes
    # with, defaults included: issue #21), not the edit made while it was written.
    saved_settings = load_plan(tmp_path / "slow.wfmplan").settings["inputs"].get("staffing/settings")
    assert saved_settings != {"sl_target": 0.9}


def test_a_changed_results_cache_marks_the_plan_modified_at_once_and_is_autosaved(qtbot, settings, tmp_path):
    from wfm_desktop.core.plan.document import from_document

    window = _window(qtbot, settings, recovery_dir=tmp_path / "rec")
    _edit_plan(window)
    _save_as(qtbot, window, tmp_path / "cached.wfmplan")
    assert not window.isWindowModified() and not window.documents.autosave()
    keys = []
    window.plan.cache_changed.connect(keys.append)
    shifts = pd.DataFrame({"agent": ["A1", "A2"], "paid_h": [7.75, 8.0]})
    window.plan.set_cache("schedule/shifts", shifts)  # e.g. a new solve: no input changed
    assert keys == ["schedule/shifts"]
    assert window.isWindowModified() and window.documents.is_modified  # at once, not at the next edit
    window.plan.set_cache("schedule/shifts", shifts.copy())  # an equal table is no change
    assert keys == ["schedule/shifts"]
    with qtbot.waitSignal(window.documents.autosaved, timeout=WAIT_MS):
        assert window.documents.autosave()
    _inputs, _history, cache = from_document(load_plan(window.documents.recovery.path))
    pd.testing.assert_frame_equal(cache["schedule/shifts"], shifts, check_dtype=False)
    assert not window.documents.autosave()  # nothing new since that copy
    window.plan.set_cache("forecast/last_run", {"method": "ets"})
    assert window.documents.autosave()  # a cache-only change is written again
    qtbot.waitUntil(lambda: not window.documents.autosave_runner.busy, timeout=WAIT_MS)
    # Removing what was not saved brings the plan back to its saved state, at once too.
    window.plan.set_cache("forecast/last_run", None)
    window.plan.set_cache("schedule/shifts", None)
    assert keys == ["schedule/shifts", "forecast/last_run", "forecast/last_run", "schedule/shifts"]
    assert not window.isWindowModified() and not window.documents.is_modified
    window.plan.set_cache("schedule/shifts", None)  # removing a missing entry: no signal
    assert len(keys) == 4
