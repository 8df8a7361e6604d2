"""A thin Qt host for a matplotlib Figure; the drawing lives in wfm_desktop.plots."""

from __future__ import annotations

from typing import Callable

import matplotlib

matplotlib.use("QtAgg")

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QSizePolicy, QVBoxLayout, QWidget  # noqa: E402

from wfm_desktop.plots.style import apply_presentation  # noqa: E402


class ChartWidget(QWidget):
    """Hosts one Figure. Call :meth:`redraw` with a function that draws on the Figure.

    In presentation mode (:meth:`set_presentation`) every drawing is restyled for a
    projector (:func:`wfm_desktop.plots.style.apply_presentation`); switching the mode
    redraws the last drawing.
    """

    def __init__(self, parent: QWidget | None = None, *, figsize=(6.0, 4.0)) -> None:
        super().__init__(parent)
        self.figure = Figure(figsize=figsize, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.presentation = False
        self._last_draw: Callable[[Figure], None] | None = None

    def redraw(self, draw: Callable[[Figure], None]) -> None:
        """Clear the figure, let `draw(figure)` draw it, and repaint when Qt is idle."""
        self._last_draw = draw
        self.figure.clear()
        draw(self.figure)
        if self.presentation:
            apply_presentation(self.figure)
        self.canvas.draw_idle()

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
        self.figure.savefig(path, dpi=dpi)

    def ask_save_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save chart as PNG", "chart.png", "PNG image (*.png)")
        if path:
            self.save_png(path)
