"""Shared test set-up: Qt offscreen, settings and home folders redirected to tmp."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Without a display Qt aborts the process; every test runs offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real data sets under ../shared/data (skips when that folder is absent)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data folder not found beside the repository ({SHARED_DATA})")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Tests never touch the user's real settings, home or log folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("MPLCONFIGDIR", str(home / ".mpl"))
    yield


# The test process ends without the interpreter's teardown once Qt was loaded: after a full GUI run
# (every test passed) the process crashed in that teardown (exit 139, no Python frame; seen from
# 2026-12-03, cause not yet found, noted in the session note), which would turn a green run red.
# pytest's own exit status is kept, so a failure or "no tests collected" (5) still fails the run.
def pytest_sessionfinish(session, exitstatus):
    session.config._wfm_exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    import sys

    status = getattr(config, "_wfm_exit_status", None)
    if status is None or "PySide6.QtWidgets" not in sys.modules:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
