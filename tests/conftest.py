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
