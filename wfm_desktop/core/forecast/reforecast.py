"""Re-forecast: new actuals added to the history, so the next forecast starts the day after them.

    merged = merge_actuals(history, actuals)
    merged.history        # the history with the actuals' rows added (and, where both hold a row, the actuals')
    merged.differences    # queue, start, column, history, actual: the overlapping rows whose values differ
    merged.notes          # what was added and what was replaced, in words

**Which wins where they overlap: the actuals.** They are the later extraction of the same figures,
and a contact centre's figures for a past day are corrected after the fact (contacts closed late,
re-classified, a feed re-run); the history rows they replace are listed (``differences``, every
column both hold: offered, aht_s, handled, abandoned) so the planner sees what changed. Rows are
matched by queue and interval start after the actuals are put on the history's interval (finer
actuals are rolled up exactly; coarser ones cannot be split and are refused with a message; a daily
history takes the actuals' daily totals).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.granularity import DAILY
from wfm_desktop.core.history.table import History

VALUE_COLUMNS = ("offered", "aht_s", "handled", "abandoned")
DIFFERENCE_COLUMNS = ["queue", "start", "column", "history", "actual", "change"]
TOLERANCE = 1e-9  # relative: a value re-read from a file is the same value


@dataclass(frozen=True)
class MergedHistory:
    history: History
    added: int  # actual rows the history did not have
    overlapped: int  # rows both held (the actuals' kept)
    differences: pd.DataFrame  # DIFFERENCE_COLUMNS, one row per overlapping row and column that differ
    notes: tuple[str, ...]


def _on_history_grid(history: History, actuals: History) -> pd.DataFrame:
    if history.is_daily:
        return actuals.rolled_up(DAILY).frame if not actuals.is_daily else actuals.frame
    if actuals.is_daily:
        raise WfmError(f"the actuals ({actuals.source or 'file'}) are daily totals; the history has "
                       f"{history.interval_min}-minute intervals: import actuals by interval to add them")
    if actuals.interval_min == history.interval_min:
        return actuals.frame
    if history.interval_min % actuals.interval_min:
        raise WfmError(f"the actuals ({actuals.source or 'file'}) have {actuals.interval_min}-minute intervals, the "
                       f"history {history.interval_min}-minute ones: actuals must be at the history's interval or a "
                       "finer one that divides it")
    return actuals.rolled_up(history.interval_min).frame


def merge_actuals(history: History, actuals: History) -> MergedHistory:
    """The history with `actuals` added; where both hold a queue and interval, the actuals win."""
    if actuals.frame.empty:
        raise WfmError("the actuals hold no rows")
    new = _on_history_grid(history, actuals).copy()
    old = history.frame.copy()
    for frame in (old, new):
        frame["queue"] = frame["queue"].astype(str)
    columns = list(old.columns) + [c for c in new.columns if c not in old.columns and c in VALUE_COLUMNS]
    key = ["queue", "start"]
    both = old[key].merge(new[key], on=key, how="inner")
    compared = old.merge(new, on=key, how="inner", suffixes=("_history", "_actual"))
    parts = []
    for column in VALUE_COLUMNS:
        if f"{column}_history" not in compared.columns:
            continue
        h = pd.to_numeric(compared[f"{column}_history"], errors="coerce").to_numpy(float)
        a = pd.to_numeric(compared[f"{column}_actual"], errors="coerce").to_numpy(float)
        with np.errstate(invalid="ignore"):
            differ = (np.isnan(h) != np.isnan(a)) | (np.abs(h - a) > TOLERANCE * np.maximum(np.abs(h), np.abs(a)))
        if differ.any():
            rows = compared.loc[differ, key]
            parts.append(rows.assign(column=column, history=h[differ], actual=a[differ], change=a[differ] - h[differ]))
    differences = (pd.concat(parts, ignore_index=True).sort_values(["queue", "start", "column"], ignore_index=True)
                   if parts else pd.DataFrame(columns=DIFFERENCE_COLUMNS))
    kept = old.merge(new[key], on=key, how="left", indicator=True)
    kept = kept[kept["_merge"] == "left_only"].drop(columns="_merge")
    merged = pd.concat([kept.reindex(columns=columns), new.reindex(columns=columns)], ignore_index=True)
    merged = merged.sort_values(key, kind="stable", ignore_index=True)
    added = len(new) - len(both)
    source = actuals.source or "the actuals"
    span = f"{new['start'].min():%Y-%m-%d} to {new['start'].max():%Y-%m-%d}"
    notes = [f"Actuals from {source} ({span}) added to the history: {added:,} new row(s)."]
    if len(both):
        changed_rows = 0 if differences.empty else len(differences[key].drop_duplicates())
        notes.append(f"{len(both):,} row(s) were in the history already: the actuals' figures are kept (they are the "
                     f"later extraction); {changed_rows:,} of them differ ({len(differences):,} value(s), listed).")
    merged_history = History(merged, history.interval_min, history.source, tuple(history.notes) + tuple(notes))
    return MergedHistory(merged_history, added, len(both), differences, tuple(notes))


def rolled_forward(settings: dict) -> dict:
    """Forecast settings that start the day after the history (a fixed ``start`` is dropped)."""
    return {**settings, "start": None}
