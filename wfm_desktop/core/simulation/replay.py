"""Replay a planned period against what happened, and split the service-level miss into its causes.

The plan (an interval table with the forecast ``contacts``, ``aht_s`` and the
``agents_net`` it staffed, and the Erlang ``service_level`` it promised) is
simulated again and again, each time with one more input replaced by the actuals
(a waterfall; each step keeps the ones before it):

=========  ================================================================  ==================
step       arrivals simulated                                               the difference is
=========  ================================================================  ==================
promised   — (the plan's own Erlang figure, contact-weighted)
plan       Poisson around the forecast                                      staffing/schedule
volume     Poisson around the forecast's intraday shape × the actual day    daily volume
shape      the actual arrivals replayed                                     intraday shape
achieved   the actual arrivals with the actual AHT (when the actuals have   AHT
           one; else the plan's, and the AHT share is 0 by construction)
=========  ================================================================  ==================

so promised + staffing + volume + shape + AHT = achieved, for each day and for the
period (contact-weighted). Beside it, **perfect forecast**: the agents a plan
made from the actual volume and AHT would have had (``restaff``), replayed against
the actual arrivals — what the staffing maths alone delivers.

Caveats: a replay keeps the agents as planned (no intraday re-planning, no
overtime); every step is simulated with the same seeds (common random numbers),
so the differences are not blurred by noise more than they must be.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn, check_cancel, report
from wfm_desktop.core.simulation.model import SimulationSettings, column_lookup, to_datetimes
from wfm_desktop.core.simulation.simulate import simulate_intervals

EFFECTS = ("staffing", "volume", "shape", "aht")
Restaff = Callable[[pd.DataFrame], np.ndarray]


@dataclass(frozen=True)
class PostMortem:
    days: pd.DataFrame  # one row per day: promised, the steps, perfect, the effects
    period: dict  # the same for the whole period (contact-weighted)
    notes: tuple[str, ...]

    def sentence(self, target: float | None = None) -> str:
        """"Of the 13-point miss, 10 came from the daily volume, …" for the whole period."""
        p = self.period
        miss = (p["promised"] - p["achieved"]) * 100
        head = (f"Promised {p['promised']:.1%}, achieved {p['achieved']:.1%}"
                + (f" (target {target:.0%})" if target is not None else "") + ": ")
        head += f"of the {miss:.1f}-point miss, " if miss > 0 else f"{-miss:.1f} points better than promised; "
        cost, gain = [], []
        for key, name in (("volume", "the daily volume"), ("shape", "the intraday shape"), ("aht", "AHT"),
                          ("staffing", "the staffing itself")):
            points = -p[key] * 100
            if points > 0.05:
                cost.append(f"{points:.1f} came from {name}")
            elif points < -0.05:
                gain.append(f"{name} gave {-points:.1f} points back")
        text = head + (", ".join(cost) if cost else "no cause cost more than 0.1 point")
        if gain:
            text += "; " + ", ".join(gain)
        if np.isfinite(p.get("perfect", np.nan)):
            text += f". A perfect forecast would have achieved {p['perfect']:.1%}."
        return text


def _daily_scaled(plan: pd.DataFrame, actual_daily: pd.DataFrame) -> pd.DataFrame:
    """The plan's contacts scaled so each queue-day totals the actual day."""
    key = [plan["queue"].astype(str), pd.to_datetime(plan["start"]).dt.normalize()]
    planned = plan.groupby(key)["contacts"].transform("sum").to_numpy(dtype=float)
    lookup = actual_daily.set_index(["queue", "day"])["contacts"]
    idx = pd.MultiIndex.from_arrays([key[0].to_numpy(), key[1].to_numpy()])
    actual = lookup.reindex(idx).fillna(0.0).to_numpy(dtype=float)
    factor = np.where(planned > 0, actual / np.where(planned > 0, planned, 1.0), 0.0)
    return plan.assign(contacts=plan["contacts"].to_numpy(dtype=float) * factor)


def _actual_daily(actuals: pd.DataFrame) -> pd.DataFrame:
    cols = column_lookup(actuals)
    count = cols.get("contacts", cols.get("offered", cols.get("calls")))
    start = cols.get("start", cols.get("interval_start"))
    if count is None or start is None:
        raise WfmError("the actuals need a start column and a contacts (or offered/calls) column")
    return pd.DataFrame({"queue": actuals[cols["queue"]].astype(str) if "queue" in cols else "all",
                         "day": to_datetimes(actuals[start]).dt.normalize(),
                         "contacts": pd.to_numeric(actuals[count], errors="coerce").fillna(0.0)}
                        ).groupby(["queue", "day"], as_index=False)["contacts"].sum()


def _actual_on_plan_grid(plan: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """The plan's rows with the actual contacts (and AHT when known) per plan interval."""
    cols = column_lookup(actuals)
    count = cols.get("contacts", cols.get("offered", cols.get("calls")))
    start = to_datetimes(actuals[cols.get("start", cols.get("interval_start"))])
    starts = pd.to_datetime(plan["start"])
    length = pd.Series(starts.sort_values().unique()).diff().min()
    slot = start.dt.floor(length)
    frame = pd.DataFrame({"queue": actuals[cols["queue"]].astype(str) if "queue" in cols else "all", "start": slot,
                          "contacts": pd.to_numeric(actuals[count], errors="coerce").fillna(0.0)})
    if "aht_s" in cols:
        frame["work"] = frame["contacts"] * pd.to_numeric(actuals[cols["aht_s"]], errors="coerce").fillna(0.0)
    grouped = frame.groupby(["queue", "start"]).sum(numeric_only=True)
    idx = pd.MultiIndex.from_arrays([plan["queue"].astype(str).to_numpy(), starts.to_numpy()])
    out = plan.assign(contacts=grouped["contacts"].reindex(idx).fillna(0.0).to_numpy())
    if "work" in grouped.columns:
        work = grouped["work"].reindex(idx).fillna(0.0).to_numpy()
        out["aht_s"] = np.where(out["contacts"] > 0, work / np.maximum(out["contacts"], 1e-9), out["aht_s"])
    return out


def post_mortem(
    plan: pd.DataFrame,
    actuals: pd.DataFrame,
    settings: SimulationSettings = SimulationSettings(),
    *,
    restaff: Restaff | None = None,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> PostMortem:
    """Replay ``plan`` against ``actuals`` and split the miss (see the module docstring).

    ``plan``: queue (optional), start, contacts, aht_s, agents_net, service_level (the
    promise; without it the promise is the plan simulated on its own forecast).
    ``actuals``: queue (optional), start, contacts (offered/calls), any interval
    length, aht_s optional. ``restaff(frame) -> agents`` staffs a frame of the plan's
    rows with the actual contacts and AHT (for the perfect-forecast line); None skips it.
    """
    cols = column_lookup(plan)
    plan = plan.rename(columns={v: k for k, v in cols.items()})
    if "contacts" not in plan.columns and "offered" in plan.columns:
        plan = plan.rename(columns={"offered": "contacts"})
    if "queue" not in plan.columns:
        plan = plan.assign(queue="all")
    plan = plan.assign(queue=plan["queue"].astype(str), start=pd.to_datetime(plan["start"]))
    actual_cols = column_lookup(actuals)
    if "queue" not in actual_cols:
        actuals = actuals.assign(queue=plan["queue"].iloc[0] if plan["queue"].nunique() == 1 else "all")
    notes = []
    daily = _actual_daily(actuals)
    on_grid = _actual_on_plan_grid(plan, actuals)
    has_aht = "aht_s" in actual_cols
    if not has_aht:
        notes.append("the actuals have no handle times: the plan's AHT is kept, so the AHT share is 0 by construction")
    runs = {
        "plan": (plan, None),
        "volume": (_daily_scaled(plan, daily), None),
        "shape": (plan, actuals.drop(columns=[actual_cols["aht_s"]]) if has_aht else actuals),
        "achieved": (plan, actuals),
    }
    if restaff is not None:
        perfect_plan = on_grid.assign(agents_net=np.asarray(restaff(on_grid), dtype=float))
        runs["perfect"] = (perfect_plan, actuals)
    tables = {}
    for number, (name, (frame, replay)) in enumerate(runs.items()):
        check_cancel(cancel)
        report(progress, number / len(runs), f"Replaying: {name}")
        result = simulate_intervals(frame, settings, actuals=replay)
        tables[name] = result
    report(progress, 1.0, "Replay done")

    day = plan["start"].dt.normalize().to_numpy()
    contacts = plan["contacts"].to_numpy(dtype=float)
    promise = plan["service_level"].to_numpy(dtype=float) if "service_level" in plan.columns else None
    rows = []
    for d in sorted(set(day)) + [None]:
        idx = np.arange(len(plan)) if d is None else np.flatnonzero(day == d)
        sl = {name: result.metrics(idx)["sim_service_level"][0] for name, result in tables.items()}
        promised = sl["plan"]
        if promise is not None:
            ok = np.isfinite(promise[idx]) & (contacts[idx] > 0)
            if ok.any():
                promised = float(np.sum(contacts[idx][ok] * promise[idx][ok]) / contacts[idx][ok].sum())
        rows.append({
            "day": "period" if d is None else pd.Timestamp(d),
            "forecast_contacts": float(contacts[idx].sum()),
            "actual_contacts": float(on_grid["contacts"].to_numpy(dtype=float)[idx].sum()),
            "promised": promised,
            "plan_simulated": sl["plan"],
            "with_actual_volume": sl["volume"],
            "with_actual_shape": sl["shape"],
            "achieved": sl["achieved"],
            "perfect": sl.get("perfect", np.nan),
            "staffing": sl["plan"] - promised,
            "volume": sl["volume"] - sl["plan"],
            "shape": sl["shape"] - sl["volume"],
            "aht": sl["achieved"] - sl["shape"],
        })
    out = pd.DataFrame(rows)
    return PostMortem(out.iloc[:-1].reset_index(drop=True), out.iloc[-1].to_dict(), tuple(notes))
