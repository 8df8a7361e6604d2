"""What the plan workbook is written from: :class:`PlanWorkbookData`.

The exporter never computes staffing: it writes the numbers the app computed,
and beside them the inputs they came from. Every stage of the planner hands it
plain data — three long pandas frames and a few small frozen dataclasses — so
the exporter does not depend on how the forecast or the staffing engine work.

Frames (sorted copies are taken; the given frames are never changed)
-------------------------------------------------------------------

``intraday`` — one row per queue and planning interval (:data:`INTRADAY_COLUMNS`):

==================  =====================================================================
queue               queue name (text from the imported file; written as text, never a formula)
start               interval start, naive local wall-clock datetime
contacts            forecast contacts in the interval
aht_s               average handle time, seconds
workload_erlangs    contacts × AHT ÷ interval length (chat: per effective handle time)
agents_net          agents needed on the phones (integer; meets every target that is set)
agents_schedule     gross for scheduling: net ÷ (1 − shrinkage not modelled by the schedule), rounded up
                    (whole agents to schedule)
agents_gross        gross for FTE and budget: net ÷ (1 − total shrinkage), not rounded (paid agents)
service_level       SL reached with ``agents_net`` (fraction)
asa_s               average speed of answer with ``agents_net``, seconds
occupancy           occupancy with ``agents_net`` (fraction)
abandon_rate        optional (Erlang A): share of contacts that abandon
==================  =====================================================================

``daily`` — one row per queue and day (:data:`DAILY_COLUMNS`): ``queue, date,
contacts, aht_s, workload_h, agents_net_h, agents_schedule_h, agents_gross_h,
service_level`` and optional ``lower, upper`` (prediction interval). Agent-hours
are the interval agents summed × interval length in hours; ``service_level`` is
weighted by contacts.

Rounding up (gross for scheduling only) is :func:`wfm_desktop.core.staffing.shrinkage.gross_agents`:
⌈x − 1e-9·max(1, x)⌉, 0 when net is 0; the workbook formula is the same expression.

``weekly`` — one row per queue and week (:data:`WEEKLY_COLUMNS`): ``queue,
week_start`` (a Monday), ``days`` (days of that week inside the horizon),
``open_days`` (those the centre is open), ``weeks`` (contracted weeks it counts
for: 1, or open days ÷ open days a week for a part week), ``contacts,
workload_h, agents_net_h, agents_schedule_h, agents_gross_h, fte,
service_level``, where ``fte = agents_gross_h ÷ (contract_hours_week × weeks)``
(:mod:`wfm_desktop.core.conventions`). ``contract_hours_week`` is the plan's one
contracted week, the workbook's ``Contract_Hours_Week`` cell.

In the workbook, gross agents, gross agent-hours and FTE are **formulas** over
the Assumptions sheet's named cells (so a manager who edits shrinkage or hours
per FTE sees them follow) whose cached values are the numbers in these frames.
The formulas reproduce the definitions above exactly; a test recalculates the
workbook in LibreOffice and compares.

Schedule and budget
-------------------
A plan that was scheduled or priced also carries ``schedule`` (a
:class:`ScheduleExport`: the solve's result and the roster) and ``budget`` (a
:class:`~wfm_desktop.core.budget.monthly.BudgetResult`); each adds its sheets
(:data:`wfm_desktop.core.export.workbook.SHEETS` lists every sheet and when it
applies). :func:`wfm_desktop.core.export.builder.plan_workbook_data` builds this
class from a plan's results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np
import pandas as pd

from wfm_desktop.core.conventions import DEFAULT_CONTRACT_HOURS_WEEK, check_contract_hours
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.queue_settings import QueueSettings, special_hours_text
from wfm_desktop.core.staffing.shrinkage import ShrinkageByMonth, ShrinkageCategory, ShrinkageTable

if TYPE_CHECKING:  # types only: the export does not need the scheduling engine to load
    from wfm_desktop.core.budget.monthly import BudgetResult
    from wfm_desktop.core.scheduling.result import ScheduleResult
    from wfm_desktop.core.scheduling.roster import RosterResult

INTRADAY_COLUMNS = (
    "queue", "start", "contacts", "aht_s", "workload_erlangs", "agents_net",
    "agents_schedule", "agents_gross", "service_level", "asa_s", "occupancy",
)
DAILY_COLUMNS = (
    "queue", "date", "contacts", "aht_s", "workload_h", "agents_net_h",
    "agents_schedule_h", "agents_gross_h", "service_level",
)
WEEKLY_COLUMNS = (
    "queue", "week_start", "days", "open_days", "weeks", "contacts", "workload_h", "agents_net_h",
    "agents_schedule_h", "agents_gross_h", "fte", "service_level",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EXCEL_MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class QueueAssumptions(ShrinkageByMonth):
    """One queue's staffing inputs, as shown (and named) on the Assumptions sheet.

    Made from the queue's :class:`~wfm_desktop.core.staffing.queue_settings.QueueSettings` by
    :meth:`from_settings` — the one place the settings take the workbook's form. ``shrinkage``
    (lines of :class:`~wfm_desktop.core.staffing.shrinkage.ShrinkageCategory`; ``scheduled``
    ones are placed by the schedule) applies to every month unless ``shrinkage_by_month``
    (month 1–12 → lines) gives that month its own. Targets left as None are not set.
    ``open_hours`` holds seven texts, Monday first (e.g. "08:00–20:00", "closed").
    ``method_note`` states how the requirement was computed. ``volume_growth`` and ``aht_change``
    are the workbook's levers on the forecast contacts and AHT (0: the plan as computed).
    """

    queue: str
    shrinkage: tuple[ShrinkageCategory, ...] = ()
    shrinkage_by_month: Mapping[int, tuple[ShrinkageCategory, ...]] = field(default_factory=dict)
    channel: str = "voice"
    model: str = "Erlang C"
    sl_target: float | None = None
    answer_s: float | None = None
    asa_target_s: float | None = None
    max_occupancy: float | None = None
    concurrency: int | None = None
    patience_s: float | None = None
    response_target_h: float | None = None
    min_staff: int = 0
    open_hours: tuple[str, ...] = ()
    method_note: str = ""
    special_hours: str = ""  # dates with their own hours: "2027-12-24 08:00-13:00; 2027-12-25 closed"
    volume_growth: float = 0.0  # the workbook's levers on the forecast (0 = as the app computed)
    aht_change: float = 0.0

    @classmethod
    def from_settings(cls, queue: str, qs: QueueSettings) -> "QueueAssumptions":
        """What the Assumptions sheet shows for a queue staffed with `qs`."""
        hours = tuple("as forecast" if qs.open_hours is None else qs.open_hours.text(d) for d in range(7))
        queueing = qs.channel != "deferred"

        def lines(table: ShrinkageTable) -> tuple[ShrinkageCategory, ...]:
            return tuple(table.categories)

        return cls(
            queue=queue,
            shrinkage=lines(qs.shrinkage),
            shrinkage_by_month={m: lines(t) for m, t in qs.shrinkage_by_month.items()},
            channel=qs.channel,
            model=qs.model,
            sl_target=qs.sl if queueing else None,
            answer_s=qs.answer_s if queueing and qs.sl is not None else None,
            asa_target_s=qs.asa_s,
            max_occupancy=qs.max_occupancy,
            concurrency=qs.concurrency if qs.channel == "chat" else None,
            patience_s=qs.patience_s,
            response_target_h=qs.response_target_h,
            min_staff=qs.planned_min_staff,
            open_hours=hours,
            method_note=qs.method_note,
            special_hours=special_hours_text(qs.special_hours),
        )


@dataclass(frozen=True)
class ForecastAdjustment:
    """A forecast adjustment as recorded in the plan (growth, deflection, override…).

    ``unit`` says how to show ``value``: "fraction" (a rate, shown as %),
    "factor", "contacts" or "" (a plain number).
    """

    kind: str
    scope: str
    value: float
    unit: str = "fraction"
    note: str = ""


@dataclass(frozen=True)
class ForecastInfo:
    """How the forecast was made: method (per queue when Auto chose), basis, adjustments."""

    method: str
    method_by_queue: Mapping[str, str] = field(default_factory=dict)
    accuracy_by_queue: Mapping[str, str] = field(default_factory=dict)
    basis: str = "point forecast"
    adjustments: tuple[ForecastAdjustment, ...] = ()


@dataclass(frozen=True)
class SourceInfo:
    """The history file the plan came from, and its SHA-256 so it can be traced."""

    path: str
    sha256: str
    interval_min: int | None = None
    rows: int | None = None
    first: datetime | None = None
    last: datetime | None = None


@dataclass(frozen=True)
class ScheduleExport:
    """The schedule part of the workbook: the solve's result and the roster made from it (or None)."""

    result: ScheduleResult
    roster: RosterResult | None = None


@dataclass(frozen=True)
class PlanWorkbookData:
    """Everything the plan workbook shows; see the module docstring for the frames."""

    title: str
    interval_min: int
    queues: tuple[QueueAssumptions, ...]
    intraday: pd.DataFrame
    daily: pd.DataFrame
    weekly: pd.DataFrame
    forecast: ForecastInfo
    source: SourceInfo
    contract_hours_week: float = DEFAULT_CONTRACT_HOURS_WEEK
    created: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    author: str = ""
    schedule: ScheduleExport | None = None  # adds the Schedule, Coverage (and Roster) sheets
    budget: BudgetResult | None = None  # adds the Capacity plan and Budget sheets
    scenarios: Any = None  # a core.plan.scenarios.ScenarioComparison: adds the Scenarios sheet
    week_start: str = "Monday"  # the plan's first day of the week: Weekly FTE's weeks start on it
    simulation: object | None = None  # the plan's PlanSimulation: adds the Simulation sheet (simulation_sheets.py)

    def queue_index(self) -> dict[str, int]:
        """Queue name → 1-based number used in defined names (``Queue1_…``)."""
        return {q.queue: i for i, q in enumerate(self.queues, start=1)}

    def validate(self) -> None:
        """Raise WfmError when the data cannot make a consistent workbook."""
        if self.interval_min not in (15, 30, 60):
            raise WfmError(f"export: planning interval {self.interval_min} min is not 15, 30 or 60")
        if not self.queues:
            raise WfmError("export: the plan has no queues")
        names = [q.queue for q in self.queues]
        folded: dict[str, str] = {}
        for name in names:
            key = name.casefold()
            if key in folded:
                raise WfmError(
                    f"export: queues {folded[key]!r} and {name!r} differ only in upper/lower case; "
                    "Excel treats them as the same queue — rename one"
                )
            folded[key] = name
        for label, frame, columns in (
            ("intraday requirements", self.intraday, INTRADAY_COLUMNS),
            ("daily forecast", self.daily, DAILY_COLUMNS),
            ("weekly FTE", self.weekly, WEEKLY_COLUMNS),
        ):
            missing = [c for c in columns if c not in frame.columns]
            if missing:
                raise WfmError(f"export: the {label} table lacks column(s) {', '.join(missing)}")
            unknown = sorted(set(frame["queue"].astype(str)) - set(names))
            if unknown:
                raise WfmError(f"export: the {label} table names queue(s) without settings: {', '.join(unknown)}")
            if len(frame) + 1 > EXCEL_MAX_ROWS:
                raise WfmError(
                    f"export: the {label} table has {len(frame):,} rows, more than an Excel sheet holds "
                    f"({EXCEL_MAX_ROWS - 1:,}); shorten the horizon or use a longer interval"
                )
        for label, frame, columns in (
            ("intraday requirements", self.intraday, ("agents_net", "agents_schedule", "agents_gross")),
            ("daily forecast", self.daily, ("agents_schedule_h", "agents_gross_h")),
            ("weekly FTE", self.weekly, ("days", "open_days", "weeks", "agents_schedule_h", "agents_gross_h", "fte")),
        ):
            for column in columns:
                values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
                if not np.isfinite(values).all():
                    row = int(np.flatnonzero(~np.isfinite(values))[0])
                    raise WfmError(f"export: the {label} table has no number in column {column} "
                                   f"(row {row + 1}); the plan is incomplete — recompute it")
        if self.intraday.empty:
            raise WfmError("export: the plan has no intraday requirements to export")
        check_contract_hours(self.contract_hours_week, "export: contracted hours per FTE per week")
        if self.budget is not None and self.budget.inputs.contract_hours_week != self.contract_hours_week:
            raise WfmError(f"export: the budget was priced with a {self.budget.inputs.contract_hours_week:g}-hour week "
                           f"but the plan uses {self.contract_hours_week:g} hours; recompute the budget "
                           "(one contracted week per plan)")
        for q in self.queues:
            for month, lines in [(None, q.shrinkage), *q.shrinkage_by_month.items()]:
                total = sum(line.fraction for line in lines)
                where = "" if month is None else f" (month {month})"
                if any(not 0 <= line.fraction < 1 for line in lines) or total >= 1:
                    raise WfmError(
                        f"export: queue {q.queue!r}{where}: shrinkage must be fractions from 0 to below 1 "
                        f"adding up to below 1 (total {total:.4g})"
                    )
