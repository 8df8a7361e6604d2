"""How big the frozen app is and how fast it starts (run after `python installer/build.py`).

    python benchmarks/frozen_app.py [--dist dist] [--runs 5]

Prints the folder size, the largest parts of `_internal/`, and the median wall time of the
frozen `wfm-desktop --version` (interpreter + bootloader start), of the GUI opening and closing
offscreen (`wfm-desktop-gui --quit-after-ms 0`: Qt, matplotlib and every page imported), and
of one `--self-test`. Figures depend on the machine and its load; compare on a quiet one.
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
                                     ("--self-test", [cli, "--self-test"], 1)):
            times = [timed(command, env) for _ in range(runs)]
            print(f"{label:<16} median {statistics.median(times):6.2f} s  (runs: "
                  + ", ".join(f"{t:.2f}" for t in times) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
