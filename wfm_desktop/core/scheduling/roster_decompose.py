"""Rosters for a whole centre by decomposition: days off week by week, then shifts day by day.

1. **Days off** (per 7-day week): agents with the same contract, the same
   days available that week and the same limits on working days form a class;
   a small integer program (HiGHS) chooses how many agents of each class work
   each *pattern* of working days, so that exactly as many agents work each
   day as there are shifts, full- and part-time shifts can be taken, and every
   pattern keeps the rules (working days per week, a run of consecutive days
   off, no work on time off). A linear assignment then gives the patterns to
   the class's agents, cheapest first for: weekend days worked so far above
   the average (weekends off rotate and spread evenly; an agent below the
   average is not pushed into weekends), working a preferred day off, and
   days worked so far above the average. "So far" starts with the published
   (locked) weeks before the horizon, when there are any, so fairness counts
   the whole horizon.
2. **Shifts** (day by day): the day's agents and the day's shifts are matched
   by a linear assignment (Hungarian method, ``scipy.optimize.linear_sum_assignment``).
   Pairs that break a rule are forbidden (contract, weekly unavailable window,
   rest after the previous shift and before the next known one, most hours a
   week); the cost steers the rest: a shift ending late goes to someone off the
   next day (looking ahead), late shifts go to agents below their share (the
   published weeks' late shifts counted), starts
   outside the preferred window cost, agents below their minimum hours get the
   longer shifts.

Every step is polynomial, so the time grows about linearly with agents × days
(1,200 agents × 28 days in seconds). The method cannot prove that no roster
exists; when it is stuck it raises :class:`Stuck` naming the rule, the agents
and the day, and :func:`~wfm_desktop.core.scheduling.roster.build_roster`
hands small rosters to the exact MILP instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn, check_cancel, report

BIG = 1e7
W_AHEAD, W_LATE, W_PREF_START, W_PREF_OFF, W_WEEKEND, W_DAYS, W_HOURS = 8.0, 1.0, 2.0, 1.0, 4.0, 0.5, 0.2


class Stuck(Exception):
    """The decomposition found no roster: ``rule`` (a key of RULE_NAMES), ``agents`` and ``days`` concerned."""

    def __init__(self, rule: str, detail: str):
        super().__init__(detail)
        self.rule, self.detail = rule, detail


@dataclass
class Problem:
    """The roster problem in arrays; times are minutes from 00:00 of the first day."""

    n_days: int
    first: pd.Timestamp
    shift_day: np.ndarray      # per shift
    shift_start: np.ndarray
    shift_end: np.ndarray
    shift_paid_h: np.ndarray
    shift_contract: np.ndarray  # 1 full, 2 part
    shift_late: np.ndarray      # bool
    agent_contract: np.ndarray  # 0 any, 1 full, 2 part
    available: np.ndarray       # agents × days, bool (time off and whole-day windows excluded)
    windows: list               # per agent: absolute (from, to) minute intervals no shift may overlap
    pref_start: list            # per agent: (from, to) minute of day, or None
    pref_off: np.ndarray        # agents × days, bool
    min_h: np.ndarray           # agents × weeks: minimum paid hours (full weeks, time off deducted)
    max_h: np.ndarray
    min_days: int
    max_days: int
    run_off: int
    rest_min: float
    wrap: bool
    last_end: np.ndarray = None  # per agent: end of the last shift before the horizon (locked weeks), or -inf
    # per agent, what the published (locked) weeks before the horizon already gave them, so that fairness
    # counts the whole horizon: weekend days, days worked, late shifts, shifts (None: nothing published)
    prior_weekend: np.ndarray = None
    prior_days: np.ndarray = None
    prior_late: np.ndarray = None

    def weeks(self) -> list[list[int]]:
        return [list(range(w, min(w + 7, self.n_days))) for w in range(0, self.n_days, 7)]

    def day_label(self, d: int) -> str:
        return f"{self.first + pd.Timedelta(days=d):%a %d %b %Y}"


ATTEMPTS = 4  # ties broken differently on each further attempt (a seeded, small noise on the costs)


def solve(p: Problem, names: list[str], *, progress: ProgressFn = None, cancel: CancelFn = None) -> np.ndarray:
    """The agent index of every shift; raises Stuck (of the first attempt) when no attempt finds a way on."""
    first = None
    for attempt in range(ATTEMPTS):
        rng = np.random.default_rng(attempt) if attempt else None
        try:
            work = days_off(p, names, cancel, rng)
            report(progress, 0.4, "days off chosen; assigning shifts day by day")
            return shifts_by_day(p, work, names, progress, cancel, rng)
        except Stuck as exc:
            first = first or exc
            if exc.rule in ("time_off", "days", "days_off") and attempt == 0 and not exc.detail.startswith("on "):
                raise  # the week's counts cannot be met: trying again changes nothing
    raise first


# --------------------------------------------------------------------------- days off


def fewest_agents(shifts_per_day: list[int], max_days: int, run_off: int) -> int:
    """The fewest agents who can work ``shifts_per_day`` (one shift a day each) with at most `max_days` working
    days and a run of `run_off` days off in every full week: a small integer program over the week patterns."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    need = 1
    for w in range(0, len(shifts_per_day), 7):
        week = shifts_per_day[w:w + 7]
        pats = _patterns(len(week), (True,) * len(week), 0, max_days, run_off)
        bits = np.array([[(b >> i) & 1 for i in range(len(week))] for b in pats], dtype=float)
        res = milp(np.ones(len(pats)), constraints=LinearConstraint(bits.T, week, week),
                   integrality=np.ones(len(pats)), bounds=Bounds(0, np.inf), options={"time_limit": 10.0})
        if res.x is not None:
            need = max(need, int(round(res.x.sum())))
    return need


def _has_run(bits: int, length: int, k: int) -> bool:
    if k <= 0:
        return True
    if length < 7:
        return True
    off = [not (bits >> d) & 1 for d in range(7)]
    return any(all(off[(d + i) % 7] for i in range(k)) for d in range(7))


def _agent_limits(p: Problem, a: int, week: list[int]) -> tuple[int, int]:
    """Fewest and most working days of agent a in `week` (rules, time off, contracted hours)."""
    eligible = (p.shift_contract == p.agent_contract[a]) | (p.agent_contract[a] == 0)
    hours = p.shift_paid_h[eligible]
    lo_h, hi_h = (float(hours.min()), float(hours.max())) if hours.size else (1.0, 1.0)
    free = int(p.available[a, week].sum())
    hi = min(p.max_days, free)
    if math.isfinite(p.max_h[a]):
        hi = min(hi, int(math.floor(p.max_h[a] / lo_h + 1e-9)))
    lo = 0
    if len(week) == 7:
        lo = max(0, p.min_days - (7 - free))
        min_h = p.min_h[a, week[0] // 7]
        if min_h > 0:
            lo = max(lo, int(math.ceil(min_h / hi_h - 1e-9)))
        lo = min(lo, hi)
    return lo, hi


def days_off(p: Problem, names: list[str], cancel: CancelFn = None, rng=None) -> np.ndarray:
    """Agents × days: True where the agent works (the pattern phase)."""
    from scipy.optimize import linear_sum_assignment
    n_a = len(names)
    work = np.zeros((n_a, p.n_days), dtype=bool)
    weekend_so_far = np.zeros(n_a) if p.prior_weekend is None else p.prior_weekend.astype(float).copy()
    days_so_far = np.zeros(n_a) if p.prior_days is None else p.prior_days.astype(float).copy()
    for week in p.weeks():
        check_cancel(cancel)
        classes: dict[tuple, list[int]] = {}
        for a in range(n_a):
            lo, hi = _agent_limits(p, a, week)
            key = (int(p.agent_contract[a]), tuple(bool(v) for v in p.available[a, week]), lo, hi)
            classes.setdefault(key, []).append(a)
        weekend = np.array([(p.first + pd.Timedelta(days=d)).weekday() >= 5 for d in week])
        behind = {key: float(weekend_so_far[members].mean() - weekend_so_far.mean()) for key, members in classes.items()}
        counts = _pattern_counts(p, week, classes, names, weekend=weekend, behind=behind)
        mean_weekend, mean_days = weekend_so_far.mean(), days_so_far.mean()
        for key, members in classes.items():
            instances = [bits for bits, n in counts[key] for _ in range(n)]
            patt = np.array([[(b >> i) & 1 for i in range(len(week))] for b in instances], dtype=float)
            members_arr = np.array(members)
            # only agents above the average pay for weekend days, so an agent who prefers weekends off is not
            # pushed into them to "catch up"
            cost = (W_WEEKEND * np.outer(np.maximum(0.0, weekend_so_far[members_arr] - mean_weekend), patt @ weekend)
                    + W_DAYS * np.outer(days_so_far[members_arr] - mean_days, patt.sum(axis=1))
                    + W_PREF_OFF * (p.pref_off[np.ix_(members_arr, week)].astype(float) @ patt.T))
            if rng is not None:
                cost = cost + rng.uniform(0.0, 0.5, cost.shape)
            rows, cols = linear_sum_assignment(cost)
            for r, c in zip(rows, cols):
                work[members_arr[r], week] = patt[c].astype(bool)
        weekend_so_far += work[:, week].astype(float) @ weekend.astype(float)
        days_so_far += work[:, week].sum(axis=1)
    return work


def _patterns(length: int, avail: tuple, lo: int, hi: int, k: int) -> list[int]:
    out = []
    for bits in range(1 << length):
        if any((bits >> d) & 1 and not avail[d] for d in range(length)):
            continue
        n = bin(bits).count("1")
        if lo <= n <= hi and _has_run(bits, length, k):
            out.append(bits)
    return out


def _pattern_counts(p: Problem, week: list[int], classes: dict, names: list[str], *, relax: str = "",
                    weekend=None, behind=None) -> dict:
    """How many agents of each class work each pattern (a small MILP); Stuck when impossible."""
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp
    length = len(week)
    need = np.bincount(p.shift_day, minlength=p.n_days)[week]
    need_full = np.bincount(p.shift_day[p.shift_contract == 1], minlength=p.n_days)[week]
    need_part = need - need_full
    target = need.sum() / max(1, sum(len(m) for m in classes.values()))
    var_class, var_bits, cost = [], [], []
    for key, members in classes.items():
        contract, avail, lo, hi = key
        if relax == "time_off":
            avail = (True,) * length
        if relax == "days":
            lo, hi = 0, length
        for bits in _patterns(length, avail, lo, hi, 0 if relax == "days_off" else p.run_off):
            var_class.append(key)
            var_bits.append(bits)
            n = bin(bits).count("1")
            extra = 0.0
            if weekend is not None:  # classes that worked more weekends so far get fewer weekend patterns
                extra = W_WEEKEND * behind[key] * sum((bits >> i) & 1 for i in range(length) if weekend[i])
            cost.append((n - target) ** 2 + 0.01 * n + extra)
    keys = list(classes)
    missing = [key for key in keys if key not in set(var_class)]
    if missing and not relax:
        a = classes[missing[0]][0]
        raise Stuck("days_off" if p.run_off else "days",
                    f"{names[a]} has no week from {p.day_label(week[0])} that keeps the rules with their time off")
    n_v = len(var_bits)
    bitmat = np.array([[(b >> i) & 1 for i in range(length)] for b in var_bits], dtype=float).reshape(n_v, length)
    rows = []
    lo_b, hi_b = [], []
    for key in keys:
        rows.append([1.0 if var_class[v] == key else 0.0 for v in range(n_v)])
        lo_b.append(len(classes[key])); hi_b.append(len(classes[key]))
    for i in range(length):
        rows.append(list(bitmat[:, i]))
        lo_b.append(need[i]); hi_b.append(need[i])
        rows.append([bitmat[v, i] if var_class[v][0] == 1 else 0.0 for v in range(n_v)])
        lo_b.append(-np.inf); hi_b.append(need_full[i])
        rows.append([bitmat[v, i] if var_class[v][0] == 2 else 0.0 for v in range(n_v)])
        lo_b.append(-np.inf); hi_b.append(need_part[i])
    upper = np.array([len(classes[var_class[v]]) for v in range(n_v)], dtype=float)
    res = milp(np.array(cost), constraints=LinearConstraint(sparse.csr_matrix(np.array(rows)), lo_b, hi_b),
               integrality=np.ones(n_v), bounds=Bounds(np.zeros(n_v), upper),
               options={"time_limit": 20.0, "mip_rel_gap": 0.05})
    if res.x is None:
        if relax:
            raise Stuck(relax, "")
        raise _diagnose(p, week, classes, names)
    x = np.rint(res.x).astype(int)
    out: dict[tuple, list[tuple[int, int]]] = {key: [] for key in keys}
    for v in range(n_v):
        if x[v]:
            out[var_class[v]].append((var_bits[v], int(x[v])))
    return out


def _diagnose(p: Problem, week: list[int], classes: dict, names: list[str]) -> Stuck:
    """Which rule, dropped alone, lets the week be staffed: a Stuck naming it, the week's days and agents."""
    span = f"the week {p.day_label(week[0])} to {p.day_label(week[-1])}"
    for rule in ("days_off", "days", "time_off"):
        try:
            _pattern_counts(p, week, classes, names, relax=rule)
        except Stuck:
            continue
        if rule == "time_off":
            off = [(d, [names[a] for a in range(len(names)) if not p.available[a, d]]) for d in week]
            busiest = sorted(off, key=lambda item: -len(item[1]))[:3]
            listed = "; ".join(f"{p.day_label(d)}: {', '.join(who[:6])}{' …' if len(who) > 6 else ''}"
                               for d, who in busiest if who)
            return Stuck("time_off", f"in {span} too many agents are on time off for the shifts ({listed})")
        return Stuck(rule, f"{span} cannot be staffed with these agents under this rule")
    return Stuck("days", f"{span} cannot be staffed with these agents (no single rule is to blame)")


# --------------------------------------------------------------------------- shifts day by day


def shifts_by_day(p: Problem, work: np.ndarray, names: list[str], progress: ProgressFn, cancel: CancelFn,
                  rng=None):
    from scipy.optimize import linear_sum_assignment
    n_a = len(names)
    owner = np.full(len(p.shift_day), -1)
    last_end = np.full(n_a, -np.inf) if p.last_end is None else p.last_end.astype(float).copy()
    next_start = np.full(n_a, np.inf)    # only in a wrapping roster: the first shift, one horizon later
    week_hours = np.zeros(n_a)
    hours = np.zeros(n_a)
    late = np.zeros(n_a) if p.prior_late is None else p.prior_late.astype(float).copy()
    worked = np.zeros(n_a) if p.prior_days is None else p.prior_days.astype(float).copy()
    late_rate = float(p.shift_late.mean()) if len(p.shift_late) else 0.0
    horizon = p.n_days * 1440
    by_day = [np.flatnonzero(p.shift_day == d) for d in range(p.n_days)]
    min_ph = np.array([_min_paid(p, a) for a in range(n_a)])
    week_of = np.arange(p.n_days) // 7
    for d in range(p.n_days):
        check_cancel(cancel)
        if d % 7 == 0:
            week_hours[:] = 0.0
        agents, shifts = np.flatnonzero(work[:, d]), by_day[d]
        if not len(shifts):
            continue
        remaining = work[:, d + 1:(week_of[d] + 1) * 7].sum(axis=1)[agents]
        nxt = (d + 1) % p.n_days if p.wrap else d + 1
        ahead_starts = None
        if nxt < p.n_days and nxt != 0:
            ahead_starts = np.sort(p.shift_start[by_day[nxt]])
        behind_ends = None
        if p.wrap and d == 0:
            behind_ends = np.sort(p.shift_end[by_day[p.n_days - 1]] - horizon)
        for weight in (1.0, 30.0):
            cost = _day_cost(p, agents, shifts, last_end, next_start, week_hours, remaining, min_ph, late,
                             worked, late_rate, hours, work, d, ahead_starts, behind_ends, weight)
            if rng is not None:
                cost = cost + rng.uniform(0.0, 0.2, cost.shape)
            rows, cols = linear_sum_assignment(cost)
            if ahead_starts is None or _next_day_ok(p, agents[rows], shifts[cols], work[:, nxt], last_end,
                                                    ahead_starts):
                break
        bad = cost[rows, cols] >= BIG / 2
        if bad.any():
            raise _stuck_on_day(p, d, agents[rows[bad]], shifts[cols[bad]], last_end, next_start, names)
        chosen_a, chosen_s = agents[rows], shifts[cols]
        owner[chosen_s] = chosen_a
        if p.wrap and d == 0:
            next_start[chosen_a] = p.shift_start[chosen_s] + horizon
        last_end[chosen_a] = p.shift_end[chosen_s]
        week_hours[chosen_a] += p.shift_paid_h[chosen_s]
        hours[chosen_a] += p.shift_paid_h[chosen_s]
        late[chosen_a] += p.shift_late[chosen_s]
        worked[chosen_a] += 1
        report(progress, 0.4 + 0.6 * (d + 1) / p.n_days, f"shifts of day {d + 1} of {p.n_days} assigned")
    return owner


def _min_paid(p: Problem, a: int) -> float:
    ok = (p.shift_contract == p.agent_contract[a]) | (p.agent_contract[a] == 0)
    return float(p.shift_paid_h[ok].min()) if ok.any() else 0.0


def _day_cost(p, agents, shifts, last_end, next_start, week_hours, remaining, min_ph, late, worked, late_rate,
              hours, work, d, ahead_starts, behind_ends, weight):
    start, end, ph = p.shift_start[shifts], p.shift_end[shifts], p.shift_paid_h[shifts]
    ac = p.agent_contract[agents][:, None]
    cost = np.where((ac != 0) & (ac != p.shift_contract[shifts][None, :]), BIG, 0.0)
    cost += np.where(start[None, :] < last_end[agents][:, None] + p.rest_min - 1e-9, BIG, 0.0)
    cost += np.where(end[None, :] + p.rest_min > next_start[agents][:, None] + 1e-9, BIG, 0.0)
    over = week_hours[agents][:, None] + ph[None, :] + (remaining * min_ph[agents])[:, None]
    cost += np.where(over > p.max_h[agents][:, None] + 1e-9, BIG, 0.0)
    for i, a in enumerate(agents):
        for lo, hi in p.windows[a]:
            cost[i] += np.where((start < hi) & (end > lo), BIG, 0.0)
        if p.pref_start[a] is not None:
            tod = start - d * 1440
            cost[i] += np.where((tod < p.pref_start[a][0]) | (tod > p.pref_start[a][1]), W_PREF_START, 0.0)
    if ahead_starts is not None:
        nxt = d + 1
        blocked = np.searchsorted(ahead_starts, end + p.rest_min, side="left") / max(1, len(ahead_starts))
        cost += weight * W_AHEAD * np.outer(work[agents, nxt].astype(float), blocked)
    if behind_ends is not None:
        blocked = 1.0 - np.searchsorted(behind_ends, start - p.rest_min, side="right") / max(1, len(behind_ends))
        cost += weight * W_AHEAD * np.outer(work[agents, p.n_days - 1].astype(float), blocked)
    share = late[agents] - late_rate * worked[agents]
    cost += W_LATE * np.outer(share, p.shift_late[shifts].astype(float))
    min_h = p.min_h[agents, d // 7]
    need_min = min_h > 0
    if need_min.any():
        per_day = (min_h - week_hours[agents]) / (remaining + 1)
        cost += W_HOURS * 5 * np.where(need_min[:, None], np.maximum(0.0, per_day[:, None] - ph[None, :]), 0.0)
    mean_h = hours[agents].mean() if len(agents) else 0.0
    cost += W_HOURS * np.outer((hours[agents] - mean_h) / 8.0, ph)
    return cost


def _next_day_ok(p, agents, shifts, works_next, last_end, ahead_starts) -> bool:
    """Hall's condition for tomorrow's rest: for every earliest start t, the agents who may start no earlier
    than t are no more than tomorrow's shifts starting at t or later."""
    earliest = np.full(len(works_next), -np.inf)
    earliest[agents] = p.shift_end[shifts] + p.rest_min
    keep = works_next & np.isfinite(np.maximum(earliest, last_end + p.rest_min))
    t = np.sort(np.maximum(earliest, last_end + p.rest_min)[keep])[::-1]
    if not len(t):
        return True
    able = len(ahead_starts) - np.searchsorted(ahead_starts, t - 1e-9, side="left")
    return bool((np.arange(1, len(t) + 1) <= able).all())


def _stuck_on_day(p, d, agents, shifts, last_end, next_start, names) -> Stuck:
    day = p.day_label(d)
    who = sorted({names[a] for a in agents})
    listed = ", ".join(who[:8]) + (f" and {len(who) - 8} more" if len(who) > 8 else "")
    a, s = int(agents[0]), int(shifts[0])
    start, end = p.shift_start[s], p.shift_end[s]
    if p.agent_contract[a] not in (0, p.shift_contract[s]):
        return Stuck("contract", f"on {day} the shifts left do not fit the contract of {listed}")
    if any(start < hi and end > lo for lo, hi in p.windows[a]):
        return Stuck("unavailable", f"on {day} every shift left overlaps a weekly unavailable window of {listed}")
    if start < last_end[a] + p.rest_min - 1e-9 or end + p.rest_min > next_start[a] + 1e-9:
        return Stuck("rest", f"on {day} the shifts left start too soon after (or end too close before) the "
                             f"shifts of {listed}")
    return Stuck("hours", f"on {day} every shift left would take {listed} above their most hours a week")


def wfm_error(stuck: Stuck, rule_text: str, value: str) -> WfmError:
    return WfmError(f"roster: rule '{rule_text}' ({value}) cannot be met: {stuck.detail}; relax that rule, "
                    "add agents or change the shifts")
