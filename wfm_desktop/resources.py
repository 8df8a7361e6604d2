"""Find the application's resource files (icons, sample data) wherever it runs.

Resources live in the repository's top-level ``resources/`` folder. They are
looked for, in order, in:

1. a frozen (PyInstaller) bundle: ``sys._MEIPASS/resources/`` (the spec copies
   the folder there; in a one-folder build that is ``_internal/resources``, in a
   macOS ``.app`` it is ``Contents/Frameworks/resources``);
2. an installed package: ``wfm_desktop/resources/``;
3. the source checkout (and an editable install): ``<repo>/resources/``.

The same order as :func:`wfm_desktop.core.history.sample.sample_history_path`, so the
sample history and the icons are always found in the same place.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wfm_desktop.core.errors import WfmError

_PACKAGE = Path(__file__).resolve().parent


def resource_roots() -> list[Path]:
    """The folders that may hold ``resources/`` content, most specific first."""
    roots = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "resources")
    roots.append(_PACKAGE / "resources")
    roots.append(_PACKAGE.parent / "resources")
    return roots


def resource_path(*parts: str) -> Path:
    """The path of a resource, e.g. ``resource_path("icons", "wfm_desktop.png")``.

    Raises :class:`WfmError` naming every place looked in when it is missing
    (a broken install, not a planner's mistake, but the message says where).
    """
    if not parts:
        raise WfmError("resource_path: give the resource's name, e.g. 'icon.svg'")
    candidates = [root.joinpath(*parts) for root in resource_roots()]
    for place in candidates:
        if place.exists():
            return place
    raise WfmError(f"resource {'/'.join(parts)!r} is not installed (looked in: "
                   + "; ".join(str(p) for p in candidates) + ")")


def docs_path(name: str = "user-guide.md") -> Path:
    """A page of the user documentation (``docs/`` in the repository), e.g. the user guide.

    The frozen app carries the documents as ``resources/docs/`` (see the spec's
    ``resource_datas``); a source checkout reads ``<repo>/docs/``.
    """
    candidates = [root / "docs" / name for root in resource_roots()]
    candidates.append(_PACKAGE.parent / "docs" / name)
    for place in candidates:
        if place.exists():
            return place
    raise WfmError(f"document {name!r} is not installed (looked in: "
                   + "; ".join(str(p) for p in candidates) + ")")


def is_frozen() -> bool:
    """True in a PyInstaller build."""
    return bool(getattr(sys, "frozen", False))
