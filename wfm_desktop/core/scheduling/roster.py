"""Rosters: hand the scheduled shifts to named (or numbered) agents, for a week or many.

Two methods, the same rules (docs/scheduling.md, "Rosters"): a decomposition
(:mod:`roster_decompose`: days off week by week, then shifts day by day by
linear assignment) that rosters a centre of 1,200 agents over 4 weeks in
seconds, tried first; and, when it is stuck on a small roster, the exact
assignment MILP below, which either finds a roster or proves that none exists
and names the rule.

The MILP (HiGHS, in a child process like the shift mix).
Shifts with the same template, day, start and end form a group of n shifts;
``y[a, g]`` = 1 when agent a works a shift of group g. Rules, per block of 7
days from the first day of the schedule ("week"):

* every shift is worked: ``Σ_a y[a, g] = n_g``; at most one shift a day;
* working days per week between ``min_days_per_week`` and ``max_days_per_week``;
* consecutive days off: at least one run of ``min_consecutive_days_off`` days
  off in each full week (binary ``o[a, d]`` = the run starts on day d). A roster
  of whole weeks is a repeating pattern, so the week wraps: Sunday + Monday off
  counts as two days in a row (without wrapping, an even 5-of-7 week with two
  consecutive days off cannot be staffed at all), and the minimum rest is also
  kept from the last day's shift to the first day's;
* minimum rest between the end of one shift and the start of the next
  (``min_rest_h``, e.g. 11 h); an overnight shift belongs to the day it starts
  and its rest counts from its real end the next morning;
* contracted hours: paid hours per week between the agent's minimum and maximum;
* contract type: a ``part`` agent takes part-time templates only, a ``full``
  agent full-time only, ``any`` both;
* time off and weekly unavailable windows: no shift on an agent's dates off,
  none overlapping their weekly windows (the agent's minimum working days
  of a week drop by the days off in it).

Objective: spread the hours evenly (sum of each agent's distance from the
average hours). Every rule holds in any roster returned; the balance is best
effort — its bound is weak, so a large roster usually stops at the time limit
(``time_limit_s``, default 20 s) with the most balanced roster found by then. Before solving, counting checks catch the common impossible
cases with the numbers in the message (e.g. more shifts on a day than agents);
when the MILP proves the rules cannot all hold, each rule is dropped in turn
and the message names the one whose removal makes a roster possible.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core import limits
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn, report
from wfm_desktop.core.scheduling import roster_decompose
from wfm_desktop.core.scheduling.roster_agents import CONTRACT_TYPES, Agent
from wfm_desktop.core.scheduling.roster_result import RosterResult, roster_tables
from wfm_desktop.core.scheduling.solver_process import MilpProblem, solve_milp

log = logging.getLogger(__name__)

__all__ = ["Agent", "CONTRACT_TYPES", "RosterRules", "RosterResult", "build_roster", "failure_text",
           "roster_tables"]
RULE_NAMES = {
    "time_off": "time off",
    "unavailable": "weekly unavailable windows",
    "contract": "contract type",
    "rest": "minimum rest between shifts",
    "days_off": "consecutive days off",
    "hours": "contracted hours per week",
    "days": "working days per week",
}


@dataclass(frozen=True)
class RosterRules:
    """The rules every agent's week must meet (see the module docstring)."""

    max_days_per_week: int = 5
    min_days_per_week: int = 0
    min_consecutive_days_off: int = 2
    min_rest_h: float = 11.0
    min_hours_per_week: float | None = None
    max_hours_per_week: float | None = None
    time_limit_s: float = 20.0
    late_start_min: int = 14 * 60

    def __post_init__(self) -> None:
        if not 0 <= self.min_days_per_week <= self.max_days_per_week <= 7:
            raise WfmError(f"working days per week: need 0 ≤ minimum ({self.min_days_per_week}) ≤ maximum "
                           f"({self.max_days_per_week}) ≤ 7")
        if not 0 <= self.min_consecutive_days_off <= 7:
            raise WfmError(f"consecutive days off: {self.min_consecutive_days_off} must be from 0 to 7")
        if not 0 <= self.min_rest_h <= 48:
            raise WfmError(f"minimum rest: {self.min_rest_h} h must be from 0 to 48")
        lo, hi = self.min_hours_per_week, self.max_hours_per_week
        if (lo is not None and lo < 0) or (hi is not None and hi < 0) or (lo is not None and hi is not None
                                                                            and lo > hi):
            raise WfmError(f"contracted hours: minimum {lo} and maximum {hi} must be zero or more, minimum ≤ maximum")


def make_agents(agents, shifts_per_day: list[int], rules: RosterRules) -> list[Agent]:
    """Agents from a count, a list of names or Agent objects.

    None = the fewest agents for whom weeks of working days exist that keep
    the days rules (at most the maximum working days, a run of consecutive
    days off in each full week) and put exactly as many agents on each day as
    it has shifts: a small integer program over the 128 patterns of a week.
    Rest, contract and hours rules may still need more; the roster then
    names the rule.
    """
    if agents is None:
        days = min(rules.max_days_per_week, 7)
        agents = roster_decompose.fewest_agents(list(shifts_per_day), days, rules.min_consecutive_days_off)
    if isinstance(agents, int):
        if agents < 1:
            raise WfmError(f"agents: {agents} must be at least 1")
        return [Agent(f"Agent {i:03d}") for i in range(1, agents + 1)]
    out = [a if isinstance(a, Agent) else Agent(str(a)) for a in agents]
    names = [a.name for a in out]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise WfmError(f"agents: the name {sorted(dup)[0]!r} is used twice")
    if not out:
        raise WfmError("agents: the list is empty")
    return out


def _eligible(agent: Agent, contract: str) -> bool:
    return agent.contract == "any" or agent.contract == contract


def _hours_limits(agent: Agent, rules: RosterRules) -> tuple[float, float]:
    lo = agent.min_hours_per_week if agent.min_hours_per_week is not None else rules.min_hours_per_week
    hi = agent.max_hours_per_week if agent.max_hours_per_week is not None else rules.max_hours_per_week
    return (0.0 if lo is None else float(lo)), (math.inf if hi is None else float(hi))


def week_minimums(agent: Agent, rules: RosterRules, first: pd.Timestamp, week: list[int]) -> tuple[int, float]:
    """The fewest working days and paid hours of `agent` in `week` (day indexes from `first`).

    Only full weeks have minimums. Days the agent cannot work (time off, or a
    weekly window covering the whole day) lower the minimum days one for one;
    each day of time off lowers the minimum hours by minimum ÷ most working
    days (time off is paid as contracted: 32 h over 5 days, 2 days off → 19.2 h).
    """
    if len(week) < 7:
        return 0, 0.0
    dates = [first + pd.Timedelta(days=d) for d in week]
    off = {d for d in dates if d in agent.time_off}
    whole = {d for d in dates if any(wd == d.weekday() and lo == 0 and hi == 1440 for wd, lo, hi in agent.unavailable)}
    lo_h, _ = _hours_limits(agent, rules)
    per_day = lo_h / rules.max_days_per_week if rules.max_days_per_week else 0.0
    return max(0, rules.min_days_per_week - len(off | whole)), max(0.0, lo_h - per_day * len(off))


def build_roster(shifts: pd.DataFrame, agents=None, rules: RosterRules | None = None, *,
                 progress: ProgressFn = None, cancel: CancelFn = None, in_process: bool = False,
                 method: str = "auto", carry_in: dict | None = None,
                 published: pd.DataFrame | None = None) -> RosterResult:
    """Assign every shift of `shifts` (columns shift_id, template, day, start, end, paid_h, contract) to an agent.

    Raises WfmError naming the rule when no roster can meet the rules.
    `carry_in` maps agent names to the end of their last shift before these
    (locked, published weeks): the minimum rest counts from it, and the roster
    then does not wrap around (the weeks follow the locked ones).
    `published` are those weeks' shifts (columns agent, day, start, end): the
    fairness of the new weeks starts from what they gave each agent — weekend
    days, days worked and late shifts — so weekends off and late shifts are
    spread over the whole horizon (the decomposition; the exact MILP spreads
    the hours of the new weeks only).
    """
    rules = rules or RosterRules()
    need = {"day", "start", "end", "paid_h"}
    if not need <= set(shifts.columns):
        raise WfmError(f"roster: the shift list lacks column(s) {', '.join(sorted(need - set(shifts.columns)))}")
    shifts = shifts.copy()
    if "shift_id" not in shifts:
        shifts["shift_id"] = np.arange(1, len(shifts) + 1)
    for col, default in (("template", "shift"), ("contract", "full")):
        if col not in shifts:
            shifts[col] = default
    if shifts.empty:
        raise WfmError("roster: there are no shifts to assign")
    if len(shifts) > limits.MAX_ROSTER_SHIFTS:
        raise WfmError(f"roster: {len(shifts):,} shifts are more than the app rosters at once "
                       f"({limits.MAX_ROSTER_SHIFTS:,}); roster fewer weeks at a time")
    if isinstance(agents, (int, float)) and not isinstance(agents, bool):
        limits.check_range("roster: number of agents", agents, 0, limits.MAX_AGENTS)
    elif agents is not None and not isinstance(agents, (str, bytes)) and hasattr(agents, "__len__") \
            and len(agents) > limits.MAX_AGENTS:
        raise WfmError(f"roster: {len(agents):,} agents are more than the app rosters ({limits.MAX_AGENTS:,})")
    limits.check_max("roster time limit", rules.time_limit_s, limits.MAX_TIME_LIMIT_S, unit="s")
    first = pd.Timestamp(shifts["day"].min()).normalize()
    n_days = int((pd.Timestamp(shifts["day"].max()).normalize() - first).days) + 1
    day_index = ((pd.to_datetime(shifts["day"]).dt.normalize() - first).dt.days).to_numpy()
    shifts["day_index"] = day_index
    agent_list = make_agents(agents, np.bincount(day_index, minlength=n_days).tolist(), rules)
    _precheck_time_off(shifts, agent_list, first, n_days)
    groups = (shifts.groupby(["day_index", "start", "end", "template", "contract", "paid_h"], sort=True)["shift_id"]
              .apply(list).reset_index())
    _precheck(groups, agent_list, rules, n_days, first)
    report(progress, 0.05, f"rostering {len(shifts)} shifts to {len(agent_list)} agents")
    if method not in ("auto", "decompose", "milp"):
        raise WfmError(f"roster: method {method!r} is not auto, decompose or milp")
    stuck = None
    if method in ("auto", "decompose"):
        problem = _problem(shifts, agent_list, rules, n_days, first, carry_in, published)
        try:
            owner = roster_decompose.solve(problem, [a.name for a in agent_list], progress=progress, cancel=cancel)
        except roster_decompose.Stuck as exc:
            stuck = exc
        else:
            short = _short_hours(problem, owner, agent_list)
            if short is None:
                result = _result_from_owner(owner, shifts, agent_list, n_days, first, rules.late_start_min)
                report(progress, 1.0, "roster ready")
                return result
            stuck = short
        n_pairs = len(agent_list) * len(groups)
        if method == "decompose" or n_pairs > MILP_MAX_PAIRS:
            raise roster_decompose.wfm_error(stuck, RULE_NAMES.get(stuck.rule, stuck.rule),
                                             _rule_value(stuck.rule, rules))
        report(progress, 0.5, "the fast method is stuck; solving the exact model")
    enabled = ("rest", "days_off", "hours", "days")
    res = _solve(groups, agent_list, rules, n_days, enabled, progress, cancel, in_process, first, carry_in)
    if res.status == 2:
        report(progress, 0.6, "no roster meets all rules; finding the rule that cannot be met")
        for rule in enabled:
            relaxed = _solve(groups, agent_list, rules, n_days, tuple(r for r in enabled if r != rule),
                             None, cancel, in_process, first, carry_in)
            if relaxed.x is not None:
                where = ""  # the fast method's view of where it fails (agents and day), when it is the same rule
                if stuck is not None and stuck.rule == rule and stuck.detail:
                    where = f" ({stuck.detail})"
                raise WfmError(f"roster: no assignment of the {len(shifts)} shifts to {len(agent_list)} agents meets "
                               f"the rule '{RULE_NAMES[rule]}' ({_rule_value(rule, rules)}) together with the other "
                               f"rules{where}; relax that rule, add agents or change the shifts")
        raise WfmError(f"roster: no assignment of the {len(shifts)} shifts to {len(agent_list)} agents meets the "
                       "rules together (no single rule is to blame); add agents or relax the rules")
    if res.x is None:
        # The solver's own status text is for the log (and bug reports), not for the planner.
        log.info("roster: no roster within %.0f s for %d agents x %d days; solver said: %s",
                    rules.time_limit_s, len(agent_list), n_days, res.message)
        raise WfmError(f"roster: no roster found within {rules.time_limit_s:.0f} s for {len(agent_list)} agents × "
                       f"{n_days} days: allow more time (time limit) or roster fewer days or queues")
    result = _result(res, groups, shifts, agent_list, n_days, first, rules)
    report(progress, 1.0, "roster ready")
    return result


MILP_MAX_PAIRS = 40_000  # agents × shift groups above which the exact MILP is not tried


def published_counts(published: pd.DataFrame | None, names: list[str], late_start_min: int
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Per agent of `names`: (weekend days, days worked, late shifts) in the published shifts (None without
    any). A late shift starts at `late_start_min` or later, or runs past midnight (as in the roster)."""
    if published is None or len(published) == 0:
        return None
    named = published[published["agent"].astype(str) != ""]
    day = pd.to_datetime(named["day"]).dt.normalize()
    start, end = pd.to_datetime(named["start"]), pd.to_datetime(named["end"])
    late = ((start - day) / pd.Timedelta(minutes=1) >= late_start_min) | (end > day + pd.Timedelta(days=1))
    frame = pd.DataFrame({"agent": named["agent"].astype(str).to_numpy(), "day": day.to_numpy(),
                          "weekend": (day.dt.day_of_week >= 5).to_numpy(), "late": late.to_numpy()})
    days = frame.drop_duplicates(["agent", "day"])
    weekend = days.groupby("agent")["weekend"].sum()
    worked = days.groupby("agent").size()
    lates = frame.groupby("agent")["late"].sum()
    pick = lambda series: np.array([float(series.get(n, 0.0)) for n in names])  # noqa: E731
    return pick(weekend), pick(worked), pick(lates)


def _problem(shifts: pd.DataFrame, agents: list[Agent], rules: RosterRules, n_days: int, first,
             carry_in: dict | None = None, published: pd.DataFrame | None = None) -> roster_decompose.Problem:
    start = ((pd.to_datetime(shifts["start"]) - first) / pd.Timedelta(minutes=1)).to_numpy(dtype=float)
    end = ((pd.to_datetime(shifts["end"]) - first) / pd.Timedelta(minutes=1)).to_numpy(dtype=float)
    day = shifts["day_index"].to_numpy()
    tod = start - day * 1440
    n_a = len(agents)
    available = np.ones((n_a, n_days), dtype=bool)
    pref_off = np.zeros((n_a, n_days), dtype=bool)
    weekday = np.array([(first + pd.Timedelta(days=d)).weekday() for d in range(n_days)])
    windows = []
    for a, agent in enumerate(agents):
        for date in agent.time_off:
            d = (date - first).days
            if 0 <= d < n_days:
                available[a, d] = False
        absolute = []
        for wd, lo, hi in agent.unavailable:
            for d in range(n_days + 1):  # the day after the last: a night shift runs into it
                if (first + pd.Timedelta(days=d)).weekday() != wd:
                    continue
                if lo == 0 and hi == 1440 and d < n_days:
                    available[a, d] = False
                absolute.append((d * 1440 + lo, d * 1440 + hi))
        windows.append(absolute)
        pref_off[a] = np.isin(weekday, agent.preferred_days_off)
    lims = [_hours_limits(a, rules) for a in agents]
    prior = published_counts(published, [a.name for a in agents], rules.late_start_min) or (None, None, None)
    return roster_decompose.Problem(
        n_days=n_days, first=first, shift_day=day, shift_start=start, shift_end=end,
        shift_paid_h=shifts["paid_h"].to_numpy(dtype=float),
        shift_contract=np.where(shifts["contract"].astype(str).to_numpy() == "part", 2, 1),
        shift_late=(tod >= rules.late_start_min) | (end > (day + 1) * 1440),
        agent_contract=np.array([CONTRACT_TYPES.index(a.contract) for a in agents]),
        available=available, windows=windows, pref_start=[a.preferred_start for a in agents], pref_off=pref_off,
        min_h=np.array([[week_minimums(a, rules, first, week)[1] for week in _weeks(n_days)] for a in agents]
                       ).reshape(n_a, len(_weeks(n_days))),
        max_h=np.array([hi for _, hi in lims]),
        min_days=rules.min_days_per_week, max_days=rules.max_days_per_week,
        run_off=rules.min_consecutive_days_off, rest_min=rules.min_rest_h * 60.0,
        wrap=n_days % 7 == 0 and not carry_in,
        last_end=np.array([(pd.Timestamp(carry_in[a.name]) - first) / pd.Timedelta(minutes=1)
                           if carry_in and a.name in carry_in else -np.inf for a in agents], dtype=float),
        prior_weekend=prior[0], prior_days=prior[1], prior_late=prior[2])


def _short_hours(problem, owner, agents):
    """A Stuck naming the agents and weeks below their minimum hours, or None."""
    short = []
    week = problem.shift_day // 7
    for w in range(0, (problem.n_days) // 7):
        hours = np.bincount(owner[week == w], weights=problem.shift_paid_h[week == w], minlength=len(agents))
        short += [(agents[a].name, w) for a in np.flatnonzero(hours < problem.min_h[:, w] - 1e-9)]
    if not short:
        return None
    listed = ", ".join(f"{name} (week {w + 1})" for name, w in short[:8]) + (" …" if len(short) > 8 else "")
    return roster_decompose.Stuck("hours", f"{listed} would get fewer hours than their minimum")


def _precheck_time_off(shifts, agents, first, n_days) -> None:
    """Per day: no more shifts than agents not on time off (the message names who is off)."""
    per_day = np.bincount(shifts["day_index"].to_numpy(), minlength=n_days)
    for d in range(n_days):
        date = first + pd.Timedelta(days=d)
        off = [a.name for a in agents if date in a.time_off
               or any(wd == date.weekday() and lo == 0 and hi == 1440 for wd, lo, hi in a.unavailable)]
        if off and per_day[d] > len(agents) - len(off):
            listed = ", ".join(off[:8]) + (f" and {len(off) - 8} more" if len(off) > 8 else "")
            raise WfmError(f"roster: rule 'time off' cannot be met: {date:%a %d %b %Y} (day {d + 1}) has {per_day[d]} "
                           f"shifts but only {len(agents) - len(off)} of {len(agents)} agents are not off "
                           f"(off: {listed}); add agents or move the time off")


def _result_from_owner(owner, shifts, agents, n_days, first, late_start_min) -> RosterResult:
    names = np.array([a.name for a in agents], dtype=object)
    frame = shifts.assign(agent=names[owner])
    return roster_tables(frame, agents, n_days, first,
                         {"status": "rules met (decomposition)", "method": "decomposition"}, late_start_min)


def failure_text(error: Exception) -> str:
    """The sentence a planner reads when `build_roster` raised `error` (GUI message line and CLI alike).

    "No roster found within 20 s for 245 agents × 7 days: …" stands on its own;
    any other reason reads "Roster not built: <reason>.".
    """
    text = str(error).removeprefix("roster: ").strip()
    if not text.endswith("."):
        text += "."
    if text.startswith("no roster found"):
        return text[0].upper() + text[1:]
    return f"Roster not built: {text}"


def _rule_value(rule: str, rules: RosterRules) -> str:
    if rule == "rest":
        return f"{rules.min_rest_h:g} h"
    if rule == "days_off":
        return f"at least {rules.min_consecutive_days_off} in a row each week"
    if rule == "days":
        return f"{rules.min_days_per_week} to {rules.max_days_per_week} days"
    lo, hi = rules.min_hours_per_week, rules.max_hours_per_week
    return f"{lo if lo is not None else 0:g} to {hi if hi is not None else 'any'} h, or the agents' own limits"


def _weeks(n_days: int) -> list[list[int]]:
    return [list(range(w, min(w + 7, n_days))) for w in range(0, n_days, 7)]


def _precheck(groups: pd.DataFrame, agents: list[Agent], rules: RosterRules, n_days: int, first) -> None:
    """Counting checks that name the rule and the numbers."""
    for d in range(n_days):
        today = groups[groups["day_index"] == d]
        for contract in (None, "full", "part"):
            sub = today if contract is None else today[today["contract"] == contract]
            n = int(sub["shift_id"].map(len).sum())
            able = sum(1 for a in agents if contract is None or _eligible(a, contract))
            if n > able:
                what = "shifts" if contract is None else f"{contract}-time shifts"
                day = d + 1
                raise WfmError(f"roster: rule 'one shift per agent per day' cannot be met: day {day} has {n} {what} "
                               f"but only {able} agent(s) can work them; add agents")
    for week in _weeks(n_days):
        sub = groups[groups["day_index"].isin(week)]
        n = int(sub["shift_id"].map(len).sum())
        k = rules.min_consecutive_days_off if len(week) == 7 else 0
        days_cap = min(rules.max_days_per_week, len(week) - k)
        if n > len(agents) * rules.max_days_per_week:
            raise WfmError(f"roster: rule 'working days per week' (at most {rules.max_days_per_week}) cannot be met: "
                           f"week from day {week[0] + 1} has {n} shifts for {len(agents)} agents × "
                           f"{rules.max_days_per_week} days = {len(agents) * rules.max_days_per_week}; add agents")
        if n > len(agents) * days_cap:
            raise WfmError(f"roster: rule 'consecutive days off' ({k} in a row) cannot be met: with {k} days off in a "
                           f"{len(week)}-day week an agent works at most {days_cap} days, {len(agents)} agents × "
                           f"{days_cap} = {len(agents) * days_cap} < {n} shifts; add agents")
        minimums = [week_minimums(a, rules, first, week) for a in agents]
        min_days = sum(d for d, _ in minimums)
        if len(week) == 7 and n < min_days:
            raise WfmError(f"roster: rule 'working days per week' (at least {rules.min_days_per_week}) cannot be "
                           f"met: {len(agents)} agents need {min_days} working days (less time off) but the week "
                           f"from day {week[0] + 1} has {n} shifts; use fewer agents")
        hours = float((sub["paid_h"] * sub["shift_id"].map(len)).sum())
        limits = [_hours_limits(a, rules) for a in agents]
        min_hours = sum(h for _, h in minimums)
        if len(week) == 7 and hours < min_hours - 1e-9:
            raise WfmError(f"roster: rule 'contracted hours' cannot be met: the week from day {week[0] + 1} has "
                           f"{hours:g} paid hours but the agents' minimum hours add up to "
                           f"{min_hours:g}; use fewer agents or more shifts")
        if hours > sum(hi for _, hi in limits) + 1e-9:
            raise WfmError(f"roster: rule 'contracted hours' cannot be met: the week from day {week[0] + 1} has "
                           f"{hours:g} paid hours but the agents' maximum hours add up to "
                           f"{sum(hi for _, hi in limits):g}; add agents")


def _solve(groups, agents, rules, n_days, enabled, progress, cancel, in_process, first, carry_in=None):
    n_g, n_a = len(groups), len(agents)
    g_day = groups["day_index"].to_numpy()
    g_count = groups["shift_id"].map(len).to_numpy()
    g_hours = groups["paid_h"].to_numpy(dtype=float)
    g_start = pd.to_datetime(groups["start"]).to_numpy()
    g_end = pd.to_datetime(groups["end"]).to_numpy()
    # variables: y[a, g] (binary), o[a, d] (binary), dev_plus[a], dev_minus[a]
    y_index = {}
    g_start_min = (pd.to_datetime(groups["start"]) - first) / pd.Timedelta(minutes=1)
    g_end_min = (pd.to_datetime(groups["end"]) - first) / pd.Timedelta(minutes=1)
    weekday = [(first + pd.Timedelta(days=d)).weekday() for d in range(n_days)]
    pref_cost: dict[int, float] = {}
    for a, agent in enumerate(agents):
        carry_end = -np.inf
        if carry_in and agent.name in carry_in:
            carry_end = (pd.Timestamp(carry_in[agent.name]) - first) / pd.Timedelta(minutes=1)
        off = {(d - first).days for d in agent.time_off}
        windows = [(d * 1440 + lo, d * 1440 + hi) for wd, lo, hi in agent.unavailable
                   for d in range(n_days + 1) if (first + pd.Timedelta(days=d)).weekday() == wd]
        for g in range(n_g):
            d, s0, e0 = int(g_day[g]), g_start_min.iloc[g], g_end_min.iloc[g]
            if not _eligible(agent, groups["contract"].iloc[g]) or d in off \
                    or any(s0 < hi and e0 > lo for lo, hi in windows) or s0 < carry_end + rules.min_rest_h * 60 - 1e-9:
                continue
            y_index[a, g] = len(y_index)
            extra = 0.0
            if agent.preferred_start is not None and not (
                    agent.preferred_start[0] <= s0 - d * 1440 <= agent.preferred_start[1]):
                extra += roster_decompose.W_PREF_START
            if weekday[d] in agent.preferred_days_off:
                extra += roster_decompose.W_PREF_OFF
            if extra:
                pref_cost[y_index[a, g]] = extra
    n_y = len(y_index)
    k = rules.min_consecutive_days_off if "days_off" in enabled else 0
    o_index = {}
    weeks = _weeks(n_days)
    if k:
        for a in range(n_a):
            for week in weeks:
                if len(week) < 7:
                    continue
                for d in week:  # a full week wraps: Sunday + Monday off counts as two days in a row
                    o_index[a, d] = n_y + len(o_index)
    n_o = len(o_index)
    dev0 = n_y + n_o
    n_vars = dev0 + 2 * n_a
    rows, cols, vals, lo, hi = [], [], [], [], []

    def add(entries, low, high):
        r = len(lo)
        for c, v in entries:
            rows.append(r); cols.append(c); vals.append(v)
        lo.append(low); hi.append(high)

    by_day_agent: dict[tuple[int, int], list[int]] = {}
    for (a, g), c in y_index.items():
        by_day_agent.setdefault((a, int(g_day[g])), []).append(c)
    for g in range(n_g):
        add([(y_index[a, g], 1.0) for a in range(n_a) if (a, g) in y_index], float(g_count[g]), float(g_count[g]))
    for (a, d), cs in by_day_agent.items():
        add([(c, 1.0) for c in cs], 0.0, 1.0)
    mean_h = float((g_hours * g_count).sum()) / n_a / max(1, len(weeks))
    for a, agent in enumerate(agents):
        h_lo, h_hi = _hours_limits(agent, rules)
        for week in weeks:
            cs = [(y_index[a, g], g_hours[g]) for g in range(n_g) if g_day[g] in week and (a, g) in y_index]
            week_days, week_hours = week_minimums(agent, rules, first, week)
            if "days" in enabled:
                add([(c, 1.0) for c, _ in cs], float(week_days), float(rules.max_days_per_week))
            if "hours" in enabled and (h_lo > 0 or math.isfinite(h_hi)):
                add(cs, week_hours, h_hi)
            if k and any((a, d) in o_index for d in week):
                add([(o_index[a, d], 1.0) for d in week if (a, d) in o_index], 1.0, np.inf)
                for d in week:
                    if (a, d) in o_index:
                        for step in range(k):
                            d2 = week[(d - week[0] + step) % 7]
                            add([(o_index[a, d], 1.0)] + [(c, 1.0) for c in by_day_agent.get((a, d2), [])],
                                -np.inf, 1.0)
        # balance: hours_a - mean = dev_plus - dev_minus (over the whole horizon)
        all_cs = [(y_index[a, g], g_hours[g]) for g in range(n_g) if (a, g) in y_index]
        add(all_cs + [(dev0 + 2 * a, -1.0), (dev0 + 2 * a + 1, 1.0)], mean_h * len(weeks), mean_h * len(weeks))
    if "rest" in enabled and rules.min_rest_h > 0:
        rest = np.timedelta64(int(round(rules.min_rest_h * 3600)), "s")
        # whole weeks repeat: the first day's shifts follow the last day's (shifted by the horizon)
        wrap = np.timedelta64(n_days, "D") if n_days % 7 == 0 and not carry_in else None
        for g in range(n_g):
            later = [g2 for g2 in range(n_g) if g_day[g2] > g_day[g] and g_start[g2] - g_end[g] < rest]
            if wrap is not None:
                later += [g2 for g2 in range(n_g) if g_day[g2] < g_day[g] and g_start[g2] + wrap - g_end[g] < rest]
            for d2 in sorted({int(g_day[g2]) for g2 in later}):
                conflict = [g2 for g2 in later if g_day[g2] == d2]
                for a in range(n_a):
                    if (a, g) in y_index:
                        add([(y_index[a, g], 1.0)] + [(y_index[a, g2], 1.0) for g2 in conflict if (a, g2) in y_index],
                            -np.inf, 1.0)
    c = np.zeros(n_vars)
    c[dev0:] = 1.0
    for col, extra in pref_cost.items():
        c[col] = extra
    integrality = np.zeros(n_vars)
    integrality[:dev0] = 1
    upper = np.concatenate([np.ones(dev0), np.full(2 * n_a, np.inf)])
    from scipy import sparse  # lazily: scipy is not on the app's start-up path

    problem = MilpProblem(c, sparse.csr_matrix((vals, (rows, cols)), shape=(len(lo), n_vars)), np.array(lo),
                          np.array(hi), np.zeros(n_vars), upper, integrality)
    result = solve_milp(problem, time_limit_s=rules.time_limit_s, mip_rel_gap=0.01, label="roster solver",
                        progress=progress, cancel=cancel, in_process=in_process)
    return _Solved(result, y_index)


@dataclass
class _Solved:
    milp: object
    y_index: dict

    @property
    def status(self):
        return self.milp.status

    @property
    def x(self):
        return self.milp.x

    @property
    def message(self):
        return self.milp.message


def _result(res: _Solved, groups, shifts, agents, n_days, first, rules) -> RosterResult:
    x = np.rint(res.x).astype(int)
    owner: dict[int, str] = {}
    for g in range(len(groups)):
        ids = list(groups["shift_id"].iloc[g])
        takers = [agents[a].name for a in range(len(agents)) if (a, g) in res.y_index and x[res.y_index[a, g]]]
        for sid, name in zip(ids, takers):
            owner[sid] = name
    if len(owner) != len(shifts):
        raise WfmError(f"internal: roster assigned {len(owner)} of {len(shifts)} shifts")
    milp = res.milp
    return roster_tables(shifts.assign(agent=shifts["shift_id"].map(owner)), agents, n_days, first,
                         {"status": milp.status_text, "solve_s": milp.solve_s, "method": "MILP"}, rules.late_start_min)
