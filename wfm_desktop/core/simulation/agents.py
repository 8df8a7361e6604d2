"""Who is on the phones when: agents' on-duty windows for the event loop.

Two sources, one shape (``Duty``: per agent, sorted disjoint windows in seconds
from the grid's origin):

* **a requirement** — ``agents`` per grid interval. Agent number s (0, 1, 2, …)
  is on duty in interval g while ``agents[g] > s``; a fractional last agent
  (12.4 agents) is on duty for that fraction of the interval, at its start.
* **a schedule** — one agent per shift, on duty from its start to its end minus
  its breaks and lunch (the breaks placed by the scheduler). Optionally a share
  of the shifts is absent at random in each replication (unplanned shrinkage the
  schedule does not model: sickness, lateness).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Duty:
    """On-duty windows: agent a works in ``start[first[a]:first[a+1]]`` … ``end[...]``."""

    start: np.ndarray
    end: np.ndarray
    first: np.ndarray

    @property
    def agents(self) -> int:
        return self.first.size - 1

    def staffed_s(self, cells: int, cell_s: float) -> np.ndarray:
        """Agent-seconds on duty in each grid interval."""
        edges = np.arange(cells + 1) * cell_s
        return _integral(self.start, self.end, edges)

    def slots(self, k: int) -> "Duty":
        """Each agent as ``k`` servers with the agent's windows (chat slots); itself when k is 1."""
        if k == 1:
            return self
        counts = np.diff(self.first)
        rows = np.concatenate([np.arange(self.first[a], self.first[a + 1]) for a in range(self.agents)
                               for _ in range(k)]) if self.agents else np.zeros(0, dtype=np.int64)
        first = np.concatenate([[0], np.cumsum(np.repeat(counts, k))]).astype(np.int64)
        return Duty(self.start[rows], self.end[rows], first)

    def without(self, absent: np.ndarray) -> "Duty":
        """The same duty with the agents flagged in ``absent`` removed."""
        keep = ~np.asarray(absent, dtype=bool)
        counts = np.diff(self.first)
        owner = np.repeat(np.arange(self.agents), counts)
        rows = keep[owner]
        first = np.concatenate([[0], np.cumsum(counts[keep])]).astype(np.int64)
        return Duty(self.start[rows], self.end[rows], first)


def _integral(start: np.ndarray, end: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """∫ (number of windows covering t) dt over each [edges[i], edges[i+1])."""
    if start.size == 0:
        return np.zeros(edges.size - 1)
    times = np.concatenate([start, end])
    steps = np.concatenate([np.ones(start.size), -np.ones(end.size)])
    order = np.argsort(times, kind="stable")
    times, steps = times[order], steps[order]
    level = np.cumsum(steps)  # windows covering [times[i], times[i+1])
    area = np.concatenate([[0.0], np.cumsum(level[:-1] * np.diff(times))])  # ∫ up to times[i]
    pos = np.searchsorted(times, edges, side="right") - 1
    below = pos < 0
    pos = np.maximum(pos, 0)
    at_edges = np.where(below, 0.0, area[pos] + level[pos] * (edges - times[pos]))
    return np.diff(at_edges)


def duty_from_agents(agents, cell_s: float) -> Duty:
    """Windows for ``agents[g]`` agents in grid interval g (see the module docstring)."""
    n = np.nan_to_num(np.asarray(agents, dtype=float), nan=0.0)
    n = np.maximum(n, 0.0)
    peak = int(np.ceil(n.max())) if n.size else 0
    starts, ends, owners = [], [], []
    cell_start = np.arange(n.size) * cell_s
    for s in range(peak):
        share = np.clip(n - s, 0.0, 1.0)
        on = np.flatnonzero(share > 0)
        if on.size == 0:
            continue
        w_start = cell_start[on]
        w_end = w_start + share[on] * cell_s
        # merge windows that touch (a whole interval followed by the next)
        touch = np.flatnonzero(np.isclose(w_end[:-1], w_start[1:]))
        keep_start = np.ones(on.size, dtype=bool)
        keep_start[touch + 1] = False
        keep_end = np.ones(on.size, dtype=bool)
        keep_end[touch] = False
        starts.append(w_start[keep_start])
        ends.append(w_end[keep_end])
        owners.append(np.full(int(keep_start.sum()), s))
    return _duty(starts, ends, owners, peak)


def duty_from_shifts(shift_start_s, shift_end_s, break_owner, break_start_s, break_end_s) -> Duty:
    """Windows for shifts (one agent each) minus their breaks; times in seconds from the origin.

    ``break_owner`` holds the shift index (0-based, into the shift arrays) of each break.
    Breaks outside their shift are clipped to it.
    """
    s0 = np.asarray(shift_start_s, dtype=float)
    s1 = np.asarray(shift_end_s, dtype=float)
    owner = np.asarray(break_owner, dtype=np.int64)
    b0 = np.asarray(break_start_s, dtype=float)
    b1 = np.asarray(break_end_s, dtype=float)
    starts, ends, owners = [], [], []
    order = np.lexsort((b0, owner))
    owner, b0, b1 = owner[order], b0[order], b1[order]
    bounds = np.searchsorted(owner, np.arange(s0.size + 1))
    for a in range(s0.size):
        cuts0, cuts1 = b0[bounds[a]:bounds[a + 1]], b1[bounds[a]:bounds[a + 1]]
        edge = s0[a]
        w0, w1 = [], []
        for c0, c1 in zip(np.clip(cuts0, s0[a], s1[a]), np.clip(cuts1, s0[a], s1[a])):
            if c0 > edge:
                w0.append(edge)
                w1.append(c0)
            edge = max(edge, c1)
        if s1[a] > edge:
            w0.append(edge)
            w1.append(s1[a])
        starts.append(np.asarray(w0, dtype=float))
        ends.append(np.asarray(w1, dtype=float))
        owners.append(np.full(len(w0), a))
    return _duty(starts, ends, owners, s0.size)


def _duty(starts, ends, owners, agents: int) -> Duty:
    if not starts:
        return Duty(np.zeros(0), np.zeros(0), np.zeros(agents + 1, dtype=np.int64))
    start, end, owner = np.concatenate(starts), np.concatenate(ends), np.concatenate(owners)
    order = np.lexsort((start, owner))
    first = np.searchsorted(owner[order], np.arange(agents + 1)).astype(np.int64)
    return Duty(start[order], end[order], first)
