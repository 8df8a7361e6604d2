"""Forecast against actuals: daily forecast and actual contacts, and each day's error."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.ticker import FuncFormatter, PercentFormatter

from wfm_desktop.plots import style

ACTUAL = "#4a4a4a"
FORECAST = style.SERVICE
OVER = "#b8323a"
UNDER = "#1f6fb2"


def draw_forecast_vs_actual(ax: Axes, error_ax: Axes | None, by_day: pd.DataFrame, queue: str) -> None:
    """Daily actual and forecast contacts of `queue` on `ax`; each day's error in % of actual on `error_ax`.

    `by_day` is :attr:`AccuracyReport.by_day` (queue, date, actual, forecast, bias, ...).
    """
    days = by_day[by_day["queue"] == queue].sort_values("date")
    ax.plot(days["date"], days["actual"], color=ACTUAL, lw=1.6, marker="o", ms=3, label="Actual")
    ax.plot(days["date"], days["forecast"], color=FORECAST, lw=1.6, ls="--", label="Forecast")
    ax.set_ylabel("Contacts per day")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, frameon=False)  # above the lines
    ax.set_title(f"{queue}: forecast against actuals", loc="left")
    ax.grid(axis="y", alpha=0.3)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    if error_ax is None:
        return
    error = days["bias"].to_numpy(dtype=float)
    colours = np.where(error >= 0, OVER, UNDER)
    error_ax.bar(days["date"], np.nan_to_num(error), color=colours, width=0.8)
    error_ax.axhline(0, color="#888888", lw=0.8)
    error_ax.set_ylabel("Error")  # of the actual: the ticks are percentages
    error_ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    error_ax.grid(axis="y", alpha=0.3)
    error_ax.xaxis.set_major_locator(locator)
    error_ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.figure.align_ylabels([ax, error_ax])  # one left edge for both labels, whatever the tick widths
