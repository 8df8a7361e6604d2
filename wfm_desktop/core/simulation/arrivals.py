"""Contacts for one replication: arrival times, service times and patience.

* **Forecast** (the default): the number arriving in an interval is Poisson with
  the forecast as its mean, spread uniformly over the interval — a Poisson
  process whose rate is constant within each interval.
* **Replay**: the actual counts of an interval table (any interval length, e.g.
  5-minute actuals against a 30-minute plan), spread uniformly within each
  actual interval; the actuals' AHT where they have one, else the plan's.
* **Service times**: AHT × a unit-mean draw, exponential, or lognormal with the
  chosen coefficient of variation (σ² = ln(1 + CV²), μ = −σ²/2).
* **Patience**: the interval's mean patience × an exponential draw; infinite
  where no patience is set (Erlang C callers wait as long as it takes).

Arrivals in intervals that accept no contacts (closed live work) are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.simulation.model import QueueInput, column_lookup, to_datetimes


@dataclass(frozen=True)
class Replay:
    """Actual arrivals for one queue: counts in windows ``[start_s, start_s + length_s)`` from the queue's origin."""

    start_s: np.ndarray
    length_s: np.ndarray
    count: np.ndarray
    aht_s: np.ndarray  # NaN = use the plan's


def replay_for_queues(actuals: pd.DataFrame, queues: list[QueueInput]) -> dict[str, Replay]:
    """Split an actuals table (queue optional, start, contacts or offered, interval_min/aht_s optional)."""
    cols = column_lookup(actuals)
    count_col = cols.get("contacts", cols.get("offered", cols.get("calls")))
    start_col = cols.get("start", cols.get("interval_start"))
    if start_col is None or count_col is None:
        raise WfmError("the actual arrivals need a start column and a contacts (or offered) column")
    start = to_datetimes(actuals[start_col])
    if start.isna().any():
        row = int(np.flatnonzero(start.isna().to_numpy())[0])
        raise WfmError(f"actual arrivals, row {row + 2}: {actuals[start_col].iloc[row]!r} is not a date-time")
    count = pd.to_numeric(actuals[count_col], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    if (count < 0).any():
        raise WfmError("actual arrivals: negative contacts")
    aht = (pd.to_numeric(actuals[cols["aht_s"]], errors="coerce").to_numpy(dtype=float) if "aht_s" in cols
           else np.full(len(actuals), np.nan))
    names = actuals[cols["queue"]].astype(str).to_numpy() if "queue" in cols else None
    if names is None and len(queues) > 1:
        raise WfmError("the actual arrivals have no queue column but the plan has several queues")
    out = {}
    for q in queues:
        rows = np.arange(len(actuals)) if names is None else np.flatnonzero(names == q.name)
        t = start.to_numpy()[rows]
        order = np.argsort(t, kind="stable")
        rows, t = rows[order], t[order]
        if "interval_min" in cols:
            length = pd.to_numeric(actuals[cols["interval_min"]].iloc[rows], errors="coerce").to_numpy(dtype=float) * 60
        elif rows.size > 1:
            length = np.full(rows.size, float(np.min(np.diff(t)) / np.timedelta64(1, "s")))
        else:
            length = np.full(rows.size, q.cell_s)
        out[q.name] = Replay((t - q.origin.to_datetime64()) / np.timedelta64(1, "s"), length,
                             np.round(count[rows]), aht[rows])
    return out


def draw_contacts(q: QueueInput, rng: np.random.Generator, service_cv: float | None,
                  replay: Replay | None = None):
    """(arrival_s sorted, cell, service_s, patience_s) for one replication of one queue."""
    if replay is None:
        counts = rng.poisson(np.where(q.accepts, q.contacts, 0.0))
        cell = np.repeat(np.arange(q.cells), counts)
        arrival = (cell + rng.random(cell.size)) * q.cell_s
        aht = q.aht_s[cell]
    else:
        counts = replay.count.astype(np.int64)
        owner = np.repeat(np.arange(counts.size), counts)
        arrival = replay.start_s[owner] + rng.random(owner.size) * replay.length_s[owner]
        cell = np.floor(arrival / q.cell_s).astype(np.int64)
        inside = (cell >= 0) & (cell < q.cells)
        inside[inside] = q.accepts[cell[inside]]
        arrival, cell, owner = arrival[inside], cell[inside], owner[inside]
        aht = np.where(np.isnan(replay.aht_s[owner]), q.aht_s[cell], replay.aht_s[owner])
    order = np.argsort(arrival, kind="stable")
    arrival, cell, aht = arrival[order], cell[order], aht[order]
    if service_cv is None:
        unit = rng.exponential(1.0, arrival.size)
    else:
        sigma2 = np.log1p(service_cv**2)
        unit = rng.lognormal(-sigma2 / 2.0, np.sqrt(sigma2), arrival.size)
    patience = q.patience_s[cell] * rng.exponential(1.0, arrival.size)
    return arrival, cell, aht * unit, np.where(np.isnan(patience), np.inf, patience)
