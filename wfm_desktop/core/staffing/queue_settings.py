"""What the staffing plan is asked to do: per-queue settings (:class:`QueueSettings`).

One :class:`QueueSettings` per queue says how its requirement is computed:

* ``channel`` — "voice" (Erlang C, or Erlang A when ``patience_s`` is set),
  "chat" (the same on an effective handle time of AHT ÷ ``concurrency``) or
  "deferred" (email, back office: the workload is spread over the open
  intervals within ``response_target_h``; no queueing model);
* targets — ``sl`` answered within ``answer_s`` seconds, ``asa_s`` ceiling,
  ``max_occupancy`` cap (None = not set; at least one must be set);
* ``open_hours`` — per weekday, each of the seven days its own (a week with Sunday open and Friday a
  half day is ``OpenHours.from_texts(["08:00-17:00"] * 4 + ["08:00-12:00", "closed", "08:00-17:00"])``);
  None = "open whenever the forecast has contacts";
* ``special_hours`` — dates with other hours than their weekday's (a holiday closed, an eve
  until noon): ``((date(2027, 12, 25), None), (date(2027, 12, 24), (480, 720)))``;
* ``min_staff`` — agents in every open interval, even a quiet one; None = automatic: 1 for a
  queue open 24 hours on all 7 days, else 0 (:mod:`wfm_desktop.core.staffing.quiet`);
* ``fill_quiet_gaps`` — one agent in short runs of empty intervals between staffed ones, so
  night requirements do not flicker between 0 and 1 net agent (:mod:`.quiet`); plans saved
  before it keep it off;
* ``aht_s`` — the handle time to plan with where the history has none (None: the history's);
* ``shrinkage`` (optionally ``shrinkage_by_month``, months 1–12).

The contracted week (hours per FTE) is one for the whole plan:
:attr:`PlanSettings.contract_hours_week` (see :mod:`wfm_desktop.core.conventions`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Mapping

import numpy as np
import pandas as pd

from wfm_desktop.core.conventions import DEFAULT_CONTRACT_HOURS_WEEK, check_contract_hours, first_weekday
from wfm_desktop.core.staffing.erlang import ServiceTarget, check_number
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.shrinkage import ShrinkageByMonth, ShrinkageCategory, ShrinkageTable
from wfm_desktop.core.staffing.calculator import check_concurrency, model_name

CHANNELS = ("voice", "chat", "deferred")
DEFAULT_OCCUPANCY_CAP = 0.85
"""The occupancy cap a queue (and the Calculator and Trade-offs pages) starts with."""
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class OpenHours:
    """Opening time per weekday (Monday first) as minutes after midnight; None = closed.

    ``close_min`` may be 1440 (open until midnight). Build one with
    :meth:`parse`: ``OpenHours.parse("08:00-20:00", saturday="09:00-13:00", sunday=None)``.
    """

    days: tuple[tuple[int, int] | None, ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise WfmError(f"open hours: give 7 weekdays (Monday first), not {len(self.days)}")
        for name, span in zip(WEEKDAY_NAMES, self.days):
            if span is not None and not (0 <= span[0] < span[1] <= 1440):
                raise WfmError(f"open hours {name}: {span!r} must open before it closes, within the day")

    @staticmethod
    def span(text: str | None) -> tuple[int, int] | None:
        """"08:00-20:00" → (480, 1200); "closed", "" or None → None."""
        if text is None or str(text).strip().lower() in ("", "closed", "-"):
            return None
        match = _SPAN.match(str(text))
        if not match:
            raise WfmError(f"open hours {text!r}: write them as HH:MM-HH:MM, e.g. 08:00-20:00, or 'closed'")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        return (h1 * 60 + m1, h2 * 60 + m2)

    @classmethod
    def parse(cls, weekdays: str | None, *, saturday: str | None = None, sunday: str | None = None) -> "OpenHours":
        """The same hours Monday to Friday, and their own on Saturday and Sunday (closed when None)."""
        day = cls.span(weekdays)
        return cls((day,) * 5 + (cls.span(saturday), cls.span(sunday)))

    @classmethod
    def from_texts(cls, texts) -> "OpenHours":
        """Seven texts, Monday first ("08:00-20:00", "closed" or empty = closed), one per day."""
        texts = list(texts)
        if len(texts) != 7:
            raise WfmError(f"open hours: give 7 days (Monday first), not {len(texts)}")
        days = []
        for name, text in zip(WEEKDAY_NAMES, texts):
            try:
                days.append(cls.span(text))
            except WfmError as exc:
                raise WfmError(f"open hours {name}: {exc}") from None
        return cls(tuple(days))

    def text(self, weekday: int) -> str:
        return span_text(self.days[weekday])

    def is_open(self, weekday: np.ndarray, minute: np.ndarray, length_min: int) -> np.ndarray:
        """True for intervals (weekday, start minute) that lie wholly inside the opening hours."""
        opens = np.array([-1 if s is None else s[0] for s in self.days])
        closes = np.array([-1 if s is None else s[1] for s in self.days])
        return (minute >= opens[weekday]) & (minute + length_min <= closes[weekday]) & (opens[weekday] >= 0)


def span_text(span: tuple[int, int] | None) -> str:
    """(480, 1200) → "08:00–20:00"; None → "closed"."""
    if span is None:
        return "closed"
    return f"{span[0] // 60:02d}:{span[0] % 60:02d}–{span[1] // 60:02d}:{span[1] % 60:02d}"


def parse_special_hours(text: str | None) -> tuple[tuple[dt.date, tuple[int, int] | None], ...]:
    """"2027-12-25 closed; 2027-12-24 08:00-13:00" → ((date, None), (date, (480, 780))), sorted by date.

    Entries are separated by ";" or new lines; each is a date (YYYY-MM-DD) and its hours or "closed"."""
    out: dict[dt.date, tuple[int, int] | None] = {}
    for number, item in enumerate(filter(None, (p.strip() for p in re.split(r"[;\n]", str(text or "")))), start=1):
        day_text, _, hours = item.partition(" ")
        try:
            day = dt.date.fromisoformat(day_text.strip())
        except ValueError:
            raise WfmError(f"special dates, entry {number} ({item!r}): start with a date as YYYY-MM-DD, "
                           "then the hours or 'closed', e.g. 2027-12-24 08:00-13:00") from None
        if day in out:
            raise WfmError(f"special dates: {day} is given twice")
        try:
            out[day] = OpenHours.span(hours.strip() or "closed")
        except WfmError as exc:
            raise WfmError(f"special dates, {day}: {exc}") from None
        if out[day] is not None and not (0 <= out[day][0] < out[day][1] <= 1440):
            raise WfmError(f"special dates, {day}: {hours.strip()!r} must open before it closes, within the day")
    return tuple(sorted(out.items()))


def special_hours_text(special) -> str:
    """The inverse of :func:`parse_special_hours` (hyphens, so the text parses again)."""
    return "; ".join(f"{day.isoformat()} {span_text(span).replace('–', '-')}" for day, span in special)


def open_mask(qs: "QueueSettings", start: pd.Series, contacts: np.ndarray, length_min: int) -> np.ndarray:
    """Which intervals (``start`` times) are open: the weekday's hours (or, without hours, every interval
    with contacts), then each special date's own hours (closed, or open within its span)."""
    minute = (start.dt.hour * 60 + start.dt.minute).to_numpy()
    if qs.open_hours is None:
        is_open = contacts > 0
    else:
        is_open = qs.open_hours.is_open(start.dt.day_of_week.to_numpy(), minute, length_min)
    if qs.special_hours:
        days = start.dt.date.to_numpy()
        for day, span in qs.special_hours:
            on_day = days == day
            if span is None:
                is_open = np.where(on_day, False, is_open)
            else:
                is_open = np.where(on_day, (minute >= span[0]) & (minute + length_min <= span[1]), is_open)
    return np.asarray(is_open, dtype=bool)


@dataclass(frozen=True)
class QueueSettings(ShrinkageByMonth):
    """How one queue is staffed; see the module docstring."""

    channel: str = "voice"
    concurrency: int = 1
    response_target_h: float | None = None
    patience_s: float | None = None
    sl: float | None = 0.8
    answer_s: float = 20.0
    asa_s: float | None = None
    max_occupancy: float | None = DEFAULT_OCCUPANCY_CAP
    open_hours: OpenHours | None = None
    special_hours: tuple[tuple[dt.date, tuple[int, int] | None], ...] = ()
    min_staff: int | None = None  # None: automatic (1 when open around the clock, else 0)
    fill_quiet_gaps: bool = True
    aht_s: float | None = None  # where the forecast has no handle time (a history without AHT)
    shrinkage: ShrinkageTable = field(default_factory=ShrinkageTable.typical)
    shrinkage_by_month: Mapping[int, ShrinkageTable] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise WfmError(f"channel {self.channel!r}: choose one of {', '.join(CHANNELS)}")
        check_concurrency(self.concurrency)
        if self.channel != "chat" and self.concurrency != 1:
            raise WfmError(f"concurrency {self.concurrency}: only a chat queue handles several contacts at once")
        if self.channel == "deferred":
            if self.response_target_h is None:
                raise WfmError("deferred work: set the response target in hours (e.g. 24)")
            check_number("response target (h)", self.response_target_h, minimum=0.0, strict=True)
            if self.max_occupancy is not None:
                ServiceTarget(sl=None, max_occupancy=self.max_occupancy)
        else:
            self.target  # validates the targets
        if self.patience_s is not None:
            check_number("patience (s)", self.patience_s, minimum=0.0, strict=True)
        if self.aht_s is not None:
            check_number("AHT when the history has none (s)", self.aht_s, minimum=0.0, strict=True)
        object.__setattr__(self, "special_hours", tuple(sorted(
            (day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)), None if span is None else
             (int(span[0]), int(span[1]))) for day, span in dict(self.special_hours).items())))
        for day, span in self.special_hours:
            if span is not None and not (0 <= span[0] < span[1] <= 1440):
                raise WfmError(f"special dates, {day}: {span!r} must open before it closes, within the day")
        if self.min_staff is not None and (int(self.min_staff) != self.min_staff or self.min_staff < 0):
            raise WfmError(f"minimum staff {self.min_staff!r}: give a whole number of agents, 0 or more")
        for month, table in self.shrinkage_by_month.items():
            if int(month) not in range(1, 13):
                raise WfmError(f"shrinkage by month: {month!r} is not a month 1–12")
            if not isinstance(table, ShrinkageTable):
                raise WfmError(f"shrinkage for month {month}: expected a shrinkage table")

    @property
    def target(self) -> ServiceTarget:
        return ServiceTarget(sl=self.sl, answer_s=self.answer_s, asa_s=self.asa_s, max_occupancy=self.max_occupancy)

    @property
    def planned_min_staff(self) -> int:
        """The minimum staff the requirement uses: the planner's number, else 1 when the queue is open
        around the clock, else 0."""
        from wfm_desktop.core.staffing.quiet import min_staff_for

        return min_staff_for(self.min_staff, self.open_hours)

    @property
    def model(self) -> str:
        if self.channel == "deferred":
            return "Deferred work (no queue model)"
        return model_name(self.patience_s, int(self.concurrency))

    @property
    def method_note(self) -> str:
        """How the requirement is computed, in a sentence for the workbook and tooltips."""
        if self.channel == "deferred":
            cap = f" ÷ occupancy cap {self.max_occupancy:.0%}" if self.max_occupancy else ""
            return (f"Deferred work: each interval's workload (contacts × AHT ÷ interval) is shared evenly by the "
                    f"open intervals within the {self.response_target_h:g}-hour response target (work arriving "
                    f"while closed goes to the open intervals of its window); agents = capacity{cap}, rounded up.")
        if self.channel == "chat":
            return (f"Chat, {self.concurrency} at once: effective handle time per chat = AHT ÷ {self.concurrency}; "
                    f"{'Erlang A' if self.patience_s else 'Erlang C'} on that handle time; workload in agents.")
        if self.patience_s:
            return (f"Erlang A: callers abandon after an average patience of {self.patience_s:g} s; "
                    "SL counts answered within the target out of all offered.")
        return "Erlang C: callers wait as long as it takes."


@dataclass(frozen=True)
class PlanSettings:
    """Settings of every queue: ``queues[name]``, else ``default`` (None: :func:`default_queue_settings`
    for the queue's name, the defaults the GUI shows), and the plan's one contracted week."""

    default: QueueSettings | None = None
    queues: Mapping[str, QueueSettings] = field(default_factory=dict)
    title: str = ""  # "" = the history file's name
    contract_hours_week: float = DEFAULT_CONTRACT_HOURS_WEEK
    quiet_defaults: bool = True  # False: plans saved before the night rules; unedited queues keep 0 and no gaps
    first_day: int = 0  # the plan's first day of the week (Monday = 0, Sunday = 6, Saturday = 5)

    def __post_init__(self) -> None:
        object.__setattr__(self, "contract_hours_week", check_contract_hours(self.contract_hours_week))
        object.__setattr__(self, "first_day", first_weekday(self.first_day))

    def for_queue(self, queue: str) -> QueueSettings:
        if queue in self.queues:
            return self.queues[queue]
        return self.default_for(queue) if self.default is None else self.default

    def default_for(self, queue: str) -> QueueSettings:
        """:func:`default_queue_settings`, as plans saved before the night rules had them when
        :attr:`quiet_defaults` is off (minimum staff 0, no quiet-gap rule)."""
        qs = default_queue_settings(queue)
        return qs if self.quiet_defaults else replace(qs, min_staff=0, fill_quiet_gaps=False)


# -- defaults by queue name ----------------------------------------------------------------------

_CHAT_WORDS = ("chat", "messag", "whatsapp", "sms", "social", "livechat", "webchat")
_DEFERRED_WORDS = ("email", "e-mail", "mail", "back office", "backoffice", "ticket", "case", "letter")
DEFERRED_RESPONSE_H = 24.0  # the response target a new deferred queue starts with (a working day)


def channel_from_name(queue: str) -> str:
    """The channel a queue name suggests: "chat" (chat, messaging, SMS…), "deferred" (email, back office,
    tickets…) or "voice" (anything else). Only a starting point; the planner can change it."""
    name = str(queue).lower().replace("_", " ")
    words = re.split(r"[^a-z0-9-]+", name)
    if any(w.startswith(_CHAT_WORDS) for w in words) or "chat" in name:
        return "chat"
    if any(w.startswith(_DEFERRED_WORDS) for w in words) or "back office" in name:
        return "deferred"
    return "voice"


DEFAULT_CHAT_CONCURRENCY = 2
"""Chats an agent handles at once on a chat queue nobody has set up yet: a typical concurrency
(1 would staff the chat queue like a voice queue)."""


def default_queue_settings(queue: str) -> QueueSettings:
    """Default settings for a queue, with the channel guessed from its name (a deferred queue gets a
    24-hour response target, which that channel needs; a chat queue :data:`DEFAULT_CHAT_CONCURRENCY`
    chats at once)."""
    channel = channel_from_name(queue)
    if channel == "deferred":
        return QueueSettings(channel="deferred", response_target_h=DEFERRED_RESPONSE_H, sl=None, asa_s=None)
    if channel == "chat":
        return QueueSettings(channel="chat", concurrency=DEFAULT_CHAT_CONCURRENCY)
    return QueueSettings(channel=channel)


# -- plain JSON for the plan file ----------------------------------------------------------------


def _table_to_list(table: ShrinkageTable) -> list[dict]:
    return [{"category": c.name, "fraction": c.fraction, "scheduled": c.scheduled} for c in table.categories]


def _table_from_list(rows) -> ShrinkageTable:
    return ShrinkageTable(tuple(ShrinkageCategory(str(r["category"]), float(r["fraction"]), bool(r["scheduled"]))
                                for r in rows))


def queue_settings_to_dict(qs: QueueSettings) -> dict:
    """QueueSettings as plain JSON-able data (for the .wfmplan file)."""
    return {
        "channel": qs.channel, "concurrency": qs.concurrency, "response_target_h": qs.response_target_h,
        "patience_s": qs.patience_s, "sl": qs.sl, "answer_s": qs.answer_s, "asa_s": qs.asa_s,
        "max_occupancy": qs.max_occupancy,
        "open_hours": None if qs.open_hours is None else [list(s) if s else None for s in qs.open_hours.days],
        "special_hours": {day.isoformat(): (None if span is None else list(span)) for day, span in qs.special_hours},
        "min_staff": qs.min_staff, "fill_quiet_gaps": qs.fill_quiet_gaps, "aht_s": qs.aht_s, "shrinkage": _table_to_list(qs.shrinkage),
        "shrinkage_by_month": {str(m): _table_to_list(t) for m, t in qs.shrinkage_by_month.items()},
    }


def queue_settings_from_dict(data: Mapping) -> QueueSettings:
    """The inverse of :func:`queue_settings_to_dict`; invalid values raise WfmError naming them.

    An ``hours_per_fte`` key (plans before the one plan-wide contracted week) is ignored here: the
    plan file's migration turns it into the plan's contracted week
    (:func:`wfm_desktop.core.conventions.contract_week_from_old_inputs`)."""
    try:
        hours = data.get("open_hours")
        return QueueSettings(
            channel=str(data.get("channel", "voice")),
            concurrency=int(data.get("concurrency", 1)),
            response_target_h=data.get("response_target_h"),
            patience_s=data.get("patience_s"),
            sl=data.get("sl", 0.8),
            answer_s=float(data.get("answer_s", 20.0)),
            asa_s=data.get("asa_s"),
            max_occupancy=data.get("max_occupancy", DEFAULT_OCCUPANCY_CAP),
            open_hours=None if hours is None else OpenHours(tuple(tuple(s) if s else None for s in hours)),
            special_hours=tuple((day, None if span is None else tuple(span))
                                for day, span in dict(data.get("special_hours") or {}).items()),
            # a saved number (0 included) is kept; null is automatic; absent (old files) is 0
            min_staff=None if "min_staff" in data and data["min_staff"] is None else int(data.get("min_staff", 0)),
            fill_quiet_gaps=bool(data.get("fill_quiet_gaps", False)),  # plans saved before it: off
            aht_s=None if data.get("aht_s") is None else float(data["aht_s"]),
            shrinkage=_table_from_list(data["shrinkage"]) if "shrinkage" in data else ShrinkageTable.typical(),
            shrinkage_by_month={int(m): _table_from_list(rows)
                                for m, rows in dict(data.get("shrinkage_by_month", {})).items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise WfmError(f"staffing settings in the plan file are damaged ({exc})") from None


def plan_settings_to_dict(settings: PlanSettings) -> dict:
    """The queues' settings as JSON; the contracted week is a plan input of its own
    (:data:`wfm_desktop.core.conventions.CONTRACT_WEEK_KEY`), shared with the budget, so it is not here."""
    return {"title": settings.title,
            "default": None if settings.default is None else queue_settings_to_dict(settings.default),
            "queues": {q: queue_settings_to_dict(s) for q, s in settings.queues.items()},
            "quiet_defaults": settings.quiet_defaults}


def plan_settings_from_dict(data: Mapping, *, contract_hours_week: float = DEFAULT_CONTRACT_HOURS_WEEK
                            ) -> PlanSettings:
    default = data.get("default")
    return PlanSettings(
        default=None if default is None else queue_settings_from_dict(default),
        queues={str(q): queue_settings_from_dict(s) for q, s in dict(data.get("queues", {})).items()},
        title=str(data.get("title", "")),
        contract_hours_week=contract_hours_week,
        quiet_defaults=bool(data.get("quiet_defaults", True)),  # plans before schema 5 are migrated to False
    )
