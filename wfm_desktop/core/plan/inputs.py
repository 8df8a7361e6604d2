"""A plan's inputs — every setting a planner edits — with undo and redo.

Inputs are plain data keyed by name: ``"forecast/settings"``, ``"staffing/settings"``,
``"schedule/templates"``, ... Each value is JSON-able data (dicts, lists, numbers,
strings, booleans, None) or a pandas DataFrame, so the plan file can store it.
Values are treated as immutable snapshots: whoever sets one must not change it
afterwards (set a new value instead).

Every change is an :class:`Edit` (key, value before, value after, label) on an
undo stack. Undo puts the value before back, redo the value after; the label
is what a menu shows ("Undo Edit AHT (Billing)"). Consecutive edits of the same
key with the same label — the ticks of one spin box — merge into one step.
Setting a value equal to the current one records nothing.

The GUI's PlanController wraps this class and tells pages what changed; the
logic lives here so it is tested without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import pandas as pd

UNDO_LIMIT = 200
_MISSING = object()


@dataclass(frozen=True)
class Edit:
    """One change of one input; ``before``/``after`` are None when the key was absent."""

    key: str
    before: Any
    after: Any
    label: str


def same_value(a: Any, b: Any) -> bool:
    """True when two input values are equal (DataFrames compared by content, NaN equal to NaN)."""
    if a is b:
        return True
    if isinstance(a, pd.DataFrame) or isinstance(b, pd.DataFrame):
        return isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame) and a.equals(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True  # NaN
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


class PlanInputs:
    """The inputs of one plan and their undo/redo history."""

    def __init__(self, values: dict[str, Any] | None = None, *, limit: int = UNDO_LIMIT) -> None:
        self._values: dict[str, Any] = dict(values or {})
        self._undo: list[Edit] = []
        self._redo: list[Edit] = []
        self._limit = limit
        self._clean_depth: int | None = 0  # undo depth at the last save; None: unreachable
        self._merge_barrier = False
        self._unsaved_quiet = False  # a change without an undo step since the last save
        self.revision = 0  # counts every change of a value (edit, undo, redo, reset, pin)

    # -- reading ---------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._values))

    def values(self) -> dict[str, Any]:
        """A shallow copy of all inputs (the values themselves are shared snapshots)."""
        return dict(self._values)

    # -- editing ---------------------------------------------------------------
    def set(self, key: str, value: Any, label: str | None = None, *, merge: bool = True,
            undoable: bool = True) -> Edit | None:
        """Set `key` to `value` as one undoable step; returns the Edit, or None when nothing changed.

        With `merge` (the default) an edit of the same key with the same label as
        the last undo step extends that step instead of adding one. With
        ``undoable=False`` (e.g. a newly imported history file) the value changes
        and the plan counts as modified, but no undo step is recorded.
        """
        before = self._values.get(key, _MISSING)
        if before is not _MISSING and same_value(before, value):
            return None
        label = label or f"Edit {key}"
        self._values[key] = value
        self.revision += 1
        if not undoable:
            self._unsaved_quiet = True
            self._merge_barrier = True
            return Edit(key, None if before is _MISSING else before, value, label)
        top = self._undo[-1] if self._undo else None
        mergeable = (merge and top is not None and not self._merge_barrier and top.key == key
                     and top.label == label and self._clean_depth != len(self._undo))
        if mergeable:
            edit = Edit(key, top.before, value, label)
            self._undo[-1] = edit
            if same_value(edit.before, value):  # edited back to where the step started
                self._undo.pop()
        else:
            edit = Edit(key, None if before is _MISSING else before, value, label)
            self._undo.append(edit)
            if len(self._undo) > self._limit:
                del self._undo[0]
                if self._clean_depth is not None:
                    self._clean_depth = self._clean_depth - 1 if self._clean_depth > 0 else None
        self._merge_barrier = False
        if self._clean_depth is not None and self._clean_depth > len(self._undo) - (0 if mergeable else 1):
            self._clean_depth = None  # the saved state was on the redo side; it cannot come back
        self._redo.clear()
        return edit

    def end_step(self) -> None:
        """The next edit starts a new undo step even if it has the same key and label."""
        self._merge_barrier = True

    def undo(self) -> Edit | None:
        """Put back the value before the last step; returns that step (None when nothing to undo)."""
        if not self._undo:
            return None
        edit = self._undo.pop()
        self._put(edit.key, edit.before)
        self._redo.append(edit)
        self._merge_barrier = True
        return edit

    def redo(self) -> Edit | None:
        """Apply the last undone step again; returns it (None when nothing to redo)."""
        if not self._redo:
            return None
        edit = self._redo.pop()
        self._put(edit.key, edit.after)
        self._undo.append(edit)
        self._merge_barrier = True
        return edit

    def pin(self, key: str, value: Any, *, filling: bool = False) -> bool:
        """Make a missing key's default explicit: no undo step, not a modification (the value means
        what the missing key meant). Returns True when `key` was missing and is now set.

        `filling`: the key is stored and `value` only spells out what it left implicit (the caller
        checked); it replaces the stored value the same way."""
        if value is None or (key in self._values and not filling):
            return False
        self._values[key] = value
        self.revision += 1
        return True

    def _put(self, key: str, value: Any) -> None:
        self.revision += 1
        if value is None:
            self._values.pop(key, None)
        else:
            self._values[key] = value

    # -- state -----------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def mark_clean(self) -> None:
        """The plan was saved: the current state is the clean one."""
        self._clean_depth = len(self._undo)
        self._merge_barrier = True
        self._unsaved_quiet = False

    @property
    def is_modified(self) -> bool:
        """True when the inputs differ from the last save (or load) by any undo step."""
        return self._unsaved_quiet or self._clean_depth != len(self._undo)

    def reset(self, values: dict[str, Any] | None = None) -> None:
        """Replace every input (New, Open): no history, clean."""
        self._values = dict(values or {})
        self.revision += 1
        self._undo.clear()
        self._redo.clear()
        self._clean_depth = 0
        self._merge_barrier = False
        self._unsaved_quiet = False
