"""The application's log file: where it lives and how it is written.

One rotating file, ``wfm_desktop.log`` (1 MB, three old copies kept), in the
user's log folder: Qt's ``AppLocalDataLocation/logs`` (``%LOCALAPPDATA%`` on
Windows, ``~/Library/Application Support`` on macOS, ``~/.local/share`` on
Linux). Start-up writes one INFO line with the version, Python, Qt and platform,
so a log sent with a bug report says what it came from. Unexpected exceptions
are logged with their traceback by :mod:`wfm_desktop.gui.error_hook`.

Logging never stops the app: when the folder cannot be written, the log goes
to the temporary folder instead.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import tempfile
from pathlib import Path

from wfm_desktop import __version__

LOGGER_NAME = "wfm_desktop"
LOG_FILE_NAME = "wfm_desktop.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3

log = logging.getLogger(LOGGER_NAME)


def default_log_folder() -> Path:
    """The user's log folder for this app (needs the QApplication's names to be set)."""
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    if not base:
        base = str(Path(tempfile.gettempdir()) / "wfm_desktop")
    return Path(base) / "logs"


def versions_line() -> str:
    """Version, Python, Qt and platform in one line (the log's start-up line, the About box)."""
    import PySide6
    from PySide6.QtCore import qVersion

    return (f"wfm_desktop {__version__}; Python {platform.python_version()}; Qt {qVersion()} "
            f"(PySide6 {PySide6.__version__}); {platform.platform()}")


def setup_logging(folder: Path | str | None = None) -> Path:
    """Send the ``wfm_desktop`` logger's INFO and above to the rotating log file; return the file.

    Idempotent: calling it again (tests, a second window) replaces the handler it installed.
    """
    folder = Path(folder) if folder is not None else default_log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _file_handler(folder / LOG_FILE_NAME)
    except OSError:
        folder = Path(tempfile.gettempdir()) / "wfm_desktop-logs"
        folder.mkdir(parents=True, exist_ok=True)
        handler = _file_handler(folder / LOG_FILE_NAME)
    for old in [h for h in log.handlers if getattr(h, "_wfm_desktop", False)]:
        log.removeHandler(old)
        old.close()
    handler._wfm_desktop = True  # type: ignore[attr-defined]
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.info("start: %s; executable %s", versions_line(), sys.executable)
    return Path(handler.baseFilename)


def current_log_file() -> Path | None:
    """The file :func:`setup_logging` writes to, or None before it ran."""
    for handler in log.handlers:
        if getattr(handler, "_wfm_desktop", False):
            return Path(handler.baseFilename)
    return None


def _file_handler(path: Path) -> logging.Handler:
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                                   encoding="utf-8", delay=False)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler
