"""`wfm-desktop staff` end to end on a year of 15-minute intervals (35,040 rows), in a subprocess.

    python benchmarks/staff_cli.py [--runs 5] [--patience-s 120]

Writes a CSV (queue, start, contacts, aht_s) to a temporary folder, then times
``python -m wfm_desktop staff IN -o OUT --force`` from process start to exit —
interpreter start-up, imports, reading, solving and writing included. Goal: < 2 s.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks._year import AHT_S, year_volumes  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--patience-s", type=float, help="also time an Erlang A run with this patience")
    args = parser.parse_args(argv)
    volumes = year_volumes()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "year.csv"
        starts = pd.date_range("2025-01-01", periods=volumes.size, freq="15min")
        pd.DataFrame({"queue": "sales", "start": starts.strftime("%Y-%m-%d %H:%M"), "contacts": volumes,
                      "aht_s": AHT_S}).to_csv(src, index=False)
        variants = [("Erlang C", [])]
        if args.patience_s:
            variants.append((f"Erlang A (patience {args.patience_s:g} s)", ["--patience-s", str(args.patience_s)]))
        for label, extra in variants:
            times, cpu = [], []
            for _ in range(args.runs):
                out = Path(tmp) / "req.csv"
                cmd = [sys.executable, "-m", "wfm_desktop", "staff", str(src), "-o", str(out), "--force", *extra]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
                times.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                if result.returncode != 0:
                    print(result.stderr, file=sys.stderr)
                    return 1
            rows = len(pd.read_csv(out))
            median = statistics.median(times)
            print(f"wfm-desktop staff, {rows} rows, {label}: median {median:.2f} s wall of {args.runs} "
                  f"(min {min(times):.2f} s; CPU {statistics.median(cpu):.2f} s — wall ≫ CPU means a busy machine)"
                  f" — goal < 2 s: {'met' if median < 2 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
