"""Plain callables slow core functions use to report progress and to stop early.

Core functions take ``progress=None, cancel=None``; they call
``progress(fraction, message)`` now and then and ``check_cancel(cancel)`` between
steps. The GUI passes callables that emit Qt signals; the CLI passes nothing.
"""

from __future__ import annotations

from typing import Callable, Optional

from wfm_desktop.core.errors import Cancelled

ProgressFn = Optional[Callable[[float, str], None]]
CancelFn = Optional[Callable[[], bool]]


def report(progress: ProgressFn, fraction: float, message: str = "") -> None:
    """Call `progress` if given, with `fraction` clipped to [0, 1]."""
    if progress is not None:
        progress(min(1.0, max(0.0, float(fraction))), message)


def check_cancel(cancel: CancelFn) -> None:
    """Raise Cancelled if the caller asked to stop."""
    if cancel is not None and cancel():
        raise Cancelled("cancelled by the user")
