"""The core and the plots never import Qt (checked in a fresh interpreter).

This imports every module, so it also catches Qt loaded by name at run time (importlib), but it
cannot see an import inside a function that is never called: the import-linter contracts in
pyproject.toml, run by tests/test_layering.py, read every import statement, at any depth.
"""

import subprocess
import sys

from tests.conftest import REPO


def test_core_and_plots_do_not_import_qt():
    code = (
        "import importlib, pkgutil, sys\n"
        "import wfm_desktop.core, wfm_desktop.plots\n"
        "for pkg in (wfm_desktop.core, wfm_desktop.plots):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'wfm_desktop.gui')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
