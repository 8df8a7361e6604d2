"""Recovery copies of unsaved plans: written while a plan is modified, offered after a crash.

Each running window owns one recovery file, ``plan-<id>.wfmplan`` (the ordinary plan
format, written atomically), in the recovery folder, and holds a lock file
``plan-<id>.lock`` beside it while it runs. A clean exit deletes both. A recovery
file whose lock is free (or stale: its process is gone) was left by a window that
did not close cleanly — a crash, a power cut, a killed process — and is offered on
the next start. Windows that are still running keep their lock, so a second copy
of the app never offers (or deletes) the first one's recovery file.

The folder is ``QStandardPaths.AppDataLocation``/``recovery``:

* Windows: ``%APPDATA%\\wfm_desktop\\wfm_desktop\\recovery``
* macOS: ``~/Library/Application Support/wfm_desktop/wfm_desktop/recovery``
* Linux: ``~/.local/share/wfm_desktop/wfm_desktop/recovery`` (``$XDG_DATA_HOME``)

``WFM_DESKTOP_RECOVERY_DIR`` overrides it (the tests point it at a temporary folder).
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
import zipfile
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QStandardPaths

from wfm_desktop.core.plan.file_format import MANIFEST, SUFFIX, PlanDocument, save_plan

ENV_FOLDER = "WFM_DESKTOP_RECOVERY_DIR"
PREFIX = "plan-"
MAX_MANIFEST_BYTES = 16 << 20


def default_recovery_dir() -> Path:
    """Where recovery copies are kept (see the module docstring)."""
    override = os.environ.get(ENV_FOLDER)
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".wfm_desktop") / "recovery"


class RecoveryStore:
    """This window's recovery file, and the ones windows that crashed left behind."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_recovery_dir()
        self.path = self.folder / f"{PREFIX}{uuid.uuid4().hex[:12]}{SUFFIX}"
        self._lock: QLockFile | None = None

    def write(self, document: PlanDocument) -> Path:
        """Write `document` as this window's recovery copy (atomically; safe to call off the GUI thread
        once :meth:`claim` has run)."""
        return save_plan(document, self.path, force=True)

    def claim(self) -> None:
        """Create the folder and take this window's lock (before the first write, on the GUI thread)."""
        if self._lock is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(self.path.with_suffix(".lock")))
        lock.setStaleLockTime(0)
        if lock.tryLock(0):
            self._lock = lock

    def discard(self) -> None:
        """Delete this window's recovery copy (the plan was saved, closed or replaced)."""
        with contextlib.suppress(OSError):
            self.path.unlink()

    def release(self) -> None:
        """A clean exit: delete the recovery copy and the lock."""
        self.discard()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def orphans(self) -> list[Path]:
        """Recovery files left by windows that did not close cleanly, newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob(f"{PREFIX}*{SUFFIX}"):
            if path == self.path:
                continue
            lock = QLockFile(str(path.with_suffix(".lock")))
            lock.setStaleLockTime(0)  # only a dead process makes a lock stale, never its age
            if lock.tryLock(0):
                lock.unlock()
                found.append(path)
        return sorted(found, key=_mtime, reverse=True)

    def adopt(self, orphan: Path) -> bool:
        """Make a recovered orphan this window's recovery copy (moved, so a second crash loses nothing)."""
        try:
            self.claim()
            os.replace(orphan, self.path)
        except OSError:
            return False  # the orphan stays where it is; the next autosave writes this window's copy
        self.remove(orphan)
        return True

    @staticmethod
    def remove(path: Path) -> None:
        """Delete an orphaned recovery file (recovered or discarded) and its lock."""
        for target in (path, path.with_suffix(".lock")):
            with contextlib.suppress(OSError):
                target.unlink()

    @staticmethod
    def original_path(path: Path) -> str | None:
        """The plan file a recovery copy belongs to (None: an untitled plan, or unreadable)."""
        try:
            with zipfile.ZipFile(path) as zf:
                info = zf.getinfo(MANIFEST)
                if info.file_size > MAX_MANIFEST_BYTES:
                    return None
                settings = json.loads(zf.read(info)).get("settings", {})
            original = settings.get("recovery", {}).get("path")
        except (OSError, KeyError, ValueError, AttributeError, zipfile.BadZipFile):
            return None
        return str(original) if original else None

    @staticmethod
    def saved_at(path: Path) -> datetime:
        return datetime.fromtimestamp(_mtime(path))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
