"""User preferences (not the plan document): typed reads and writes over QSettings.

Recent files, window geometry and default values live here. Tests redirect
QSettings to a temporary folder (see tests/gui/conftest.py) so they never touch
the user's real preferences.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from wfm_desktop.core.staffing.queue_settings import DEFAULT_OCCUPANCY_CAP
from wfm_desktop.gui.startup_window import APPLICATION, ORGANIZATION  # noqa: F401 - the names QSettings uses

DEFAULTS: dict[str, Any] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/page": 0,
    "recent/files": [],
    "calculator/contacts": 100.0,
    "calculator/interval_min": 30,
    "calculator/aht_s": 180.0,
    "calculator/sl_target": 0.80,
    "calculator/answer_s": 20.0,
    "calculator/asa_s": 0.0,
    "calculator/max_occupancy": DEFAULT_OCCUPANCY_CAP,  # the Staffing page's default cap too (issue #21)
    "calculator/shrinkage": 0.30,
    "calculator/patience_s": 0.0,
    "calculator/concurrency": 1,
}
MAX_RECENT = 10


class Settings:
    """Typed access to the preferences, with defaults from :data:`DEFAULTS`."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        # QSettings() uses the application's names and the default format, so the tests'
        # redirection (setDefaultFormat + setPath) applies; the app sets the names at start-up.
        self._q = qsettings if qsettings is not None else QSettings()

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        value = self._q.value(key, default)
        return _coerce(value, default)

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(f"unknown setting {key!r}")
        self._q.setValue(key, value)

    def recent_files(self) -> list[str]:
        return list(self.get("recent/files"))

    def add_recent_file(self, path: str) -> None:
        files = [p for p in self.recent_files() if p != path]
        self.set("recent/files", [path, *files][:MAX_RECENT])

    def sync(self) -> None:
        self._q.sync()


def _coerce(value: Any, default: Any) -> Any:
    """QSettings' INI backend returns strings; convert back to the default's type."""
    if value is None:
        return default
    try:
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
        if isinstance(default, int):
            return int(float(value))
        if isinstance(default, float):
            return float(value)
        if isinstance(default, list):
            if isinstance(value, str):
                return [value] if value else []
            return [str(v) for v in value]
        if isinstance(default, QByteArray):
            return value if isinstance(value, QByteArray) else QByteArray()
    except (TypeError, ValueError):
        return default
    return value
