"""Publish and re-plan: weeks already given to agents are locked; a re-solve keeps them, schedules the rest.

A layer above the solver and the roster, which are not changed:

1. :func:`lock_weeks` takes the first *n* weeks of a solved schedule (and its
   roster) as a table of **locked shifts** (the plan input
   ``schedule/locked``): shift, agent, template, day, start, end, paid hours,
   contract, cost, and ``breaks_min`` — each break as ``offset+length``
   minutes from the shift start (``90+15; 180+30``).
2. :func:`replan_requirement` removes the locked days from the requirement
   and subtracts what the locked shifts still cover after them — a night
   shift that starts on the last locked day and runs into the next week —
   from the requirement of those intervals (never below 0).
3. The shift mix is solved for the rest; :func:`merge_schedule` puts the
   locked shifts first (their ids 1…L), the new ones after, and recomputes
   coverage and the summary on the whole horizon against the original
   requirement.
4. The roster of the new shifts starts from the locked roster: each agent's
   last locked shift counts for the minimum rest (``carry_in``), and the
   locked assignments are kept as they were (:func:`merge_roster`).

On the command line (``--published SCHEDULE --lock-weeks N``) the locked shifts
come from a shift list written earlier (:func:`read_published`: the CSV of
``schedule -o s.csv`` or the Schedule sheet of its .xlsx).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.scheduling.demand import Requirement, overlap_fractions, prepare_requirement

LOCKED_COLUMNS = ("shift_id", "agent", "template", "day", "start", "end", "paid_h", "contract", "cost", "breaks",
                  "breaks_min")


def empty_locked() -> pd.DataFrame:
    return pd.DataFrame(columns=list(LOCKED_COLUMNS))


def lock_weeks(result, roster, weeks: int) -> pd.DataFrame:
    """The shifts of the schedule's first `weeks` weeks (7 days from its first day) as the locked table."""
    if weeks < 1:
        raise WfmError(f"locked weeks: {weeks} must be 1 or more")
    shifts = result.shifts
    if shifts.empty:
        raise WfmError("locked weeks: the schedule has no shifts to publish")
    first = pd.Timestamp(result.coverage["start"].min()).normalize()
    until = first + pd.Timedelta(days=7 * weeks)
    days = pd.to_datetime(shifts["day"])
    if until > pd.Timestamp(result.coverage["start"].max()).normalize() + pd.Timedelta(days=1):
        raise WfmError(f"locked weeks: the schedule has fewer than {weeks} whole week(s) "
                       f"(from {first:%a %d %b %Y})")
    keep = shifts[days < until].copy()
    agents = {}
    if roster is not None:
        agents = dict(zip(roster.assignments["shift_id"], roster.assignments["agent"]))
    keep["agent"] = keep["shift_id"].map(agents).fillna("")
    offsets = {}
    for sid, grp in result.breaks.groupby("shift_id"):
        start = pd.Timestamp(keep.loc[keep["shift_id"] == sid, "start"].iloc[0]) if (keep["shift_id"] == sid).any() \
            else None
        if start is None:
            continue
        offsets[sid] = "; ".join(f"{int((pd.Timestamp(b['start']) - start) / pd.Timedelta(minutes=1))}+"
                                 f"{int((pd.Timestamp(b['end']) - pd.Timestamp(b['start'])) / pd.Timedelta(minutes=1))}"
                                 for _, b in grp.sort_values("start").iterrows())
    keep["breaks_min"] = keep["shift_id"].map(offsets).fillna("")
    for col in LOCKED_COLUMNS:
        if col not in keep:
            keep[col] = ""
    keep = keep[list(LOCKED_COLUMNS)].sort_values(["start", "shift_id"]).reset_index(drop=True)
    keep["shift_id"] = np.arange(1, len(keep) + 1)
    return keep


def locked_frame(value) -> pd.DataFrame:
    """The locked table with its columns typed (a plan file keeps text); empty for None."""
    if value is None or (isinstance(value, pd.DataFrame) and value.empty):
        return empty_locked()
    frame = pd.DataFrame(value).copy()
    missing = [c for c in ("day", "start", "end", "paid_h") if c not in frame.columns]
    if missing:
        raise WfmError(f"locked shifts: column(s) {', '.join(missing)} missing")
    for col in ("day", "start", "end"):
        frame[col] = pd.to_datetime(frame[col])
    for col, default in (("agent", ""), ("template", "locked"), ("contract", "full"), ("cost", 0.0),
                         ("breaks", ""), ("breaks_min", "")):
        if col not in frame:
            frame[col] = default
    frame["paid_h"] = pd.to_numeric(frame["paid_h"]).astype(float)
    frame["cost"] = pd.to_numeric(frame["cost"], errors="coerce").fillna(0.0)
    frame["agent"] = frame["agent"].fillna("").astype(str)
    frame["breaks_min"] = frame["breaks_min"].fillna("").astype(str)
    frame["shift_id"] = np.arange(1, len(frame) + 1)
    return frame[list(LOCKED_COLUMNS)]


def locked_until(locked: pd.DataFrame) -> pd.Timestamp:
    """The first day after the locked weeks (whole weeks from the first locked day)."""
    first = pd.Timestamp(locked["day"].min()).normalize()
    span = (pd.Timestamp(locked["day"].max()).normalize() - first).days + 1
    return first + pd.Timedelta(days=7 * math.ceil(span / 7))


def _breaks(text: str) -> list[tuple[int, int]]:
    out = []
    for item in filter(None, (p.strip() for p in str(text).split(";"))):
        offset, _, length = item.partition("+")
        out.append((int(offset), int(length)))
    return out


def locked_coverage(locked: pd.DataFrame, origin: pd.Timestamp, interval_min: int, n_intervals: int,
                    wrap: bool = False) -> np.ndarray:
    """Agents on the phones per interval from the locked shifts (breaks taken off), on the grid from `origin`.

    With `wrap`, time past the grid's end counts at its start (the cyclic rule of a whole horizon,
    :func:`wfm_desktop.core.scheduling.demand.overlap_fractions`)."""
    out = np.zeros(n_intervals)
    for row in locked.itertuples(index=False):
        start = int((pd.Timestamp(row.start) - origin) / pd.Timedelta(minutes=1))
        end = int((pd.Timestamp(row.end) - origin) / pd.Timedelta(minutes=1))
        if end <= 0:
            continue
        lo = max(start, 0)
        for k, f in overlap_fractions(lo, end - lo, interval_min, n_intervals, wrap=wrap).items():
            out[k] += f
        for offset, length in _breaks(row.breaks_min):
            b0, b1 = max(start + offset, 0), start + offset + length
            if b1 > b0:
                for k, f in overlap_fractions(b0, b1 - b0, interval_min, n_intervals, wrap=wrap).items():
                    out[k] -= f
    return out


def _as_locked_rows(shifts: pd.DataFrame, breaks: pd.DataFrame) -> pd.DataFrame:
    """A solved schedule's shifts in the locked table's form (start, end, breaks as "offset+length;…")."""
    starts = dict(zip(shifts["shift_id"], pd.to_datetime(shifts["start"])))
    text: dict = {}
    for row in breaks.itertuples(index=False):
        s0 = starts.get(row.shift_id)
        if s0 is None:
            continue
        offset = int((pd.Timestamp(row.start) - s0) / pd.Timedelta(minutes=1))
        length = int((pd.Timestamp(row.end) - pd.Timestamp(row.start)) / pd.Timedelta(minutes=1))
        text.setdefault(row.shift_id, []).append(f"{offset}+{length}")
    return pd.DataFrame({"start": shifts["start"], "end": shifts["end"],
                         "breaks_min": [";".join(text.get(i, [])) for i in shifts["shift_id"]]})


def replan_requirement(frame: pd.DataFrame, locked: pd.DataFrame, *, queue: str | None = None
                       ) -> tuple[Requirement, Requirement]:
    """(the whole requirement on its grid, the requirement left to schedule after the locked weeks)."""
    full = prepare_requirement(frame, queue=queue)
    until = locked_until(locked)
    if until <= full.days[0]:
        return full, full
    if until > full.days[-1]:
        raise WfmError(f"locked weeks: the locked shifts run to {until - pd.Timedelta(days=1):%a %d %b %Y}, the "
                       f"end of the requirement ({full.days[-1]:%a %d %b %Y}); nothing is left to schedule")
    rest = full.frame[full.frame["start"] >= until].reset_index(drop=True).copy()
    carry = locked_coverage(locked, until, full.interval_min, len(rest))
    rest["required"] = np.maximum(rest["required"].to_numpy(dtype=float) - carry, 0.0)
    notes = (*full.notes, f"{int((until - full.days[0]).days // 7)} locked week(s) kept; "
             f"{float(carry.sum()) * full.interval_min / 60:.1f} agent-hours of locked shifts run past them")
    days = tuple(d for d in full.days if d >= until)
    return full, Requirement(rest, full.interval_min, full.column, days, notes)


def merge_schedule(new, locked: pd.DataFrame, full: Requirement):
    """The locked shifts and the new schedule as one ScheduleResult over the whole requirement."""
    from dataclasses import replace

    n_locked = len(locked)
    shifts_new = new.shifts.assign(shift_id=new.shifts["shift_id"] + n_locked)
    locked_shifts = locked.drop(columns=["agent", "breaks_min"]).copy()
    shifts = pd.concat([locked_shifts, shifts_new], ignore_index=True)
    rows = []
    for row in locked.itertuples(index=False):
        for i, (offset, length) in enumerate(_breaks(row.breaks_min)):
            b0 = pd.Timestamp(row.start) + pd.Timedelta(minutes=offset)
            rows.append({"shift_id": row.shift_id, "break": f"break {i + 1}", "paid": None, "start": b0,
                         "end": b0 + pd.Timedelta(minutes=length)})
    breaks = pd.concat([pd.DataFrame(rows, columns=list(new.breaks.columns)),
                        new.breaks.assign(shift_id=new.breaks["shift_id"] + n_locked)], ignore_index=True)
    mix = (shifts.groupby(["template", "day", "start", "end"], sort=True).size().rename("count").reset_index()
           if len(shifts) else new.mix)
    g = full.interval_min
    coverage = full.frame[["start", "required"]].copy()
    # the whole horizon under one rule: what runs past its last day counts on its first (the cyclic rule),
    # so the new schedule's last night lands on day 1 of the horizon, not on the first re-planned day
    scheduled = locked_coverage(locked, full.days[0], g, len(coverage), wrap=True) + locked_coverage(
        _as_locked_rows(new.shifts, new.breaks), full.days[0], g, len(coverage), wrap=True)
    extra = new.coverage.drop(columns=["required", "scheduled", "difference", "over", "under"])
    coverage = coverage.merge(extra, on="start", how="left")
    coverage.insert(2, "scheduled", scheduled)
    coverage["difference"] = scheduled - coverage["required"]
    coverage["over"] = np.maximum(coverage["difference"].to_numpy(), 0.0)
    coverage["under"] = np.maximum(-coverage["difference"].to_numpy(), 0.0) + 0.0
    hours = g / 60.0
    summary = {**new.summary, "shifts": len(shifts), "paid_h": float(shifts["paid_h"].sum()),
               "wage_cost": float(shifts["cost"].sum()), "required_h": float(coverage["required"].sum() * hours),
               "scheduled_h": float(scheduled.sum() * hours), "over_h": float(coverage["over"].sum() * hours),
               "under_h": float(coverage["under"].sum() * hours), "locked_shifts": n_locked,
               "locked_until": f"{locked_until(locked):%Y-%m-%d}"}
    notes = (*new.notes, f"{n_locked} shifts of the locked weeks kept as published (shifts 1–{n_locked}); the "
             "service level is computed for the re-planned days only")
    return replace(new, shifts=shifts, breaks=breaks, mix=mix, coverage=coverage, summary=summary, notes=notes)


def carry_in(locked: pd.DataFrame) -> dict[str, pd.Timestamp]:
    """Each rostered agent's last locked shift end (the minimum rest counts from it)."""
    named = locked[locked["agent"].astype(str) != ""]
    return {str(a): pd.Timestamp(e) for a, e in named.groupby("agent")["end"].max().items()}


def roster_agents(roster, agents, locked: pd.DataFrame) -> list:
    """The agents of the whole horizon: the roster's (Agent objects when given) and any locked-only names."""
    from wfm_desktop.core.scheduling.roster_agents import Agent

    given = {a.name: a for a in agents} if isinstance(agents, list) and agents and isinstance(agents[0], Agent) \
        else {}
    out = [given.get(name, Agent(str(name))) for name in roster.agents["agent"]]
    seen = {a.name for a in out}
    for name in sorted(set(locked["agent"].astype(str)) - seen - {""}):
        out.append(given.get(name, Agent(name)))
    return out


def merge_roster(roster, locked: pd.DataFrame, agents, rules):
    """The locked assignments and the new roster as one RosterResult over the whole horizon."""
    from wfm_desktop.core.scheduling.roster_result import roster_tables

    named = locked[locked["agent"].astype(str) != ""]
    n_locked = len(locked)
    new = roster.assignments.assign(shift_id=roster.assignments["shift_id"] + n_locked)
    frame = pd.concat([named.drop(columns=["breaks_min", "cost"], errors="ignore"), new], ignore_index=True)
    first = pd.Timestamp(frame["day"].min()).normalize()
    n_days = (pd.Timestamp(frame["day"].max()).normalize() - first).days + 1
    summary = {k: v for k, v in roster.summary.items() if k in ("status", "solve_s", "method")}
    summary["locked_shifts"] = len(named)
    return roster_tables(frame, agents, n_days, first, summary, rules.late_start_min)


PUBLISHED_COLUMNS = {"shift": "shift_id", "agent": "agent", "template": "template", "day": "day", "start": "start",
                     "end": "end", "paid hours": "paid_h", "contract": "contract", "cost": "cost", "breaks": "breaks"}


def read_published(path, *, first_day: pd.Timestamp, weeks: int | None = None) -> pd.DataFrame:
    """The shifts of a published schedule file (a shift list as ``wfm-desktop schedule -o`` writes it:
    .csv, or the Schedule sheet of an .xlsx) on the `weeks` whole weeks from `first_day` — the first
    day of the schedule to re-plan — as the locked table (:data:`LOCKED_COLUMNS`). Without `weeks`,
    every whole week of the file from `first_day` is kept. Breaks are read from the Breaks column
    (``break1 10:30-10:45; lunch 13:00-13:30``; a time before the shift's start is the next day)."""
    from pathlib import Path

    p = Path(path)
    where = f"published schedule {p.name}"
    if not p.is_file():
        raise WfmError(f"{where}: no such file")
    try:
        if p.suffix.lower() == ".xlsx":
            frame = pd.read_excel(p, sheet_name="Schedule", engine="calamine")
            where += ", sheet Schedule"
        elif p.suffix.lower() == ".csv":
            frame = pd.read_csv(p)
        else:
            raise WfmError(f"{where}: give the shift list as .csv or .xlsx (as `wfm-desktop schedule -o` writes it)")
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise WfmError(f"{where}: cannot be read as a shift list ({exc})") from None
    frame = frame.rename(columns={c: PUBLISHED_COLUMNS.get(str(c).strip().lower(), str(c)) for c in frame.columns})
    missing = [name for name, col in PUBLISHED_COLUMNS.items() if col not in frame.columns and col != "agent"]
    if missing:
        raise WfmError(f"{where}: missing column(s) {', '.join(repr(m.capitalize()) for m in missing)} (the columns "
                       "of a shift list: Shift, Agent, Template, Day, Start, End, Paid hours, Contract, Cost, Breaks, as "
                       "`wfm-desktop schedule -o SCHEDULE.csv` writes it; a plan workbook's Schedule sheet counts "
                       "identical shifts and cannot be read back)")
    if "agent" not in frame.columns:
        frame["agent"] = ""
    for column in ("day", "start", "end"):
        parsed = pd.to_datetime(frame[column], errors="coerce")
        bad = parsed.isna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise WfmError(f"{where}, row {row + 2}, column {column.capitalize()!r}: {frame[column].iloc[row]!r} is "
                           "not a date and time")
        frame[column] = parsed
    for column in ("paid_h", "cost"):
        values = pd.to_numeric(frame[column], errors="coerce")
        if values.isna().any():
            row = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise WfmError(f"{where}, row {row + 2}, column {column!r}: {frame[column].iloc[row]!r} is not a number")
        frame[column] = values.astype(float)
    first_day = pd.Timestamp(first_day).normalize()
    days = frame["day"].dt.normalize()
    if weeks is None:
        span = (days.max() - first_day).days + 1
        weeks = span // 7
        if weeks < 1:
            raise WfmError(f"{where}: it holds no whole week from {first_day:%a %d %b %Y} (the first day to "
                           "schedule); give --lock-weeks, or a schedule of at least a week")
    elif weeks < 1:
        raise WfmError(f"locked weeks: {weeks} must be 1 or more")
    until = first_day + pd.Timedelta(days=7 * weeks)
    keep = frame[(days >= first_day) & (days < until)].copy()
    if keep.empty:
        raise WfmError(f"{where}: no shift from {first_day:%a %d %b %Y} to {until - pd.Timedelta(days=1):%a %d %b %Y} "
                       "(the weeks to keep); is it the schedule of these days?")
    if days[(days >= first_day)].max() < until - pd.Timedelta(days=1):
        raise WfmError(f"{where}: its shifts end on {days.max():%a %d %b %Y}, before the {weeks} locked week(s) "
                       f"end ({until - pd.Timedelta(days=1):%a %d %b %Y})")
    keep["agent"] = keep["agent"].fillna("").astype(str)
    keep["breaks"] = keep["breaks"].fillna("").astype(str)
    keep["breaks_min"] = [_break_offsets(text, start, f"{where}, row {i + 2}, column 'Breaks'")
                          for i, text, start in zip(keep.index, keep["breaks"], keep["start"])]
    keep = keep[list(LOCKED_COLUMNS)].sort_values(["start", "shift_id"]).reset_index(drop=True)
    keep["shift_id"] = np.arange(1, len(keep) + 1)
    return keep


def _break_offsets(text: str, start: pd.Timestamp, where: str) -> str:
    """``break1 10:30-10:45; lunch 13:00-13:30`` on a shift from `start` → ``150+15; 300+30``."""
    out = []
    start_min = start.hour * 60 + start.minute
    for item in filter(None, (part.strip() for part in text.split(";"))):
        span = item.split()[-1]
        try:
            a, b = (int(x.split(":")[0]) * 60 + int(x.split(":")[1]) for x in span.split("-"))
        except (ValueError, IndexError):
            raise WfmError(f"{where}: {item!r} is not a break as 'name HH:MM-HH:MM'") from None
        offset = (a - start_min) % 1440
        length = (b - a) % 1440
        out.append(f"{offset}+{length}")
    return "; ".join(out)
