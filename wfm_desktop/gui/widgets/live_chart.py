"""A Qt host for a live chart: built once, updated in place, laid out only when needed.

Laying a figure out (constrained layout) costs as much as drawing it, so the
host runs it only when the canvas is resized, the chart is (re)built, or the
width of the tick labels may have changed (the number of digits of an axis
limit changed) — not on every slider move.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable

import matplotlib

matplotlib.use("QtAgg")

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402
from PySide6.QtCore import Signal  # noqa: E402
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget  # noqa: E402

from wfm_desktop.core.files import atomic_path  # noqa: E402


def _digits(value: float) -> int:
    return len(f"{abs(value):,.0f}") if math.isfinite(value) else 0


class LiveChart(QWidget):
    """Hosts one chart object from :mod:`wfm_desktop.plots.tradeoffs` on its own Figure.

    The chart has ``update(...)`` and optionally ``fit()`` (called on a resize, before the layout).
    Signals: ``drawn()`` after every render of the canvas.
    """

    drawn = Signal()

    def __init__(self, parent: QWidget | None = None, *, figsize=(8.0, 5.0)) -> None:
        super().__init__(parent)
        self.figure = Figure(figsize=figsize)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumSize(320, 220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.chart: Any = None
        self._layout_key: tuple | None = None
        self._engine = ConstrainedLayoutEngine(h_pad=0.06, w_pad=0.08)
        self.canvas.mpl_connect("draw_event", lambda _event: self.drawn.emit())
        self.canvas.mpl_connect("resize_event", lambda _event: self.relayout())

    def build(self, factory: Callable[[Figure], Any]) -> Any:
        """Clear the figure and create the chart with ``factory(figure)``; returns the chart."""
        self.figure.clear()
        self.chart = factory(self.figure)
        self._layout_key = None
        return self.chart

    def update_chart(self, *args, **kwargs) -> None:
        """``chart.update(*args, **kwargs)``, a layout if the tick labels may have changed width, a redraw."""
        self.chart.update(*args, **kwargs)
        key = self._limits_key()
        if key != self._layout_key:
            self.relayout()
            self._layout_key = key
        self.canvas.draw_idle()

    def _limits_key(self) -> tuple:
        key = []
        for ax in self.figure.axes:
            if ax.get_visible():
                key.extend(_digits(v) for v in (*ax.get_ylim(), *ax.get_xlim()))
            key.append(ax.get_visible())
            key.append(id(ax.get_legend()))  # a new legend (other entries, columns) needs room
        return tuple(key)

    def relayout(self) -> None:
        """Lay the figure out for its current size, fonts and tick labels (constrained layout)."""
        if self.chart is None or self.canvas.width() < 200 or self.canvas.height() < 150:
            return  # not shown yet (or squeezed): laid out when it gets its real size
        fit = getattr(self.chart, "fit", None)
        if fit is not None:
            fit()  # titles and legends that depend on the width
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "axes sizes collapsed": keep the old layout
            try:
                self._engine.execute(self.figure)
            except (ValueError, ZeroDivisionError):
                return

    def save_png(self, path: str, *, force: bool = False, dpi: int = 150) -> None:
        """Write the chart as a PNG (atomically; an existing file only with `force`)."""
        with atomic_path(path, force=force) as tmp:
            self.figure.savefig(tmp, format="png", dpi=dpi, facecolor="white")
