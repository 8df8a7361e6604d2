"""The event loop: one queue, one replication, contacts in arrival order, compiled with numba.

First-come-first-served with many agents reduces to one pass over the contacts in
arrival order (the Kiefer–Wolfowitz recursion): contact n starts at the earliest
moment an agent can take it, given the agents' free times left by contacts 1…n−1,

    start_n = min over agents a of next_on_duty(a, max(arrival_n, free_a)),

and it abandons instead when ``start_n > arrival_n + patience_n`` (it then never
holds an agent). Starts never go backwards, so every contact is served in arrival
order and the recursion is the exact FCFS queue — no event list is needed.
:func:`run_single` keeps the agents in a heap by the earliest moment each can
start (O(log agents) per contact); :func:`run_slots` (chat with slowdown, where
an agent's load matters) scans them.

* **Agents** are on duty in windows (from a requirement per interval, or a shift
  minus its breaks); an agent takes new work only inside a window and finishes
  the contact in hand when the window closes (a call is never cut off).
* **Chat**: an agent has ``slots`` places (k chats at once). Without slowdown each
  slot is a server of its own (``run_single``). A chat starting when
  the agent already has m − 1 chats takes ``service × (1 + slowdown × (m − 1))``;
  the duration is fixed when the chat starts. Among agents free at the same
  moment the one with fewest chats, then the longest idle, gets the contact.
* **Deferred work** is the same queue with infinite patience; its response time
  is completion − arrival.

Results accumulate per grid interval of *arrival* (``out[k, g]``, rows below);
the busy time of each contact is split over the intervals it spans.
"""

from __future__ import annotations

import numpy as np

# Rows of the per-interval accumulator.
OFFERED, ANSWERED, WITHIN, ABANDONED, WAIT_SUM, BUSY_S, DONE_IN_TARGET, LATEST_RESPONSE_S, UNANSWERED, \
    ABANDON_WAIT_SUM = range(10)
N_ROWS = 10


def run_slots(arrival_s, service_s, patience_s, cell, answer_s, response_s,
              win_start, win_end, win_first, slots, slowdown, cell_s, out):
    """Simulate one chat queue with slowdown once; accumulate into ``out`` (N_ROWS × cells).

    ``arrival_s`` sorted; ``cell``: grid interval of each arrival; ``answer_s``,
    ``response_s``: per grid interval (response ``inf`` when not deferred work);
    agent a is on duty in windows ``win_first[a] … win_first[a+1]−1`` (sorted,
    disjoint); ``slots``: chats at once per agent. Scans every agent for each
    contact (O(agents × slots)): the chat rule needs each agent's load. Pure
    Python, numba-compilable.
    """
    n_agents = win_first.size - 1
    n_cells = out.shape[1]
    free = np.zeros(n_agents * slots)
    ptr = win_first[:-1].copy()
    active = np.arange(n_agents)  # agents with windows left; swap-removed when done
    n_active = n_agents
    for n in range(arrival_s.size):
        t = arrival_s[n]
        g = cell[n]
        out[OFFERED, g] += 1.0
        best_c = np.inf
        best_a = -1
        best_load = 1 << 30
        best_free = np.inf
        best_slot = -1
        i = 0
        while i < n_active:
            a = active[i]
            # the agent's earliest free slot
            slot = a * slots
            f = free[slot]
            for j in range(1, slots):
                if free[a * slots + j] < f:
                    f = free[a * slots + j]
                    slot = a * slots + j
            u = t if t > f else f
            p = ptr[a]
            last = win_first[a + 1]
            while p < last and win_end[p] <= u:
                p += 1
            ptr[a] = p
            if p == last:  # off duty for good
                n_active -= 1
                active[i] = active[n_active]
                active[n_active] = a
                continue
            c = u if u > win_start[p] else win_start[p]
            load = 0
            if slots > 1:
                for j in range(slots):
                    if free[a * slots + j] > c:
                        load += 1
            if c < best_c or (c == best_c and (load < best_load or (load == best_load and f < best_free))):
                best_c = c
                best_a = a
                best_load = load
                best_free = f
                best_slot = slot
            i += 1
        if best_a < 0 or best_c > t + patience_s[n]:
            if patience_s[n] < np.inf:
                out[ABANDONED, g] += 1.0
                out[ABANDON_WAIT_SUM, g] += patience_s[n]
            else:
                out[UNANSWERED, g] += 1.0
            continue
        wait = best_c - t
        duration = service_s[n] * (1.0 + slowdown * best_load)
        end = best_c + duration
        free[best_slot] = end
        _record(out, g, wait, end, end - t, best_c, answer_s[g], response_s[g], cell_s)


def _record(out, g, wait, end, response, start, answer_s, response_s, cell_s):
    """Count an answered contact of grid interval g; split its busy time over the intervals it spans."""
    out[ANSWERED, g] += 1.0
    out[WAIT_SUM, g] += wait
    if wait <= answer_s:
        out[WITHIN, g] += 1.0
    if response <= response_s:
        out[DONE_IN_TARGET, g] += 1.0
    if response > out[LATEST_RESPONSE_S, g]:
        out[LATEST_RESPONSE_S, g] = response
    n_cells = out.shape[1]
    s = start
    k = int(s // cell_s)
    while k < n_cells and s < end:
        edge = (k + 1) * cell_s
        out[BUSY_S, k] += (end if end < edge else edge) - s
        s = edge
        k += 1


def _next_on(a, u, ptr, win_start, win_end, win_first):
    """Earliest moment ≥ u agent a is on duty (inf when never again); advances the agent's window pointer."""
    p = ptr[a]
    last = win_first[a + 1]
    while p < last and win_end[p] <= u:
        p += 1
    ptr[a] = p
    if p == last:
        return np.inf
    return u if u > win_start[p] else win_start[p]


def run_single(arrival_s, service_s, patience_s, cell, answer_s, response_s, win_start, win_end, win_first,
               cell_s, out):
    """One contact per server (an agent, or one chat slot when chats do not slow down), same arguments.

    The servers are in a heap keyed by the earliest moment each can start.

    Key of agent a = the first on-duty moment at or after its free time. An agent whose key
    is ≤ t may have gone off duty since: it is re-keyed from t when it reaches the top
    (lazily), so each window end costs one extra heap step. The top's key, when it is
    > t, is the earliest start of all; among agents free at t the smallest key (the longest
    idle) answers. O(log agents) per contact.
    """
    n_agents = win_first.size - 1
    ptr = win_first[:-1].copy()
    key = np.empty(n_agents)
    agent = np.empty(n_agents, dtype=np.int64)
    size = 0
    for a in range(n_agents):
        k = _next_on(a, 0.0, ptr, win_start, win_end, win_first)
        if k < np.inf:
            key[size] = k
            agent[size] = a
            size += 1
    for i in range(size // 2 - 1, -1, -1):
        _sift_down(key, agent, size, i)
    for n in range(arrival_s.size):
        t = arrival_s[n]
        g = cell[n]
        out[OFFERED, g] += 1.0
        best_c = np.inf
        while size > 0:
            a = agent[0]
            if key[0] > t:
                best_c = key[0]
                break
            c = _next_on(a, t, ptr, win_start, win_end, win_first)
            if c == t:
                best_c = t
                break
            size = _replace_top(key, agent, size, c, a)
        if size == 0 or best_c > t + patience_s[n]:
            if patience_s[n] < np.inf:
                out[ABANDONED, g] += 1.0
                out[ABANDON_WAIT_SUM, g] += patience_s[n]
            else:
                out[UNANSWERED, g] += 1.0
            continue
        a = agent[0]
        end = best_c + service_s[n]
        size = _replace_top(key, agent, size, _next_on(a, end, ptr, win_start, win_end, win_first), a)
        _record(out, g, best_c - t, end, end - t, best_c, answer_s[g], response_s[g], cell_s)


def _replace_top(key, agent, size, new_key, a):
    """Give the heap's top the key ``new_key`` (inf: remove it); returns the new size."""
    if new_key == np.inf:
        size -= 1
        key[0] = key[size]
        agent[0] = agent[size]
    else:
        key[0] = new_key
        agent[0] = a
    _sift_down(key, agent, size, 0)
    return size


def _sift_down(key, agent, size, i):
    """Restore the heap order (smallest key, then agent number, on top) below position i."""
    while True:
        child = 2 * i + 1
        if child >= size:
            return
        right = child + 1
        if right < size and (key[right] < key[child] or (key[right] == key[child] and agent[right] < agent[child])):
            child = right
        if key[i] < key[child] or (key[i] == key[child] and agent[i] <= agent[child]):
            return
        key[i], key[child] = key[child], key[i]
        agent[i], agent[child] = agent[child], agent[i]
        i = child


_COMPILED: dict = {}
_HELPERS = ("_record", "_next_on", "_sift_down", "_replace_top")


def _njit(function, numba):
    """``numba.njit`` with an on-disk cache where numba finds a writable place for one, else without.

    numba picks the place: next to this file when its ``__pycache__`` is writable (a source
    checkout); else the per-user cache folder (``~/.cache/numba`` on Linux,
    ``%LOCALAPPDATA%\\numba`` on Windows, ``~/Library/Caches/numba`` on macOS), which is also
    where the frozen app caches (keyed by its executable, so a new build compiles afresh); never
    inside the installed bundle. With no writable place it raises, and the code is compiled in
    memory each session.
    """
    try:
        return numba.njit(cache=True, nogil=True)(function)
    except RuntimeError:  # "cannot cache function …: no locator available"
        return numba.njit(cache=False, nogil=True)(function)


def compiled(name: str = "run_single"):
    """The compiled ``run_single`` or ``run_slots`` (compiled on first use, cached on disk where possible).

    Each is compiled only when first needed: chat with slowdown is rare, and compiling
    costs seconds. The helpers are compiled in place (module globals) so the entry
    points call compiled code; a fresh import of this file runs them all interpreted.
    """
    if name not in _COMPILED:
        import numba

        module = globals()
        for helper in _HELPERS:
            if not isinstance(module[helper], numba.core.registry.CPUDispatcher):
                module[helper] = _njit(module[helper], numba)
        _COMPILED[name] = _njit(module[name], numba)
    return _COMPILED[name]
