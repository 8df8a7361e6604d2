"""Forecast speed: 10 queues × 3 years of daily history, Auto with its backtest, 13 weeks ahead.

Goals (issue #16): under 20 s on a 2-core machine, and no more than 1.5 × the anchor — the same
forecast by another checkout of the package (e.g. the code before a change), measured in the same
run, alternating, each in a fresh process. Prints the load average with every figure and the
medians; statsmodels' import is part of every run (it stays off the application's start-up path).

    python benchmarks/forecast_speed.py [--anchor PATH] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUEUES = 10
DAYS = 3 * 365


def synthetic_history(seed: int = 1):
    import numpy as np
    import pandas as pd

    from wfm_desktop.core.history.table import DAILY, History

    rng = np.random.default_rng(seed)
    dates = pd.date_range("2022-01-03", periods=DAYS, freq="D")
    yearly = 1 + 0.2 * np.sin(2 * np.pi * dates.day_of_year.to_numpy() / 365.25)
    parts = []
    for q in range(QUEUES):
        weekly = np.array([1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.0 if q % 3 == 0 else 0.3])
        trend = 1 + 0.1 * q / QUEUES * np.arange(DAYS) / 365
        offered = 500 * (1 + q) * weekly[dates.day_of_week] * yearly * trend * rng.lognormal(0, 0.06, DAYS)
        parts.append(pd.DataFrame({"queue": f"Queue {q + 1:02d}", "start": dates, "offered": offered, "aht_s": 280.0 + 10 * q}))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["offered"] > 0].reset_index(drop=True)
    return History(frame, DAILY, "synthetic")


def child() -> None:
    """One timed forecast with whatever wfm_desktop is first on the path; prints JSON."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    from wfm_desktop.core.forecast import ForecastSettings, run_forecast

    history = synthetic_history()
    result = run_forecast(history, ForecastSettings(method="auto", horizon_days=91, country="US"))
    chosen = result.backtest[result.backtest["chosen"]]["method"].value_counts().to_dict()
    print(json.dumps({"wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu_started,
                      "chosen": chosen, "load": os.getloadavg()[0]}))


def run_once(code: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code))
    out = subprocess.run([sys.executable, __file__, "--child"], env=env, cwd=str(code), capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--anchor", type=Path, help="checkout whose forecast is the anchor (e.g. main)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.child:
        child()
        return
    codes = {"this": REPO}
    if args.anchor:
        codes["anchor"] = args.anchor.resolve()
    times = {name: [] for name in codes}
    print(f"{QUEUES} queues x {DAYS} days, Auto with its default backtest, 91-day horizon, US holidays")
    for round_number in range(args.rounds):
        for name, code in codes.items():  # alternated, so both see the same load
            figures = run_once(code)
            times[name].append(figures["wall_s"])
            print(f"round {round_number + 1} {name:<6} {figures['wall_s']:6.2f} s wall, {figures['cpu_s']:6.2f} s CPU, "
                  f"load {figures['load']:.2f}; chosen {figures['chosen']}")
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"median this: {medians['this']:.2f} s (goal < 20 s on an idle 2-core machine); "
          f"load average now {os.getloadavg()[0]:.2f}")
    if "anchor" in medians:
        print(f"median anchor: {medians['anchor']:.2f} s; ratio {medians['this'] / medians['anchor']:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()
