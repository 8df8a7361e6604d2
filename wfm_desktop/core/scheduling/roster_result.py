"""What a roster gives back: assignments, the agents × days grid, per-agent totals and fairness figures."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class RosterResult:
    """``assignments``: one row per shift with its agent; ``grid``: agents × days; ``agents``: totals."""

    assignments: pd.DataFrame
    grid: pd.DataFrame
    agents: pd.DataFrame
    summary: dict
    notes: tuple[str, ...] = field(default=())

    def summary_line(self) -> str:
        """One line for the CLI and the Schedule page: shifts, agents, spread between agents, preferences met."""
        s = self.summary

        def share(v):
            return "n/a" if v is None or v != v else f"{v:.0%}"

        def num(key):
            v = s.get(key)
            return "n/a" if v is None or v != v else f"{v:g}"

        return (f"roster: {s['shifts']} shifts to {s['agents']} agents ({s['status']}); spread between agents: "
                f"{num('weekend_days_spread')} weekend days, {num('late_shifts_spread')} late shifts, "
                f"{num('hours_spread')} paid hours; preferred starts met {share(s.get('preferred_start_met'))}, "
                f"preferred days off kept {share(s.get('preferred_days_off_met'))}")


def roster_tables(frame: pd.DataFrame, agents, n_days, first, summary: dict, late_start_min: int) -> RosterResult:
    """Assignments, the agents × days grid, per-agent totals and the summary with the fairness figures.

    A late shift starts at `late_start_min` (minutes after midnight) or later, or runs past midnight.
    """
    frame = frame.reset_index(drop=True)
    start, end = pd.to_datetime(frame["start"]), pd.to_datetime(frame["end"])
    late = ((start.dt.hour * 60 + start.dt.minute) >= late_start_min) | (end.dt.normalize() > start.dt.normalize())
    assignments = frame.assign(late=late.to_numpy()).sort_values(["agent", "start"])
    cols = [c for c in ("agent", "shift_id", "template", "day", "start", "end", "paid_h", "contract", "breaks",
                        "late") if c in assignments.columns]
    assignments = assignments[cols].reset_index(drop=True)
    labels = [f"{first + pd.Timedelta(days=d):%a %d %b}" for d in range(n_days)]
    start, end = pd.to_datetime(assignments["start"]), pd.to_datetime(assignments["end"])
    text = (start.dt.strftime("%H:%M") + "-" + end.dt.strftime("%H:%M")
            + np.where(end.dt.normalize() > start.dt.normalize(), "+1", ""))
    day_label = pd.to_datetime(assignments["day"]).dt.strftime("%a %d %b")
    grid = (pd.DataFrame({"agent": assignments["agent"], "label": day_label, "text": text})
            .pivot(index="agent", columns="label", values="text")
            .reindex(index=[a.name for a in agents], columns=labels).fillna("off"))
    grid.index.name = "agent"
    grid.columns.name = None
    weekend = pd.to_datetime(assignments["day"]).dt.day_of_week >= 5
    totals = assignments.assign(weekend=weekend).groupby("agent").agg(
        days=("shift_id", "size"), paid_h=("paid_h", "sum"), weekend_days=("weekend", "sum"),
        late_shifts=("late", "sum"))
    table = pd.DataFrame({"agent": [a.name for a in agents], "contract": [a.contract for a in agents]})
    table = table.merge(totals, left_on="agent", right_index=True, how="left").fillna(
        {"days": 0, "paid_h": 0.0, "weekend_days": 0, "late_shifts": 0})
    table = table.astype({"days": int, "weekend_days": int, "late_shifts": int})
    summary = {"status": "", "solve_s": 0.0, **summary, "agents": len(agents), "shifts": len(assignments),
               **_fairness(assignments, table, agents, first, n_days)}
    return RosterResult(assignments, grid.reset_index(), table, summary)


def _fairness(assignments, table, agents, first, n_days) -> dict:
    """Spread of hours, weekend days and late shifts; preferences met (shares of the shifts / days concerned)."""
    by_name = {a.name: a for a in agents}
    start = pd.to_datetime(assignments["start"])
    tod = (start.dt.hour * 60 + start.dt.minute).to_numpy()
    pref = [by_name[n].preferred_start for n in assignments["agent"]]
    has_pref = np.array([p is not None for p in pref])
    met = np.array([p is not None and p[0] <= t <= p[1] for p, t in zip(pref, tod)])
    weekday = pd.to_datetime(assignments["day"]).dt.day_of_week.to_numpy()
    wants_off = np.array([wd in by_name[n].preferred_days_off for n, wd in zip(assignments["agent"], weekday)])
    asked = sum(sum(1 for d in range(n_days) if (first + pd.Timedelta(days=d)).weekday() in a.preferred_days_off)
                for a in agents)
    worked = table[table["days"] > 0]

    def spread(col):
        return float(np.ptp(worked[col].to_numpy())) if len(worked) else 0.0

    return {"hours_spread": spread("paid_h"), "weekend_days_spread": spread("weekend_days"),
            "late_shifts_spread": spread("late_shifts"),
            "preferred_start_met": float(met[has_pref].mean()) if has_pref.any() else None,
            "preferred_days_off_met": (1.0 - float(wants_off.sum()) / asked) if asked else None}
