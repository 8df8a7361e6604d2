"""Whole-plan scenarios side by side by month, and the automation business case (matplotlib, no Qt).

``draw_scenarios(figure, comparison)`` draws FTE by month (one line per plan) and total cost by
month (grouped bars) from a :class:`~wfm_desktop.core.plan.scenarios.ScenarioComparison`;
``draw_business_case(ax, case)`` the monthly net saving and the cumulative net saving with the
payback month marked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from wfm_desktop.plots import style

COLOURS = ("#3a3a3a", "#1f6fb2", "#e07b00", "#2e8b57", "#b8323a", "#8c6bb1", "#7fb3e0", "#f2b134", "#6a9fd4")
"""The base plan in dark grey, then one colour per scenario."""


def _money(value: float, _pos=None) -> str:
    value = float(value)
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f}M"
    if abs(value) >= 1e3:
        return f"{value / 1e3:,.0f}k"
    return f"{value:,.0f}"


def _months(ax: Axes, months: pd.DatetimeIndex) -> np.ndarray:
    x = np.arange(len(months))
    step = max(1, int(np.ceil(len(months) / 12)))
    ax.set_xticks(x[::step])
    ax.set_xticklabels([m.strftime("%b %Y") for m in months[::step]], fontsize="small")
    return x


def draw_scenarios(figure: Figure, comparison) -> None:
    """FTE by month (lines) and total cost by month (bars), base plan and every scenario."""
    if comparison is None or comparison.empty:
        ax = figure.add_subplot()
        ax.text(0.5, 0.5, "No scenarios yet: add one on the left.", ha="center", va="center",
                color=style.MUTED, transform=ax.transAxes)
        ax.set_axis_off()
        return
    fte = comparison.monthly("required_fte")
    cost = comparison.monthly("total_cost")
    months = pd.DatetimeIndex(fte["month"])
    names = list(fte.columns[1:])
    ax1, ax2 = figure.subplots(2, 1, sharex=True)
    x = _months(ax2, months)
    width = 0.8 / max(len(names), 1)
    for i, name in enumerate(names):
        colour = COLOURS[i % len(COLOURS)]
        ax1.plot(x, fte[name].to_numpy(float), marker="o", color=colour, label=name,
                 linewidth=2.2 if i == 0 else 1.6, linestyle="-" if i else "--")
        ax2.bar(x - 0.4 + width * (i + 0.5), cost[name].to_numpy(float), width=width, color=colour, label=name)
    ax1.set_ylabel("FTE by month")
    ax1.grid(True, axis="y", alpha=0.3)
    ax1.legend(fontsize="small", ncol=min(len(names), 5), loc="lower left", bbox_to_anchor=(0.0, 1.0),
               frameon=False)
    ax2.set_ylabel(f"Total cost ({comparison.base.currency})" if comparison.base.currency else "Total cost")
    ax2.yaxis.set_major_formatter(FuncFormatter(_money))
    ax2.grid(True, axis="y", alpha=0.3)


def draw_business_case(ax: Axes, case, *, title: str = "", currency: str = "") -> None:
    """Monthly net saving (bars: green saves, red costs) and the cumulative net saving (line);
    the payback month is marked."""
    frame = case.frame
    months = pd.DatetimeIndex(frame["month"])
    x = _months(ax, months)
    net = frame["net_saving"].to_numpy(float)
    ax.bar(x, net, color=np.where(net >= 0, style.REQUIRED, style.ABANDON), alpha=0.6, label="Net saving in the month")
    ax.plot(x, frame["cumulative_net"].to_numpy(float), color=style.SERVICE, marker="o", linewidth=2,
            label="Cumulative net saving")
    ax.axhline(0.0, color=style.TARGET, linewidth=0.8)
    if case.payback_month is not None:
        k = int(np.flatnonzero(months == case.payback_month)[0])
        ax.axvline(k, color=style.TARGET, linestyle=":", linewidth=1.2)
        ax.annotate(f"pays back {case.payback_month:%b %Y}", (k, 0), textcoords="offset points", xytext=(4, 8),
                    fontsize="small")
    ax.yaxis.set_major_formatter(FuncFormatter(_money))
    ax.set_ylabel(currency or "saving")
    ax.set_title(title or "Automation business case", fontsize="medium")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize="small", loc="upper left")
