"""What to simulate: settings, and an interval table turned into per-queue inputs for the event loop.

The interval table is the shape the plan and ``wfm-desktop staff`` produce (column
names case-insensitive; blanks in an optional column take the default):

==================  =========================================================
queue               optional; queues never share agents
start               interval start (date-time)
contacts/offered    contacts forecast (Poisson arrivals around this mean)
aht_s               average handle time, seconds (per chat for chat queues)
agents_net/agents   agents on the phones (net); not needed with a schedule
interval_min        optional; else the spacing of ``start`` within the queue
target_answer_s     the T of "80% within T s" (else the settings' answer time)
patience_s          mean patience, s: callers abandon (else the settings')
concurrency         chats at once per agent (chat queue)
response_h          response target in hours: the row is deferred work
open                0/false/closed: nobody is offered service there (live
                    work; deferred work arriving then waits for the opening)
==================  =========================================================

Rows with agents 0 and no ``open`` column count as closed for live work: a
requirement gives no agents outside the opening hours, and contacts forecast
there are not queued overnight.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError

DEFAULT_SETTINGS: dict[str, Any] = {"replications": 10, "seed": 0, "service_cv": None, "chat_slowdown": 0.0,
                                    "automatic": True}
"""The plan's simulation settings when it has none (kept here, apart from the engine, so a new plan
fills them in without importing the simulator)."""


def resolve_settings(value: Mapping | None) -> dict:
    """The simulation settings a plan computes with: `value` with every default filled in."""
    return {**DEFAULT_SETTINGS, **dict(value or {})}


def waits_for(reads: Mapping[str, Any]) -> str | None:
    """Why the simulation stage cannot run yet (None when it can): it needs the staffing plan."""
    if getattr(reads.get("staffing"), "requirements", None) is not None:
        return None
    return "waiting for the staffing plan"


_CLOSED_WORDS = {"0", "0.0", "false", "no", "n", "closed"}


@dataclass(frozen=True)
class SimulationSettings:
    """How to simulate. ``service_cv`` None = exponential service times, else lognormal with that CV."""

    replications: int = 10
    seed: int = 0
    answer_s: float = 20.0
    patience_s: float | None = None
    service_cv: float | None = None
    chat_slowdown: float = 0.0
    absence: float = 0.0
    level: float = 0.95

    def check(self) -> None:
        if int(self.replications) != self.replications or self.replications < 1:
            raise WfmError(f"replications: {self.replications!r} must be a whole number, 1 or more")
        if not self.answer_s >= 0:
            raise WfmError(f"answer time (s): {self.answer_s!r} must be 0 or more")
        if self.patience_s is not None and not self.patience_s > 0:
            raise WfmError(f"patience (s): {self.patience_s!r} must be greater than 0 (leave it out for none)")
        if self.service_cv is not None and not 0 < self.service_cv <= 10:
            raise WfmError(f"service time CV: {self.service_cv!r} must be between 0 and 10 (1 ≈ exponential)")
        if not 0 <= self.chat_slowdown <= 5:
            raise WfmError(f"chat slowdown: {self.chat_slowdown!r} must be a fraction per extra chat, 0 to 5")
        if not 0 <= self.absence < 1:
            raise WfmError(f"absence: {self.absence!r} must be a fraction in [0, 1)")
        if not 0 < self.level < 1:
            raise WfmError(f"confidence level: {self.level!r} must be between 0 and 1")


@dataclass
class QueueInput:
    """One queue on a regular grid of ``cells`` intervals of ``cell_s`` seconds from ``origin``."""

    name: str
    origin: pd.Timestamp
    cell_s: float
    cells: int
    rows: np.ndarray  # input row numbers of this queue
    row_cell: np.ndarray  # grid interval of each of those rows
    contacts: np.ndarray  # per cell (0 outside the table)
    aht_s: np.ndarray
    agents: np.ndarray
    answer_s: np.ndarray
    patience_s: np.ndarray  # inf = no abandonment
    response_s: np.ndarray  # inf = live work
    accepts: np.ndarray  # contacts arriving in the cell join the queue (open live work, or deferred work)
    slots: int

    @property
    def key(self) -> int:
        return zlib.crc32(self.name.encode("utf-8"))


def column_lookup(frame: pd.DataFrame) -> dict[str, str]:
    """Lower-case, stripped name → actual column name."""
    return {str(c).strip().lower(): c for c in frame.columns}


def to_datetimes(values: pd.Series) -> pd.Series:
    """Date-times (NaT where a value is not one), without pandas' format-guessing warning."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return pd.to_datetime(values, errors="coerce")


def _numbers(frame, cols, name, default, *, what: str, positive: bool = False) -> np.ndarray:
    size = len(frame)
    if name not in cols:
        return np.full(size, np.nan if default is None else float(default))
    values = pd.to_numeric(frame[cols[name]], errors="coerce").to_numpy(dtype=float)
    raw_blank = frame[cols[name]].isna().to_numpy()
    bad = np.isnan(values) & ~raw_blank
    bad |= ~np.isnan(values) & ((values <= 0) if positive else (values < 0))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        rule = "greater than 0" if positive else "0 or more"
        raise WfmError(f"row {row + 2}, column {cols[name]}: {frame[cols[name]].iloc[row]!r} — {what} must be a "
                       f"number, {rule}")
    if default is not None:
        values = np.where(np.isnan(values), float(default), values)
    return values


def queue_inputs(frame: pd.DataFrame, settings: SimulationSettings, *, need_agents: bool = True) -> list[QueueInput]:
    """Split the interval table into queues on regular grids (see the module docstring)."""
    cols = column_lookup(frame)
    if "contacts" not in cols and "offered" in cols:  # a history, or `staff` run on one
        cols["contacts"] = cols["offered"]
    missing = [c for c in ("start", "contacts", "aht_s") if c not in cols]
    agents_col = cols.get("agents_net", cols.get("agents"))
    if need_agents and agents_col is None:
        missing.append("agents_net (or agents)")
    if missing:
        raise WfmError(f"the interval table has no {', '.join(missing)} column; simulate needs queue (optional), "
                       "start, contacts, aht_s and agents_net")
    if frame.empty:
        raise WfmError("the interval table has no rows")
    start = to_datetimes(frame[cols["start"]])
    if start.isna().any():
        row = int(np.flatnonzero(start.isna().to_numpy())[0])
        raise WfmError(f"row {row + 2}, column {cols['start']}: {frame[cols['start']].iloc[row]!r} is not a date-time")
    contacts = _numbers(frame, cols, "contacts", 0.0, what="contacts")
    aht = _numbers(frame, cols, "aht_s", None, what="AHT (s)", positive=True)
    agents = (_numbers(frame, cols, agents_col.strip().lower(), 0.0, what="agents") if agents_col is not None
              else np.zeros(len(frame)))
    answer = _numbers(frame, cols, "target_answer_s", settings.answer_s, what="target answer time (s)")
    patience = _numbers(frame, cols, "patience_s", settings.patience_s, what="patience (s)", positive=True)
    response_h = _numbers(frame, cols, "response_h", None, what="response target (h)", positive=True)
    concurrency = _numbers(frame, cols, "concurrency", 1.0, what="concurrency", positive=True)
    length_min = _numbers(frame, cols, "interval_min", None, what="interval length (min)", positive=True)
    if "open" in cols:
        words = frame[cols["open"]].astype(str).str.strip().str.lower()
        is_open = ~words.isin(_CLOSED_WORDS).to_numpy()
    else:
        is_open = agents > 0
    deferred = ~np.isnan(response_h)
    busy_no_aht = np.isnan(aht) & (contacts > 0)
    if busy_no_aht.any():
        row = int(np.flatnonzero(busy_no_aht)[0])
        raise WfmError(f"row {row + 2}: {contacts[row]:g} contacts but no AHT (aht_s)")
    queue = frame[cols["queue"]].astype(str).to_numpy() if "queue" in cols else np.full(len(frame), "all")
    out = []
    for name in sorted(set(queue)):
        rows = np.flatnonzero(queue == name)
        rows = rows[np.argsort(start.to_numpy()[rows], kind="stable")]
        out.append(_grid(name, rows, start, length_min, contacts, aht, agents, answer, patience, response_h,
                         concurrency, is_open, deferred))
    return out


def _grid(name, rows, start, length_min, contacts, aht, agents, answer, patience, response_h, concurrency,
          is_open, deferred) -> QueueInput:
    t = start.to_numpy()[rows]
    if len(np.unique(t)) < t.size:
        raise WfmError(f"queue {name}: the same interval start appears twice")
    given = length_min[rows][~np.isnan(length_min[rows])]
    if given.size:
        if np.ptp(given) > 0:
            raise WfmError(f"queue {name}: intervals of different lengths ({', '.join(f'{v:g}' for v in np.unique(given))} "
                           "min) — simulate one length per queue")
        cell_s = float(given[0]) * 60.0
    elif t.size > 1:
        cell_s = float(np.min(np.diff(t)) / np.timedelta64(1, "s"))
    else:
        raise WfmError(f"queue {name}: one interval and no interval_min column; cannot tell its length")
    offset = (t - t[0]) / np.timedelta64(1, "s") / cell_s
    if np.any(np.abs(offset - np.round(offset)) > 1e-6):
        raise WfmError(f"queue {name}: interval starts are not on a regular {cell_s / 60:g}-minute grid")
    cell = np.round(offset).astype(np.int64)
    cells = int(cell[-1]) + 1
    conc = np.unique(concurrency[rows])
    if conc.size > 1 or conc[0] != int(conc[0]):
        raise WfmError(f"queue {name}: concurrency must be one whole number per queue")

    def on_grid(values, fill):
        grid = np.full(cells, fill, dtype=float)
        grid[cell] = values[rows]
        return grid

    response = np.where(deferred, response_h * 3600.0, np.inf)
    accepts = np.full(cells, bool(deferred[rows].any()))  # gaps: only a deferred queue keeps its arrivals
    accepts[cell] = (is_open[rows] & ~deferred[rows]) | deferred[rows]
    return QueueInput(
        name=name, origin=pd.Timestamp(t[0]), cell_s=cell_s, cells=cells, rows=rows, row_cell=cell,
        contacts=on_grid(contacts, 0.0), aht_s=on_grid(np.nan_to_num(aht, nan=1.0), 1.0),
        agents=on_grid(agents, 0.0), answer_s=on_grid(answer, 20.0),
        patience_s=np.nan_to_num(on_grid(np.where(deferred, np.nan, patience), np.inf), nan=np.inf),
        response_s=on_grid(response, np.inf), accepts=accepts, slots=int(conc[0]),
    )
