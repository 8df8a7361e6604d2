"""A thin Qt host for a matplotlib Figure; the drawing lives in wfm_desktop.plots."""

from __future__ import annotations

from typing import Callable

import matplotlib

matplotlib.use("QtAgg")

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QSizePolicy, QVBoxLayout, QWidget  # noqa: E402

from wfm_desktop.plots.style import apply_presentation  # noqa: E402


class ChartWidget(QWidget):
    """Hosts one Figure. Call :meth:`redraw` with a function that draws on the Figure.

    In presentation mode (:meth:`set_presentation`) every drawing is restyled for a
    projector (:func:`wfm_desktop.plots.style.apply_presentation`); switching the mode
    redraws the last drawing.

    Drawing waits for the event loop: each chart draws in its own turn (several charts
    redrawn at once do not hold up the GUI thread together), and a chart that is not on
    screen (a page not shown) draws when it is shown, or when its :attr:`figure` is asked
    for: drawing every page's charts after each Open or recompute would hold up the GUI
    thread for charts nobody sees.
    """

    def __init__(self, parent: QWidget | None = None, *, figsize=(6.0, 4.0)) -> None:
        super().__init__(parent)
        self._figure = Figure(figsize=figsize, layout="constrained")
        self._pending = False  # a redraw() not drawn yet
        self.canvas = FigureCanvasQTAgg(self._figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.presentation = False
        self._last_draw: Callable[[Figure], None] | None = None

    @property
    def figure(self) -> Figure:
        """The Figure, with the latest drawing on it."""
        self._draw_pending()
        return self._figure

    def redraw(self, draw: Callable[[Figure], None]) -> None:
        """Clear the figure and let `draw(figure)` draw it when the event loop next runs (or when shown).

        A page that redraws several charts thus draws each in its own turn of the event loop,
        and a chart redrawn twice in a row draws once.
        """
        self._last_draw = draw
        if not self._pending:
            self._pending = True
            if self.isVisible():
                QTimer.singleShot(0, self, self._draw_pending)

    def _draw_pending(self) -> None:
        if not self._pending or self._last_draw is None:
            return
        self._pending = False
        self._figure.clear()
        self._last_draw(self._figure)
        if self.presentation:
            apply_presentation(self._figure)
        # Already deferred and coalesced (a timer with this widget as context): draw now. draw_idle()
        # would post one more context-free timer, which fails if the window closes before it fires.
        self.canvas.draw()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._pending:
            QTimer.singleShot(0, self, self._draw_pending)

    def set_presentation(self, on: bool) -> None:
        """Large text and thick lines for a projector (True) or the normal look (False)."""
        if bool(on) == self.presentation:
            return
        self.presentation = bool(on)
        if self._last_draw is not None:
            self.redraw(self._last_draw)

    def font_sizes(self) -> list[float]:
        """The sizes of every text on the figure (for tests)."""
        return [t.get_fontsize() for t in self.figure.findobj(Text) if t.get_text()]

    def save_png(self, path: str, dpi: int = 150) -> None:
        self.figure.savefig(path, dpi=dpi)  # (draws a pending drawing first)

    def ask_save_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save chart as PNG", "chart.png", "PNG image (*.png)")
        if path:
            self.save_png(path)
