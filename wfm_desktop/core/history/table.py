"""The canonical History: historical contacts per queue and interval.

Every importer produces one; the forecast consumes one. The frame is long:
one row per queue and interval, sorted by queue then start.

=========  ====================  ==================================================
column     dtype                 meaning
=========  ====================  ==================================================
queue      str                   queue, skill, split or channel name
start      datetime64[ns]        local wall-clock interval start (naive); daily data: the date at 00:00
offered    float64 >= 0          contacts offered in the interval
aht_s      float64 (NaN = unknown) average handle time in seconds, of handled contacts
handled    float64 (optional)    contacts handled (answered)
abandoned  float64 (optional)    contacts abandoned
asa_s      float64 (optional)    mean wait of the answered contacts, seconds (ASA)
abandon_wait_s  (optional)       mean wait of the abandoned contacts before they hung up, seconds
wait_s_total    (optional)       all callers' waiting time in the interval, added up, seconds
agents     float64 (optional)    agents staffed (logged in) on the queue, on average over the interval
=========  ====================  ==================================================

The last four are what the callers' patience is estimated from
(:mod:`wfm_desktop.core.simulation.patience`); rolling up weights each as
:mod:`~wfm_desktop.core.history.granularity` says.

``interval_min`` is the interval length in minutes (5, 6, 10, 15, 30 or 60), or
1440 (:data:`DAILY`) when the history holds daily totals only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd

from wfm_desktop.core.checksum import frame_checksum
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.granularity import DAILY, INTERVAL_LENGTHS, PLANNING_INTERVALS, regrid

REQUIRED_COLUMNS = ("queue", "start", "offered")
OPTIONAL_COLUMNS = ("aht_s", "handled", "abandoned", "asa_s", "abandon_wait_s", "wait_s_total", "agents")


@dataclass(frozen=True)
class History:
    """Historical volumes as the rest of the planner sees them."""

    frame: pd.DataFrame
    interval_min: int
    source: str = ""
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        missing = [c for c in REQUIRED_COLUMNS if c not in self.frame.columns]
        if missing:
            raise WfmError(f"history: missing column(s) {', '.join(missing)}")
        if self.interval_min not in INTERVAL_LENGTHS:
            raise WfmError(
                f"history: interval length {self.interval_min} min is not one of "
                f"{', '.join(str(v) for v in INTERVAL_LENGTHS)}"
            )

    @property
    def is_daily(self) -> bool:
        """True when only daily totals are known (no intraday shape)."""
        return self.interval_min == DAILY

    @property
    def queues(self) -> list[str]:
        """The queue names, sorted (worked out once: a History never changes; a new list each time)."""
        return list(self._queues)

    @cached_property
    def _queues(self) -> tuple[str, ...]:
        return tuple(sorted(self.frame["queue"].astype(str).unique().tolist()))

    def for_queue(self, queue: str) -> pd.DataFrame:
        return self.frame[self.frame["queue"] == queue]

    def rolled_up(self, interval_min: int) -> "History":
        """This history on `interval_min` planning intervals (15, 30 or 60; or DAILY).

        Exact when `interval_min` is a multiple of this history's interval; see
        :func:`rollup` for the other cases.
        """
        return rollup(self, interval_min)

    def daily(self) -> pd.DataFrame:
        """Daily totals: ``queue, date, offered, aht_s`` (AHT weighted by offered volume).

        Worked out once (the plan's background tasks do it, so pages showing the history do
        not); each call returns its own shallow copy, so a caller adding a column changes
        nothing here.
        """
        daily = self.__dict__.get("_daily")
        if daily is None:
            daily = self.__dict__["_daily"] = daily_totals(self.frame)  # frozen: set beside the fields
        return daily.copy(deep=False)

    def checksum(self) -> str:
        """The frame's :func:`~wfm_desktop.core.checksum.frame_checksum` (what the plan's history
        fingerprint hashes), worked out once like :meth:`daily`."""
        checksum = self.__dict__.get("_checksum")
        if checksum is None:
            checksum = self.__dict__["_checksum"] = frame_checksum(self.frame)
        return checksum

    def warm(self) -> "History":
        """Work out what the pages show of every history (queues, daily totals) and its checksum now;
        returns self.

        The importer calls it in the reader process, so the result comes back with them (a pickled
        History keeps them); an Open calls it on a worker thread. Either way the GUI thread finds
        them ready.
        """
        self._queues  # noqa: B018 - computes and keeps the value
        self.daily()
        self.checksum()
        return self


def daily_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Roll an interval frame up to days: offered summed, AHT volume-weighted.

    The AHT of a day is sum(offered × aht_s) / sum(offered) over the intervals
    whose AHT is known; NaN when none is known or the day has no volume.
    """
    return _offered_totals(frame, DAY_NS, "date")[["queue", "date", "offered", "aht_s"]]


def interval_totals(frame: pd.DataFrame, interval_min: int) -> pd.DataFrame:
    """Sum an interval frame into `interval_min` intervals, AHT weighted by offered volume.

    What the forecast's profiles are built from (``interval_min`` a multiple of the frame's
    interval). Columns ``queue, start, offered, aht_s, _weight``; ``_weight`` is the offered
    volume whose AHT is known. Unlike :func:`rollup` (which moves a whole History onto a planning
    interval, splitting intervals when it must and weighting AHT by handled contacts) this only
    adds whole intervals, weighting AHT by offered contacts as the daily totals do.
    """
    return _offered_totals(frame, interval_min * 60 * 10**9, "start")


DAY_NS = 24 * 3600 * 10**9
DENSE_CELLS = 1 << 20  # queue × key cells summed by a dense bincount (beyond 4 per row, when sparser)
CHUNK_ROWS = 65_536
"""Long passes over rows run in steps of this many rows: a worker thread computing holds Python's
GIL for the whole of one C call (a pandas group-by over 500,000 rows: 0.3–0.45 s on a busy machine),
and the GUI thread, which needs the GIL to answer a click or a repaint, waits that long."""


def _offered_totals(frame: pd.DataFrame, step_ns: int, key_name: str) -> pd.DataFrame:
    """Offered summed per queue and start floored to `step_ns`; AHT = sum(offered × aht_s) / sum(offered)
    where known. Rows sorted by queue then key, as a sorted group-by gives them.

    Codes for the queues and the keys are found a chunk of rows at a time and the sums are
    ``bincount``s over (queue, key) cells, so no single step holds the GIL for long (see
    :data:`CHUNK_ROWS`).
    """
    offered = np.nan_to_num(frame["offered"].to_numpy(dtype=float), nan=0.0)  # a group-by's sum skips NaN
    aht = frame["aht_s"].to_numpy(dtype=float) if "aht_s" in frame.columns else np.full(len(frame), np.nan)
    known = ~np.isnan(aht)
    weight = np.where(known, offered, 0.0)
    weighted = np.where(known, np.nan_to_num(aht, nan=0.0) * offered, 0.0)
    ticks = frame["start"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    queue_codes, queues = _chunked_codes(frame["queue"].astype(str).to_numpy(dtype=object))
    key_codes, keys = _chunked_codes(ticks, floor_to=step_ns)
    n_keys = max(len(keys), 1)
    cells = queue_codes.astype(np.int64) * n_keys + key_codes
    if len(queues) * n_keys <= 4 * len(frame) + DENSE_CELLS:  # dense cells: sums by bincount
        size = len(queues) * n_keys
        present = np.flatnonzero(np.bincount(cells, minlength=size))
        inverse = np.searchsorted(present, cells)
    else:  # very sparse (a long history of many queues): only the cells that occur
        present, inverse = np.unique(cells, return_inverse=True)
    sums = [np.bincount(inverse, weights=w, minlength=len(present)) for w in (offered, weighted, weight)]
    with np.errstate(invalid="ignore", divide="ignore"):
        aht_s = np.where(sums[2] > 0, sums[1] / sums[2], np.nan)
    return pd.DataFrame({
        "queue": np.asarray(queues, dtype=object)[present // n_keys],
        key_name: keys[present % n_keys].astype("datetime64[ns]"),
        "offered": sums[0], "aht_s": aht_s, "_weight": sums[2],
    })


def _chunked_codes(values: np.ndarray, *, floor_to: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(codes, sorted distinct values) of `values` (integers floored to a multiple of `floor_to`
    first), found :data:`CHUNK_ROWS` rows at a time."""
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    for begin in range(0, len(values), CHUNK_ROWS):
        chunk = values[begin:begin + CHUNK_ROWS]
        if floor_to is not None:
            chunk = chunk // floor_to * floor_to  # floor division: right before 1970 too
        codes, uniques = pd.factorize(chunk, sort=False)
        parts.append((codes, np.asarray(uniques)))
    if not parts:
        return np.zeros(0, dtype=np.int64), np.asarray(values[:0])
    if values.dtype == object:
        distinct = np.asarray(sorted(set().union(*(uniques.tolist() for _codes, uniques in parts))), dtype=object)
    else:
        distinct = np.unique(np.concatenate([uniques for _codes, uniques in parts]))
    out = np.empty(len(values), dtype=np.int64)
    for i, (codes, uniques) in enumerate(parts):
        out[i * CHUNK_ROWS:i * CHUNK_ROWS + len(codes)] = np.searchsorted(distinct, uniques)[codes]
    return out, distinct


def rollup(history: History, interval_min: int) -> History:
    """`history` on planning intervals of `interval_min` (15, 30 or 60; or 1440 for days).

    Exact when `interval_min` is a multiple of the history's interval (totals of
    every planning interval and day preserved); otherwise intervals are split in
    proportion to their overlap and only daily totals are exact (a note says so).
    """
    if interval_min not in PLANNING_INTERVALS + (DAILY,):
        raise WfmError(f"planning interval {interval_min} min: choose 15, 30 or 60")
    frame, exact = regrid(history.frame, history.interval_min, interval_min)
    notes = history.notes
    if not exact:
        notes = notes + (
            f"{history.interval_min}-minute intervals were split proportionally into {interval_min}-minute "
            "intervals; daily totals are exact, the intraday shape inside each source interval is assumed even",)
    return replace(history, frame=frame.reset_index(drop=True), interval_min=interval_min, notes=notes)
