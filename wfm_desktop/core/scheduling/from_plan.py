"""The requirement a plan hands to the shift scheduler (``plan --templates``, the benchmark).

:func:`schedule_requirement` cuts a window of days out of the plan's interval
requirements and adds what the scheduler's service-level check needs per row:

* ``agents_schedule`` (already there) — gross for scheduling, the column the
  scheduler covers: net ÷ (1 − the shrinkage the schedule does not model);
  breaks and lunch are placed in the shifts, so they are not in it;
* ``shrinkage_unmodelled`` — that shrinkage (per queue and month), so
  scheduled agents turn back into net agents for the service level;
* ``answer_s`` — the queue's service-level answer time.

With ``queue=None`` every queue is kept: the scheduler then sums the
requirements per interval (one team serves every queue), which is what the
Schedule page does with the plan's requirements; for the service level the
queues are pooled (contacts summed, AHT contact-weighted, the first queue's
answer time and shrinkage per interval) — an approximation when queues differ.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError


def schedule_requirement(plan, *, days: int = 7, start=None, queue: str | None = None) -> pd.DataFrame:
    """`days` days of `plan`'s requirements from `start` (default: the horizon's first day)."""
    req = plan.requirements
    if days < 1:
        raise WfmError(f"schedule days: {days} must be 1 or more")
    stamps = pd.to_datetime(req["start"])
    first_day, last_day = stamps.min().normalize(), stamps.max().normalize()
    if start is None:
        begin = first_day
    else:
        try:
            begin = pd.Timestamp(start).normalize()
        except (ValueError, TypeError):
            raise WfmError(f"schedule start: {start!r} is not a date (YYYY-MM-DD)") from None
        if not first_day <= begin <= last_day:
            raise WfmError(f"schedule start {begin:%Y-%m-%d} is outside the plan's horizon "
                           f"({first_day:%Y-%m-%d} to {last_day:%Y-%m-%d})")
    end = begin + pd.Timedelta(days=days)
    if end > last_day + pd.Timedelta(days=1):
        left = (last_day - begin).days + 1
        raise WfmError(f"schedule days: {days} days from {begin:%Y-%m-%d} run past the end of the plan's horizon "
                       f"({last_day:%Y-%m-%d}); give at most {left} days, or a longer horizon")
    rows = req[(stamps >= begin) & (stamps < end)]
    if queue is not None:
        queues = sorted(req["queue"].astype(str).unique().tolist())
        if queue not in queues:
            raise WfmError(f"schedule queue {queue!r} is not in the plan (queues: {', '.join(queues)})")
        rows = rows[rows["queue"].astype(str) == queue]
    columns = [c for c in ("queue", "start", "contacts", "aht_s", "agents_net", "agents_schedule", "agents_gross")
               if c in rows.columns]
    out = rows[columns].reset_index(drop=True)
    months = pd.to_datetime(out["start"]).dt.month.to_numpy()
    names = out["queue"].astype(str).to_numpy()
    settings = {q: plan.settings.for_queue(q) for q in set(names)}
    out["shrinkage_unmodelled"] = np.array([settings[q].shrinkage_for_month(int(m)).unscheduled
                                            for q, m in zip(names, months)], dtype=float)
    out["answer_s"] = np.array([float(settings[q].answer_s) for q in names], dtype=float)
    return out
