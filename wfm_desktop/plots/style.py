"""Colours and small helpers shared by every chart."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

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


PRESENTATION_FONT_SCALE = 1.5
PRESENTATION_LINE_SCALE = 1.8


def apply_presentation(figure, *, font_scale: float = PRESENTATION_FONT_SCALE,
                       line_scale: float = PRESENTATION_LINE_SCALE) -> None:
    """Restyle a drawn figure for a projector: larger text, thicker lines, black text and axes.

    Works on any chart of :mod:`wfm_desktop.plots` after it has been drawn (they set their
    own font sizes, so rcParams alone would not reach them). Apply it once per drawing:
    the GUI redraws from scratch before applying it again.
    """
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    figure.set_facecolor("white")
    tick_labels = set()
    for ax in figure.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            size = axis.get_ticklabels()[0].get_fontsize() if axis.get_ticklabels() else 10.0
            tick_labels.update(axis.get_ticklabels(which="both"))
            ax.tick_params(axis="x" if axis is ax.xaxis else "y", labelsize=size * font_scale,
                           width=1.5, length=6, colors="#000000")
        for spine in ax.spines.values():
            spine.set_linewidth(1.5)
            spine.set_color("#000000")
    for text in figure.findobj(Text):
        if text in tick_labels:
            continue
        text.set_fontsize(text.get_fontsize() * font_scale)
        if text.get_color() in ("#222222", "#333333", "#3a3a3a", "#555555", "black", "0.3"):
            text.set_color("#000000")
    for line in figure.findobj(Line2D):
        if line.get_linewidth() > 0:
            line.set_linewidth(line.get_linewidth() * line_scale)
        line.set_markersize(line.get_markersize() * 1.3)
