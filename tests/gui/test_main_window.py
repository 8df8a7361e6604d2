import os
import subprocess
import sys

from PySide6.QtGui import QKeySequence

from tests.conftest import REPO
from wfm_desktop.gui.main_window import PAGES


def test_window_lists_pages_in_flow_order(main_window):
    titles = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
    assert titles == [p.title for p in main_window.pages]
    assert len(titles) == len(PAGES) >= 1
    assert main_window.stack.currentIndex() == main_window.nav.currentRow()


def test_menus_have_quit_and_about(main_window, qtbot):
    file_actions = [a.text() for a in main_window.file_menu.actions()]
    assert "&Quit" in file_actions
    quit_action = next(a for a in main_window.file_menu.actions() if a.text() == "&Quit")
    assert QKeySequence("Ctrl+Q") in quit_action.shortcuts()  # Windows has no standard Quit key
    box = main_window.show_about()
    assert "wfm_desktop" in box.text()
    box.close()


def test_window_remembers_the_page_it_was_on(qtbot, settings):
    from wfm_desktop.gui.main_window import MainWindow

    first = MainWindow(settings)
    qtbot.addWidget(first)
    last = first.nav.count() - 1
    first.nav.setCurrentRow(last)
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    assert second.nav.currentRow() == last
    second.close()


def test_real_entry_point_opens_and_quits(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    result = subprocess.run(
        [sys.executable, "-m", "wfm_desktop", "--quit-after-ms", "300"],  # the real entry point
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "window shown" in result.stdout


def test_settings_are_written_to_the_redirected_folder(settings, tmp_path):
    settings.set("calculator/contacts", 123.0)
    settings.sync()
    written = list((tmp_path / "settings").rglob("*.ini"))
    assert written, "preferences must go to the test's temporary folder, not the user's"


def test_hidden_pages_leave_the_status_bar_alone_at_start_up(main_window, qtbot):
    """The Calculator and Trade-offs pages compute their defaults at start-up; only the shown page may talk."""
    calculator, tradeoffs = main_window.page("Calculator"), main_window.page("Trade-offs")
    main_window.show_page("Data")
    qtbot.waitUntil(lambda: calculator.result is not None and tradeoffs.result is not None
                    and not calculator.runner.busy, timeout=10000)
    assert main_window.statusBar().currentMessage() == "Ready"
    # Shown, the Calculator's own results do reach the status bar.
    main_window.show_page("Calculator")
    with qtbot.waitSignal(calculator.runner.done, timeout=5000):
        calculator.recompute()
    assert main_window.statusBar().currentMessage() == "14 agents on the phones, 20 to schedule"
