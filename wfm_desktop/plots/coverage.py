"""Coverage of one day: agents required against agents scheduled, per interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter, HourLocator
from matplotlib.ticker import MaxNLocator

from wfm_desktop.plots import style

SCHEDULED = "#1f6fb2"
UNDER = "#b8323a"
OVER = "#e07b00"


def draw_coverage(ax: Axes, coverage: pd.DataFrame, day=None, *, title: str | None = None) -> None:
    """Draw Req and Sched as steps for `day` (a date; None = all rows), under-coverage shaded red.

    `coverage` has ``start, required, scheduled`` (a ScheduleResult's coverage).
    Over-coverage is shaded lightly in orange.
    """
    frame = coverage
    if day is not None:
        d = pd.Timestamp(day).normalize()
        frame = coverage[(coverage["start"] >= d) & (coverage["start"] < d + pd.Timedelta(days=1))]
    if frame.empty:
        ax.text(0.5, 0.5, "no intervals on this day", ha="center", va="center", transform=ax.transAxes,
                color=style.MUTED)
        ax.set_axis_off()
        return
    starts = frame["start"].to_numpy()
    step = starts[1] - starts[0] if len(starts) > 1 else np.timedelta64(15, "m")
    edges = np.append(starts, starts[-1] + step)
    req = np.append(frame["required"].to_numpy(dtype=float), frame["required"].iloc[-1])
    sched = np.append(frame["scheduled"].to_numpy(dtype=float), frame["scheduled"].iloc[-1])
    ax.fill_between(edges, sched, req, where=_step_mask(sched < req), step="post", color=UNDER, alpha=0.45, lw=0,
                    label="Under-coverage")
    ax.fill_between(edges, req, sched, where=_step_mask(sched > req), step="post", color=OVER, alpha=0.18, lw=0,
                    label="Over-coverage")
    ax.step(edges, req, where="post", color=style.TARGET, lw=1.6, label="Required")
    ax.step(edges, sched, where="post", color=SCHEDULED, lw=1.6, label="Scheduled")
    ax.set_ylim(bottom=0, top=max(1.0, float(np.nanmax([req.max(), sched.max()]))) * 1.12)
    busy = np.flatnonzero((req > 0) | (sched > 0))
    lo, hi = (edges[0], edges[-1]) if not busy.size else (
        max(edges[0], edges[busy[0]] - np.timedelta64(60, "m")), min(edges[-1], edges[busy[-1]] + np.timedelta64(60, "m")))
    ax.set_xlim(lo, hi)  # the open hours, with an hour either side
    ax.xaxis.set_major_locator(HourLocator(interval=_hour_step(ax, (hi - lo) / np.timedelta64(1, "h"))))
    ax.xaxis.set_major_formatter(DateFormatter("%H:%M"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Agents")
    ax.grid(True, axis="y", alpha=0.3)
    hours = (edges[1] - edges[0]) / np.timedelta64(1, "h")
    under_h = float(np.clip(frame["required"] - frame["scheduled"], 0, None).sum() * hours)
    over_h = float(np.clip(frame["scheduled"] - frame["required"], 0, None).sum() * hours)
    label = title or (f"{pd.Timestamp(starts[0]):%A %d %B %Y}" if day is not None else "Coverage")
    ax.set_title(f"{label} — under {under_h:.1f} h, over {over_h:.1f} agent-hours", fontsize="medium")
    ax.legend(loc="upper right", fontsize="small", framealpha=0.9, ncol=2)


def _hour_step(ax: Axes, span_h: float) -> int:
    """Hours between x labels so that "00:00" labels never overlap: about 0.6 inch each on the axes' width."""
    width_in = ax.figure.get_figwidth() * ax.get_position().width
    room = max(3, int(width_in / 0.6))
    return next((step for step in (1, 2, 3, 4, 6, 12) if span_h / step <= room), 24)


def _step_mask(mask: np.ndarray) -> np.ndarray:
    """A step interval [x_i, x_i+1) is filled only when both its ends are in `where`: include the right end."""
    out = mask.copy()
    out[1:] |= mask[:-1]
    return out
