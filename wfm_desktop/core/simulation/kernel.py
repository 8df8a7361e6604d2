"""The event loop: one queue, one replication, contacts in arrival order, compiled with numba.

First-come-first-served with many agents reduces to one pass over the contacts in
arrival order (the Kiefer–Wolfowitz recursion): contact n starts at the earliest
moment an agent can take it, given the agents' free times left by contacts 1…n−1,

    start_n = min over agents a of next_on_duty(a, max(arrival_n, free_a)),

and it abandons instead when ``start_n > arrival_n + patience_n`` (it then never
holds an agent). Starts never go backwards, so every contact is served in arrival
order and the recursion is the exact FCFS queue — no event list is needed.

* **Agents** are on duty in windows (from a requirement per interval, or a shift
  minus its breaks); an agent takes new work only inside a window and finishes
  the contact in hand when the window closes (a call is never cut off).
* **Chat**: an agent has ``slots`` places (k chats at once). A chat starting when
  the agent already has m − 1 chats takes ``service × (1 + slowdown × (m − 1))``;
  the duration is fixed when the chat starts. Among agents free at the same
  moment the one with fewest chats, then the longest idle, gets the contact.
* **Deferred work** is the same queue with infinite patience; its response time
  is completion − arrival.

Results accumulate per grid interval of *arrival* (``out[k, g]``, rows below);
the busy time of each contact is split over the intervals it spans.
"""

from __future__ import annotations

import os

import numpy as np

# Rows of the per-interval accumulator.
OFFERED, ANSWERED, WITHIN, ABANDONED, WAIT_SUM, BUSY_S, DONE_IN_TARGET, LATEST_RESPONSE_S, UNANSWERED, \
    ABANDON_WAIT_SUM = range(10)
N_ROWS = 10


def run_queue(arrival_s, service_s, patience_s, cell, answer_s, response_s,
              win_start, win_end, win_first, slots, slowdown, cell_s, out):
    """Simulate one queue once; accumulate into ``out`` (N_ROWS × cells). Pure Python, numba-compilable.

    ``arrival_s`` sorted; ``cell``: grid interval of each arrival; ``answer_s``,
    ``response_s``: per grid interval (response ``inf`` when not deferred work);
    agent a is on duty in windows ``win_first[a] … win_first[a+1]−1`` (sorted,
    disjoint); ``slots``: chats at once per agent.
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
        out[ANSWERED, g] += 1.0
        out[WAIT_SUM, g] += wait
        if wait <= answer_s[g]:
            out[WITHIN, g] += 1.0
        response = end - t
        if response <= response_s[g]:
            out[DONE_IN_TARGET, g] += 1.0
        if response > out[LATEST_RESPONSE_S, g]:
            out[LATEST_RESPONSE_S, g] = response
        s = best_c
        k = int(s // cell_s)
        while k < n_cells and s < end:
            edge = (k + 1) * cell_s
            out[BUSY_S, k] += (end if end < edge else edge) - s
            s = edge
            k += 1


_COMPILED = None


def _cache_ok() -> bool:
    """numba caches next to this file; not in a frozen app (no source file) or a read-only install."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.isfile(os.path.abspath(__file__)) and os.access(here, os.W_OK)


def compiled():
    """The compiled :func:`run_queue` (compiled on first use, cached on disk where possible)."""
    global _COMPILED
    if _COMPILED is None:
        import numba

        _COMPILED = numba.njit(cache=_cache_ok(), nogil=True)(run_queue)
    return _COMPILED
