"""Callers' patience from history: the Erlang A and simulation default, and how it was found.

With exponential patience of mean τ, every caller who waits abandons at rate
1/τ while waiting, so over any stretch of history

    abandons ≈ (total time callers spent waiting) ÷ τ,

and **τ̂ = total waiting time ÷ abandons** is the maximum-likelihood estimate (each
waiting caller is an exposure to abandoning; the answered ones are censored at
their wait). Two ways to get there, chosen by what the history holds:

1. **Waiting times** (``asa_s`` of the answered and ``abandon_wait_s``, the mean
   time to abandon; or ``wait_s_total``): the estimator above, directly.
2. **Counts only** (``offered``, ``abandoned``) with the **agents** on the phones
   per interval (``agents``/``agents_net``) and ``aht_s``: the total waiting time is
   not observed, so τ is the patience at which Erlang A, run on the history's own
   intervals (volume, AHT, agents), predicts as many abandons as there were. The
   predicted total falls as τ grows, so the answer is unique (bisection). Each
   interval's rate is its day's total × the average share of its time of day (an
   interval's own count is too noisy: see :func:`_smoothed_rate`). This is the
   weaker method: abandons change slowly with patience (a third as fast), so a few
   percent of model error (days starting empty, agents finishing calls at shift
   end) moves τ by ten or twenty percent. So the Erlang A answer only brackets the
   final one: τ is then found by **simulation** — the patience at which the simulator,
   run on the same intervals (4 replications, common random numbers), abandons as
   many callers as the history did (``simulate=False`` keeps the Erlang A answer).

The interval is from the Poisson spread of the number of abandons
(abandons ± 1.96·√abandons, pushed through the same relation). Without agents or
waiting times the counts cannot tell patience from understaffing: then say so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.simulation.model import column_lookup


@dataclass(frozen=True)
class PatienceEstimate:
    patience_s: float
    low_s: float
    high_s: float
    method: str  # "waiting times" or "Erlang A fit"
    abandoned: float
    intervals: int

    def text(self) -> str:
        return (f"mean patience {self.patience_s:.0f} s (95% {self.low_s:.0f}–{self.high_s:.0f} s) from "
                f"{self.abandoned:,.0f} abandons in {self.intervals} intervals, by {self.method}")

    def summary(self) -> str:
        """``152 s (95% 147–158 s, from waiting times, 5,839 abandons)``: what the Staffing page shows."""
        how = self.method.split(" (")[0]
        return (f"{self.patience_s:.0f} s (95% {self.low_s:.0f}–{self.high_s:.0f} s, from {how}, "
                f"{self.abandoned:,.0f} abandons)")


def queue_patience(history, queue: str, *, simulate: bool = True, progress=None, cancel=None) -> PatienceEstimate:
    """The patience of `queue`'s callers from a :class:`~wfm_desktop.core.history.table.History`
    (or an interval table with a ``queue`` column, or of one queue).

    What the Staffing page offers and ``--patience-s history`` uses. Raises WfmError saying why
    when the history cannot give it (no abandoned counts, no abandons, neither waiting times
    nor agents): the planner sees that as a note, not an error.
    """
    if isinstance(history, pd.DataFrame):
        cols = column_lookup(history)
        frame = history[history[cols["queue"]].astype(str) == queue] if "queue" in cols else history
        interval_min = None
    else:
        frame, interval_min = history.for_queue(queue), history.interval_min
    if frame.empty:
        raise WfmError(f"the history has no queue {queue!r}")
    frame_cols = column_lookup(frame)
    if "abandoned" not in frame_cols or frame[frame_cols["abandoned"]].isna().all():
        raise WfmError(f"the history of {queue} has no abandoned counts: import a file with an abandoned "
                       "column (and ASA / time to abandon, or agents staffed) to estimate patience")
    return estimate_patience(frame, interval_min=interval_min, simulate=simulate, progress=progress, cancel=cancel)


def history_patience(history, queues, *, simulate: bool = True, progress=None,
                     cancel=None) -> dict[str, PatienceEstimate | str]:
    """Each queue's estimate, or the reason there is none (``--patience-s history``)."""
    out: dict[str, PatienceEstimate | str] = {}
    for queue in queues:
        try:
            out[queue] = queue_patience(history, queue, simulate=simulate, progress=progress, cancel=cancel)
        except WfmError as exc:
            out[queue] = str(exc)
    return out


def _col(frame, cols, *names):
    for name in names:
        if name in cols:
            return pd.to_numeric(frame[cols[name]], errors="coerce").to_numpy(dtype=float)
    return None


def estimate_patience(history: pd.DataFrame, *, interval_min: float | None = None, simulate: bool = True,
                      progress=None, cancel=None) -> PatienceEstimate:
    """Mean patience in seconds from a history table (see the module docstring)."""
    cols = column_lookup(history)
    abandoned = _col(history, cols, "abandoned")
    if abandoned is None:
        raise WfmError("patience needs an 'abandoned' column in the history")
    abandoned = np.nan_to_num(abandoned)
    total = float(abandoned.sum())
    if total <= 0:
        raise WfmError("no abandons in the history: patience cannot be estimated (callers may be very patient; "
                       "leave patience blank for Erlang C)")
    handled = _col(history, cols, "handled", "answered")
    offered = _col(history, cols, "offered", "contacts")
    if offered is None and handled is not None:
        offered = handled + abandoned
    wait_total = _col(history, cols, "wait_s_total")
    asa, abandon_wait = _col(history, cols, "asa_s"), _col(history, cols, "abandon_wait_s")
    if wait_total is None and asa is not None and abandon_wait is not None:
        if handled is None:
            if offered is None:
                raise WfmError("patience from waiting times needs 'handled' (or 'offered') counts")
            handled = offered - abandoned
        wait_total = np.nan_to_num(handled * asa) + np.nan_to_num(abandoned * abandon_wait)
    if wait_total is not None:
        waited = float(np.nansum(wait_total))
        return _estimate(lambda ab: waited / ab, total, "waiting times (total wait ÷ abandons)",
                         int(np.sum(np.nan_to_num(wait_total) > 0)))
    agents = _col(history, cols, "agents_net", "agents")
    aht = _col(history, cols, "aht_s")
    if agents is None or aht is None or offered is None:
        raise WfmError("patience from counts needs the agents on the phones per interval (an 'agents' column) and "
                       "'aht_s', or waiting times ('asa_s' and 'abandon_wait_s'): offered and abandoned alone "
                       "cannot tell impatient callers from too few agents")
    length = _col(history, cols, "interval_min")
    if length is None:
        if interval_min is None:
            raise WfmError("patience from counts needs 'interval_min' (or give interval_min)")
        length = np.full(len(history), float(interval_min))
    rate = _smoothed_rate(history, cols, offered)
    use = (rate > 0) & (agents > 0) & (aht > 0) & np.isfinite(rate + agents + aht + length)
    if not use.any():
        raise WfmError("no interval has contacts, agents and AHT together")
    fit = _fit_erlang_a(rate[use], abandoned[use], aht[use], np.floor(agents[use]).astype(np.int64),
                        length[use], float(abandoned[use].sum()))
    if not simulate or "start" not in cols or not np.isfinite(fit.patience_s):
        return fit
    table = pd.DataFrame({"queue": history[cols["queue"]].astype(str) if "queue" in cols else "all",
                          "start": pd.to_datetime(history[cols["start"]]), "contacts": rate, "aht_s": aht,
                          "agents_net": np.where(use, agents, 0.0), "interval_min": length})
    return _fit_by_simulation(table, total, fit, progress=progress, cancel=cancel)


def _smoothed_rate(history, cols, offered: np.ndarray) -> np.ndarray:
    """Each interval's arrival rate as its day's total × the average share of its time of day.

    An interval's own count is a noisy measure of its rate, and abandonment is convex in the
    load: Erlang A on raw counts overstates the abandons (by 20% in the tests, which moves
    the patience by 70%). Day totals are far less noisy. Without a ``start`` column: the counts.
    """
    if "start" not in cols:
        return offered
    start = pd.to_datetime(history[cols["start"]], errors="coerce")
    if start.isna().any():
        return offered
    frame = pd.DataFrame({"queue": history[cols["queue"]].astype(str) if "queue" in cols else "all",
                          "day": start.dt.normalize(), "tod": start - start.dt.normalize(),
                          "offered": np.nan_to_num(offered)})
    day_total = frame.groupby(["queue", "day"])["offered"].transform("sum")
    frame["share"] = np.where(day_total > 0, frame["offered"] / day_total.where(day_total > 0, 1.0), np.nan)
    shape = frame.groupby(["queue", "tod"])["share"].transform("mean")
    return (day_total * shape).fillna(0.0).to_numpy(dtype=float)


def _estimate(patience_for, abandons: float, method: str, intervals: int) -> PatienceEstimate:
    spread = 1.96 * np.sqrt(abandons)
    low = patience_for(abandons + spread)
    high = patience_for(max(abandons - spread, 0.5))
    return PatienceEstimate(float(patience_for(abandons)), float(low), float(high), method, abandons, intervals)


def _fit_erlang_a(offered, abandoned, aht, agents, length_min, total) -> PatienceEstimate:
    from wfm_desktop.core.staffing.erlang_a import erlang_a_metrics

    workload = offered * aht / (length_min * 60.0)

    def predicted(patience_s: float) -> float:
        m = erlang_a_metrics(agents, workload, aht, 0.0, np.full(agents.size, patience_s), with_asa=False)
        return float(np.sum(offered * m["abandon_rate"]))

    lo_s, hi_s = 0.1, 1e7
    if total >= predicted(lo_s):
        raise WfmError("the history abandons more than Erlang A allows with any patience at these agents: "
                       "check the agents column (net agents on the phones?)")

    def solve(target: float) -> float:
        if target <= predicted(hi_s):
            return float("inf")
        a, b = np.log(lo_s), np.log(hi_s)
        for _ in range(60):  # predicted(τ) falls as τ grows
            mid = (a + b) / 2.0
            if predicted(np.exp(mid)) > target:
                a = mid
            else:
                b = mid
        return float(np.exp((a + b) / 2.0))

    return _estimate(solve, total, "Erlang A fit (the patience at which Erlang A predicts the abandons seen)",
                     int(offered.size))


def _fit_by_simulation(table: pd.DataFrame, total: float, first: PatienceEstimate, *, progress=None,
                       cancel=None) -> PatienceEstimate:
    """The patience at which the simulator abandons ``total`` callers on ``table`` (bisection on log τ)."""
    from wfm_desktop.core.progress import check_cancel, report
    from wfm_desktop.core.simulation import kernel
    from wfm_desktop.core.simulation.model import SimulationSettings
    from wfm_desktop.core.simulation.simulate import simulate_intervals

    def abandons(patience_s: float) -> float:
        check_cancel(cancel)
        result = simulate_intervals(table, SimulationSettings(replications=4, seed=0, patience_s=patience_s))
        return float(result.counts[:, kernel.ABANDONED, :].sum(axis=1).mean())

    steps = [0]

    def solve(target: float) -> float:
        a, b = np.log(first.patience_s / 4.0), np.log(first.patience_s * 4.0)
        if abandons(np.exp(b)) > target:
            return float(np.exp(b))
        for _ in range(12):
            steps[0] += 1
            report(progress, min(steps[0] / 36.0, 1.0), "Fitting patience by simulation")
            mid = (a + b) / 2.0
            if abandons(np.exp(mid)) > target:
                a = mid
            else:
                b = mid
        return float(np.exp((a + b) / 2.0))

    out = _estimate(solve, total, "simulation fit (the patience at which the simulator abandons as many "
                    "callers as the history, on its volumes, AHT and agents)", first.intervals)
    report(progress, 1.0, "Patience fitted")
    return out
