"""A solved schedule (and roster) as plain tables, so a plan file can keep it.

A schedule solve is time-limited: solving again may give a different (equally
good) answer, and takes time. A plan therefore keeps the solved result in its
results cache — DataFrames and JSON-able dicts only, never pickles — together
with a checksum of what was solved (the requirement, the templates and the
options). On reopening, the cached schedule is shown when the checksum still
matches the plan's requirement and inputs, and ignored otherwise.

    entries = schedule_to_cache(result, roster, checksum=solve_checksum(req, templates, options))
    result, roster = schedule_from_cache(entries)          # None when entries are missing or damaged
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any, Mapping

import numpy as np
import pandas as pd

from wfm_desktop.core.checksum import frame_checksum
from wfm_desktop.core.scheduling.roster import RosterResult
from wfm_desktop.core.scheduling.result import GAP_WARNING, UNDER_WARNING, ScheduleResult

TABLES = ("shifts", "breaks", "mix", "coverage")
ROSTER_TABLES = ("assignments", "grid", "agents")
_DATE_COLUMNS = ("day", "start", "end")


def _plain(value: Any) -> Any:
    """JSON-able copy of a summary value: numpy scalars → Python, NaN → None, tuples → lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    return value


def solve_checksum(requirement: pd.DataFrame, templates: pd.DataFrame, options: Mapping[str, Any]) -> str:
    """One checksum of everything a solve depends on: the requirement, the template table and the options.

    The flag thresholds count only when they are not the defaults (5% gap, 2% under-coverage), so a
    plan saved before they were a setting keeps its checksum."""
    defaults = {"gap_warning": GAP_WARNING, "under_warning": UNDER_WARNING}
    options = {k: v for k, v in dict(options).items()
               if not (k in defaults and isinstance(v, (int, float)) and abs(float(v) - defaults[k]) < 1e-12)}
    digest = hashlib.sha256()
    digest.update(frame_checksum(requirement).encode())
    digest.update(frame_checksum(templates).encode())
    numbers = {k: float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
               for k, v in _plain(dict(options)).items()}
    digest.update(json.dumps(numbers, sort_keys=True).encode())
    return digest.hexdigest()


def schedule_to_cache(result: ScheduleResult, roster: RosterResult | None, *, checksum: str = "") -> dict[str, Any]:
    """The result (and roster) as named tables and one JSON-able ``info`` dict."""
    entries: dict[str, Any] = {name: getattr(result, name).copy() for name in TABLES}
    info: dict[str, Any] = {"summary": _plain(result.summary), "interval_min": int(result.interval_min),
                            "notes": list(result.notes), "checksum": checksum, "roster": roster is not None}
    if roster is not None:
        for name in ROSTER_TABLES:
            entries[f"roster_{name}"] = getattr(roster, name).copy()
        info["roster_summary"] = _plain(roster.summary)
        info["roster_notes"] = list(roster.notes)
    entries["info"] = info
    return entries


def cache_checksum(entries: Mapping[str, Any]) -> str:
    info = entries.get("info")
    return str(info.get("checksum", "")) if isinstance(info, Mapping) else ""


def _table(entries: Mapping[str, Any], name: str) -> pd.DataFrame:
    frame = entries[name]
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} is not a table")
    frame = frame.copy()
    for column in _DATE_COLUMNS:  # a table read back from CSV has text dates
        if column in frame.columns and not pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = pd.to_datetime(frame[column])
    return frame


def schedule_from_cache(entries: Mapping[str, Any]) -> tuple[ScheduleResult, RosterResult | None] | None:
    """Rebuild what :func:`schedule_to_cache` stored; None when entries are missing or not tables."""
    info = entries.get("info")
    if not isinstance(info, Mapping):
        return None
    try:
        tables = {name: _table(entries, name) for name in TABLES}
        for text in ("breaks",):
            if text in tables["shifts"].columns:
                tables["shifts"][text] = tables["shifts"][text].fillna("").astype(str)
        result = ScheduleResult(summary=dict(info["summary"]), interval_min=int(info["interval_min"]),
                                notes=tuple(info.get("notes", ())), **tables)
        roster = None
        if info.get("roster"):
            grid = _table(entries, "roster_grid").fillna("")
            roster = RosterResult(assignments=_table(entries, "roster_assignments"), grid=grid,
                                  agents=_table(entries, "roster_agents"),
                                  summary=dict(info["roster_summary"]), notes=tuple(info.get("roster_notes", ())))
    except (KeyError, TypeError, ValueError):
        return None
    return result, roster
