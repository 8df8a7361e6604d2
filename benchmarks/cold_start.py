"""Cold start: from launching the real GUI entry point to a usable window, offscreen.

Each run starts a fresh Python process with the same entry point as the
``wfm-desktop-gui`` script (``wfm_desktop.gui.app:main``) and ``--quit-after-ms 0``,
and measures the wall-clock time from launching the process until it prints
``wfm_desktop window shown`` — printed from the event loop after the main window
has completed its first paint, so the interpreter start, every import, building
all the pages and the first frame are inside the figure. The process then
closes its window; that is not timed. Runs use a fresh HOME (no preferences, a
first start), so the first page the planner sees is built from scratch.

    python benchmarks/cold_start.py [--runs 7]

Prints every run, the median and the maximum; the goal (issue 9) is a median
under 3 s. The first run also warms the OS file cache and is shown but left out
of the figures (``--keep-first`` keeps it). The machine's load average is
printed: on a shared machine the figures are noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENTRY = "from wfm_desktop.gui.app import main; raise SystemExit(main(['--quit-after-ms', '0']))"
GOAL_S = 3.0


def one_run(home: Path) -> tuple[float, str]:
    """Seconds from launch to the "window shown" line, and that line."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / "cfg"),
               XDG_DATA_HOME=str(home / "data"), PYTHONPATH=str(REPO))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", ENTRY], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    shown = None
    for line in proc.stdout:
        if "window shown" in line:
            shown = time.perf_counter() - start
            break
    rest = proc.stdout.read()
    code = proc.wait(timeout=60)
    if shown is None or code != 0:
        raise SystemExit(f"the app did not start cleanly (exit code {code}): {rest[-2000:]}")
    return shown, line.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs (default 7)")
    parser.add_argument("--keep-first", action="store_true", help="count the first (file-cache warming) run too")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cold start of the GUI entry point, offscreen; {os.cpu_count()} CPUs, load average {load:.2f}")
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs + (0 if args.keep_first else 1)):
            home = Path(tmp) / f"home{i}"
            home.mkdir()
            seconds, line = one_run(home)
            warm_up = i == 0 and not args.keep_first
            print(f"  run {i + 1}: {seconds:.2f} s{'  (warm-up, not counted)' if warm_up else ''}   [{line}]")
            if not warm_up:
                times.append(seconds)
    median, worst = statistics.median(times), max(times)
    print(f"time to a usable window: median {median:.2f} s, max {worst:.2f} s over {len(times)} runs "
          f"(goal: median under {GOAL_S:.0f} s: {'met' if median < GOAL_S else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
