"""Charts of the capacity plan and the monthly budget (matplotlib, no Qt)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from wfm_desktop.plots import style

COST_LINES = (
    ("wages", "Wages", "#1f6fb2"),
    ("overhead", "Overhead", "#7fb3e0"),
    ("outsourcing", "Outsourcing", "#e07b00"),
    ("licences", "Licences", "#2e8b57"),
    ("training", "Training", "#b8323a"),
    ("implementation", "Implementation", "#8c6bb1"),
)
HIRES_PLANNED = "#6a9fd4"
HIRES_SUGGESTED = "#f2b134"
SHORT = "#b8323a"


def _money(value: float, _pos=None) -> str:
    value = float(value)
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f}M"
    if abs(value) >= 1e3:
        return f"{value / 1e3:,.0f}k"
    return f"{value:,.0f}"


def _date_labels(ax: Axes, dates: pd.DatetimeIndex, kind: str, positions: np.ndarray) -> None:
    step = max(1, int(np.ceil(len(dates) / 12)))
    fmt = "%b %Y" if kind == "month" else "%d %b"
    ax.set_xticks(positions[::step])
    ax.set_xticklabels([d.strftime(fmt) for d in dates[::step]], rotation=0 if kind == "month" else 45,
                       ha="center" if kind == "month" else "right", fontsize="small")


def draw_capacity(ax: Axes, frame: pd.DataFrame, *, kind: str = "month") -> Axes:
    """Required vs effective FTE (lines) with headcount, and hires as bars on a second axis.

    `frame` is a capacity plan table (:class:`wfm_desktop.core.budget.capacity.CapacityPlan`
    ``.frame``). Periods where effective FTE is below the requirement are shaded.
    Returns the hires axis.
    """
    dates = pd.DatetimeIndex(frame["period"])
    x = np.arange(len(frame))
    hires_ax = ax.twinx()
    planned = frame["planned_hires"].to_numpy(dtype=float)
    suggested = frame["suggested_hires"].to_numpy(dtype=float)
    hires_ax.bar(x, planned, width=0.6, color=HIRES_PLANNED, alpha=0.55, label="Planned hires")
    hires_ax.bar(x, suggested, width=0.6, bottom=planned, color=HIRES_SUGGESTED, alpha=0.7, label="Suggested hires")
    top = max(1.0, float((planned + suggested).max()) if len(x) else 1.0)
    hires_ax.set_ylim(0, top * 3.2)  # bars in the lower third, under the lines
    hires_ax.set_ylabel("Hires (people)")
    hires_ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_zorder(hires_ax.get_zorder() + 1)
    ax.patch.set_visible(False)

    required = frame["required_fte"].to_numpy(dtype=float)
    effective = frame["effective_fte"].to_numpy(dtype=float)
    if len(x) == 1:  # a step through one point draws nothing: the level across the period instead
        ax.stairs(required, np.array([-0.4, 0.4]), baseline=None, color=style.TARGET, linewidth=2,
                  label="Required FTE")
    else:
        ax.step(x, required, where="mid", color=style.TARGET, linewidth=2, label="Required FTE")
    ax.plot(x, effective, "o-", color=style.REQUIRED, markersize=3, linewidth=2, label="Effective FTE")
    ax.plot(x, frame["headcount"].to_numpy(dtype=float), "--", color=style.MUTED, linewidth=1.2, label="Headcount",
            marker="_" if len(x) == 1 else None, markersize=16)
    ax.fill_between(x, effective, required, where=effective < required - 1e-9, interpolate=True,
                    color=SHORT, alpha=0.18, label="Short")
    ax.set_ylabel("FTE")
    peak = np.nanmax(np.concatenate([required, effective, frame["headcount"].to_numpy(dtype=float)])) if len(x) else 1.0
    # A two-column legend, whatever the width the chart has now: the Budget page draws it while hidden
    # and the splitter may give it ~400 px later; four columns wider than the axes made the constrained
    # layout give up (title and legend clipped).
    ax.set_ylim(0, max(1.0, float(peak)) * 1.5)  # room for the legend above the lines
    ax.grid(True, axis="y", alpha=0.3)
    _date_labels(ax, dates, kind, x)
    lines, labels = ax.get_legend_handles_labels()
    bars, bar_labels = hires_ax.get_legend_handles_labels()
    ax.legend(lines + bars, labels + bar_labels, loc="upper left", fontsize="small", ncol=2,
              framealpha=0.9, columnspacing=1.0, handlelength=1.5)
    ax.set_title(f"Capacity plan by {kind}: required vs effective FTE", fontsize="medium")
    return hires_ax


def draw_costs(ax: Axes, frame: pd.DataFrame, *, currency: str = "") -> None:
    """Stacked monthly cost by line (wages, overhead, outsourcing, licences, training, implementation).

    `frame` is a budget table (:class:`wfm_desktop.core.budget.monthly.Budget` ``.frame``);
    lines that are zero over the whole horizon are left out of the legend.
    """
    months = pd.DatetimeIndex(frame["month"])
    x = np.arange(len(frame))
    bottom = np.zeros(len(frame))
    for key, label, colour in COST_LINES:
        values = frame[key].to_numpy(dtype=float)
        if not np.any(values):
            continue
        ax.bar(x, values, bottom=bottom, width=0.7, color=colour, label=label)
        bottom = bottom + values
    for xi, total in zip(x, frame["total"].to_numpy(dtype=float)):
        ax.annotate(_money(total), (xi, total), xytext=(0, 2), textcoords="offset points",
                    ha="center", va="bottom", fontsize="x-small")
    ax.yaxis.set_major_formatter(FuncFormatter(_money))
    ax.set_ylabel(f"Cost per month ({currency})" if currency else "Cost per month")
    shown = len(ax.get_legend_handles_labels()[1])
    # At most three legend entries a row: the Budget page's chart can be ~400 px wide, where four or more
    # in one row ran past the right edge. Two rows need more headroom above the bars.
    ax.set_ylim(0, max(1.0, float(bottom.max()) if len(x) else 1.0) * (1.3 if shown <= 3 else 1.45))
    ax.grid(True, axis="y", alpha=0.3)
    _date_labels(ax, months, "month", x)
    ax.legend(loc="upper left", fontsize="small", ncol=3, framealpha=0.9, columnspacing=1.0, handlelength=1.2)
    ax.set_title("Monthly budget by cost line", fontsize="medium")


def draw_comparison(ax: Axes, totals: pd.DataFrame, names: tuple[str, str], *, currency: str = "") -> None:
    """Monthly totals of two scenarios side by side (``totals`` from ``budget.compare(...).totals``)."""
    months = pd.DatetimeIndex(totals["month"])
    x = np.arange(len(totals))
    for offset, name, colour in ((-0.2, names[0], style.MUTED), (0.2, names[1], "#1f6fb2")):
        ax.bar(x + offset, totals[name].to_numpy(dtype=float), width=0.38, color=colour, label=name)
    ax.yaxis.set_major_formatter(FuncFormatter(_money))
    ax.set_ylabel(f"Total per month ({currency})" if currency else "Total per month")
    ax.grid(True, axis="y", alpha=0.3)
    _date_labels(ax, months, "month", x)
    ax.legend(loc="upper left", fontsize="small", framealpha=0.9)
    ax.set_title("Scenario comparison: total cost by month", fontsize="medium")
