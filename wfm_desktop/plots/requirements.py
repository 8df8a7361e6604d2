"""Charts of interval requirements: the weekday × interval heat map and service level by interval.

Both take the requirements frame of :func:`wfm_desktop.core.staffing.intervals.interval_requirements` (``queue,
start, agents_gross, service_level, contacts, ...``) and draw on a given Axes;
no Qt, so the same drawing serves the GUI and PNG export.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from wfm_desktop.plots.style import MUTED, SERVICE, TARGET, percent_axis

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def weekday_interval_grid(requirements: pd.DataFrame, queue: str, column: str = "agents_gross") -> pd.DataFrame:
    """Average of `column` per weekday (rows, Monday first) and time of day (columns, "HH:MM")."""
    rows = requirements[requirements["queue"].astype(str) == queue]
    start = pd.to_datetime(rows["start"])
    frame = pd.DataFrame({
        "weekday": start.dt.day_of_week.to_numpy(),
        "time": start.dt.strftime("%H:%M").to_numpy(),
        "value": rows[column].to_numpy(dtype=float),
    })
    grid = frame.pivot_table(index="weekday", columns="time", values="value", aggfunc="mean")
    grid = grid.reindex(range(7))
    grid.index = list(WEEKDAYS)
    return grid


def draw_heatmap(ax: Axes, requirements: pd.DataFrame, queue: str, *, column: str = "agents_gross",
                 label: str = "Gross agents") -> None:
    """Weekday × interval heat map of the average `column` (gross agents by default)."""
    grid = weekday_interval_grid(requirements, queue, column)
    if grid.empty or grid.columns.empty:
        ax.text(0.5, 0.5, "No intervals to show", ha="center", va="center", transform=ax.transAxes, color=MUTED)
        ax.set_axis_off()
        return
    values = grid.to_numpy(dtype=float)
    image = ax.imshow(np.ma.masked_invalid(values), aspect="auto", cmap="YlOrRd", interpolation="nearest")
    ax.set_yticks(range(7), grid.index)
    step = max(1, len(grid.columns) // 12)
    ticks = list(range(0, len(grid.columns), step))
    ax.set_xticks(ticks, [grid.columns[i] for i in ticks], rotation=45, ha="right")
    ax.set_xlabel("Interval start")
    # Wrapped: on a narrow chart (the Staffing page beside its settings) the one-line title ran past
    # the figure's left edge.
    ax.set_title(f"{label} by weekday and interval (average over the horizon)", wrap=True)
    cbar = ax.figure.colorbar(image, ax=ax, shrink=0.9)
    cbar.set_label(label)


def draw_interval_service_level(ax: Axes, requirements: pd.DataFrame, queue: str,
                                target: float | None = None) -> None:
    """Expected service level by time of day: contact-weighted mean, with the lowest day shaded."""
    rows = requirements[(requirements["queue"].astype(str) == queue) & requirements["service_level"].notna()]
    if rows.empty:
        ax.text(0.5, 0.5, "No service level (no contacts, or deferred work)", ha="center", va="center",
                transform=ax.transAxes, color=MUTED)
        ax.set_axis_off()
        return
    start = pd.to_datetime(rows["start"])
    minutes = (start.dt.hour * 60 + start.dt.minute).to_numpy()
    frame = pd.DataFrame({"minute": minutes, "sl": rows["service_level"].to_numpy(float),
                          "w": rows["contacts"].to_numpy(float)})
    frame["sw"] = frame["sl"] * frame["w"]
    grouped = frame.groupby("minute")
    mean = grouped["sw"].sum() / grouped["w"].sum().where(grouped["w"].sum() > 0)
    low = grouped["sl"].min()
    hours = mean.index.to_numpy() / 60
    ax.fill_between(hours, low.to_numpy(), mean.to_numpy(), color=SERVICE, alpha=0.15, step="mid",
                    label="lowest day")
    ax.step(hours, mean.to_numpy(), where="mid", color=SERVICE, lw=1.8, label="expected SL (weighted)")
    if target is not None:
        ax.axhline(target, color=TARGET, lw=1, ls="--", label=f"target {target:.0%}")
    percent_axis(ax, top=1.02)
    ax.set_xlim(hours.min() - 0.25, hours.max() + 0.25)
    ax.set_xlabel("Time of day (h)")
    ax.set_ylabel("Service level")
    ax.set_title("Expected service level by interval")
    ax.legend(loc="lower right", fontsize="small")
