"""The light window shown at start-up: it needs only Qt, and it lists the main window's steps."""

from __future__ import annotations

import subprocess
import sys

from wfm_desktop.gui.startup_window import STEP_TITLES, StartupWindow


def test_the_startup_window_and_the_application_import_no_pandas_numpy_or_matplotlib():
    code = ("import sys\n"
            "from wfm_desktop.gui.app import create_application\n"
            "from wfm_desktop.gui.error_hook import ErrorHook\n"
            "from wfm_desktop.gui.logs import setup_logging\n"
            "from wfm_desktop.gui.startup_window import StartupWindow\n"
            "heavy = sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'scipy') if m in sys.modules)\n"
            "print(','.join(heavy))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_startup_window_lists_the_main_windows_steps(qtbot, main_window):
    shell = StartupWindow()
    qtbot.addWidget(shell)
    assert [shell.nav.item(i).text() for i in range(shell.nav.count())] == list(STEP_TITLES)
    assert [page.title for page in main_window.pages] == list(STEP_TITLES)
