import os
import stat

import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import atomic_path, check_output_path, write_atomic


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(WfmError, match="already exists.*--force"):
        write_atomic(target, lambda p: p.write_text("new"))
    assert target.read_text() == "old"
    write_atomic(target, lambda p: p.write_text("new"), force=True)
    assert target.read_text() == "new"


def test_failure_leaves_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target, force=True) as tmp:
            tmp.write_text("half")
            raise RuntimeError("crash")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_missing_folder_and_folder_target(tmp_path):
    with pytest.raises(WfmError, match="does not exist"):
        check_output_path(tmp_path / "nope" / "x.csv")
    with pytest.raises(WfmError, match="is a folder"):
        check_output_path(tmp_path)


def test_new_files_get_normal_permissions(tmp_path):
    target = write_atomic(tmp_path / "new.csv", lambda p: p.write_text("x"))
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
