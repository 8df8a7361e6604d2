"""Wheel builds copy the shipped resources into the package (everything else is in pyproject.toml).

The icons, the sample history and the user documentation live at the top of the
repository (``resources/``, ``docs/``), where the source checkout and an editable
install find them. A wheel carries them as ``wfm_desktop/resources/`` — the place
``wfm_desktop.resources.resource_roots`` looks in for an installed package — with
the same selection as the frozen app (``installer/shipped.py``).
"""

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

REPO = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO / "installer"))
from shipped import shipped_files  # noqa: E402


class BuildPyWithResources(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's folders directly
        package = Path(self.build_lib) / "wfm_desktop"
        for src, dest in shipped_files(REPO):
            target = package.joinpath(*dest.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)


setup(cmdclass={"build_py": BuildPyWithResources})
