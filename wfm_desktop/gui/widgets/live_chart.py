"""A Qt host for a live chart: built once, updated in place, laid out and fully drawn only when needed.

Two costs are avoided on a slider move:

* Layout (constrained layout costs as much as a draw) runs only when the canvas
  is resized, the chart is (re)built, or the tick labels may have changed width
  (the number of digits of an axis limit changed, or a new legend).
* A full draw runs only when the chart's :meth:`static_key` (limits, legend…)
  changed. Otherwise the host restores the background saved after the last full
  draw and redraws only the chart's ``animated`` artists (blitting), which is
  several times faster. Charts without ``animated``/``static_key`` are always
  fully drawn.
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
import shiboken6
from PySide6.QtCore import QTimer, Signal  # noqa: E402
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
        self.tag: Any = None  # what the owner last drew (e.g. the contacts), for tests and benchmarks
        self._layout_key: tuple | None = None
        self._static_key: tuple | None = None
        self._background = None
        self._blit_pending = False
        self._hidden_update = False  # updated while not shown: to draw when shown
        self.full_draws = 0  # counters, for tests and the latency benchmark
        self.blits = 0
        self._engine = ConstrainedLayoutEngine(h_pad=0.06, w_pad=0.08)
        self.canvas.mpl_connect("draw_event", self._on_full_draw)
        self.canvas.mpl_connect("resize_event", self._on_resize)

    def build(self, factory: Callable[[Figure], Any]) -> Any:
        """Clear the figure and create the chart with ``factory(figure)``; returns the chart."""
        self.figure.clear()
        self.chart = factory(self.figure)
        self._layout_key = None
        self._static_key = None
        self._background = None
        return self.chart

    def update_chart(self, *args, **kwargs) -> None:
        """``chart.update(*args, **kwargs)``, a layout if needed, then a full draw or a blit when Qt is idle."""
        self.chart.update(*args, **kwargs)
        if not self.isVisible():  # a page not shown: laid out and drawn when it is (never for nobody)
            self._hidden_update = True
            self._background = None
            return
        key = self._limits_key()
        if key != self._layout_key:
            self.relayout()
            self._layout_key = key
        static = getattr(self.chart, "static_key", None)
        static_key = (key, static()) if static is not None else None
        if static_key is None or static_key != self._static_key or self._background is None:
            self._static_key = static_key
            self._background = None
            self.canvas.draw_idle()
        elif not self._blit_pending:
            self._blit_pending = True
            QTimer.singleShot(0, self, self._blit)  # with a context: never runs after the widget is gone

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._hidden_update and self.chart is not None:
            self._hidden_update = False
            self.relayout()
            self._layout_key = self._limits_key()
            self._static_key = None
            self.canvas.draw_idle()

    def _animated(self) -> list:
        return list(getattr(self.chart, "animated", ()))

    def _on_full_draw(self, _event) -> None:
        """After a full draw (which skips animated artists): keep the background, then draw them on top."""
        self.full_draws += 1
        animated = self._animated()
        if animated:
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            for artist in animated:
                self.figure.draw_artist(artist)
        self.drawn.emit()

    def _blit(self) -> None:
        self._blit_pending = False
        if not shiboken6.isValid(self.canvas):  # the window closed before Qt was idle
            return
        if self._background is None or getattr(self.canvas, "_draw_pending", False):
            self.canvas.draw_idle()  # a full draw is coming anyway (or the background is gone)
            return
        self.blits += 1
        self.canvas.restore_region(self._background)
        for artist in self._animated():
            self.figure.draw_artist(artist)
        self.canvas.blit(self.figure.bbox)
        self.drawn.emit()

    def _on_resize(self, _event) -> None:
        self._background = None
        self.relayout()

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
        animated = self._animated()
        for artist in animated:  # a saved file has no blitting: draw everything
            artist.set_animated(False)
        try:
            with atomic_path(path, force=force) as tmp:
                self.figure.savefig(tmp, format="png", dpi=dpi, facecolor="white")
        finally:
            for artist in animated:
                artist.set_animated(True)
            self._background = None
            self.canvas.draw_idle()
