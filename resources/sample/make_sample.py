"""Write resources/sample/sample_history.csv: two years of synthetic contact-centre history.

Deterministic (fixed seed): running it again gives the same file byte for byte.
Three queues at 15-minute intervals, 2024-01-01 to 2025-12-31:

=============  ==========================================  ===========  ==========
queue          open (local time)                           calls/day*   AHT
=============  ==========================================  ===========  ==========
Sales voice    Mon–Fri 08:00–20:00, Sat 09:00–17:00        ~1,500       ~330 s
Support voice  Mon–Fri 07:00–21:00, Sat 08:00–16:00        ~2,400       ~420 s
Chat           every day 08:00–22:00                       ~800         ~600 s
=============  ==========================================  ===========  ==========
(* an average weekday early in 2024)

Patterns: weekday shape (Monday busiest), intraday double peak (late morning,
early afternoon; chat also in the evening), a yearly season (winter high,
summer low; Sales peaks before Christmas), growth of 8 % a year, day-level
noise and Poisson interval noise, AHT longer in the evening and on Mondays.
US public holidays (the `holidays` package): the voice queues are closed (no
rows, as an ACD export would show), chat runs at 40 %.

Usage: ``python resources/sample/make_sample.py [-o OUT.csv]`` (default: next to itself).
"""

from __future__ import annotations

from pathlib import Path

import holidays
import numpy as np
import pandas as pd

SEED = 20240101
FIRST, LAST = "2024-01-01", "2025-12-31"
INTERVAL_MIN = 15
GROWTH_PER_YEAR = 0.08

# name: (daily volume, AHT s, {weekday: (open, close) in hours}, weekday factors Mon..Sun, evening share)
QUEUES = {
    "Sales voice": (1500, 330, {**{d: (8, 20) for d in range(5)}, 5: (9, 17)},
                    (1.18, 1.06, 1.0, 0.98, 0.92, 0.55, 0.0), 0.0),
    "Support voice": (2400, 420, {**{d: (7, 21) for d in range(5)}, 5: (8, 16)},
                      (1.25, 1.08, 1.0, 0.97, 0.9, 0.45, 0.0), 0.0),
    "Chat": (800, 600, {d: (8, 22) for d in range(7)},
             (1.1, 1.05, 1.0, 1.0, 0.95, 0.7, 0.65), 0.35),
}


def intraday_shape(minutes: np.ndarray, evening_share: float) -> np.ndarray:
    """Relative volume by time of day: late-morning and early-afternoon peaks (+ evening)."""
    hours = minutes / 60.0
    shape = (1.0 * np.exp(-0.5 * ((hours - 10.75) / 1.6) ** 2)
             + 0.8 * np.exp(-0.5 * ((hours - 14.5) / 1.9) ** 2)
             + evening_share * np.exp(-0.5 * ((hours - 19.5) / 1.5) ** 2)
             + 0.12)
    return shape


def season(dates: pd.DatetimeIndex, queue: str) -> np.ndarray:
    doy = dates.day_of_year.to_numpy()
    factor = 1.0 + 0.10 * np.cos(2 * np.pi * (doy - 20) / 365.25)
    if queue == "Sales voice":  # pre-Christmas peak
        factor = factor + 0.30 * np.exp(-0.5 * ((doy - 345) / 12.0) ** 2)
    return factor


def build() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    dates = pd.date_range(FIRST, LAST, freq="D")
    us_holidays = holidays.US(years=sorted(set(dates.year)))
    is_holiday = np.array([d.date() in us_holidays for d in dates])
    years = (dates - dates[0]).days.to_numpy() / 365.25
    frames = []
    for queue, (daily, aht_s, hours, weekday_factor, evening) in QUEUES.items():
        level = daily * (1 + GROWTH_PER_YEAR * years) * season(dates, queue)
        level = level * np.array([weekday_factor[d] for d in dates.day_of_week])
        level = level * rng.lognormal(0.0, 0.06, len(dates))
        for i, day in enumerate(dates):
            if day.weekday() not in hours:
                continue
            if is_holiday[i] and queue != "Chat":
                continue  # closed: no rows
            open_h, close_h = hours[day.weekday()]
            minutes = np.arange(open_h * 60, close_h * 60, INTERVAL_MIN)
            shape = intraday_shape(minutes + INTERVAL_MIN / 2, evening)
            expected = level[i] * (0.4 if is_holiday[i] else 1.0) * shape / shape.sum()
            offered = rng.poisson(expected)
            evening_longer = 1 + 0.12 * np.clip((minutes / 60 - 12) / 9, 0, 1)
            monday = 1.04 if day.weekday() == 0 else 1.0
            aht = aht_s * evening_longer * monday * rng.normal(1.0, 0.04, len(minutes))
            aht = np.where(offered > 0, np.round(aht), np.nan)
            frames.append(pd.DataFrame({
                "queue": queue,
                "start": day + pd.to_timedelta(minutes, unit="min"),
                "interval_min": INTERVAL_MIN,
                "offered": offered,
                "aht_s": aht,
            }))
    frame = pd.concat(frames, ignore_index=True)
    return frame.sort_values(["queue", "start"], kind="stable").reset_index(drop=True)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write the synthetic sample history CSV.")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).resolve().parent / "sample_history.csv")
    out = parser.parse_args(argv).output
    frame = build()
    text = frame.assign(start=frame["start"].dt.strftime("%Y-%m-%d %H:%M:%S")).to_csv(
        index=False, float_format="%.0f", lineterminator="\n")
    out.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {out}: {len(frame):,} rows, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
