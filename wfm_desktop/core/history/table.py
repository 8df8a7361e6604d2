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

    def warm(self) -> "History":
        """Work out what the pages show of every history (queues, daily totals) now; returns self.

        Called on a worker thread after an import or an Open, so the GUI thread finds them ready.
        """
        self._queues  # noqa: B018 - computes and keeps the value
        self.daily()
        return self


def daily_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Roll an interval frame up to days: offered summed, AHT volume-weighted.

    The AHT of a day is sum(offered × aht_s) / sum(offered) over the intervals
    whose AHT is known; NaN when none is known or the day has no volume.
    """
    key = frame["start"].dt.normalize().to_numpy()
    return _offered_totals(frame, key, "date")[["queue", "date", "offered", "aht_s"]]


def interval_totals(frame: pd.DataFrame, interval_min: int) -> pd.DataFrame:
    """Sum an interval frame into `interval_min` intervals, AHT weighted by offered volume.

    What the forecast's profiles are built from (``interval_min`` a multiple of the frame's
    interval). Columns ``queue, start, offered, aht_s, _weight``; ``_weight`` is the offered
    volume whose AHT is known. Unlike :func:`rollup` (which moves a whole History onto a planning
    interval, splitting intervals when it must and weighting AHT by handled contacts) this only
    adds whole intervals, weighting AHT by offered contacts as the daily totals do.
    """
    key = frame["start"].dt.floor(f"{interval_min}min").to_numpy()
    return _offered_totals(frame, key, "start")


def _offered_totals(frame: pd.DataFrame, key: np.ndarray, key_name: str) -> pd.DataFrame:
    """Offered summed per queue and `key`; AHT = sum(offered × aht_s) / sum(offered) where known."""
    offered = frame["offered"].to_numpy(dtype=float)
    aht = frame["aht_s"].to_numpy(dtype=float) if "aht_s" in frame.columns else np.full(len(frame), np.nan)
    known = ~np.isnan(aht)
    work = pd.DataFrame(
        {
            "queue": frame["queue"].astype(str).to_numpy(),
            key_name: key,
            "offered": offered,
            "_weighted": np.where(known, aht * offered, 0.0),
            "_weight": np.where(known, offered, 0.0),
        }
    )
    out = work.groupby(["queue", key_name], sort=True, as_index=False).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["aht_s"] = np.where(out["_weight"] > 0, out["_weighted"] / out["_weight"], np.nan)
    return out[["queue", key_name, "offered", "aht_s", "_weight"]]


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
