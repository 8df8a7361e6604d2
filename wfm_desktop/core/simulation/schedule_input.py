"""A schedule as on-duty windows: shifts with their placed breaks and lunches.

Accepted shapes:

* a :class:`~wfm_desktop.core.scheduling.result.ScheduleResult` (``shifts`` with
  ``shift_id, start, end``; ``breaks`` with ``shift_id, start, end``);
* the shift list ``wfm-desktop schedule`` writes (CSV, or the Schedule sheet of its
  workbook): ``Start, End`` date-times and ``Breaks`` as text,
  ``"Break 10:00-10:15; Lunch 12:00-12:30"``;
* the plan workbook's Schedule sheet (identical shifts counted): the same with
  ``Count`` and ``Breaks and lunch``.

Break times are clock times on the shift's day; a break earlier in the day than
the shift's start belongs to the next day (night shifts).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.simulation.agents import Duty, duty_from_shifts
from wfm_desktop.core.simulation.model import column_lookup, to_datetimes

_BREAK = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")


def schedule_duty(schedule, origin: pd.Timestamp) -> Duty:
    """On-duty windows (seconds from ``origin``) of every shift in ``schedule`` (see the module docstring)."""
    if hasattr(schedule, "shifts") and hasattr(schedule, "breaks"):
        shifts = schedule.shifts
        ids = {sid: i for i, sid in enumerate(shifts["shift_id"])}
        brk = schedule.breaks
        owner = np.array([ids[s] for s in brk["shift_id"]], dtype=np.int64)
        return duty_from_shifts(_seconds(shifts["start"], origin), _seconds(shifts["end"], origin), owner,
                                _seconds(brk["start"], origin), _seconds(brk["end"], origin))
    if not isinstance(schedule, pd.DataFrame):
        raise WfmError("the schedule must be a shift table (Start, End, Breaks) or a schedule result")
    return _table_duty(schedule, origin)


def _seconds(values, origin: pd.Timestamp) -> np.ndarray:
    return ((pd.to_datetime(pd.Series(values)) - origin) / pd.Timedelta(seconds=1)).to_numpy(dtype=float)


def _table_duty(table: pd.DataFrame, origin: pd.Timestamp) -> Duty:
    cols = column_lookup(table)
    if "start" not in cols or "end" not in cols:
        raise WfmError("the schedule needs Start and End columns (date-times), as `wfm-desktop schedule` writes")
    start = to_datetimes(table[cols["start"]])
    end = to_datetimes(table[cols["end"]])
    bad = (start.isna() | end.isna() | (end <= start)).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise WfmError(f"schedule row {row + 2}: start {table[cols['start']].iloc[row]!r} and end "
                       f"{table[cols['end']].iloc[row]!r} are not a shift (date-times, end after start)")
    count = (pd.to_numeric(table[cols["count"]], errors="coerce").fillna(0).astype(int).to_numpy()
             if "count" in cols else np.ones(len(table), dtype=int))
    text_col = cols.get("breaks", cols.get("breaks and lunch"))
    texts = table[text_col].fillna("").astype(str).to_numpy() if text_col is not None else np.full(len(table), "")
    s0, s1, owner, b0, b1 = [], [], [], [], []
    for row in range(len(table)):
        day = start.iloc[row].normalize()
        breaks = []
        for match in _BREAK.finditer(texts[row]):
            h0, m0, h1, m1 = (int(v) for v in match.groups())
            lo = day + pd.Timedelta(hours=h0, minutes=m0)
            if lo < start.iloc[row]:
                lo += pd.Timedelta(days=1)
            length = (h1 * 60 + m1 - h0 * 60 - m0) % 1440
            breaks.append((lo, lo + pd.Timedelta(minutes=length)))
        for _ in range(count[row]):
            agent = len(s0)
            s0.append(start.iloc[row])
            s1.append(end.iloc[row])
            for lo, hi in breaks:
                owner.append(agent)
                b0.append(lo)
                b1.append(hi)
    if not s0:
        raise WfmError("the schedule has no shifts")
    return duty_from_shifts(_seconds(s0, origin), _seconds(s1, origin), np.asarray(owner, dtype=np.int64),
                            _seconds(b0, origin) if b0 else np.zeros(0), _seconds(b1, origin) if b1 else np.zeros(0))
