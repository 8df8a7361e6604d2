"""Small builders of History objects for the forecast tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.history.table import DAILY, History

WEEKDAY_FACTORS = (1.3, 1.1, 1.0, 1.0, 0.9, 0.0, 0.0)  # Monday busiest, closed at weekends


def daily_history(
    first: str,
    days: int,
    *,
    queue: str = "Q",
    level: float = 1000.0,
    weekday_factors=WEEKDAY_FACTORS,
    noise: float = 0.0,
    seed: int = 0,
    aht_s: float | None = 300.0,
) -> History:
    """Daily totals: level × weekday factor (× lognormal noise); days with 0 are left out."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range(first, periods=days, freq="D")
    offered = level * np.array([weekday_factors[d.weekday()] for d in dates])
    if noise:
        offered = offered * rng.lognormal(0.0, noise, len(dates))
    frame = pd.DataFrame({"queue": queue, "start": dates, "offered": offered, "aht_s": aht_s})
    frame = frame[frame["offered"] > 0].reset_index(drop=True)
    return History(frame, DAILY, "test")


def interval_history(
    first: str,
    days: int,
    *,
    queues=("Q",),
    interval_min: int = 15,
    open_hour: int = 8,
    close_hour: int = 18,
    level: float = 1000.0,
    weekday_factors=WEEKDAY_FACTORS,
    aht_s=lambda slot_min, weekday: 200.0 + slot_min / 10.0,
) -> History:
    """Interval history with a triangular intraday shape peaking at midday."""
    dates = pd.date_range(first, periods=days, freq="D")
    slots = np.arange(open_hour * 60, close_hour * 60, interval_min)
    centre = (open_hour * 60 + close_hour * 60) / 2
    shape = 1.0 + (close_hour - open_hour) * 60 / 2 - np.abs(slots - centre)
    shape = shape / shape.sum()
    rows = []
    for queue_number, queue in enumerate(queues):
        for day in dates:
            total = level * (1 + queue_number) * weekday_factors[day.weekday()]
            if total <= 0:
                continue
            for slot, share in zip(slots, shape):
                rows.append((queue, day + pd.Timedelta(minutes=int(slot)), total * share, aht_s(slot, day.weekday())))
    frame = pd.DataFrame(rows, columns=["queue", "start", "offered", "aht_s"])
    return History(frame, interval_min, "test")
