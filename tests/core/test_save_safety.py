"""Saving keeps a symlink's target, flushes before the rename, removes stale temporary files,
and never writes over a source spreadsheet (#18)."""

import os
import subprocess
import sys

import pandas as pd
import pytest

from wfm_desktop.core import files
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.file_format import PlanDocument, load_plan, save_plan


def _doc(n=3):
    return PlanDocument(settings={"title": "t"}, tables={"t": pd.DataFrame({"x": [float(i) for i in range(n)]})})


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_symlink_saving_replaces_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real" / "plan.wfmplan"
    real.parent.mkdir()
    save_plan(_doc(1), real)
    link = tmp_path / "link.wfmplan"
    link.symlink_to(real)
    save_plan(_doc(5), link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(load_plan(real).tables["t"]) == 5


def test_flush_happens_before_the_rename(tmp_path, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1])
    save_plan(_doc(), tmp_path / "p.wfmplan")
    assert "fsync" in calls and calls.index("fsync") < calls.index("replace")


def test_temp_file_left_by_a_killed_save_is_removed_at_the_next_open(tmp_path):
    plan = tmp_path / "p.wfmplan"
    save_plan(_doc(), plan)
    # a save killed with -9: its temporary file names a process that no longer exists
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".p.wfmplan.{int(child.stdout)}-abc123.tmp"
    stale.write_bytes(b"PK partial")
    live = tmp_path / f".p.wfmplan.{os.getpid()}-def456.tmp"  # a save running now is left alone
    live.write_bytes(b"PK")
    load_plan(plan)
    assert not stale.exists() and live.exists()


def test_temp_file_without_a_process_id_is_removed_when_old(tmp_path):
    plan = tmp_path / "p.wfmplan"
    old = tmp_path / ".p.wfmplan.k3j2h1.tmp"
    old.write_bytes(b"x")
    os.utime(old, (0, 0))
    save_plan(_doc(), plan)
    assert not old.exists()


def test_saving_a_plan_over_a_spreadsheet_is_refused(tmp_path):
    sheet = tmp_path / "calls.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(sheet, index=False)
    before = sheet.read_bytes()
    with pytest.raises(WfmError, match="is not a wfm_desktop plan; saving would destroy it"):
        save_plan(_doc(), sheet)
    assert sheet.read_bytes() == before


def test_import_output_over_its_source_is_refused(tmp_path, capsys):
    from wfm_desktop.cli import main

    src = tmp_path / "calls.csv"
    src.write_text("Date,Interval,Offered\n2024-03-04,08:00,5\n2024-03-04,08:30,6\n")
    before = src.read_bytes()
    assert main(["import", str(src), "-o", str(src), "--force"]) == 2
    assert "the source is never overwritten" in capsys.readouterr().err
    assert src.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_a_message(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(WfmError, match="read-only"):
            files.write_atomic(folder / "x.csv", lambda tmp: tmp.write_text("x"))
    finally:
        folder.chmod(0o755)


def test_unwritable_folder_message_without_traceback(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    with pytest.raises(WfmError, match=r"x\.csv: cannot be written — the folder is read-only"):
        files.write_atomic(tmp_path / "x.csv", lambda tmp: None)


def test_temp_files_beside_recent_plans_are_removed_in_one_sweep(tmp_path):
    """What the app does at start-up for its recent plans (gui/documents.py remove_stale_temporaries)."""
    from wfm_desktop.core.files import remove_stale_temporaries_beside

    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = [tmp_path / f".{name}.{int(child.stdout)}-abc.tmp" for name in ("a.wfmplan", "b.wfmplan")]
    for path in stale:
        path.write_bytes(b"PK partial")
    removed = remove_stale_temporaries_beside([str(tmp_path / "a.wfmplan"), str(tmp_path / "b.wfmplan"),
                                               str(tmp_path / "gone" / "c.wfmplan")])
    assert sorted(removed) == sorted(stale) and not any(p.exists() for p in stale)
