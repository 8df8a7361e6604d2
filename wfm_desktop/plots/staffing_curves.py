"""Service level, occupancy and abandonment against the number of agents."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from wfm_desktop.plots import style


def draw_agent_curves(
    ax: Axes,
    table: pd.DataFrame,
    *,
    sl_target: float | None,
    answer_s: float,
    max_occupancy: float | None = None,
    agents_net: int | None = None,
) -> None:
    """Draw SL and occupancy (and abandonment when present) for each N in `table`.

    `table` has columns ``agents, service_level, occupancy`` and optionally
    ``abandon_rate``. The SL target and occupancy cap are drawn as dashed lines
    and the required number of agents as a vertical band.
    """
    agents = table["agents"].to_numpy()
    ax.plot(agents, table["service_level"], "o-", color=style.SERVICE, label=f"Service level ({answer_s:g} s)")
    ax.plot(agents, table["occupancy"], "s-", color=style.OCCUPANCY, label="Occupancy")
    if "abandon_rate" in table.columns and table["abandon_rate"].notna().any():
        ax.plot(agents, table["abandon_rate"], "^-", color=style.ABANDON, label="Abandoned")
    if sl_target is not None:
        ax.axhline(sl_target, color=style.SERVICE, linestyle="--", linewidth=1, alpha=0.7)
        ax.annotate(
            f"SL target {sl_target:.0%}", (agents.min(), sl_target), xytext=(2, 3),
            textcoords="offset points", color=style.SERVICE, fontsize="small",
        )
    if max_occupancy is not None:
        ax.axhline(max_occupancy, color=style.OCCUPANCY, linestyle="--", linewidth=1, alpha=0.7)
    if agents_net is not None and len(agents) and agents.min() <= agents_net <= agents.max():
        ax.axvspan(agents_net - 0.4, agents_net + 0.4, color=style.REQUIRED, alpha=0.15, lw=0)
        ax.annotate(
            f"required: {agents_net}", (agents_net, 0.02), xytext=(4, 0), textcoords="offset points",
            color=style.REQUIRED, fontsize="small", fontweight="bold",
        )
    style.percent_axis(ax, top=1.02)
    ax.set_xlabel("Agents on the phones (net)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(agents):
        ax.set_xlim(float(np.min(agents)) - 0.5, float(np.max(agents)) + 0.5)
    ax.legend(loc="best", fontsize="small", framealpha=0.9)
