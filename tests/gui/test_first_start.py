"""A first start reads the sample while the main window loads, and shows it on the Data page (issue #21)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from wfm_desktop.core.history.sample import sample_history_path

REPO = Path(__file__).resolve().parents[2]
WAIT_MS = 60_000


def test_the_sample_read_early_is_shown_as_if_imported_on_the_page(qtbot, main_window):
    from wfm_desktop.gui.app import _EarlySample, _open_sample_for_a_new_user

    early = _EarlySample()  # started before the window exists, as the app does at its first paint
    data = main_window.page("Data")
    assert data.wants_sample()
    with qtbot.waitSignal(main_window.plan.changed, timeout=WAIT_MS, check_params_cb=lambda s: s == "history"):
        _open_sample_for_a_new_user(main_window, early)
    history = main_window.plan.result("history")
    # The same history the sample file holds (read independently here).
    raw = pd.read_csv(sample_history_path())
    assert history.queues == sorted(raw["queue"].unique()) and len(history.frame) == len(raw)
    assert history.frame["offered"].sum() == raw["offered"].sum()
    assert data.path == str(sample_history_path()) and "sample_history.csv" in data.summary.text()
    assert main_window.plan.input("history_import")["path"] == str(sample_history_path())
    assert not main_window.documents.is_modified  # the demo asks no "Save changes?"
    assert main_window.stack.currentWidget() is data
    assert not data.wants_sample()  # never again once something was opened


def test_an_early_sample_is_dropped_when_the_planner_opened_something_first(qtbot, main_window, tmp_path):
    from wfm_desktop.gui.app import _EarlySample, _open_sample_for_a_new_user

    early = _EarlySample()
    data = main_window.page("Data")
    mine = tmp_path / "mine.csv"
    mine.write_text("queue,start,offered\nA,2026-01-05 09:00,3\nA,2026-01-05 09:15,4\nA,2026-01-06 09:00,5\n"
                    "A,2026-01-06 09:15,6\n")
    with qtbot.waitSignal(data.runner.done, timeout=WAIT_MS):
        data.open_file(str(mine))
    _open_sample_for_a_new_user(main_window, early)
    qtbot.waitUntil(lambda: not early.runner.busy, timeout=WAIT_MS)
    assert main_window.plan.result("history").queues == ["A"] and data.path == str(mine)


def test_a_first_start_shows_the_sample_through_the_real_entry_point(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "cfg"),
               XDG_DATA_HOME=str(tmp_path / "data"), PYTHONPATH=str(REPO))
    code = ("from wfm_desktop.gui.app import main; "
            "raise SystemExit(main(['--quit-after-ms', '0', '--until-sample-shown']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=180)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    shown = [i for i, line in enumerate(lines) if line.startswith("wfm_desktop window shown")]
    sample = [i for i, line in enumerate(lines) if line.startswith("wfm_desktop sample shown")]
    assert shown and sample and shown[0] < sample[0]  # the window paints first, the sample follows


def test_a_first_start_window_builds_the_other_pages_later_in_order_or_when_chosen(qtbot, settings):
    from wfm_desktop.gui.main_window import PAGES, MainWindow
    from wfm_desktop.gui.startup_window import STEP_TITLES

    window = MainWindow(settings, later_pages=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert [page.title for page in window.pages] == ["Data"]
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == list(STEP_TITLES)
    assert window.stack.count() == len(STEP_TITLES) and window.pending_pages == PAGES[1:]
    assert window.stack.widget(3).text() == "Loading the Schedule page…"
    window.nav.setCurrentRow(3)  # the planner chooses a step not built yet: it is built, with those before it
    assert [page.title for page in window.pages] == list(STEP_TITLES[:4])
    assert window.stack.currentWidget() is window.pages[3] and window.stack.currentIndex() == 3
    assert window.page("Calculator") is window.pages[5]  # asked for by name
    assert window.build_next_page() and not window.build_next_page()
    assert [page.title for page in window.pages] == list(STEP_TITLES)
    assert [window.stack.widget(i) for i in range(window.stack.count())] == window.pages  # no placeholder left
    for row, page in enumerate(window.pages):
        assert window.nav.item(row).toolTip().startswith(page.tooltip) and window.go_actions[row].toolTip()
    window.close()


def test_pages_built_after_the_sample_arrived_show_it(qtbot, settings):
    from wfm_desktop.gui.app import _EarlySample, _open_sample_for_a_new_user
    from wfm_desktop.gui.main_window import MainWindow

    window = MainWindow(settings, later_pages=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.plan.changed, timeout=WAIT_MS, check_params_cb=lambda s: s == "history"):
        _open_sample_for_a_new_user(window, _EarlySample())
    window.build_all_pages()
    history = window.plan.result("history")
    forecast = window.page("Forecast")
    assert forecast.history_label.text().startswith(f"History: {len(history.queues)} queue(s), ")
    assert window.page("Budget").use_plan.isEnabled() is False  # no staffing yet: nothing to price
    window.close()


def test_nothing_heavy_is_imported_before_the_sample_is_shown():
    """What a first start imports in the window's process before the sample is shown: no scipy,
    statsmodels, numba, spreadsheet writers or readers (the pages that need them come later)."""
    code = ("import sys\n"
            "import wfm_desktop.core.importers, wfm_desktop.gui.main_window, wfm_desktop.gui.pages.data\n"
            "heavy = ('scipy', 'statsmodels', 'numba', 'xlsxwriter', 'openpyxl', 'holidays')\n"
            "print(','.join(m for m in heavy if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert out.stdout.strip() == ""


def test_pages_built_after_a_plan_was_opened_show_that_plan(qtbot, settings, main_window, tmp_path):
    import shutil

    from wfm_desktop.gui.main_window import MainWindow

    plan = tmp_path / "release_1.wfmplan"
    shutil.copyfile(REPO / "tests" / "data" / "old_release" / "release_1.wfmplan", plan)
    window = MainWindow(settings, later_pages=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for opened_in in (window, main_window):  # the same plan, in a window that built its pages first
        with qtbot.waitSignal(opened_in.documents.opened, timeout=WAIT_MS):
            opened_in.documents.open(str(plan))
    assert len(window.pages) == 1
    window.build_all_pages()
    assert window.page("Forecast")._form_dict() == main_window.page("Forecast")._form_dict()
    late, early = window.page("Staffing"), main_window.page("Staffing")
    assert [late.queue.itemText(i) for i in range(late.queue.count())] == \
        [early.queue.itemText(i) for i in range(early.queue.count())]
    pd.testing.assert_frame_equal(window.page("Schedule").templates.frame(),
                                  main_window.page("Schedule").templates.frame())
    window.documents.mark_clean()
    window.close()
