"""The light window shown while the app starts: it imports only Qt, so it paints at once.

Importing the main window (pandas, matplotlib, every page) and building its pages takes
seconds on a slow or busy machine. `gui/app.py` shows this window first — the title, the
planning steps down the left and "Loading…" where the page will be — and builds the main
window behind it, one step per turn of the event loop, so the planner sees the app at once
and the window keeps repainting while it loads. Nothing here may import pandas, numpy,
matplotlib or the core: `tests/gui/test_startup_window.py` checks that.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QWidget

ORGANIZATION = "wfm_desktop"
APPLICATION = "wfm_desktop"
"""The names QSettings (preferences, the log folder) uses; `gui/settings.py` re-exports them."""

STEP_TITLES = ("Data", "Forecast", "Staffing", "Schedule", "Budget", "Calculator", "Trade-offs")
"""The main window's steps in order (its pages' titles; a test keeps the two lists equal)."""

GEOMETRY_KEY = "window/geometry"  # the main window's saved geometry (gui/settings.py)


class StartupWindow(QMainWindow):
    """Title, step list and a "Loading…" label, where the main window will appear."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("wfm_desktop")
        self.nav = QListWidget()
        self.nav.addItems(STEP_TITLES)
        self.nav.setEnabled(False)
        metrics = self.nav.fontMetrics()
        self.nav.setFixedWidth(max(metrics.horizontalAdvance(t) for t in STEP_TITLES)
                               + metrics.averageCharWidth() * 6 + self.nav.frameWidth() * 2)
        self.label = QLabel("Loading wfm_desktop…")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.label, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Loading…")
        geometry = QSettings().value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.restoreGeometry(geometry)):
            self.resize(1200, 780)

    def set_message(self, text: str) -> None:
        """What is being loaded ("Loading the Forecast page…")."""
        self.label.setText(text)
