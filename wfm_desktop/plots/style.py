"""Colours and small helpers shared by every chart."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.ticker import Formatter, PercentFormatter

SERVICE = "#1f6fb2"
OCCUPANCY = "#e07b00"
ABANDON = "#b8323a"
TARGET = "#3a3a3a"
REQUIRED = "#2e8b57"
MUTED = "#8c8c8c"


def percent_axis(ax: Axes, *, top: float = 1.0) -> None:
    """Format the y axis of `ax` as 0–100 %."""
    ax.set_ylim(0.0, top)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.grid(True, axis="y", alpha=0.3)


PRESENTATION_FONT_SCALE = 1.35
PRESENTATION_LEGEND_SCALE = 1.15
PRESENTATION_LINE_SCALE = 1.8
MAX_X_LABELS = 8
"""In presentation mode an x axis shows at most this many tick labels (larger text needs room)."""


SMALL_IN, ROOMY_IN = 1.5, 3.0
"""Figure heights (inches) between which presentation mode's larger text grows from none to all of it."""


def apply_presentation(figure, *, font_scale: float = PRESENTATION_FONT_SCALE,
                       line_scale: float = PRESENTATION_LINE_SCALE) -> None:
    """Restyle a drawn figure for a projector: larger text, thicker lines, black text and axes.

    Works on any chart of :mod:`wfm_desktop.plots` after it has been drawn (they set their
    own font sizes, so rcParams alone would not reach them). Titles wrap instead of being
    cut off, legends grow less than the rest (they share the axes' room), and an x axis
    with many ticks labels only every n-th so the larger labels do not overlap. Apply it
    once per drawing: the GUI redraws from scratch before applying it again.
    """
    from matplotlib.legend import Legend
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    # text grows only as far as the chart has room: a chart squeezed to a strip (a 1,280 × 800 projector)
    # keeps its normal text, one of ROOMY_IN inches or taller gets the whole scale
    # (the height of the tallest axes' share of the figure: two charts stacked in one figure have half each)
    heights = [ax.get_position().height for ax in figure.get_axes() if ax.get_visible()]
    height_in = figure.get_figheight() * min(1.0, max(heights, default=1.0) / 0.75)
    room = min(1.0, max(0.0, (height_in - SMALL_IN) / (ROOMY_IN - SMALL_IN)))
    font_scale = 1.0 + (font_scale - 1.0) * room
    figure.set_facecolor("white")
    tick_labels, legend_texts, titles = set(), set(), set()
    for ax in figure.get_axes():
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            labels = axis.get_ticklabels(which="both")
            size = labels[0].get_fontsize() if labels else 10.0
            tick_labels.update(labels)
            # every axis grows, a heat map's weekday rows too (seven rows leave room for the larger labels)
            ax.tick_params(axis=name, labelsize=size * font_scale, width=1.5, length=6, colors="#000000")
        _thin_x_labels(ax)
        for spine in ax.spines.values():
            spine.set_linewidth(1.5)
            spine.set_color("#000000")
        titles.update((ax.title, ax._left_title, ax._right_title))
    for legend in figure.findobj(Legend):
        legend_texts.update(legend.get_texts())
        legend_texts.add(legend.get_title())
    if getattr(figure, "_suptitle", None) is not None:
        titles.add(figure._suptitle)
    for text in figure.findobj(Text):
        if text in tick_labels:
            continue
        scale = PRESENTATION_LEGEND_SCALE if text in legend_texts else font_scale
        text.set_fontsize(text.get_fontsize() * scale)
        if text in titles:
            text.set_wrap(True)
        if text.get_color() in ("#222222", "#333333", "#3a3a3a", "#555555", "black", "0.3"):
            text.set_color("#000000")
    for line in figure.findobj(Line2D):
        if line.get_linewidth() > 0:
            line.set_linewidth(line.get_linewidth() * line_scale)
        line.set_markersize(line.get_markersize() * 1.3)


def _thin_x_labels(ax) -> None:
    """Label only every n-th x tick when there are more than :data:`MAX_X_LABELS`.

    An automatic date axis is asked for fewer, coarser ticks instead (blanking labels
    there would drop the month names a concise date axis shows only at some ticks).
    """
    from matplotlib.dates import AutoDateLocator

    locator = ax.xaxis.get_major_locator()
    if isinstance(locator, AutoDateLocator):
        locator.maxticks = {freq: min(n, MAX_X_LABELS - 2) for freq, n in locator.maxticks.items()}
        return
    lo, hi = sorted(ax.get_xlim())
    ticks = [t for t in ax.get_xticks() if lo <= t <= hi]
    if len(ticks) > MAX_X_LABELS:
        step = -(-len(ticks) // MAX_X_LABELS)
        ax.xaxis.set_major_formatter(_EveryNth(ax.xaxis.get_major_formatter(), step))


class _EveryNth(Formatter):
    """Wraps a tick formatter and blanks all but every `step`-th label."""

    def __init__(self, inner: Formatter, step: int) -> None:
        self.inner, self.step = inner, step

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        self.inner.set_locs(locs)

    def __call__(self, x, pos=None) -> str:
        return self.inner(x, pos) if pos is None or pos % self.step == 0 else ""

    def format_ticks(self, values) -> list[str]:
        labels = self.inner.format_ticks(values)
        return [label if i % self.step == 0 else "" for i, label in enumerate(labels)]

    def get_offset(self) -> str:
        return self.inner.get_offset()


_FIXED_TICKS = "_wfm_fixed_ticks"


def fix_ticks_when_drawn(ax: Axes) -> None:
    """Mark `ax`: its major ticks are worked out once, just before its figure is laid out and drawn
    (:func:`fix_marked_ticks`), not at each of the dozen or so times the layout and the drawing ask
    for them (a date axis works them out slowly: the Data page's daily chart rendered 20% faster).

    For charts drawn once at their final size and left alone (the GUI draws every chart afresh for
    a new size or look): the ticks are those its locator chooses for the figure as drawn, presentation
    mode's larger text included. An axis that is not linear, or whose labels carry an offset
    ("1e6"), is left to work them out as usual.
    """
    setattr(ax, _FIXED_TICKS, True)


def fix_marked_ticks(figure) -> None:
    """Fix the major ticks (positions and labels) of every axes of `figure` marked by
    :func:`fix_ticks_when_drawn`, as their locators and formatters choose them now."""
    for ax in figure.get_axes():
        if not getattr(ax, _FIXED_TICKS, False):
            continue
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() != "linear":
                continue
            low, high = sorted(axis.get_view_interval())
            ticks = [t for t in axis.get_major_locator()() if low <= t <= high]
            formatter = axis.get_major_formatter()
            labels = formatter.format_ticks(ticks)
            if getattr(formatter, "get_offset", lambda: "")():
                continue
            axis.set_ticks(ticks, labels)
