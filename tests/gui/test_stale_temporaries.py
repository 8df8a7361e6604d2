"""At start-up the app removes the temporary files interrupted saves left beside its recent plans (#18)."""

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO
from wfm_desktop.gui.main_window import MainWindow


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_start_up_sweeps_temporaries_beside_recent_plans(qtbot, settings, tmp_path):
    plan = tmp_path / "march.wfmplan"
    stale = tmp_path / f".march.wfmplan.{_dead_pid()}-abc123.tmp"
    stale.write_bytes(b"PK partial")
    live = tmp_path / f".march.wfmplan.{os.getpid()}-def456.tmp"  # a save running now is left alone
    live.write_bytes(b"PK")
    settings.add_recent_file(str(plan))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.documents.temporaries_removed, timeout=10_000) as blocker:
        window.documents.remove_stale_temporaries()
    assert blocker.args[0] == [str(stale)]
    assert not stale.exists() and live.exists()


@pytest.mark.skipif(sys.platform != "linux", reason="writes the preferences where Qt keeps them on Linux")
def test_the_real_entry_point_sweeps_at_start(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    stale = folder / f".old.wfmplan.{_dead_pid()}-abc123.tmp"
    stale.write_bytes(b"PK partial")
    config = tmp_path / "cfg" / "wfm_desktop"
    config.mkdir(parents=True)
    (config / "wfm_desktop.conf").write_text(f"[recent]\nfiles={folder / 'old.wfmplan'}\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "cfg"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "wfm_desktop", "--quit-after-ms", "300"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
