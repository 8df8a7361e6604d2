"""How big the frozen app is and how fast it starts (run after `python installer/build.py`).

    python benchmarks/frozen_app.py [--dist dist] [--runs 5]

Prints the folder size, the largest parts of `_internal/`, and the median wall time of the
frozen `wfm-desktop --version` (interpreter + bootloader start), of the GUI opening and closing
offscreen (`wfm-desktop-gui --quit-after-ms 0`: Qt, matplotlib and every page imported), and
of one `--self-test`. Figures depend on the machine and its load; compare on a quiet one.

Then the simulation's cold start (issue 17: ≤ 15 s cold, a fresh process, any compilation
included, also in the frozen app): `wfm-desktop simulate` of the sample plan's first month
(`plan --sample --horizon-days 30`, saved once from source; 3 queues, 10 replications),
run by the frozen app and from source (`python -m wfm_desktop`) alternately, each in a fresh
process

* with an **empty numba cache** (the first simulation after installing, or after an update:
  numba compiles the event loop). The frozen app caches in the per-user cache folder
  (numba's: `~/.cache/numba` on Linux, `%LOCALAPPDATA%\numba` on Windows,
  `~/Library/Caches/numba` on macOS), so each frozen run gets a fresh empty HOME,
  XDG_CACHE_HOME and LOCALAPPDATA; the source run an empty NUMBA_CACHE_DIR;
* with the **cache filled** by the run before (every later session).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("wfm_installer_build", REPO / "installer" / "build.py")
build = importlib.util.module_from_spec(_spec)  # installer/build.py (not the PyPA "build" package)
_spec.loader.exec_module(build)


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sim-runs", type=int, default=3,
                        help="cold simulate runs of each kind (0: leave the simulation out)")
    parser.add_argument("--simulate-only", action="store_true", help="only the simulation's cold start")
    args = parser.parse_args()
    folder = build.app_folder(args.dist)
    if not build.cli_executable(args.dist).is_file():
        raise SystemExit(f"no frozen app in {folder}: run python installer/build.py first")

    size_b, files = build.folder_size(folder)
    print(f"{folder}: {size_b / 1e6:.0f} MB in {files:,} files")
    parts = []
    for child in (folder / "_internal").iterdir():
        if child.is_symlink():  # PyInstaller links some libraries into place; count them once
            continue
        parts.append((build.folder_size(child)[0] if child.is_dir() else child.stat().st_size, child.name))
    for exe in (build.cli_executable(args.dist), build.gui_executable(args.dist)):
        parts.append((exe.stat().st_size, exe.name))
    for part_b, name in sorted(parts, reverse=True)[:10]:
        print(f"  {part_b / 1e6:7.1f} MB  {name}")

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": home}
        env.pop("MPLCONFIGDIR", None)
        cli, gui = str(build.cli_executable(args.dist)), str(build.gui_executable(args.dist))
        for label, command, runs in (("--version", [cli, "--version"], args.runs),
                                     ("GUI open+close", [gui, "--quit-after-ms", "0"], args.runs),
                                     ("--self-test", [cli, "--self-test"], 1)) if not args.simulate_only else ():
            times = [timed(command, env) for _ in range(runs)]
            print(f"{label:<16} median {statistics.median(times):6.2f} s  (runs: "
                  + ", ".join(f"{t:.2f}" for t in times) + ")")
    if args.sim_runs:
        simulate_cold(cli, args.sim_runs)
    return 0


REQUIREMENT = """
import sys
from wfm_desktop.core.plan.saved import open_plan
from wfm_desktop.core.simulation.plan_stage import requirement_frame
plan = open_plan(sys.argv[1])
plan.refresh()
requirement_frame(plan.result("staffing")).to_csv(sys.argv[2], index=False)
"""


def simulate_cold(cli: str, runs: int) -> None:
    """Median wall time of `simulate` on the sample month's requirement, empty and filled numba cache,
    frozen and from source; and once of `simulate PLAN` (which first recomputes the plan)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plan, month = tmp / "sample month.wfmplan", tmp / "sample month requirement.csv"
        source = [sys.executable, "-m", "wfm_desktop"]
        src_env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run([*source, "plan", "--sample", "--horizon-days", "30", "--save", str(plan),
                        "-o", str(tmp / "sample month.xlsx")], env=src_env, check=True, capture_output=True, timeout=900)
        subprocess.run([sys.executable, "-c", REQUIREMENT, str(plan), str(month)], env=src_env, check=True,
                       capture_output=True, timeout=900)
        print(f"the sample month: {sum(1 for _ in month.open()) - 1:,} queue-intervals (3 queues, 30 days), "
              f"10 replications; load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        times: dict[str, list[tuple[float, float, float]]] = {k: [] for k in ("frozen empty", "frozen cached",
                                                                              "source empty", "source cached")}
        for i in range(runs):
            for kind in ("frozen", "source"):  # alternated, so a change of load hits both
                home = tmp / f"{kind}{i}"
                (home / "cache").mkdir(parents=True)
                env = {**(src_env if kind == "source" else os.environ), "QT_QPA_PLATFORM": "offscreen",
                       "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "LOCALAPPDATA": str(home / "cache")}
                env.pop("MPLCONFIGDIR", None)
                if kind == "source":
                    env["NUMBA_CACHE_DIR"] = str(home / "cache" / "numba")
                command = ([cli] if kind == "frozen" else source) + ["simulate", str(month), "-o",
                                                                      str(home / "out.csv"), "--force", "--json"]
                for state in ("empty", "cached"):
                    times[f"{kind} {state}"].append(timed_simulate(command, env))
        for label, values in times.items():
            print(f"simulate the sample month, {label} numba cache: median wall "
                  f"{statistics.median(v[0] for v in values):6.2f} s, of which read + compile + simulate "
                  f"{statistics.median(v[1] for v in values):5.2f} s; CPU {statistics.median(v[2] for v in values):5.2f} s"
                  "  (runs, wall/in-command/CPU: " + ", ".join("/".join(f"{x:.2f}" for x in v) for v in values) + ")")
        ratio = statistics.median(v[0] for v in times["frozen empty"]) / \
            statistics.median(v[0] for v in times["source empty"])
        print(f"frozen ÷ source, empty cache: {ratio:.2f}×; goal ≤ 15 s cold")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        whole = timed([cli, "simulate", str(plan), "-o", str(tmp / "plan out.csv"), "--force"], env)
        print(f"frozen `simulate PLAN.wfmplan` (opens the plan and recomputes its forecast and staffing first, "
              f"cache filled): {whole:.2f} s")


def timed_simulate(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall seconds, the seconds the command reports for reading and simulating, CPU seconds of the process).

    On a shared machine the wall time follows the load; the CPU time (user + system of the process
    and its children, where the OS reports it) much less."""
    import json

    try:
        import resource

        def cpu() -> float:
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            return used.ru_utime + used.ru_stime
    except ImportError:  # Windows
        def cpu() -> float:
            return float("nan")

    started, cpu_before = time.perf_counter(), cpu()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    elapsed, cpu_s = time.perf_counter() - started, cpu() - cpu_before
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return elapsed, float(json.loads(result.stdout.strip().splitlines()[-1])["seconds"]), cpu_s


if __name__ == "__main__":
    sys.exit(main())
