"""The one error type the core raises for anything a planner can fix.

The GUI shows its message in a dialog and the CLI prints it to stderr; neither
shows a traceback for it. Messages name the field (and, for files, the file,
sheet, row and column) and the offending value.
"""

from __future__ import annotations


class WfmError(ValueError):
    """An input a planner can correct: the message says what and where."""


class Cancelled(Exception):
    """Raised by a slow core function when its `cancel()` callable returned True."""
