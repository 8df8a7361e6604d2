"""An independent check of a roster against the rules as docs/scheduling.md ("Rosters") states them.

Written from the documented rules with plain loops over the shifts, sharing
no code with the solver (neither its constraints nor its arrays), so a roster
that passes here keeps the rules whatever method built it.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd


def check_roster(assignments: pd.DataFrame, shifts: pd.DataFrame, agents, rules, *, repeating: bool = True) -> list[str]:
    """Every broken rule as a sentence (an empty list when the roster keeps them all)."""
    problems: list[str] = []
    by_name = {a.name: a for a in agents}
    first = pd.Timestamp(min(shifts["day"])).normalize()
    last = pd.Timestamp(max(shifts["day"])).normalize()
    n_days = (last - first).days + 1
    # every shift worked exactly once, by a known agent
    wanted = sorted(int(s) for s in shifts["shift_id"])
    given = sorted(int(s) for s in assignments["shift_id"])
    if wanted != given:
        problems.append(f"shifts: {len(given)} assigned against {len(wanted)} scheduled (or ids differ)")
    for name in set(assignments["agent"]):
        if name not in by_name:
            problems.append(f"unknown agent {name!r}")
    rows_by_agent: dict[str, list[dict]] = {}
    for row in assignments.to_dict("records"):
        rows_by_agent.setdefault(row["agent"], []).append(row)
    for name, rows in rows_by_agent.items():
        agent = by_name.get(name)
        if agent is None:
            continue
        rows.sort(key=lambda r: pd.Timestamp(r["start"]))
        day_of = [(pd.Timestamp(r["day"]).normalize() - first).days for r in rows]
        if len(set(day_of)) != len(day_of):
            problems.append(f"{name}: more than one shift on a day")
        worked = set(day_of)
        whole_days = set()
        for d in range(n_days):
            date = first + timedelta(days=d)
            if date in set(pd.Timestamp(t).normalize() for t in agent.time_off) or any(
                    wd == date.weekday() and lo == 0 and hi == 1440 for wd, lo, hi in agent.unavailable):
                whole_days.add(d)
        for w0 in range(0, n_days, 7):
            week = list(range(w0, min(w0 + 7, n_days)))
            n_work = sum(1 for d in week if d in worked)
            if n_work > rules.max_days_per_week:
                problems.append(f"{name}: {n_work} days in the week from day {w0 + 1} (max {rules.max_days_per_week})")
            if len(week) == 7:
                need = max(0, rules.min_days_per_week - sum(1 for d in week if d in whole_days))
                if n_work < need:
                    problems.append(f"{name}: {n_work} days in the week from day {w0 + 1} (min {need})")
                k = rules.min_consecutive_days_off
                if k and not any(all(week[(i + j) % 7] not in worked for j in range(k)) for i in range(7)):
                    problems.append(f"{name}: no {k} days off in a row in the week from day {w0 + 1}")
            hours = sum(float(r["paid_h"]) for r, d in zip(rows, day_of) if d in week)
            lo = agent.min_hours_per_week if agent.min_hours_per_week is not None else rules.min_hours_per_week
            hi = agent.max_hours_per_week if agent.max_hours_per_week is not None else rules.max_hours_per_week
            if hi is not None and hours > hi + 1e-6:
                problems.append(f"{name}: {hours:g} h in the week from day {w0 + 1} (max {hi:g})")
            if lo is not None and len(week) == 7:
                # each day of time off lowers the minimum by minimum ÷ most working days
                days_off = sum(1 for d in week if first + timedelta(days=d) in
                               set(pd.Timestamp(t).normalize() for t in agent.time_off))
                need_h = lo - lo / rules.max_days_per_week * days_off if rules.max_days_per_week else lo
                if hours < need_h - 1e-6:
                    problems.append(f"{name}: {hours:g} h in the week from day {w0 + 1} (min {need_h:g})")
        rest = timedelta(hours=rules.min_rest_h)
        for a, b in zip(rows, rows[1:]):
            if pd.Timestamp(b["start"]) - pd.Timestamp(a["end"]) < rest:
                problems.append(f"{name}: rest from {a['end']} to {b['start']} is under {rules.min_rest_h:g} h")
        if rows and n_days % 7 == 0 and repeating:  # whole weeks repeat
            gap = pd.Timestamp(rows[0]["start"]) + timedelta(days=n_days) - pd.Timestamp(rows[-1]["end"])
            if gap < rest:
                problems.append(f"{name}: rest from the last shift to the first (the weeks repeat) is under "
                                f"{rules.min_rest_h:g} h")
        for r in rows:
            start, end = pd.Timestamp(r["start"]), pd.Timestamp(r["end"])
            if agent.contract != "any" and r["contract"] != agent.contract:
                problems.append(f"{name}: {r['contract']}-time shift for a {agent.contract}-time agent")
            if pd.Timestamp(r["day"]).normalize() in set(pd.Timestamp(t).normalize() for t in agent.time_off):
                problems.append(f"{name}: works on a day of time off ({r['day']})")
            for offset in (0, 1):
                date = start.normalize() + timedelta(days=offset)
                for wd, lo, hi in agent.unavailable:
                    if date.weekday() == wd:
                        w_lo, w_hi = date + timedelta(minutes=lo), date + timedelta(minutes=hi)
                        if start < w_hi and end > w_lo:
                            problems.append(f"{name}: shift {start}–{end} overlaps the unavailable window "
                                            f"{date:%a} {lo}-{hi} min")
    return problems


def fairness(assignments: pd.DataFrame, *, late_start_min: int = 14 * 60) -> pd.DataFrame:
    """Per agent over every assignment given (the whole horizon, published weeks included): weekend days
    worked (Saturday and Sunday) and late shifts (starting at `late_start_min` or later, or running past
    midnight), counted with plain loops from the documented definitions."""
    counts: dict[str, dict] = {}
    for row in assignments.to_dict("records"):
        name = str(row["agent"])
        if not name:
            continue
        c = counts.setdefault(name, {"weekend_days": set(), "late_shifts": 0})
        day = pd.Timestamp(row["day"]).normalize()
        start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
        if day.weekday() >= 5:
            c["weekend_days"].add(day)
        minute = start.hour * 60 + start.minute + (start.normalize() - day).days * 1440
        if minute >= late_start_min or end > day + timedelta(days=1):
            c["late_shifts"] += 1
    return pd.DataFrame([{"agent": n, "weekend_days": len(c["weekend_days"]), "late_shifts": c["late_shifts"]}
                         for n, c in sorted(counts.items())]).set_index("agent")


def check_fairness(assignments: pd.DataFrame, agents, *, max_weekend_spread: int, max_late_spread: int,
                   late_start_min: int = 14 * 60) -> list[str]:
    """Fairness over the whole horizon (docs/scheduling.md, "Fairness"): between agents who could work the
    same shifts (same contract, no time off, no unavailable windows, no preferred days off), the weekend
    days worked and the late shifts differ by at most the given spreads. The assignments must be the
    whole horizon's — the published weeks' included — so that re-planned weeks make up for them."""
    table = fairness(assignments, late_start_min=late_start_min)
    comparable: dict[str, list[str]] = {}
    for agent in agents:
        if agent.time_off or agent.unavailable or agent.preferred_days_off or agent.name not in table.index:
            continue
        comparable.setdefault(agent.contract, []).append(agent.name)
    problems = []
    for contract, names in comparable.items():
        part = table.loc[names]
        for column, limit in (("weekend_days", max_weekend_spread), ("late_shifts", max_late_spread)):
            most, least = part[column].idxmax(), part[column].idxmin()
            spread = int(part[column].max() - part[column].min())
            if spread > limit:
                problems.append(f"{column.replace('_', ' ')}: {most} {int(part.loc[most, column])}, {least} "
                                f"{int(part.loc[least, column])} over the whole horizon (spread {spread} > {limit})")
    return problems
