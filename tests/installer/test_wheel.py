"""A wheel (pip install of a built package, not editable) carries the icons, sample and user guide.

Builds the wheel with pip into a temporary folder, unpacks it and runs the unpacked package
from a folder outside the repository, so nothing is found through the checkout. The selection
of files is installer/shipped.py's, the same as the frozen app's.
"""

import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy of what a source distribution holds, so setuptools' build/ folder is not left
    # in the checkout (a stale build/lib would leak into later builds).
    source = out / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(REPO / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in ("wfm_desktop", "resources", "docs", "installer"):
        shutil.copytree(REPO / folder, source / folder, ignore=skip)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = out.glob("wfm_desktop-*.whl")
    site = out / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(site)
    return site, names


def test_wheel_holds_the_shipped_resources_and_no_gallery(unpacked_wheel):
    _site, names = unpacked_wheel
    for needed in ("wfm_desktop/resources/sample/sample_history.csv", "wfm_desktop/resources/icons/wfm_desktop.png",
                   "wfm_desktop/resources/docs/user-guide.md", "wfm_desktop/resources.py"):
        assert needed in names
    assert not any("/screens/" in n or n.endswith("make_sample.py") for n in names)


def test_installed_package_finds_sample_icon_and_guide(unpacked_wheel, tmp_path):
    site, _names = unpacked_wheel
    code = ("import wfm_desktop, wfm_desktop.resources as r;"
            "from wfm_desktop.core.history.sample import sample_history_path;"
            "print(wfm_desktop.__file__); print(r.resource_path('icons', 'wfm_desktop.png'));"
            "print(sample_history_path()); print(r.docs_path('user-guide.md'))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    paths = done.stdout.split()
    assert len(paths) == 4 and all(p.startswith(str(site)) for p in paths), done.stdout
