"""Build the one-folder application with one command: ``python installer/build.py``.

Steps: render the icons from ``resources/icon.svg`` when they are missing or
older than it, run PyInstaller on ``installer/wfm_desktop.spec``, then print how
long it took and how big the result is. With ``--check`` it also runs the frozen
``wfm-desktop --version`` and ``wfm-desktop --self-test`` (offscreen).

    pip install -e ".[build]"
    python installer/build.py                 # -> dist/wfm_desktop/ (and dist/wfm_desktop.app on macOS)
    python installer/build.py --clean --check # from scratch, then self-test the frozen app

Exit code 0 when everything asked for succeeded.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SPEC = HERE / "wfm_desktop.spec"
APP_NAME = "wfm_desktop"
CLI_NAME = "wfm-desktop"
GUI_NAME = "wfm-desktop-gui"


def exe_suffix() -> str:
    return ".exe" if sys.platform == "win32" else ""


def app_folder(dist: Path) -> Path:
    """The one-folder application inside `dist`."""
    return Path(dist) / APP_NAME


def cli_executable(dist: Path) -> Path:
    """The frozen console executable."""
    return app_folder(dist) / f"{CLI_NAME}{exe_suffix()}"


def gui_executable(dist: Path) -> Path:
    """The frozen windowed executable."""
    return app_folder(dist) / f"{GUI_NAME}{exe_suffix()}"


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under `folder`, symlinks not followed."""
    total = files = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            if not path.is_symlink():
                total += path.stat().st_size
                files += 1
    return total, files


def icons_stale() -> bool:
    svg = REPO / "resources" / "icon.svg"
    outputs = [REPO / "resources" / "icons" / f"{APP_NAME}.{ext}" for ext in ("png", "ico", "icns")]
    return any(not p.is_file() or p.stat().st_mtime < svg.stat().st_mtime for p in outputs)


def frozen_env() -> dict[str, str]:
    """Environment to run the frozen app headless (no screen needed)."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def check(dist: Path) -> bool:
    """Run the frozen `--version` and `--self-test`; print their output; True when both pass."""
    ok = True
    for args in (["--version"], ["--self-test"]):
        command = [str(cli_executable(dist)), *args]
        print(f"$ {' '.join(command)}", flush=True)
        result = subprocess.run(command, env=frozen_env(), capture_output=True, text=True, timeout=900)
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        if result.returncode != 0:
            print(f"build.py: {' '.join(args)} failed with exit code {result.returncode}", file=sys.stderr)
            ok = False
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the wfm_desktop one-folder application with PyInstaller.")
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller/)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first (a from-scratch build)")
    parser.add_argument("--check", action="store_true", help="then run the frozen --version and --self-test")
    args = parser.parse_args(argv)

    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print('build.py: PyInstaller is not installed; run: pip install -e ".[build]"', file=sys.stderr)
        return 2

    if icons_stale():
        print("rendering icons from resources/icon.svg", flush=True)
        subprocess.run([sys.executable, str(HERE / "make_icons.py")], check=True)

    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(args.dist), "--workpath", str(args.work), str(SPEC)]
    if args.clean:
        command.insert(3, "--clean")
    print("$ " + " ".join(command), flush=True)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO)
    elapsed_s = time.perf_counter() - started
    if result.returncode != 0:
        print(f"build.py: PyInstaller failed (exit code {result.returncode}) after {elapsed_s:.0f} s", file=sys.stderr)
        return result.returncode

    folder = app_folder(args.dist)
    size_b, files = folder_size(folder)
    print(f"built {folder} in {elapsed_s:.0f} s: {size_b / 1e6:.0f} MB in {files:,} files")
    bundle = Path(args.dist) / f"{APP_NAME}.app"
    if bundle.is_dir():
        print(f"built {bundle}: {folder_size(bundle)[0] / 1e6:.0f} MB")
    print(f"run it: {cli_executable(args.dist)} --self-test   (GUI: {gui_executable(args.dist)})")
    if args.check and not check(args.dist):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
