"""Sensible nights: the minimum staff of a queue open around the clock, and the quiet-gap rule.

Two rules keep the requirement of very quiet intervals steady (docs/staffing.md, "Quiet
intervals and nights"):

* **Minimum staff, automatic.** A queue whose opening hours are 00:00–24:00 on all seven
  days has at least :data:`AROUND_THE_CLOCK_MIN_STAFF` agent in every interval unless the
  planner sets a minimum staff (``QueueSettings.min_staff`` None = automatic; a number,
  0 included, is used as given).
* **Quiet gaps.** Erlang C needs no agent for zero contacts and one for any contacts at all,
  so a night forecast of 0.0, 0.3, 0.0, 0.4 contacts per interval asks for 0, 1, 0, 1 net
  agents (0, 2, 0, 2 gross to schedule). A run of intervals without agents that lies *between*
  two staffed intervals (with contacts) of the same queue and lasts at most
  :data:`QUIET_WINDOW_MIN` minutes gets one net agent in each of its intervals. Intervals closed
  by the opening hours are never filled; a queue without opening hours (open "as forecast") may
  be. Requirements are only ever raised, so every target is still met; longer quiet stretches
  and the edges of a staffed stretch (before the first and after the last contacts) are left
  as they are.

>>> import numpy as np
>>> contacts = np.array([0, 0.3, 0, 0.4, 0, 0, 0.5, 0, 0, 0, 0, 0.2])
>>> net = (contacts > 0).astype(int)  # Erlang C: 1 agent for any contacts, 0 for none
>>> start = np.arange(12) * 30.0  # 30-minute intervals
>>> quiet_gaps(net, contacts, np.ones(12, bool), start, 30).astype(int).tolist()
[0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0]
"""

from __future__ import annotations

import numpy as np

AROUND_THE_CLOCK_MIN_STAFF = 1
"""Agents in every interval of a queue open 24 hours on all 7 days, unless the planner sets a number."""

QUIET_WINDOW_MIN = 60.0
"""The longest run of intervals without agents, between two staffed ones, that gets one agent each."""


def open_around_the_clock(open_hours) -> bool:
    """True when `open_hours` (an ``OpenHours``, or None for "as forecast") is 00:00–24:00 every day."""
    if open_hours is None:
        return False
    days = getattr(open_hours, "days", ())
    return len(days) == 7 and all(span is not None and span[0] == 0 and span[1] >= 1440 for span in days)


def min_staff_for(min_staff: int | None, open_hours) -> int:
    """The minimum staff a queue is planned with: the planner's number, else the automatic one."""
    if min_staff is not None:
        return int(min_staff)
    return AROUND_THE_CLOCK_MIN_STAFF if open_around_the_clock(open_hours) else 0


def quiet_gaps(net: np.ndarray, contacts: np.ndarray, may_open: np.ndarray, start_min: np.ndarray,
               interval_min: float, window_min: float = QUIET_WINDOW_MIN) -> np.ndarray:
    """The intervals the quiet-gap rule gives one agent: no agent now, not closed by the opening
    hours (`may_open`), in a run without agents of at most `window_min` minutes between two
    intervals with contacts and agents (`start_min`: interval starts in minutes on one clock,
    ascending; `interval_min` their length)."""
    net = np.asarray(net)
    contacts = np.asarray(contacts, dtype=float)
    start = np.asarray(start_min, dtype=float)
    staffed = start[(net > 0) & (contacts > 0)]
    candidates = (net == 0) & np.asarray(may_open, dtype=bool)
    if staffed.size < 2 or not candidates.any():
        return np.zeros(net.shape, dtype=bool)
    after = np.searchsorted(staffed, start, side="right")  # first staffed start after this one
    inside = (after > 0) & (after < staffed.size)
    prev = staffed[np.clip(after - 1, 0, staffed.size - 1)]
    nxt = staffed[np.clip(after, 0, staffed.size - 1)]
    run_min = nxt - prev - float(interval_min)  # the minutes without agents between the two
    return candidates & inside & (run_min <= window_min + 1e-9)
