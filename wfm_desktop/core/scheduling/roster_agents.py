"""Roster agents: who they are, when they cannot work, what they prefer; and the agents file.

An :class:`Agent` carries its hard limits (contract type, contracted hours per
week, dates of time off, weekly unavailable windows) and its soft preferences
(a preferred window of start times, preferred days off). The agents file is a
CSV or an Excel sheet, one row per agent:

=====================  =======================================================
column                 meaning (only ``name`` is required; blank = no limit)
=====================  =======================================================
``name``               unique name
``contract``           ``any`` (default), ``full`` or ``part``
``min_hours``          fewest paid hours a week
``max_hours``          most paid hours a week
``time_off``           dates off, ``;``-separated; a range ``2026-01-12..2026-01-16``
``unavailable``        weekly windows, ``;``-separated: ``Mon 00:00-12:00``, ``Sat``
                       (the whole day), ``Mon-Fri 18:00-24:00``
``preferred_start``    ``07:00-09:00``: starts in this window are preferred
``preferred_days_off`` ``Sat,Sun`` or ``Sat-Sun``
=====================  =======================================================

A bad cell raises a WfmError naming the file, the row (as the spreadsheet
numbers it, header = row 1) and the column.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wfm_desktop.core.errors import WfmError

CONTRACT_TYPES = ("any", "full", "part")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
COLUMNS = ("name", "contract", "min_hours", "max_hours", "time_off", "unavailable", "preferred_start",
           "preferred_days_off")


@dataclass(frozen=True)
class Agent:
    """A person on the roster; hours limits override the rules' when given.

    ``time_off``: dates (midnight timestamps) the agent works no shift;
    ``unavailable``: weekly windows ``(weekday 0=Mon, from_min, to_min)`` no
    shift may overlap; ``preferred_start``: ``(from_min, to_min)`` of the start
    time of day; ``preferred_days_off``: weekdays (0=Mon).
    """

    name: str
    contract: str = "any"
    min_hours_per_week: float | None = None
    max_hours_per_week: float | None = None
    time_off: tuple = field(default=())
    unavailable: tuple = field(default=())
    preferred_start: tuple | None = None
    preferred_days_off: tuple = field(default=())

    def __post_init__(self) -> None:
        if self.contract not in CONTRACT_TYPES:
            raise WfmError(f"agent {self.name!r}: contract {self.contract!r} is not one of {', '.join(CONTRACT_TYPES)}")
        object.__setattr__(self, "time_off", tuple(sorted({pd.Timestamp(d).normalize() for d in self.time_off})))
        for wd, lo, hi in self.unavailable:
            if not (0 <= wd <= 6 and 0 <= lo < hi <= 1440):
                raise WfmError(f"agent {self.name!r}: unavailable window {wd} {lo}-{hi} is not a weekday 0-6 with "
                               "a time range within the day")


def _weekday_set(text: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        if part.lower() == "all":
            return list(range(7))
        ends = part.split("-")
        try:
            idx = [[w.lower() for w in WEEKDAYS].index(e.strip().lower()[:3]) for e in ends]
        except ValueError:
            raise ValueError(f"{part!r} is not a weekday (Mon … Sun) or a range such as Mon-Fri") from None
        if len(idx) == 1:
            out.append(idx[0])
        elif len(idx) == 2:
            a, b = idx
            out.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        else:
            raise ValueError(f"{part!r} is not a weekday or a range such as Mon-Fri")
    return sorted(set(out))


def _minutes(text: str) -> int:
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if not m or int(m.group(2)) >= 60 or int(m.group(1)) * 60 + int(m.group(2)) > 1440:
        raise ValueError(f"{text!r} is not a time of day HH:MM (00:00 to 24:00)")
    return int(m.group(1)) * 60 + int(m.group(2))


def parse_window(text: str) -> tuple[int, int]:
    """``"07:00-09:30"`` → (420, 570)."""
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a time window HH:MM-HH:MM")
    lo, hi = _minutes(parts[0]), _minutes(parts[1])
    if hi <= lo:
        raise ValueError(f"{text!r}: the window must end after it starts")
    return lo, hi


def parse_unavailable(text: str) -> tuple[tuple[int, int, int], ...]:
    """``"Mon 00:00-12:00; Sat"`` → ((0, 0, 720), (5, 0, 1440))."""
    out = []
    for item in filter(None, (p.strip() for p in text.split(";"))):
        days, _, times = item.partition(" ")
        lo, hi = parse_window(times) if times.strip() else (0, 1440)
        out.extend((wd, lo, hi) for wd in _weekday_set(days))
    return tuple(out)


def parse_dates(text: str) -> tuple[pd.Timestamp, ...]:
    """``"2026-01-12; 2026-01-14..2026-01-16"`` → the five... dates listed (ranges inclusive)."""
    out = []
    for item in filter(None, (p.strip() for p in re.split(r"[;,]", text))):
        a, sep, b = item.partition("..")
        try:
            first = pd.Timestamp(a.strip()).normalize()
            last = pd.Timestamp(b.strip()).normalize() if sep else first
        except (ValueError, TypeError):
            raise ValueError(f"{item!r} is not a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD") from None
        if last < first or (last - first).days > 366:
            raise ValueError(f"{item!r}: the range must run forwards and last at most a year")
        out.extend(pd.date_range(first, last, freq="D"))
    return tuple(out)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return str(value).strip()


def agents_from_frame(frame: pd.DataFrame, source: str = "agents") -> list[Agent]:
    """Agents from a table with the columns of the module docstring; errors name source, row and column."""
    frame = frame.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
    if "name" not in frame.columns and "agent" in frame.columns:
        frame = frame.rename(columns={"agent": "name"})
    if "name" not in frame.columns:
        raise WfmError(f"{source}: no 'name' column (columns found: {', '.join(map(str, frame.columns))}); "
                       f"the agents file has the columns {', '.join(COLUMNS)}")
    unknown = [c for c in frame.columns if c not in COLUMNS]
    if unknown:
        raise WfmError(f"{source}: unknown column(s) {', '.join(unknown)}; the agents file has the columns "
                       f"{', '.join(COLUMNS)}")
    agents, seen = [], {}
    for i, row in enumerate(frame.to_dict("records")):
        line = i + 2
        cells = {c: _cell(row.get(c)) for c in COLUMNS}
        if not any(cells.values()):
            continue
        column = "name"
        try:
            name = cells["name"]
            if not name:
                raise ValueError("the name is empty")
            if name in seen:
                raise ValueError(f"{name!r} is already on row {seen[name]}")
            seen[name] = line
            column = "contract"
            contract = cells["contract"].lower() or "any"
            if contract not in CONTRACT_TYPES:
                raise ValueError(f"{contract!r} is not one of {', '.join(CONTRACT_TYPES)}")
            hours = {}
            for column in ("min_hours", "max_hours"):
                text = cells[column]
                hours[column] = None if not text else float(text)
                if hours[column] is not None and not 0 <= hours[column] <= 168:
                    raise ValueError(f"{text} is not from 0 to 168 hours")
            if hours["min_hours"] is not None and hours["max_hours"] is not None \
                    and hours["min_hours"] > hours["max_hours"]:
                raise ValueError("min_hours is more than max_hours")
            column = "time_off"
            time_off = parse_dates(cells["time_off"])
            column = "unavailable"
            unavailable = parse_unavailable(cells["unavailable"])
            column = "preferred_start"
            preferred = parse_window(cells["preferred_start"]) if cells["preferred_start"] else None
            column = "preferred_days_off"
            days_off = tuple(_weekday_set(cells["preferred_days_off"]))
        except ValueError as exc:
            text = str(exc)
            if text.startswith("could not convert"):
                text = f"{cells[column]!r} is not a number"
            raise WfmError(f"{source}, row {line}, column '{column}': {text}") from None
        agents.append(Agent(name, contract, hours["min_hours"], hours["max_hours"], time_off, unavailable,
                            preferred, days_off))
    if not agents:
        raise WfmError(f"{source}: no agents (one row per agent under a 'name' header)")
    return agents


def read_agents(path, sheet: str | None = None) -> list[Agent]:
    """Agents from a .csv / .xlsx file (or a text file of one name per line)."""
    path = Path(path)
    if not path.is_file():
        raise WfmError(f"agents file {path} does not exist")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=object)
        else:
            text = path.read_text(encoding="utf-8-sig")
            first = text.splitlines()[0].strip().lower() if text.strip() else ""
            if "," not in first and first not in ("name", "agent"):
                names = [ln.strip() for ln in text.splitlines()]
                frame = pd.DataFrame({"name": names})
            else:
                from io import StringIO

                frame = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise WfmError(f"agents file {path.name}: cannot be read ({exc})") from None
    return agents_from_frame(frame, source=f"agents file {path.name}" + (f", sheet {sheet}" if sheet else ""))


def agents_to_frame(agents: list[Agent]) -> pd.DataFrame:
    """The agents as the file's columns (for saving and for the Schedule page's table)."""
    def window(lo, hi):
        return f"{lo // 60:02d}:{lo % 60:02d}-{hi // 60:02d}:{hi % 60:02d}"

    rows = []
    for a in agents:
        rows.append({
            "name": a.name, "contract": a.contract,
            "min_hours": "" if a.min_hours_per_week is None else f"{a.min_hours_per_week:g}",
            "max_hours": "" if a.max_hours_per_week is None else f"{a.max_hours_per_week:g}",
            "time_off": "; ".join(f"{d:%Y-%m-%d}" for d in a.time_off),
            "unavailable": "; ".join(f"{WEEKDAYS[w]} {window(lo, hi)}" for w, lo, hi in a.unavailable),
            "preferred_start": "" if a.preferred_start is None else window(*a.preferred_start),
            "preferred_days_off": ",".join(WEEKDAYS[w] for w in a.preferred_days_off),
        })
    return pd.DataFrame(rows, columns=list(COLUMNS))
