"""GUI test set-up: preferences in a temp folder, no thread left running."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from wfm_desktop.gui.settings import APPLICATION, ORGANIZATION, Settings


@pytest.fixture(autouse=True)
def _temp_qsettings(tmp_path, qapp):
    """Redirect QSettings to tmp_path (INI files), so the user's preferences are never touched."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APPLICATION)
    yield


@pytest.fixture(autouse=True)
def _temp_recovery_folder(tmp_path, monkeypatch):
    """Recovery copies of unsaved plans go to tmp_path, never to the user's app data folder."""
    monkeypatch.setenv("WFM_DESKTOP_RECOVERY_DIR", str(tmp_path / "recovery"))


@pytest.fixture(autouse=True)
def _no_threads_left(qapp):
    """Fail a test that leaves work running on the thread pool."""
    yield
    from wfm_desktop.gui.workers import chart_pool

    for pool in (QThreadPool.globalInstance(), chart_pool()):
        finished = pool.waitForDone(10_000)
        assert finished, "a background task was still running 10 s after the test ended"


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def main_window(qtbot, settings):
    from wfm_desktop.gui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
