"""ColumnMapping: which column of the sheet means what.

The importer detects one and reports it; the planner can correct any part of
it (the GUI's mapping editor, ``--map field=Column`` on the command line) and
import again. Columns are named by their header text, or by spreadsheet letter
("C") when the header is empty or ambiguous.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace

from wfm_desktop.core.errors import WfmError

LAYOUTS = ("long", "wide_interval", "wide_queue", "daily")
COLUMN_FIELDS = ("timestamp", "date", "time", "queue", "offered", "handled", "abandoned",
                 "aht", "talk", "hold", "wrap", "asa", "abandon_wait", "wait_total", "agents")
OTHER_FIELDS = ("layout", "header_row", "aht_unit", "queue_name", "duplicates", "timezone", "report_date",
                "slot_min", "decimal")


@dataclass(frozen=True)
class ColumnMapping:
    """The detected or chosen meaning of a sheet's columns.

    ``header_row`` is 1-based as in Excel (0 = the sheet has no header row).
    ``aht_unit`` is "s" or "min" for plain numbers (None: from the header, else
    seconds). ``queue_name`` names the queue when there is no queue column.
    ``duplicates`` is "sum" (default) or "reject" for repeated intervals.
    ``timezone`` (e.g. "Europe/London") converts timestamps written with UTC offsets
    ("…Z", "…+01:00") to that zone's local time.
    ``report_date`` (YYYY-MM-DD) is the date of every row of a sheet that has no date
    column (a one-day report whose date is in its title, e.g. "Date: 03/04/2024").
    ``slot_min`` is the length of the slots numbered by an interval-number column
    (e.g. 15 when "29" means 07:00); detected from the highest number otherwise.
    ``decimal`` ("," or ".") is the decimal separator of numbers written as text
    (None: decided per column from the values, see :mod:`.numbers`).
    ``asa`` (average wait of the answered), ``abandon_wait`` (average wait of the abandoned),
    ``wait_total`` (all callers' waiting time, summed) and ``agents`` (agents staffed, on average)
    are optional: the callers' patience is estimated from them (docs/importing.md).
    ``interval_columns`` / ``queue_columns`` list the value columns of the wide layouts.
    """

    layout: str | None = None
    header_row: int | None = None
    timestamp: str | None = None
    date: str | None = None
    time: str | None = None
    queue: str | None = None
    offered: str | None = None
    handled: str | None = None
    abandoned: str | None = None
    aht: str | None = None
    talk: str | None = None
    hold: str | None = None
    wrap: str | None = None
    asa: str | None = None
    abandon_wait: str | None = None
    wait_total: str | None = None
    agents: str | None = None
    aht_unit: str | None = None
    queue_name: str | None = None
    duplicates: str = "sum"
    timezone: str | None = None
    report_date: str | None = None
    slot_min: int | None = None
    decimal: str | None = None
    interval_columns: tuple[str, ...] = field(default=())
    queue_columns: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.layout is not None and self.layout not in LAYOUTS:
            raise WfmError(f"mapping: layout {self.layout!r} is not one of {', '.join(LAYOUTS)}")
        if self.aht_unit is not None and self.aht_unit not in ("s", "min"):
            raise WfmError(f"mapping: aht_unit {self.aht_unit!r} must be s or min")
        if self.decimal is not None and self.decimal not in (",", "."):
            raise WfmError(f"mapping: decimal {self.decimal!r} must be , (decimal comma) or . (decimal point)")
        if self.duplicates not in ("sum", "reject"):
            raise WfmError(f"mapping: duplicates {self.duplicates!r} must be sum or reject")
        if self.timezone is not None:
            import zoneinfo

            try:
                zoneinfo.ZoneInfo(self.timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
                raise WfmError(f"mapping: timezone {self.timezone!r} is not a time zone name such as "
                               "Europe/London or America/New_York") from exc
        if self.slot_min is not None and self.slot_min not in (5, 6, 10, 15, 30, 60):
            raise WfmError(f"mapping: slot_min {self.slot_min} must be 5, 6, 10, 15, 30 or 60 (minutes per "
                           "interval number)")
        if self.report_date is not None:
            import datetime as dt

            try:
                dt.date.fromisoformat(self.report_date)
            except ValueError as exc:
                raise WfmError(f"mapping: report_date {self.report_date!r} must be a date written YYYY-MM-DD") from exc
        if self.header_row is not None and self.header_row < 0:
            raise WfmError(f"mapping: header_row {self.header_row} must be 0 (no header) or a row number")

    @classmethod
    def from_pairs(cls, pairs: list[str] | tuple[str, ...]) -> "ColumnMapping":
        """Build from ``["offered=Calls Offered", "date=Day", "header_row=3"]`` (CLI ``--map``)."""
        values: dict[str, object] = {}
        known = COLUMN_FIELDS + OTHER_FIELDS
        for pair in pairs:
            if "=" not in pair:
                raise WfmError(f"--map {pair!r}: write field=Column, e.g. offered=\"Calls Offered\"")
            key, _, value = pair.partition("=")
            key, value = key.strip().lower(), value.strip()
            if key not in known:
                raise WfmError(f"--map {pair!r}: unknown field {key!r}; fields are {', '.join(known)}")
            if key in ("header_row", "slot_min"):
                try:
                    values[key] = int(value)
                except ValueError as exc:
                    raise WfmError(f"--map {pair!r}: {key} must be a whole number") from exc
            else:
                values[key] = value or None
        return cls(**values)

    def merged(self, override: "ColumnMapping | None") -> "ColumnMapping":
        """This mapping with every field `override` sets replacing ours."""
        if override is None:
            return self
        changes = {f.name: getattr(override, f.name) for f in fields(override)
                   if getattr(override, f.name) not in (None, ())
                   and not (f.name == "duplicates" and override.duplicates == "sum")}
        return replace(self, **changes)

    def columns(self) -> dict[str, str]:
        """Field -> column for the fields that are mapped."""
        return {name: getattr(self, name) for name in COLUMN_FIELDS if getattr(self, name)}

    def to_pairs(self) -> list[str]:
        """The ``field=Column`` pairs that rebuild this mapping (for --map and the report)."""
        pairs = [f"{k}={v}" for k, v in self.columns().items()]
        for name in OTHER_FIELDS:
            value = getattr(self, name)
            if value is not None and not (name == "duplicates" and value == "sum"):
                pairs.insert(0, f"{name}={value}")
        return pairs

    def to_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        """One line for the report: ``layout long, header row 1: date=Date, offered=Calls``."""
        parts = [f"layout {self.layout or '?'}"]
        if self.header_row is not None:
            parts.append("no header row" if self.header_row == 0 else f"header row {self.header_row}")
        text = ", ".join(parts) + ": " + ", ".join(f"{k}={v}" for k, v in self.columns().items())
        if self.interval_columns:
            first, last = self.interval_columns[0], self.interval_columns[-1]
            text += f"; {len(self.interval_columns)} interval columns {first}…{last}"
        if self.queue_columns:
            text += f"; queue columns {', '.join(self.queue_columns)}"
        return text
