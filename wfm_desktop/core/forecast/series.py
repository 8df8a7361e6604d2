"""One queue's daily history as the models see it: open days only, gaps filled.

Contact centres close on some weekdays (the bank data set has no weekends).
Fitting on calendar days would put zeros into the series and break
multiplicative weekly seasonality, so models see only the *open weekdays*: a
regular series with ``k`` values a week (k = 5 for Monday–Friday). A weekday
is open when it had volume in at least half of its occurrences over the last
8 weeks of history.

Inside that series, special days (holidays, events), missing days and zero
days on open weekdays are gaps (NaN in :attr:`QueueSeries.raw`): they are not
evidence of normal demand. Models that need a gap-free series use
:attr:`QueueSeries.filled`, where each gap takes the mean of the same weekday
in the two weeks either side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

OPEN_WEEKDAY_WEEKS = 8


@dataclass(frozen=True)
class QueueSeries:
    """Daily volumes of one queue on its open weekdays, up to :attr:`end`."""

    queue: str
    raw: pd.Series  # open-weekday dates -> offered, NaN for gaps (special, missing, zero)
    filled: pd.Series  # same dates, gaps filled
    open_weekdays: frozenset[int]
    end: pd.Timestamp  # last history day used

    @property
    def k(self) -> int:
        """Open days per week: the weekly season length of the open-day series."""
        return len(self.open_weekdays)

    @property
    def observed_days(self) -> int:
        return int(self.raw.notna().sum())

    def truncated(self, cutoff: pd.Timestamp) -> "QueueSeries":
        """The series as it was known at the end of `cutoff` (for backtest folds)."""
        raw = self.raw[self.raw.index <= cutoff]
        return QueueSeries(self.queue, raw, fill_gaps(raw), self.open_weekdays, cutoff)


def find_open_weekdays(offered: pd.Series, end: pd.Timestamp) -> frozenset[int]:
    """Weekdays (0 = Monday) with volume in at least half their occurrences in the last 8 weeks.

    `offered` is daily volume indexed by date; absent dates count as no volume.
    """
    window_start = max(offered.index.min(), end - pd.Timedelta(days=7 * OPEN_WEEKDAY_WEEKS - 1))
    days = pd.date_range(window_start, end, freq="D")
    values = offered.reindex(days).fillna(0.0).to_numpy()
    weekdays = days.day_of_week
    open_days = set()
    for weekday in range(7):
        mask = weekdays == weekday
        if mask.any() and (values[mask] > 0).sum() >= 0.5 * mask.sum():
            open_days.add(weekday)
    return frozenset(open_days)


def open_dates(first: pd.Timestamp, last: pd.Timestamp, open_weekdays: frozenset[int]) -> pd.DatetimeIndex:
    """Calendar dates from `first` to `last` (inclusive) that fall on an open weekday."""
    days = pd.date_range(first, last, freq="D")
    return days[np.isin(days.day_of_week, sorted(open_weekdays))]


def build_queue_series(
    queue: str, offered: pd.Series, end: pd.Timestamp, special_dates: set[dt.date]
) -> QueueSeries:
    """Build the open-day series of one queue from its daily volumes (indexed by date)."""
    offered = offered[offered.index <= end]
    open_weekdays = find_open_weekdays(offered, end)
    if not open_weekdays or offered.empty:
        empty = pd.Series([], index=pd.DatetimeIndex([]), dtype=float)
        return QueueSeries(queue, empty, empty, open_weekdays, end)
    first_day = offered[offered > 0].index.min() if (offered > 0).any() else offered.index.min()
    dates = open_dates(first_day, end, open_weekdays)
    raw = offered.reindex(dates).astype(float)
    raw[raw <= 0] = np.nan
    if special_dates:
        is_special = np.isin(dates.date, np.array(sorted(special_dates), dtype=object))
        raw[is_special] = np.nan
    return QueueSeries(queue, raw, fill_gaps(raw), open_weekdays, end)


def fill_gaps(raw: pd.Series) -> pd.Series:
    """Fill NaN with the mean of the same weekday within two weeks either side.

    What remains (long gaps) takes the weekday's mean, then the overall mean.
    """
    if raw.empty or not raw.isna().any():
        return raw.copy()
    weekday = raw.index.day_of_week
    nearby = raw.groupby(weekday).transform(lambda s: s.rolling(5, center=True, min_periods=1).mean())
    filled = raw.fillna(nearby)
    if filled.isna().any():
        filled = filled.fillna(raw.groupby(weekday).transform("mean"))
    if filled.isna().any():
        overall = raw.mean()
        filled = filled.fillna(0.0 if np.isnan(overall) else overall)
    return filled
