"""Charts of an imported history: daily volume per queue, and a weekday × time-of-day heat map."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from wfm_desktop.core.history.table import History
from wfm_desktop.plots import style

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
QUEUE_COLOURS = ("#1f6fb2", "#e07b00", "#2e8b57", "#b8323a", "#7b4fa0", "#8c6d31", "#3a9fb5", "#c45c9a")


def _thousands(value: float, _pos=None) -> str:
    return f"{value:,.0f}"


def draw_daily_volume(ax: Axes, history: History, *, queues: list[str] | None = None) -> None:
    """Per queue: offered contacts per day (thin) and their 7-day moving average (bold).

    Days without data are left out (not drawn as zero); the average runs over
    the last seven days that have data.
    """
    daily = history.daily()
    queues = queues or history.queues
    for i, queue in enumerate(queues):
        part = daily[daily["queue"] == queue].set_index("date")["offered"].sort_index()
        if part.empty:
            continue
        colour = QUEUE_COLOURS[i % len(QUEUE_COLOURS)]
        ax.plot(part.index, part.to_numpy(), color=colour, linewidth=0.6, alpha=0.35)
        smooth = part.rolling(7, min_periods=7, center=True).mean()  # no partial windows at the ends
        ax.plot(smooth.index, smooth.to_numpy(), color=colour, linewidth=1.8, label=queue)
    ax.set_title("Offered contacts per day (thin) and 7-day average (bold)")
    ax.set_ylabel("contacts per day")
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.set_ylim(bottom=0)
    ax.grid(True, axis="y", alpha=0.3)
    if queues:
        ax.legend(loc="upper left", fontsize="small", framealpha=0.9, ncol=min(len(queues), 4))
    style.fix_ticks_when_drawn(ax)


def weekday_profile(history: History, queue: str | None = None) -> pd.DataFrame:
    """Mean offered contacts per weekday (rows Mon..Sun) and interval start (columns, minutes).

    The mean is over the days of that weekday that have data (missing days do not pull it down).
    Computed with integer arithmetic on the start times and ``bincount`` (a 500,000-row history
    takes milliseconds: the Data page draws it on the GUI thread).
    """
    frame = history.frame if queue is None else history.for_queue(queue)
    if frame.empty:
        return pd.DataFrame()
    ticks = frame["start"].to_numpy().astype("datetime64[m]").astype(np.int64)  # minutes since 1970
    day, minute = np.divmod(ticks, 24 * 60)
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    cell = weekday * (24 * 60) + minute
    offered = frame["offered"].to_numpy(dtype=float)
    totals = np.bincount(cell, weights=np.where(np.isnan(offered), 0.0, offered), minlength=7 * 24 * 60)
    seen = np.bincount(cell, minlength=7 * 24 * 60) > 0
    days = np.bincount((np.unique(day) + 3) % 7, minlength=7)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(seen, totals, np.nan).reshape(7, 24 * 60) / days[:, None]
    minutes = np.flatnonzero(seen.reshape(7, 24 * 60).any(axis=0))
    return pd.DataFrame(mean[:, minutes], index=pd.RangeIndex(7, name="weekday"),
                        columns=pd.Index(minutes.astype("int32"), name="minute"))


def draw_weekday_heatmap(fig: Figure, history: History, *, queue: str | None = None) -> Axes:
    """Heat map of the average contacts by weekday × time of day (all queues, or one)."""
    ax = fig.add_subplot()
    if history.is_daily:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "Daily totals only: no time-of-day pattern to show", ha="center", va="center",
                transform=ax.transAxes, color=style.MUTED)
        return ax
    table = weekday_profile(history, queue)
    if table.empty:
        ax.set_axis_off()
        return ax
    step = history.interval_min
    minutes = np.arange(int(table.columns.min()), int(table.columns.max()) + step, step)
    table = table.reindex(columns=minutes)
    values = np.ma.masked_invalid(table.to_numpy(dtype=float))
    image = ax.imshow(values, aspect="auto", cmap="viridis", interpolation="nearest",
                      extent=(minutes[0] / 60, (minutes[-1] + step) / 60, 6.5, -0.5))
    ax.set_yticks(range(7), WEEKDAYS)
    hours = np.arange(np.floor(minutes[0] / 60), np.ceil((minutes[-1] + step) / 60) + 1, 2)
    ax.set_xticks(hours, [f"{int(h):02d}:00" for h in hours])
    ax.set_xlabel("interval start (local time)")
    ax.set_title(f"Average contacts per {step}-minute interval" + (f" — {queue}" if queue else " — all queues"),
                 wrap=True)  # a narrow chart wraps the title instead of cutting it
    colorbar = fig.colorbar(image, ax=ax, pad=0.01)
    colorbar.set_label("contacts")
    return ax
