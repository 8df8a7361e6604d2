"""Which repository files an installed wfm_desktop carries, for every way of installing it.

Both the PyInstaller spec (``installer/wfm_desktop.spec``) and the wheel build
(``setup.py``) ship the same files, under a ``resources/`` folder:

* ``resources/`` of the repository: the icons, the icon SVG and the sample
  history — not the README screenshots nor the scripts that generate files
  (``make_sample.py``);
* ``docs/`` as ``resources/docs/``: the user documentation (Help ▸ User guide
  reads it) and its images — not the screenshot gallery of every page
  (``docs/images/screens``, for the repository's readers).

Plain standard library, no wfm_desktop import: it runs inside build tools.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

DOC_SUFFIXES = (".md", ".png", ".svg")


def shipped_files(repo: Path) -> list[tuple[Path, PurePosixPath]]:
    """(source file, path relative to the installed ``resources/`` folder's parent) for each file."""
    repo = Path(repo)
    files: list[tuple[Path, PurePosixPath]] = []
    resources = repo / "resources"
    for path in sorted(resources.rglob("*")):
        rel = path.relative_to(resources)
        if not path.is_file() or rel.parts[0] == "screenshots" or path.suffix in (".py", ".pyc"):
            continue
        if "__pycache__" in rel.parts:
            continue
        files.append((path, PurePosixPath("resources", *rel.parts)))
    docs = repo / "docs"
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs)
        if "screens" in rel.parts or not path.is_file() or path.suffix not in DOC_SUFFIXES:
            continue
        files.append((path, PurePosixPath("resources", "docs", *rel.parts)))
    return files
