"""Shift templates: the kinds of shift a planner is allowed to schedule.

A template says when a shift may start (a window and a step), how long it is
paid, which breaks it carries and where they may be placed, on which weekdays
it runs, whether it is full- or part-time, how many of it may run per day and
what a paid hour costs. The scheduler (:mod:`wfm_desktop.core.scheduling.shift_mix`)
chooses how many of each template start at each allowed time on each day.

Times of day are ``HH:MM`` (``07:30``); break windows are offsets from the
shift start, ``H:MM-H:MM`` (``3:00-5:00``: the break *starts* 3 to 5 hours
after the shift starts); lengths are whole minutes. Unpaid breaks (lunch)
lengthen the time on site: a shift of 480 paid minutes with a 30-minute unpaid
lunch lasts 8 h 30 from start to end. Paid breaks are inside the paid time.

The windows of the breaks of one template may not overlap (each must end
before the next may start), so any placement the scheduler picks is a valid
day for the agent. Formats of the CSV and JSON files: ``docs/scheduling.md``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from wfm_desktop.core import limits
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.formula_safety import escape, unescape
from wfm_desktop.core.files import write_atomic

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CONTRACTS = ("full", "part")
CSV_COLUMNS = (
    "name", "start_earliest", "start_latest", "start_step_min", "paid_length_min", "breaks",
    "weekdays", "contract", "min_count", "max_count", "cost_per_hour",
)
JSON_SCHEMA = "wfm_desktop.shift_templates"
JSON_VERSION = 1


@dataclass(frozen=True)
class BreakRule:
    """One break of a shift: its length and where its start may be placed.

    ``earliest_min``/``latest_min`` are minutes after the shift start at which
    the break may begin (inclusive).
    """

    name: str
    length_min: int
    paid: bool
    earliest_min: int
    latest_min: int

    @property
    def window_text(self) -> str:
        return f"{format_duration(self.earliest_min)}-{format_duration(self.latest_min)}"

    def to_text(self) -> str:
        return f"{self.name} {self.length_min} {'paid' if self.paid else 'unpaid'} {self.window_text}"


@dataclass(frozen=True)
class ShiftTemplate:
    """A kind of shift. ``min_count``/``max_count`` limit how many run per day."""

    name: str
    start_earliest_min: int
    start_latest_min: int
    start_step_min: int
    paid_length_min: int
    breaks: tuple[BreakRule, ...] = ()
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(7)))
    contract: str = "full"
    min_count: int = 0
    max_count: int | None = None
    cost_per_hour: float = 0.0

    @property
    def unpaid_min(self) -> int:
        return sum(b.length_min for b in self.breaks if not b.paid)

    @property
    def span_min(self) -> int:
        """Minutes from start to end (paid time plus unpaid breaks)."""
        return self.paid_length_min + self.unpaid_min

    @property
    def paid_hours(self) -> float:
        return self.paid_length_min / 60.0

    def start_offsets_min(self) -> list[int]:
        """Allowed start times, minutes after midnight of the shift's day."""
        return list(range(self.start_earliest_min, self.start_latest_min + 1, self.start_step_min))

    def runs_on(self, weekday: int) -> bool:
        return weekday in self.weekdays

    def to_record(self) -> dict:
        """The template as a flat record (the CSV row / JSON object)."""
        return {
            "name": self.name,
            "start_earliest": format_clock(self.start_earliest_min),
            "start_latest": format_clock(self.start_latest_min),
            "start_step_min": self.start_step_min,
            "paid_length_min": self.paid_length_min,
            "breaks": "; ".join(b.to_text() for b in self.breaks),
            "weekdays": format_weekdays(self.weekdays),
            "contract": self.contract,
            "min_count": self.min_count,
            "max_count": "" if self.max_count is None else self.max_count,
            "cost_per_hour": self.cost_per_hour,
        }


# ---------------------------------------------------------------- parsing helpers

_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_clock(text: object, where: str) -> int:
    """``"07:30"`` → 450 (minutes after midnight); 00:00 to 23:59."""
    m = _CLOCK.match(str(text))
    if not m or int(m.group(2)) > 59 or int(m.group(1)) > 23:
        raise WfmError(f"{where}: {text!r} is not a time of day (HH:MM, 00:00 to 23:59)")
    return int(m.group(1)) * 60 + int(m.group(2))


def parse_duration(text: object, where: str) -> int:
    """``"3:30"`` or ``"210"`` → 210 minutes."""
    s = str(text).strip()
    m = _CLOCK.match(s)
    if m and int(m.group(2)) <= 59:
        return int(m.group(1)) * 60 + int(m.group(2))
    if re.fullmatch(r"\d+", s):
        return int(s)
    raise WfmError(f"{where}: {text!r} is not a duration (H:MM or whole minutes)")


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_duration(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _int(value: object, where: str, *, minimum: int = 0, required: bool = True,
         blank: int | None = None, maximum: int = limits.MAX_AGENTS) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        if required:
            raise WfmError(f"{where}: a whole number is required")
        return blank
    try:
        number = float(str(value).strip())
    except ValueError:
        raise WfmError(f"{where}: {value!r} is not a whole number") from None
    if not math.isfinite(number) or number != int(number):
        raise WfmError(f"{where}: {value!r} is not a whole number")
    if number < minimum:
        raise WfmError(f"{where}: {int(number)} is below the minimum {minimum}")
    if number > maximum:
        raise WfmError(f"{where}: {number:g} is above the most the app accepts ({maximum:,})")
    return int(number)


def parse_weekdays(text: object, where: str) -> frozenset[int]:
    """``"Mon-Fri"``, ``"Mon,Wed,Sat-Sun"``, ``"all"`` or a list of names → weekday numbers (Mon = 0)."""
    parts = text if isinstance(text, (list, tuple)) else re.split(r"[,;\s]+", str(text).strip())
    days: set[int] = set()
    lookup = {d.lower(): i for i, d in enumerate(WEEKDAYS)}
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if part.lower() in ("all", "daily", "mon-sun"):
            days.update(range(7))
            continue
        ends = part.split("-")
        try:
            idx = [lookup[e.strip()[:3].lower()] for e in ends]
        except KeyError:
            raise WfmError(f"{where}: {part!r} is not a weekday (Mon … Sun, ranges like Mon-Fri)") from None
        if len(idx) == 1:
            days.add(idx[0])
        elif len(idx) == 2:
            i = idx[0]
            while True:
                days.add(i)
                if i == idx[1]:
                    break
                i = (i + 1) % 7
        else:
            raise WfmError(f"{where}: {part!r} is not a weekday range")
    if not days:
        raise WfmError(f"{where}: at least one weekday is required")
    return frozenset(days)


def format_weekdays(days: frozenset[int]) -> str:
    if days == frozenset(range(7)):
        return "Mon-Sun"
    ordered = sorted(days)
    runs: list[list[int]] = []
    for d in ordered:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ",".join(WEEKDAYS[r[0]] if len(r) == 1 else f"{WEEKDAYS[r[0]]}-{WEEKDAYS[r[-1]]}" for r in runs)


def parse_break(text: str, where: str) -> BreakRule:
    """``"lunch 30 unpaid 3:00-5:00"`` → BreakRule."""
    words = text.split()
    if len(words) != 4 or words[2].lower() not in ("paid", "unpaid") or "-" not in words[3]:
        raise WfmError(
            f"{where}: {text.strip()!r} is not a break; write NAME LENGTH_MIN paid|unpaid EARLIEST-LATEST, "
            "e.g. 'lunch 30 unpaid 3:00-5:00'"
        )
    name, length, paid, window = words
    early, late = window.split("-", 1)
    return _break(name, length, paid.lower() == "paid", early, late, where)


def _break(name: str, length: object, paid: bool, early: object, late: object, where: str) -> BreakRule:
    length_min = _int(length, f"{where}, break {name!r} length_min", minimum=1)
    earliest = parse_duration(early, f"{where}, break {name!r} window start")
    latest = parse_duration(late, f"{where}, break {name!r} window end")
    if latest < earliest:
        raise WfmError(f"{where}, break {name!r}: the window ends ({format_duration(latest)}) before it starts "
                       f"({format_duration(earliest)})")
    return BreakRule(name, length_min, paid, earliest, latest)


# ---------------------------------------------------------------- building and validation

def template_from_record(record: dict, where: str) -> ShiftTemplate:
    """Build and validate one template from a CSV row or JSON object.

    `where` names the place for messages, e.g. ``"templates.csv row 3"``.
    """
    def get(key, default=None):
        value = record.get(key, default)
        if isinstance(value, float) and math.isnan(value):
            return default
        return default if value is None or (isinstance(value, str) and value.strip() == "") else value

    name = str(get("name", "")).strip()
    if not name:
        raise WfmError(f"{where}, field 'name': a template needs a name")
    here = f"{where} (template {name!r})"
    for key in ("start_earliest", "start_latest", "start_step_min", "paid_length_min"):
        if get(key) is None:
            raise WfmError(f"{here}, field '{key}': a value is required")
    early = parse_clock(get("start_earliest"), f"{here}, field 'start_earliest'")
    late = parse_clock(get("start_latest"), f"{here}, field 'start_latest'")
    if late < early:
        raise WfmError(f"{here}, field 'start_latest': {format_clock(late)} is before start_earliest "
                       f"{format_clock(early)}")
    step = _int(get("start_step_min"), f"{here}, field 'start_step_min'", minimum=1)
    paid = _int(get("paid_length_min"), f"{here}, field 'paid_length_min'", minimum=1)
    raw_breaks = get("breaks", "")
    if isinstance(raw_breaks, list):
        breaks = []
        for i, b in enumerate(raw_breaks, 1):
            if not isinstance(b, dict) or "window" not in b or "-" not in str(b["window"]):
                raise WfmError(f"{here}, field 'breaks' item {i}: needs name, length_min, paid and "
                               "window ('3:00-5:00')")
            early_b, late_b = str(b["window"]).split("-", 1)
            breaks.append(_break(str(b.get("name", f"break{i}")), b.get("length_min"), bool(b.get("paid", True)),
                                 early_b, late_b, f"{here}, field 'breaks'"))
    else:
        breaks = [parse_break(t, f"{here}, field 'breaks'") for t in str(raw_breaks).split(";") if t.strip()]
    weekdays = parse_weekdays(get("weekdays", "Mon-Sun"), f"{here}, field 'weekdays'")
    contract = str(get("contract", "full")).strip().lower()
    if contract not in CONTRACTS:
        raise WfmError(f"{here}, field 'contract': {contract!r} is not 'full' or 'part'")
    min_count = _int(get("min_count", 0), f"{here}, field 'min_count'", required=False, blank=0)
    max_count = _int(get("max_count"), f"{here}, field 'max_count'", required=False)
    if max_count is not None and max_count < min_count:
        raise WfmError(f"{here}, field 'max_count': {max_count} is below min_count {min_count}")
    try:
        cost = float(get("cost_per_hour", 0.0))
    except ValueError:
        raise WfmError(f"{here}, field 'cost_per_hour': {get('cost_per_hour')!r} is not a number") from None
    if not math.isfinite(cost) or cost < 0:
        raise WfmError(f"{here}, field 'cost_per_hour': {cost} must be zero or more")
    template = ShiftTemplate(name, early, late, step, paid, tuple(sorted(breaks, key=lambda b: b.earliest_min)),
                             weekdays, contract, min_count, max_count, cost)
    _check_breaks(template, here)
    return template


def _check_breaks(t: ShiftTemplate, where: str) -> None:
    if t.span_min > 24 * 60:
        raise WfmError(f"{where}: the shift lasts {format_duration(t.span_min)} from start to end; at most 24:00")
    for b in t.breaks:
        if b.latest_min + b.length_min > t.span_min:
            raise WfmError(f"{where}, break {b.name!r}: starting as late as {format_duration(b.latest_min)} it would "
                           f"end after the shift ends ({format_duration(t.span_min)} after the start)")
    for a, b in zip(t.breaks, t.breaks[1:]):
        if a.latest_min + a.length_min > b.earliest_min:
            raise WfmError(f"{where}: the windows of breaks {a.name!r} ({a.window_text}) and {b.name!r} "
                           f"({b.window_text}) overlap; {a.name!r} must end before {b.name!r} may start")


def validate_templates(templates: list[ShiftTemplate], where: str = "shift templates") -> list[ShiftTemplate]:
    """Check a set of templates as a whole (at least one, unique names)."""
    if not templates:
        raise WfmError(f"{where}: no shift templates")
    seen: set[str] = set()
    for t in templates:
        if t.name in seen:
            raise WfmError(f"{where}: the template name {t.name!r} is used twice")
        seen.add(t.name)
    return list(templates)


def check_grid(templates: list[ShiftTemplate], interval_min: int) -> None:
    """Starts, steps and break windows must sit on the planning-interval grid."""
    for t in templates:
        here = f"template {t.name!r}"
        for label, value in (("start_earliest", t.start_earliest_min), ("start_step_min", t.start_step_min)):
            if value % interval_min:
                raise WfmError(f"{here}, field '{label}': {value} min is not a multiple of the "
                               f"{interval_min}-minute planning interval")
        for b in t.breaks:
            if b.earliest_min % interval_min or b.latest_min % interval_min:
                raise WfmError(f"{here}, break {b.name!r}: the window {b.window_text} does not sit on the "
                               f"{interval_min}-minute planning interval")


# ---------------------------------------------------------------- files

def templates_from_frame(frame, where: str) -> list[ShiftTemplate]:
    """Templates from a table (the GUI editor or a CSV read by pandas); rows numbered from 2 as in a spreadsheet."""
    records = frame.to_dict("records")
    return validate_templates([template_from_record(r, f"{where} row {i}") for i, r in enumerate(records, 2)], where)


def templates_to_records(templates: list[ShiftTemplate]) -> list[dict]:
    return [t.to_record() for t in templates]


def templates_to_frame(templates: list[ShiftTemplate]):
    """Templates as a table of the CSV columns (all text), e.g. for a table in the plan file.

    :func:`templates_from_frame` reads it back.
    """
    import pandas as pd

    records = [{k: ("" if v is None else str(v)) for k, v in t.to_record().items()} for t in templates]
    return pd.DataFrame(records, columns=list(CSV_COLUMNS)).astype(str)


def load_templates(path: str | os.PathLike) -> list[ShiftTemplate]:
    """Read templates from a ``.csv`` or ``.json`` file (format in docs/scheduling.md)."""
    p = Path(path)
    if not p.is_file():
        raise WfmError(f"{p}: shift template file not found")
    from wfm_desktop.core.importers.safe_read import read_user_file

    return read_user_file(p, _parse_templates)


def _parse_templates(p: Path) -> list[ShiftTemplate]:
    """The templates themselves; runs in the reader child (see read_user_file)."""
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise WfmError(f"{p}: cannot be read as UTF-8 text ({exc})") from exc
    suffix = p.suffix.lower()
    if suffix == ".json":
        return templates_from_json(text, str(p))
    if suffix == ".csv":
        return templates_from_csv(text, str(p))
    raise WfmError(f"{p}: shift templates must be a .csv or .json file")


def templates_from_csv(text: str, where: str) -> list[ShiftTemplate]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise WfmError(f"{where}: the file is empty")
    fields = [f.strip() for f in reader.fieldnames]
    missing = [c for c in ("name", "start_earliest", "start_latest", "start_step_min", "paid_length_min")
               if c not in fields]
    if missing:
        raise WfmError(f"{where}: missing column(s) {', '.join(missing)} (found: {', '.join(fields)})")
    templates = []
    for i, row in enumerate(reader, 2):
        row = {(k or "").strip(): unescape(v) for k, v in row.items()}
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        templates.append(template_from_record(row, f"{where} row {i}"))
    return validate_templates(templates, where)


def templates_from_json(text: str, where: str) -> list[ShiftTemplate]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WfmError(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    items = data.get("templates") if isinstance(data, dict) else data
    if isinstance(data, dict) and data.get("version", JSON_VERSION) > JSON_VERSION:
        raise WfmError(f"{where}: written by a newer version (format version {data['version']}); update the app")
    if not isinstance(items, list):
        raise WfmError(f"{where}: expected an object with a 'templates' list")
    templates = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise WfmError(f"{where}: templates item {i} is not an object")
        templates.append(template_from_record(item, f"{where} templates item {i}"))
    return validate_templates(templates, where)


def templates_to_json(templates: list[ShiftTemplate]) -> str:
    items = []
    for t in templates:
        rec = t.to_record()
        rec["breaks"] = [{"name": b.name, "length_min": b.length_min, "paid": b.paid, "window": b.window_text}
                         for b in t.breaks]
        rec["max_count"] = t.max_count
        items.append(rec)
    return json.dumps({"schema": JSON_SCHEMA, "version": JSON_VERSION, "templates": items}, indent=2) + "\n"


def templates_to_csv(templates: list[ShiftTemplate]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for t in templates:
        writer.writerow({k: escape(v) for k, v in t.to_record().items()})
    return out.getvalue()


def save_templates(templates: list[ShiftTemplate], path: str | os.PathLike, *, force: bool = False) -> Path:
    """Write templates to ``.csv`` or ``.json`` (atomic; refuses to overwrite without `force`)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise WfmError(f"{p}: shift templates are saved as .csv or .json")
    text = templates_to_json(templates) if suffix == ".json" else templates_to_csv(templates)
    return write_atomic(p, lambda tmp: tmp.write_text(text, encoding="utf-8"), force=force)
