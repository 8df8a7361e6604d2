"""Charts of the simulated plan: promised (Erlang) against simulated service level, by day and by time of day.

They take the tables of :class:`~wfm_desktop.core.simulation.plan_stage.PlanSimulation`
(``days()`` and ``time_of_day()``) and draw on a given Axes; no Qt.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from wfm_desktop.plots.style import MUTED, SERVICE, TARGET, percent_axis

SIMULATED = "#7a3db8"


def _empty(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color=MUTED, wrap=True)
    ax.set_axis_off()


def draw_simulated_days(ax: Axes, days: pd.DataFrame, queue: str, target: float | None = None, *,
                        title: str = "Service level by day: promised and simulated") -> None:
    """Per day: the Erlang promise (line), the simulated service level with its 95% interval (bars)."""
    rows = days[days["queue"].astype(str) == queue] if not days.empty else days
    if rows.empty or rows["sim_service_level"].isna().all():
        _empty(ax, "No simulated service level (no contacts, or not simulated yet)")
        return
    x = np.arange(len(rows))
    sim = rows["sim_service_level"].to_numpy(dtype=float)
    lo = rows["sim_service_level_lo"].to_numpy(dtype=float)
    hi = rows["sim_service_level_hi"].to_numpy(dtype=float)
    ax.bar(x, sim, color=SIMULATED, alpha=0.55, width=0.7, label="simulated")
    ax.errorbar(x, sim, yerr=[sim - lo, hi - sim], fmt="none", ecolor=SIMULATED, elinewidth=1.2, capsize=3,
                label="95% interval")
    if "erlang_service_level" in rows.columns and rows["erlang_service_level"].notna().any():
        ax.plot(x, rows["erlang_service_level"].to_numpy(dtype=float), color=SERVICE, marker="o", lw=1.6,
                label="promised (Erlang)")
    if target:
        ax.axhline(target, color=TARGET, lw=1, ls="--", label=f"target {target:.0%}")
    labels = [f"{pd.Timestamp(d):%a %d %b}" for d in rows["day"]]
    step = max(1, int(np.ceil(len(labels) / 14)))
    ax.set_xticks(x[::step])
    ax.set_xticklabels(labels[::step], rotation=45, ha="right", fontsize="small")
    percent_axis(ax, top=1.05)
    ax.set_ylabel("Service level")
    ax.set_title(title, pad=26)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize="small", ncols=4, frameon=False)


def draw_simulated_time_of_day(ax: Axes, frame: pd.DataFrame, target: float | None = None) -> None:
    """By time of day (all days pooled): the Erlang promise and the simulated SL with its 95% band."""
    if frame.empty:
        _empty(ax, "No simulated service level (no contacts, or not simulated yet)")
        return
    hours = frame["minute"].to_numpy(dtype=float) / 60.0
    ax.fill_between(hours, frame["sim_service_level_lo"], frame["sim_service_level_hi"], color=SIMULATED,
                    alpha=0.2, step="mid", label="simulated, 95% interval")
    ax.step(hours, frame["sim_service_level"], where="mid", color=SIMULATED, lw=1.8, label="simulated")
    ax.step(hours, frame["erlang_service_level"], where="mid", color=SERVICE, lw=1.4, ls="-.",
            label="promised (Erlang)")
    if target:
        ax.axhline(target, color=TARGET, lw=1, ls="--", label=f"target {target:.0%}")
    percent_axis(ax, top=1.05)
    ax.set_xlim(hours.min() - 0.25, hours.max() + 0.25)
    ax.set_xlabel("Time of day (h)")
    ax.set_ylabel("Service level")
    ax.set_title("Service level by interval: promised and simulated (all days)", pad=26)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize="small", ncols=4, frameon=False)


def draw_confidence_curve(ax: Axes, curve: pd.DataFrame, *, cost_per_hour: float | None = None,
                          current: float | None = None) -> None:
    """The price of confidence: FTE (and cost) against the share of days that meet the target.

    ``curve``: :func:`~wfm_desktop.core.simulation.confidence.confidence_curve` (confidence, fte,
    gross_hours); ``cost_per_hour``: loaded cost of a paid hour (a second axis in money over the
    horizon); ``current``: this plan's average P(a day meets its target), marked.
    """
    if curve.empty:
        _empty(ax, "No confidence curve (the forecast has no prediction interval)")
        return
    x = curve["confidence"].to_numpy(dtype=float)
    ax.plot(x, curve["fte"], color=SERVICE, marker="o", lw=1.8, label="FTE (all queues)")
    for xi, fte, extra in zip(x, curve["fte"], curve["extra_fte"]):
        ax.annotate(f"{fte:,.0f}" + (f"\n(+{extra:,.1f})" if extra > 0.05 else ""), (xi, fte),
                    textcoords="offset points", xytext=(0, 8), ha="center", fontsize="x-small")
    if current is not None and np.isfinite(current):
        ax.axvline(current, color=TARGET, lw=1, ls="--", label=f"this plan: P ≈ {current:.0%}")
    ax.set_xlabel("Days meeting the service-level target (confidence)")
    ax.set_ylabel("FTE over the horizon")
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.grid(True, alpha=0.3)
    low, high = float(curve["fte"].min()), float(curve["fte"].max())
    ax.set_ylim(low - 0.05 * (high - low + 1), high + 0.18 * (high - low + 1))
    if cost_per_hour:
        twin = ax.twinx()
        cost = curve["gross_hours"].to_numpy(dtype=float) * cost_per_hour
        twin.plot(x, cost, alpha=0)  # the same points on a money scale
        ratio = cost[-1] / float(curve["fte"].iloc[-1]) if curve["fte"].iloc[-1] else 0
        lo, hi = ax.get_ylim()
        twin.set_ylim(lo * ratio, hi * ratio)
        twin.yaxis.set_major_formatter(lambda v, _pos: f"{v / 1000:,.0f}k")
        twin.set_ylabel(f"Cost over the horizon ({cost_per_hour:.2f} per paid hour)")
    ax.set_title("The price of confidence: FTE against the share of days meeting the target", pad=26)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize="small", ncols=2, frameon=False)


def draw_post_mortem(ax: Axes, period: dict, target: float | None = None) -> None:
    """The post-mortem as a waterfall: promised, then each cause's points, then achieved (and a perfect forecast)."""
    steps = [("Promised", period["promised"], True), ("Staffing", period["staffing"], False),
             ("Daily volume", period["volume"], False), ("Intraday shape", period["shape"], False),
             ("AHT", period["aht"], False), ("Achieved", period["achieved"], True)]
    perfect = period.get("perfect", np.nan)
    if perfect is not None and np.isfinite(perfect):
        steps.append(("Perfect forecast", perfect, True))
    level = 0.0
    for i, (name, value, total) in enumerate(steps):
        if total:
            bottom, height = 0.0, value
            colour = SERVICE if name != "Perfect forecast" else MUTED
            level = value if name != "Perfect forecast" else level
            text = f"{value:.1%}"
        else:
            bottom, height = (level, value) if value >= 0 else (level + value, -value)
            colour = "#2e8b57" if value >= 0 else "#b8323a"
            level += value
            text = f"{value * 100:+.1f} pts"
        ax.bar(i, height, bottom=bottom, color=colour, alpha=0.85 if total else 0.75, width=0.65,
               hatch="//" if name == "Perfect forecast" else None)
        ax.text(i, bottom + height + 0.01, text, ha="center", va="bottom", fontsize="small")
    if target:
        ax.axhline(target, color=TARGET, lw=1, ls="--", label=f"target {target:.0%}")
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize="small", frameon=False)
    ax.set_xticks(range(len(steps)))
    ax.set_xticklabels([s[0].replace(" ", "\n") for s in steps], fontsize="small")  # two lines: no overlap
    percent_axis(ax, top=1.1)
    ax.set_ylabel("Service level")
    ax.set_title("Post-mortem: where the promised service level went", pad=22)
