"""Frozen-app guards in wfm_desktop.startup.prepare_process (both entry points call it first)."""

import sys
import tempfile
from pathlib import Path

from wfm_desktop.startup import prepare_process


def test_missing_stdout_and_stderr_become_devnull(monkeypatch):
    # A windowed Windows executable starts with sys.stdout and sys.stderr set to None.
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    prepare_process()
    try:
        print("goes nowhere")
        sys.stderr.write("nowhere either\n")
    finally:
        sys.stdout.close()
        sys.stderr.close()


def test_frozen_app_keeps_matplotlib_config_in_the_temp_folder(monkeypatch):
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    prepare_process()
    import os

    config = Path(os.environ["MPLCONFIGDIR"])
    assert config.parent == Path(tempfile.gettempdir())
    assert Path(sys.executable).parent not in config.parents


def test_a_users_matplotlib_config_is_respected(monkeypatch, tmp_path):
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    prepare_process()
    import os

    assert os.environ["MPLCONFIGDIR"] == str(tmp_path)
