"""A thin Qt host for a matplotlib chart drawn off the GUI thread; the drawing lives in wfm_desktop.plots.

A chart of a big plan (fifteen queues of two years, a weekday heat map) takes a second or more to
lay out and render on a busy machine; drawn on the GUI thread after an Open it froze the window
(benchmarks/gui_stalls.py). Here the drawing function runs on the chart thread
(:func:`wfm_desktop.gui.workers.chart_pool`) on a Figure of its own with matplotlib's Agg renderer,
at the widget's size in device pixels; the GUI thread only shows the finished image.
"""

from __future__ import annotations

from typing import Callable

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QSizePolicy, QVBoxLayout, QWidget

from wfm_desktop.core.errors import Cancelled
from wfm_desktop.gui.workers import TaskRunner, chart_pool
from wfm_desktop.plots.style import apply_presentation, fix_marked_ticks

DPI = 100.0  # matplotlib's logical dots per inch (as its Qt canvas uses); × the screen's pixel ratio
RESIZE_MS = 120  # a chart being resized is drawn again this long after the last resize


def render_figure(draw: Callable[[Figure], None], width_px: int, height_px: int, pixel_ratio: float,
                  presentation: bool, *, progress=None, cancel=None) -> tuple[Figure, bytes, int, int]:
    """Draw on a new Figure of `width_px` × `height_px` logical pixels and render it with Agg.

    Returns the Figure and its image (RGBA bytes, width, height in device pixels). Runs on any
    thread: the Figure is new and nothing else holds it.
    """
    figure = Figure(figsize=(max(width_px, 1) / DPI, max(height_px, 1) / DPI), dpi=DPI * pixel_ratio,
                    layout="constrained")
    canvas = FigureCanvasAgg(figure)
    draw(figure)
    if presentation:
        apply_presentation(figure)
    fix_marked_ticks(figure)
    if cancel is not None and cancel():
        raise Cancelled()
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    return figure, bytes(canvas.buffer_rgba()), width, height


class _ImageCanvas(QWidget):
    """Paints the last rendered image, stretched to the widget until the next one arrives."""

    resized = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.message = ""  # painted by Qt instead of an image: a chart with nothing to draw yet
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, 480)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("white"))
        if self.image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(QRect(0, 0, self.width(), self.height()), self.image)
        elif self.message:
            painter.setPen(QColor("#8c8c8c"))
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.message)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.resized.emit()


class ChartWidget(QWidget):
    """Hosts one chart. Call :meth:`redraw` with a function that draws on a Figure.

    The function runs on the chart thread when the chart is on screen (a page not shown draws when
    it is shown; several redraws in a row draw once), and again when the chart is resized; the
    ``rendered`` signal tells that a new image is on screen. :attr:`figure` is the latest drawing
    (asking for it while a drawing is pending draws it at once, on the calling thread: tests, PNG).
    In presentation mode (:meth:`set_presentation`) every drawing is restyled for a projector
    (:func:`wfm_desktop.plots.style.apply_presentation`); switching the mode redraws the last drawing.
    """

    rendered = Signal()

    def __init__(self, parent: QWidget | None = None, *, figsize=(6.0, 4.0)) -> None:
        super().__init__(parent)
        self._figsize = figsize
        self._figure = Figure(figsize=figsize, layout="constrained")
        self._pending = False  # a drawing not rendered yet (or to render again at a new size)
        self._drawn_size: QSize | None = None  # the logical size of the image on screen
        self.canvas = _ImageCanvas(self)
        self.canvas.resized.connect(self._on_resize)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.presentation = False
        self._last_draw: Callable[[Figure], None] | None = None
        self._rendering = False  # a drawing is on the chart thread
        self.runner = TaskRunner(self, pool=chart_pool())
        self.runner.done.connect(self._show_rendered)
        self.runner.failed.connect(self._render_failed)
        self.runner.cancelled.connect(self._render_cancelled)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(RESIZE_MS)
        self._resize_timer.timeout.connect(self._redraw_at_new_size)

    @property
    def figure(self) -> Figure:
        """The Figure with the latest drawing on it (a pending drawing is drawn first, here)."""
        if self._pending or self._rendering:
            self._render_now()
        return self._figure

    @property
    def busy(self) -> bool:
        """A drawing is pending or being rendered (its image is not on screen yet)."""
        return self._pending or self._rendering

    @property
    def settled(self) -> bool:
        """Its image is on screen at its present size (nothing pending, no resize waiting to redraw)."""
        return not self.busy and not self._resize_timer.isActive()

    def show_message(self, text: str = "") -> None:
        """No chart, only `text` (grey, centred), painted by Qt at once: nothing for matplotlib to render.

        An empty page (a first start before the sample arrives) kept the chart thread busy drawing
        blank figures just when the first real chart was wanted."""
        self.runner.cancel()
        self._pending = self._rendering = False
        self._last_draw = None
        self._drawn_size = None
        self._figure = Figure(figsize=self._figsize, layout="constrained")
        self.canvas.image, self.canvas.message = None, text
        self.canvas.update()

    def redraw(self, draw: Callable[[Figure], None]) -> None:
        """Draw with `draw(figure)` on a new figure: on the chart thread when the chart is on screen."""
        self.canvas.message = ""
        self._last_draw = draw
        if not self._pending:
            self._pending = True
            if self.isVisible():
                QTimer.singleShot(0, self, self._render_pending)

    def _size(self) -> tuple[int, int, float]:
        """The logical size to draw at (the figure size until laid out) and the screen's pixel ratio."""
        width, height = self.canvas.width(), self.canvas.height()
        if not self.canvas.testAttribute(Qt.WidgetAttribute.WA_WState_Visible) or width < 50 or height < 50:
            width, height = int(self._figsize[0] * DPI), int(self._figsize[1] * DPI)
        return width, height, float(self.canvas.devicePixelRatioF() or 1.0)

    def _render_pending(self) -> None:
        if not self._pending or self._last_draw is None:
            return
        self._pending, self._rendering = False, True
        width, height, ratio = self._size()
        self.runner.submit(render_figure, self._last_draw, width, height, ratio, self.presentation)

    def _render_now(self) -> None:
        self.runner.cancel()
        self._pending = self._rendering = False
        if self._last_draw is None:
            return
        width, height, ratio = self._size()
        self._show_rendered(render_figure(self._last_draw, width, height, ratio, self.presentation))

    def _show_rendered(self, result) -> None:
        figure, data, width, height = result
        self._figure, self._rendering = figure, False
        image = QImage(data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()
        ratio = figure.dpi / DPI
        image.setDevicePixelRatio(ratio)
        self._drawn_size = QSize(round(width / ratio), round(height / ratio))
        self.canvas.image = image
        self.canvas.update()
        self.rendered.emit()

    def _render_cancelled(self) -> None:
        self._rendering = False

    def _render_failed(self, exc: BaseException, details: str) -> None:
        self._rendering = False
        raise exc  # a drawing function's bug: the error hook reports it with its details

    def _on_resize(self) -> None:
        if self._last_draw is not None and self._drawn_size is not None:
            self._resize_timer.start()

    def _redraw_at_new_size(self) -> None:
        width, height, _ratio = self._size()
        if self._last_draw is not None and QSize(width, height) != self._drawn_size and self.isVisible():
            self.redraw(self._last_draw)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._pending:
            QTimer.singleShot(0, self, self._render_pending)
        elif self._drawn_size is not None:
            self._resize_timer.start()  # drawn while the chart had another size (another tab or page)

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
