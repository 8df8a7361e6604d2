"""Cold start: from launching the real GUI entry point to a painted window and to the sample shown.

Each run starts a fresh Python process, offscreen, with a fresh HOME (no preferences: a new
user's first start), and measures the wall-clock time from launching the process until it prints

* ``wfm_desktop window shown`` — printed from the event loop after the main window's first
  paint (the interpreter start, every import, building the pages and the first frame inside);
* ``wfm_desktop sample shown`` — the bundled sample, which a first start opens behind the
  window, imported and drawn on the Data page (``--until-sample-shown``).

Beside the app, in the same rounds (each round runs the three in turn, the order rotating),
two anchors: a bare PySide6 window (a QMainWindow, first paint), and a window that imports
pandas and draws one matplotlib chart of a pandas series (first paint of the rendered chart).
Goals (issue 21): first paint ≤ 2× the bare window; the sample shown ≤ 1.3× the
pandas-and-chart window (medians). The machine's load average is printed: on a shared machine
the figures are noisy.

    python benchmarks/cold_start.py [--runs 9] [--before OTHER_CHECKOUT]

The first round also warms the OS file cache and is shown but left out of the figures. Python's
bytecode is cached (in a temporary folder, ``PYTHONPYCACHEPREFIX``) for all three, as in an
installed app, whose modules are compiled once when it is installed: the warm-up round writes it
(``--no-bytecode-cache`` compiles the app's modules from source in every run, as a checkout does
with ``PYTHONDONTWRITEBYTECODE`` set). ``--before DIR`` also times the app of another checkout
(e.g. main) in the same rounds, for a before/after in one run.
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
APP = ("from wfm_desktop.gui.app import main; "
       "raise SystemExit(main(['--quit-after-ms', '0', '--until-sample-shown']))")

_FIRST_PAINT = '''
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
class FirstPaint(QObject):
    def __init__(self, widget, message):
        super().__init__()
        self.message, self.seen = message, False
        widget.installEventFilter(self)
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, lambda: (print(self.message, flush=True), app.quit()))
        return False
'''
BARE = _FIRST_PAINT + '''
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 780)
watch = FirstPaint(window, "bare window shown")
window.show()
app.exec()
'''
CHART = _FIRST_PAINT + '''
from PySide6.QtWidgets import QApplication, QMainWindow
import numpy as np
import pandas as pd
import matplotlib
matplotlib.use("QtAgg")
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 780)
figure = Figure(figsize=(7, 3), layout="constrained")
canvas = FigureCanvasQTAgg(figure)
days = pd.date_range("2024-01-01", periods=730, freq="D")
series = pd.Series(np.random.default_rng(1).poisson(400, len(days)), index=days).rolling(7).mean()
ax = figure.add_subplot()
ax.plot(series.index, series.to_numpy())
ax.set_title("contacts per day")
window.setCentralWidget(canvas)
watch = FirstPaint(canvas, "chart window shown")
window.show()
app.exec()
'''
KINDS = ("bare", "chart", "app")


def one_run(kind: str, home: Path, *, pycache: Path | None = None, before: Path | None = None) -> dict[str, float]:
    """Seconds from launch to each milestone line the process prints (`kind` "before": the app of `before`)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / "cfg"),
               XDG_DATA_HOME=str(home / "data"), PYTHONPATH=str(before if kind == "before" else REPO),
               MPLCONFIGDIR=str(home / "mpl"))
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    code = {"bare": BARE, "chart": CHART, "app": APP, "before": APP}[kind]
    wanted = {"bare": ("bare window shown",), "chart": ("chart window shown",),
              "app": ("window shown", "sample shown"), "before": ("window shown", "sample shown")}[kind]
    start = time.perf_counter()
    # `python -c` puts its working folder first on sys.path: the app imported is the one it runs in
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=before if kind == "before" else REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seen: dict[str, float] = {}
    for line in proc.stdout:
        for milestone in wanted:
            if milestone in line and milestone not in seen and not (milestone == "window shown" and "sample" in line):
                seen[milestone] = time.perf_counter() - start
    if kind == "before":
        seen = {f"before: {milestone}": seconds for milestone, seconds in seen.items()}
    rc = proc.wait(timeout=120)
    if rc != 0 or len(seen) != len(wanted):
        raise SystemExit(f"{kind}: did not start cleanly (exit code {rc}, saw {sorted(seen)})")
    return seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed rounds (default 9: fewer swing by 0.2× on a shared machine)")
    parser.add_argument("--before", type=Path, help="another checkout whose app is timed in the same rounds")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="compile the app's modules from source in every run (no cached bytecode)")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    caching = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached after the warm-up round"
    print(f"cold start, offscreen, first start (fresh HOME), {caching}; {os.cpu_count()} CPUs, "
          f"load average {load:.2f}")
    kinds = KINDS + (("before",) if args.before else ())
    times: dict[str, list[float]] = {}
    round_ratios: list[float] = []  # per round: the app's sample shown ÷ that round's pandas-and-chart window
    with tempfile.TemporaryDirectory() as tmp:
        pycache = None if args.no_bytecode_cache else Path(tmp) / "pycache"
        for round_number in range(args.runs + 1):
            shift = round_number % len(kinds)
            order = kinds[shift:] + kinds[:shift]
            cells, seen = [], {}
            for kind in order:
                home = Path(tmp) / f"{kind}{round_number}"
                home.mkdir()
                for milestone, seconds in one_run(kind, home, pycache=pycache, before=args.before).items():
                    cells.append(f"{milestone} {seconds:.2f} s")
                    seen[milestone] = seconds
                    if round_number:
                        times.setdefault(milestone, []).append(seconds)
            if round_number:
                round_ratios.append(seen["sample shown"] / seen["chart window shown"])
            print(f"  round {round_number + 1}: " + ", ".join(cells) + ("  (warm-up, not counted)" if not round_number else ""))
    med = {name: statistics.median(values) for name, values in times.items()}
    bare, chart = med["bare window shown"], med["chart window shown"]
    paint, sample = med["window shown"], med["sample shown"]
    print(f"medians over {args.runs} rounds: bare PySide6 window {bare:.2f} s; pandas + one chart {chart:.2f} s; "
          f"app first paint {paint:.2f} s; app sample shown {sample:.2f} s")
    if args.before:
        print(f"before ({args.before.name}): app first paint {med['before: window shown']:.2f} s "
              f"({med['before: window shown'] / bare:.2f}× bare); app sample shown {med['before: sample shown']:.2f} s "
              f"({med['before: sample shown'] / chart:.2f}× pandas-and-chart)")
    print(f"per round, sample shown ÷ that round's pandas-and-chart window: median {statistics.median(round_ratios):.2f}×, "
          f"range {min(round_ratios):.2f}–{max(round_ratios):.2f}× (shown for the noise; the goal is on the medians)")
    print(f"goal first paint ≤ 2× bare window: {paint / bare:.2f}× ({'met' if paint <= 2 * bare else 'NOT met'}); "
          f"goal sample shown ≤ 1.3× pandas-and-chart window: {sample / chart:.2f}× "
          f"({'met' if sample <= 1.3 * chart else 'NOT met'}); load average now {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
