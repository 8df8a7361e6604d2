"""Deferred work (email, back office): staff to a response target in hours, not a queue.

Deferred contacts need not be answered in the interval they arrive; they must be
done within the response target (e.g. 4 hours). The requirement therefore
spreads each interval's workload over the *open* intervals inside its target
window instead of using Erlang C:

* the window of interval i is every interval of the same queue that starts in
  ``[start_i, start_i + target)`` — at least interval i itself;
* only open intervals (rows present in the table and not marked closed) get
  capacity; work arriving while closed (overnight email) goes to the open
  intervals inside its window;
* interval i's workload (agent-minutes = Erlangs × interval length) is shared
  evenly among the open intervals of its window; the capacity an interval
  needs is the sum of the shares it receives (a fluid, first-in-first-out
  model — no randomness, so no Erlang safety margin);
* if a window holds no open interval the work goes to the first open interval
  after it, and that interval's items are flagged as missing the target; when
  the table ends closed (no open interval after it) the backlog carries to the
  next opening after the horizon: flagged too, and not staffed in the table;
* windows that run past the end of the table count the intervals after it as
  open: the share that falls there is done after the planning horizon (so the
  last rows do not carry the whole tail). Work still waiting from before the
  first row is not known and not included.

Net agents = ⌈capacity ÷ occupancy cap⌉ (cap 1 when none is set), with the
usual tolerance. In steady state (the same volume every interval) this equals
the workload; it pays off by smoothing peaks into the quieter hours that follow.

Example: 8 emails of 30 minutes each arrive in one 30-minute interval (4 hours
of work) with a 2-hour target and four open 30-minute intervals: each of those
gets 1 hour of that work, i.e. 2 agents for 30 minutes — instead of 8 agents at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wfm_desktop.core.staffing.erlang import TOLERANCE, show_value
from wfm_desktop.core.errors import WfmError


@dataclass(frozen=True)
class DeferredResult:
    capacity_erlangs: np.ndarray  # agent capacity each row must provide (fluid), 0 where closed
    agents_net: np.ndarray  # ⌈capacity ÷ occupancy cap⌉
    within_target: np.ndarray  # bool: this row's own items are done within their response target


def spread_deferred(
    start_min,
    workload_erlangs,
    interval_min,
    response_h,
    *,
    group=None,
    open_mask=None,
    max_occupancy=None,
) -> DeferredResult:
    """Capacity and agents per row for deferred work (see the module docstring).

    ``start_min``: interval starts in minutes on any common clock (sorted or
    not); ``workload_erlangs``: contacts × AHT ÷ interval length; ``group``:
    queue labels (windows never cross queues); ``open_mask``: False for closed
    rows; ``max_occupancy``: productive share of an agent's time (NaN = 1).
    """
    start = np.asarray(start_min, dtype=float).ravel()
    size = start.size
    work = np.broadcast_to(np.asarray(workload_erlangs, dtype=float), (size,))
    length = np.broadcast_to(np.asarray(interval_min, dtype=float), (size,))
    target_min = np.broadcast_to(np.asarray(response_h, dtype=float), (size,)) * 60.0
    if np.any(~(target_min > 0)):
        bad = np.broadcast_to(np.asarray(response_h, dtype=float), (size,))[~(target_min > 0)][0]
        raise WfmError(f"response target (h): {show_value(bad)} must be greater than 0")
    is_open = np.ones(size, dtype=bool) if open_mask is None else np.asarray(open_mask, dtype=bool).ravel()
    cap = np.ones(size) if max_occupancy is None else np.broadcast_to(np.asarray(max_occupancy, dtype=float), (size,))
    cap = np.where(np.isnan(cap), 1.0, cap)
    labels = np.zeros(size, dtype=np.int64) if group is None else np.unique(np.asarray(group), return_inverse=True)[1]

    capacity = np.zeros(size)
    within = np.ones(size, dtype=bool)
    order = np.lexsort((start, labels))
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    for rows in np.split(order, bounds):
        cap_rows, ok_rows = _spread_one_queue(start[rows], work[rows] * length[rows], length[rows],
                                              target_min[rows], is_open[rows])
        capacity[rows] = cap_rows
        within[rows] = ok_rows
    raw = capacity / cap
    agents = np.ceil(raw - TOLERANCE * np.maximum(1.0, raw)).astype(np.int64)
    return DeferredResult(capacity, np.maximum(agents, 0), within)


def _spread_one_queue(start, work_agent_min, length, target_min, is_open):
    """One queue, rows sorted by start: difference-array spreading, O(rows)."""
    size = start.size
    idx = np.arange(size)
    end = np.searchsorted(start, start + target_min, side="left")
    end = np.maximum(end, idx + 1)
    open_cum = np.concatenate([[0], np.cumsum(is_open)])
    open_count = open_cum[end] - open_cum[idx]
    # Windows running past the end of the table: the intervals after it are
    # assumed open; the share that falls there is done after the horizon.
    table_end = start[-1] + length[-1]
    beyond = np.maximum(0.0, np.ceil((start + target_min - table_end) / length[-1] - TOLERANCE))
    open_count = open_count + beyond.astype(np.int64)
    within = open_count > 0
    first = idx.copy()
    carried = np.zeros(size, dtype=bool)
    if (~within).any():
        open_rows = np.flatnonzero(is_open)
        if open_rows.size == 0:
            raise WfmError("deferred work: no open interval in the table to do the work in")
        late = np.flatnonzero(~within)
        pos = np.searchsorted(open_rows, late, side="left")
        # A closed stretch at the end of the table: the backlog carries to the next opening, after
        # the horizon (as for windows that run past the end); it misses its target and is not staffed here.
        carried[late[pos >= open_rows.size]] = True
        late, pos = late[pos < open_rows.size], pos[pos < open_rows.size]
        first[late] = open_rows[pos]
        end[late] = np.maximum(end[first[late]], first[late] + 1)
        open_count[late] = open_cum[end[late]] - open_cum[first[late]]
    work_agent_min = np.where(carried, 0.0, work_agent_min)
    open_count = np.where(carried, 1, open_count)
    share = np.zeros(size + 1)
    np.add.at(share, first, work_agent_min / open_count)
    np.add.at(share, end, -work_agent_min / open_count)
    per_open_row = np.cumsum(share[:size])
    capacity = np.where(is_open, per_open_row / length, 0.0)
    return np.maximum(capacity, 0.0), within
