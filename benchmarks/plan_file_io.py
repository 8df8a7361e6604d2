"""How long saving and opening a plan takes: the bundled sample (2 years × 3 queues of 15-minute
history, ~100,000 rows) and the same history repeated 5× (~500,000 rows), with a few settings.

Saves and opens alternate (save, open, save, open, …) so that both see the same machine load;
the figures are medians. Goal (issue 21): saving takes no longer than opening, at both sizes.
The GUI does both off the GUI thread. Run: ``python benchmarks/plan_file_io.py [--runs 5]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wfm_desktop.core.history.sample import sample_history_path  # noqa: E402
from wfm_desktop.core.history.table import History  # noqa: E402
from wfm_desktop.core.importers import import_history  # noqa: E402
from wfm_desktop.core.plan.document import from_document, to_document  # noqa: E402
from wfm_desktop.core.plan.file_format import load_plan, save_plan  # noqa: E402


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="saves and opens per size (default 5)")
    args = parser.parse_args(argv)
    history = import_history(sample_history_path()).history
    bigger = pd.concat([history.frame.assign(queue=history.frame["queue"] + f" {i}") for i in range(5)],
                       ignore_index=True)
    inputs = {"forecast/settings": {"method": "auto", "horizon_days": 91},
              "schedule/templates": pd.DataFrame({"name": ["Early", "Late"], "start_min": [420, 780]})}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"plan file save and open, median of {args.runs} alternated runs; {os.cpu_count()} CPUs, "
          f"load average {load:.2f}")
    met = True
    with tempfile.TemporaryDirectory() as folder:
        for label, frame in (("sample", history.frame), ("5x sample", bigger)):
            hist = History(frame, history.interval_min, history.source)
            path = Path(folder) / f"{label}.wfmplan"
            save_plan(to_document(inputs, hist, {}), path)  # warm-up
            saves, opens = [], []
            for _ in range(args.runs):
                saves.append(_seconds(lambda: save_plan(to_document(inputs, hist, {}), path)))
                opens.append(_seconds(lambda: from_document(load_plan(path))))
            save_s, open_s = statistics.median(saves), statistics.median(opens)
            met &= save_s <= open_s
            print(f"{label:10s} {len(frame):>8,} rows  save {save_s:6.3f} s  open {open_s:6.3f} s  "
                  f"save/open {save_s / open_s:4.2f}  file {path.stat().st_size / 1e6:5.1f} MB")
    print(f"goal (saving takes no longer than opening at both sizes): {'met' if met else 'NOT met'}; "
          f"load average now {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
