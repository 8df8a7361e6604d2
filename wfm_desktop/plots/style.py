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
