"""A year of 15-minute intervals shared by the benchmarks: volumes 0–300 with a daily shape."""

from __future__ import annotations

import numpy as np

INTERVALS_PER_DAY = 96
DAYS = 365
AHT_S = 300.0
INTERVAL_MIN = 15.0


def year_volumes(seed: int = 2026) -> np.ndarray:
    """35,040 interval volumes: zero at night, a late-morning and an afternoon peak up to 300,
    quieter weekends, and ±10% noise; whole contacts."""
    rng = np.random.default_rng(seed)
    slot = np.arange(DAYS * INTERVALS_PER_DAY)
    hour = (slot % INTERVALS_PER_DAY) / 4.0
    day = slot // INTERVALS_PER_DAY
    open_hours = (hour >= 7) & (hour < 22)
    shape = np.exp(-((hour - 11.0) / 2.2) ** 2) + 0.8 * np.exp(-((hour - 15.5) / 2.5) ** 2)
    weekday = np.where(day % 7 >= 5, 0.45, 1.0)
    season = 1.0 + 0.15 * np.sin(2 * np.pi * day / 365.0)
    volume = 300.0 * shape / shape.max() * weekday * season / 1.15 * rng.uniform(0.9, 1.0, slot.size)
    return np.clip(np.round(np.where(open_hours, volume, 0.0)), 0, 300)
