"""How long saving and opening a plan takes: the bundled sample (2 years × 3 queues of 15-minute
history, ~100,000 rows) and the same history repeated 5× (~500,000 rows), with a few settings.

The GUI does both off the GUI thread and shows a busy bar after 0.5 s; this prints the times
(median of 3) and the file sizes. Run: ``python benchmarks/plan_file_io.py``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wfm_desktop.core.history.table import History  # noqa: E402
from wfm_desktop.core.importers import import_history  # noqa: E402
from wfm_desktop.core.plan.document import from_document, to_document  # noqa: E402
from wfm_desktop.core.plan.file_format import load_plan, save_plan  # noqa: E402
from wfm_desktop.core.history.sample import sample_history_path  # noqa: E402


def _timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    history = import_history(sample_history_path()).history
    bigger = pd.concat([history.frame.assign(queue=history.frame["queue"] + f" {i}") for i in range(5)],
                       ignore_index=True)
    inputs = {"forecast/settings": {"method": "auto", "horizon_days": 91},
              "schedule/templates": pd.DataFrame({"name": ["Early", "Late"], "start_min": [420, 780]})}
    with tempfile.TemporaryDirectory() as folder:
        for label, frame in (("sample", history.frame), ("5x sample", bigger)):
            hist = History(frame, history.interval_min, history.source)
            path = Path(folder) / f"{label}.wfmplan"
            save_s = _timed(lambda: save_plan(to_document(inputs, hist, {}), path))
            open_s = _timed(lambda: from_document(load_plan(path)))
            print(f"{label:10s} {len(frame):>8,} rows  save {save_s:6.2f} s  open {open_s:6.2f} s  "
                  f"file {path.stat().st_size / 1e6:6.1f} MB")


if __name__ == "__main__":
    main()
