"""Forecast charts: daily history with the forecast and its band; intraday profile by weekday."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.ticker import FuncFormatter, PercentFormatter

from wfm_desktop.plots import style

HISTORY = "#4a4a4a"
FORECAST = style.SERVICE
SPECIAL = style.ABANDON
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_COLOURS = ("#1f6fb2", "#2e8b57", "#e07b00", "#8e44ad", "#b8323a", "#7f8c8d", "#c49a00")


def draw_forecast(
    ax: Axes,
    history_daily: pd.DataFrame,
    forecast_daily: pd.DataFrame,
    queue: str,
    *,
    history_days: int = 112,
    level: float | None = 0.8,
) -> None:
    """Daily history (last `history_days` days), the forecast and its prediction band for `queue`.

    `history_daily` has ``queue, date, offered`` (optionally ``special``); `forecast_daily` has
    ``queue, date, contacts, lower, upper``. Days with no contacts (closed) are left out of the
    lines, so weekends do not draw saw-teeth; forecast special days are marked.
    """
    hist = history_daily[history_daily["queue"] == queue].sort_values("date")
    fc = forecast_daily[forecast_daily["queue"] == queue].sort_values("date")
    if not fc.empty:
        hist = hist[hist["date"] >= fc["date"].min() - pd.Timedelta(days=history_days)]
    hist_open = hist[hist["offered"] > 0]
    ax.plot(hist_open["date"], hist_open["offered"], "-", color=HISTORY, lw=1.2, label="History")
    if "special" in hist.columns:
        marked = hist_open[hist_open["special"].astype(str) != ""]
        if not marked.empty:
            ax.plot(marked["date"], marked["offered"], "o", color=SPECIAL, ms=4, label="Special day (history)")
    fc_open = fc[fc["upper"] > 0]
    if not fc_open.empty:
        band = f"{level:.0%} interval" if level else "Interval"
        ax.fill_between(fc_open["date"], fc_open["lower"], fc_open["upper"], color=FORECAST, alpha=0.18, lw=0, label=band)
        ax.plot(fc_open["date"], fc_open["contacts"], "-", color=FORECAST, lw=1.8, label="Forecast")
        ax.axvline(fc["date"].min(), color=style.MUTED, lw=1, ls=":")
    closed = fc[(fc["contacts"] <= 0) & fc["date"].dt.day_of_week.isin(hist_open["date"].dt.day_of_week.unique())]
    if not closed.empty:
        ax.plot(closed["date"], np.zeros(len(closed)), "v", color=SPECIAL, ms=6, label="Closed (special day)")
    ax.set_title(f"{queue}: daily contacts", loc="left", fontsize="medium")
    ax.set_ylabel("Contacts per day")
    ax.set_ylim(bottom=0)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.grid(True, axis="y", alpha=0.3)
    if len(ax.get_lines()):
        ax.legend(loc="lower left", fontsize="small", framealpha=0.9, ncols=2)


def draw_intraday_profile(ax: Axes, profiles: pd.DataFrame, queue: str) -> None:
    """Each weekday's share of the day per interval for `queue` (one line per weekday)."""
    prof = profiles[profiles["queue"] == queue]
    if prof.empty:
        ax.text(0.5, 0.5, "No intraday profile: the history has daily totals only",
                ha="center", va="center", transform=ax.transAxes, color=style.MUTED)
        ax.set_axis_off()
        return
    for weekday, group in prof.groupby("weekday"):
        group = group.sort_values("slot_min")
        ax.plot(group["slot_min"] / 60.0, group["share"], "-", lw=1.6,
                color=WEEKDAY_COLOURS[int(weekday)], label=WEEKDAY_NAMES[int(weekday)])
    ax.set_title(f"{queue}: share of the day per interval", loc="left", fontsize="medium")
    ax.set_xlabel("Time of day")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(v):02d}:{int(round(v % 1 * 60)):02d}"))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=1))
    ax.set_ylim(bottom=0)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(loc="upper right", fontsize="small", framealpha=0.9, ncols=2)
