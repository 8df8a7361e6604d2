"""How fast the importer reads big histories. Prints figures; asserts nothing.

* a 100,000-row .xlsx, long layout (Interval Start, Queue, Offered, AHT), 3 queues — target < 2 s median;
* a 1,000,000-row .csv, long layout (Date, Interval, Skill, Calls Offered, Abandoned, AHT mm:ss), 3 queues
  — target < 5 s median.

Usage: python benchmarks/import_speed.py [--repeat 5]
The input files are generated into a temporary folder first (not timed).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wfm_desktop.core.importers import import_history  # noqa: E402

QUEUES = ("Sales voice", "Support voice", "Chat")


def _frame(rows: int, step_min: int, seed: int = 7) -> pd.DataFrame:
    """`rows` interval rows: 3 queues, every queue open 07:00–22:00 at `step_min` minutes."""
    rng = np.random.default_rng(seed)
    per_day = (22 - 7) * 60 // step_min
    days = -(-rows // (per_day * len(QUEUES)))
    day_index = pd.date_range("2015-01-01", periods=days, freq="D")
    minutes = np.arange(7 * 60, 22 * 60, step_min)
    starts = (day_index.to_numpy()[:, None] + (minutes * 60).astype("timedelta64[s]")[None, :]).ravel()
    frame = pd.DataFrame({
        "start": np.tile(starts, len(QUEUES)),
        "queue": np.repeat(QUEUES, len(starts)),
    }).sort_values(["start", "queue"], kind="stable").head(rows)
    frame["offered"] = rng.poisson(40, len(frame))
    frame["abandoned"] = rng.binomial(frame["offered"], 0.05)
    frame["aht_s"] = rng.integers(150, 700, len(frame))
    return frame.reset_index(drop=True)


def make_xlsx(path: Path, rows: int = 100_000) -> Path:
    frame = _frame(rows, 15)
    out = pd.DataFrame({"Interval Start": frame["start"], "Queue": frame["queue"],
                        "Offered": frame["offered"], "AHT": frame["aht_s"]})
    out.to_excel(path, index=False, engine="xlsxwriter")
    return path


def make_csv(path: Path, rows: int = 1_000_000) -> Path:
    frame = _frame(rows, 5)
    end = frame["start"] + pd.Timedelta(minutes=5)
    seconds = frame["aht_s"].to_numpy()
    out = pd.DataFrame({
        "Date": frame["start"].dt.strftime("%d/%m/%Y"),
        "Interval": frame["start"].dt.strftime("%H:%M") + "-" + end.dt.strftime("%H:%M"),
        "Skill": frame["queue"], "Calls Offered": frame["offered"], "Abandoned": frame["abandoned"],
        "AHT": [f"{s // 60}:{s % 60:02d}" for s in seconds],
    })
    out.to_csv(path, index=False)
    return path


def measure(path: Path, repeat: int, **kwargs) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per run (CPU time shows the cost on a busy machine)."""
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = import_history(path, **kwargs)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    rows = len(result.history.frame)
    print(f"  -> {rows:,} canonical rows, {len(result.history.queues)} queues, "
          f"{result.history.interval_min}-minute, {len(result.findings)} findings")
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("generating inputs …")
        xlsx = make_xlsx(folder / "history_100k.xlsx")
        csv = make_csv(folder / "history_1m.csv")
        print(f"xlsx {xlsx.stat().st_size / 1e6:.1f} MB, csv {csv.stat().st_size / 1e6:.1f} MB")
        for label, path, target, kwargs in (
            ("100,000-row xlsx (long, 3 queues)", xlsx, 2.0, {}),
            ("1,000,000-row csv (long, 3 queues, 5-min)", csv, 5.0, {}),
            ("1,000,000-row csv rolled up to 30 min", csv, 5.0, {"interval_min": 30}),
        ):
            print(label)
            times, cpu = measure(path, args.repeat, **kwargs)
            median = statistics.median(times)
            verdict = "OK" if median < target else "SLOWER THAN TARGET"
            print(f"  median {median:.2f} s wall (min {min(times):.2f}, max {max(times):.2f}; target < {target:.0f} s) "
                  f"{verdict}; median CPU {statistics.median(cpu):.2f} s")


if __name__ == "__main__":
    main()
