"""Process set-up shared by the console and GUI entry points.

Guards the quirks of a frozen (PyInstaller) application: child processes
started through multiprocessing, a missing ``sys.stdout``/``sys.stderr`` in a
windowed build, and a writable matplotlib configuration folder that is never
next to the executable.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile


def prepare_process() -> None:
    """Make the process safe to run frozen or unfrozen. Idempotent."""
    multiprocessing.freeze_support()
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if getattr(sys, "frozen", False) and "MPLCONFIGDIR" not in os.environ:
        os.environ["MPLCONFIGDIR"] = os.path.join(tempfile.gettempdir(), "wfm_desktop-mpl")
