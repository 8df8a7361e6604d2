"""Simulate an interval table: per interval and per day service level, ASA, abandonment and occupancy.

:func:`simulate_intervals` is what the CLI (and later the plan) calls: an interval
table in (see :mod:`~wfm_desktop.core.simulation.model`), a
:class:`SimulationResult` out, whose :meth:`~SimulationResult.intervals` and
:meth:`~SimulationResult.days` are the input's columns plus

``sim_service_level, sim_asa_s, sim_abandon_rate, sim_occupancy`` each with
``_lo``/``_hi`` (the confidence interval across replications),

and, for deferred work, ``sim_latest_response_h`` (the latest answer of the
interval's items over all replications). Definitions match the Erlang figures:

* service level = answered within T ÷ offered (abandons are failures); for
  deferred work, done within the response target ÷ arrived;
* ASA = mean wait of the answered contacts (those answered at once count 0 s);
* abandonment = abandoned ÷ offered;
* occupancy = busy time ÷ staffed time (for chat: of the agents' slots).

Each queue and replication has its own random stream, seeded from
``(seed, replication, queue name)``: the same seed gives the same numbers, and
adding a queue does not change the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn, check_cancel, report
from wfm_desktop.core.simulation import kernel as k
from wfm_desktop.core.simulation.agents import duty_from_agents
from wfm_desktop.core.simulation.arrivals import draw_contacts, replay_for_queues
from wfm_desktop.core.simulation.model import QueueInput, SimulationSettings, queue_inputs
from wfm_desktop.core.simulation.stats import ratio_interval

METRICS = ("sim_service_level", "sim_asa_s", "sim_abandon_rate", "sim_occupancy")


@dataclass(frozen=True)
class SimulationResult:
    """Counts per replication and input row; the tables are computed from them."""

    frame: pd.DataFrame  # the input table, its order kept
    counts: np.ndarray  # (replications, kernel.N_ROWS, rows)
    staffed_s: np.ndarray  # (replications, rows): agent-seconds on duty (× slots for chat)
    deferred: np.ndarray  # (rows,) bool
    start: pd.Series  # interval starts (date-times)
    queue: np.ndarray  # queue name per row
    settings: SimulationSettings

    def metrics(self, rows: np.ndarray | None = None) -> dict[str, tuple]:
        """(estimate, lo, hi) of each metric over ``rows`` pooled (all rows when None)."""
        c = self.counts if rows is None else self.counts[:, :, rows]
        staffed = self.staffed_s if rows is None else self.staffed_s[:, rows]
        d = self.deferred if rows is None else self.deferred[rows]
        return _pooled(c, staffed, d, self.settings.level)

    def intervals(self) -> pd.DataFrame:
        """The input table with the simulated columns beside it."""
        out = self.frame.copy()
        values = _per_column(self.counts, self.staffed_s, self.deferred, self.settings.level)
        for name, column in values.items():
            out[name] = column
        if self.deferred.any():
            latest = self.counts[:, k.LATEST_RESPONSE_S, :].max(axis=0) / 3600.0
            out["sim_latest_response_h"] = np.where(self.deferred, latest, np.nan)
        return out

    def days(self) -> pd.DataFrame:
        """One row per queue and day: contacts, and the simulated figures pooled over the day."""
        day = self.start.dt.normalize().to_numpy()
        keys = pd.DataFrame({"queue": self.queue, "day": day})
        groups = keys.groupby(["queue", "day"], sort=True).indices
        rows = []
        for (queue, d), idx in groups.items():
            m = _pooled(self.counts[:, :, idx], self.staffed_s[:, idx], self.deferred[idx], self.settings.level)
            row = {"queue": queue, "day": pd.Timestamp(d),
                   "sim_contacts": float(self.counts[:, k.OFFERED, idx].sum(axis=1).mean())}
            for name, (est, lo, hi) in m.items():
                row[name], row[f"{name}_lo"], row[f"{name}_hi"] = est, lo, hi
            if self.deferred[idx].any():
                row["sim_latest_response_h"] = float(self.counts[:, k.LATEST_RESPONSE_S, idx].max()) / 3600.0
            rows.append(row)
        return pd.DataFrame(rows)


def _success(c: np.ndarray, deferred: np.ndarray) -> np.ndarray:
    return np.where(deferred[None, :], c[:, k.DONE_IN_TARGET, :], c[:, k.WITHIN, :])


def _per_column(c, staffed, deferred, level) -> dict[str, np.ndarray]:
    out = {}
    pairs = {
        "sim_service_level": (_success(c, deferred), c[:, k.OFFERED, :]),
        "sim_asa_s": (c[:, k.WAIT_SUM, :], c[:, k.ANSWERED, :]),
        "sim_abandon_rate": (c[:, k.ABANDONED, :], c[:, k.OFFERED, :]),
        "sim_occupancy": (c[:, k.BUSY_S, :], staffed),
    }
    for name, (num, den) in pairs.items():
        est, lo, hi = _clipped(name, *ratio_interval(num, den, level))
        out[name], out[f"{name}_lo"], out[f"{name}_hi"] = est, lo, hi
    return out


def _clipped(name: str, est, lo, hi):
    """Intervals kept inside what the figure can be: ≥ 0, and ≤ 1 for shares (not occupancy: calls overrun)."""
    lo = np.maximum(lo, 0.0)
    if name in ("sim_service_level", "sim_abandon_rate"):
        hi = np.minimum(hi, 1.0)
    return est, lo, hi


def _pooled(c, staffed, deferred, level) -> dict[str, tuple]:
    """Metrics with the rows summed within each replication first."""
    summed = np.stack([_success(c, deferred).sum(axis=1), c[:, k.OFFERED, :].sum(axis=1),
                       c[:, k.WAIT_SUM, :].sum(axis=1), c[:, k.ANSWERED, :].sum(axis=1),
                       c[:, k.ABANDONED, :].sum(axis=1), c[:, k.BUSY_S, :].sum(axis=1), staffed.sum(axis=1)])
    pairs = {"sim_service_level": (0, 1), "sim_asa_s": (2, 3), "sim_abandon_rate": (4, 1), "sim_occupancy": (5, 6)}
    return {name: tuple(float(v) for v in _clipped(name, *ratio_interval(summed[i], summed[j], level)))
            for name, (i, j) in pairs.items()}


def simulate_intervals(
    frame: pd.DataFrame,
    settings: SimulationSettings = SimulationSettings(),
    *,
    schedule=None,
    schedule_queue: str | None = None,
    actuals: pd.DataFrame | None = None,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> SimulationResult:
    """Simulate every queue of ``frame`` ``settings.replications`` times (see the module docstring).

    ``schedule``: shifts with breaks (:func:`~.schedule_input.schedule_duty` shapes)
    staffing ``schedule_queue`` (the only queue when there is one) instead of its
    agents column; ``actuals``: replay these arrival counts instead of Poisson
    arrivals from the forecast. Mutates nothing.
    """
    settings.check()
    queues = queue_inputs(frame, settings, need_agents=schedule is None)
    if schedule is not None:
        names = [q.name for q in queues]
        if schedule_queue is None:
            if len(names) > 1:
                raise WfmError(f"a schedule staffs one queue; say which ({', '.join(names)})")
            schedule_queue = names[0]
        if schedule_queue not in names:
            raise WfmError(f"schedule queue {schedule_queue!r} is not in the table (queues: {', '.join(names)})")
    replays = replay_for_queues(actuals, queues) if actuals is not None else {}
    reps = settings.replications
    n_rows = len(frame)
    counts = np.zeros((reps, k.N_ROWS, n_rows))
    staffed = np.zeros((reps, n_rows))
    deferred = np.zeros(n_rows, dtype=bool)
    steps, done = len(queues) * reps, 0
    for q in queues:
        deferred[q.rows] = np.isfinite(q.response_s[q.row_cell])
        duty = _duty(q, schedule if schedule_queue == q.name else None)
        for r in range(reps):
            check_cancel(cancel)
            report(progress, done / steps, f"Simulating {q.name}, replication {r + 1} of {reps}")
            rng = np.random.default_rng([settings.seed, r, q.key])
            rep_duty = duty.without(rng.random(duty.agents) < settings.absence) if settings.absence > 0 else duty
            arrival, cell, service, patience = draw_contacts(q, rng, settings.service_cv, replays.get(q.name))
            out = np.zeros((k.N_ROWS, q.cells))
            if q.slots > 1 and settings.chat_slowdown > 0:
                k.compiled("run_slots")(arrival, service, patience, cell, q.answer_s, q.response_s, rep_duty.start,
                                        rep_duty.end, rep_duty.first, q.slots, float(settings.chat_slowdown),
                                        q.cell_s, out)
            else:  # without slowdown a chat slot is a server of its own
                servers = rep_duty.slots(q.slots)
                k.compiled("run_single")(arrival, service, patience, cell, q.answer_s, q.response_s, servers.start,
                                         servers.end, servers.first, q.cell_s, out)
            counts[r][:, q.rows] = out[:, q.row_cell]
            staffed[r, q.rows] = rep_duty.staffed_s(q.cells, q.cell_s)[q.row_cell] * q.slots
            done += 1
    report(progress, 1.0, "Simulation done")
    cols = {str(c).strip().lower(): c for c in frame.columns}
    start = pd.to_datetime(frame[cols["start"]]).reset_index(drop=True)
    queue = frame[cols["queue"]].astype(str).to_numpy() if "queue" in cols else np.full(n_rows, "all")
    return SimulationResult(frame.reset_index(drop=True), counts, staffed, deferred, start, queue, settings)


def _duty(q: QueueInput, schedule):
    if schedule is None:
        return duty_from_agents(q.agents, q.cell_s)
    from wfm_desktop.core.simulation.schedule_input import schedule_duty

    return schedule_duty(schedule, q.origin)
