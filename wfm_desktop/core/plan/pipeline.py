"""The plan, end to end: history → forecast → interval requirements → daily and weekly roll-ups.

    from wfm_desktop.core.plan.pipeline import run_plan

    from wfm_desktop.core.staffing.queue_settings import PlanSettings
    result = run_plan(history, PlanSettings(), ForecastSettings(horizon_days=91), source=source)
    result.requirements   # per queue × interval (see staffing/intervals.py)
    result.daily          # per queue × day: contacts, workload and agent-hours, expected SL
    result.weekly         # per queue × week: agent-hours, FTE, expected SL
    build_plan_workbook(result, "plan.xlsx")     # wfm_desktop.core.export.builder

:func:`plan_from_forecast` redoes only the staffing for an existing forecast
(what the GUI calls when a staffing setting changes). Each step is a pure
function of the ones before; nothing given is modified.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast.run import run_forecast
from wfm_desktop.core.export.data import SourceInfo
from wfm_desktop.core.history.table import History
from wfm_desktop.core.staffing.rollups import daily_summary, weekly_summary
from wfm_desktop.core.staffing.intervals import interval_requirements
from wfm_desktop.core.staffing.queue_settings import PlanSettings
from wfm_desktop.core.progress import CancelFn, ProgressFn, check_cancel, report


@dataclass(frozen=True)
class PlanResult:
    """A computed plan: the forecast it used, requirements, roll-ups, and where it came from."""

    requirements: pd.DataFrame
    daily: pd.DataFrame
    weekly: pd.DataFrame
    forecast: Any  # wfm_desktop.core.forecast.ForecastResult
    settings: PlanSettings
    interval_min: int
    source: SourceInfo
    notes: tuple[str, ...] = field(default=())

    @property
    def frame(self) -> pd.DataFrame:
        """The interval requirements (the frame later stages, e.g. the Schedule page, read)."""
        return self.requirements

    @property
    def queues(self) -> list[str]:
        """The plan's queues in its order (by name): the order of the workbook's queues."""
        return _queue_order(self.requirements)


def _queue_order(requirements: pd.DataFrame) -> list[str]:
    return sorted(requirements["queue"].astype(str).unique().tolist())


def source_info(path: str | Path, history: History | None = None, sha256: str | None = None) -> SourceInfo:
    """SourceInfo for a history file (its SHA-256 computed when not given)."""
    path = Path(path)
    if sha256 is None:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        sha256 = digest.hexdigest()
    kwargs = {}
    if history is not None and not history.frame.empty:
        start = pd.to_datetime(history.frame["start"])
        kwargs = {"interval_min": history.interval_min, "rows": len(history.frame),
                  "first": start.min().to_pydatetime(), "last": start.max().to_pydatetime()}
    return SourceInfo(path=str(path), sha256=sha256, **kwargs)


def plan_from_forecast(
    forecast,
    settings: PlanSettings,
    *,
    source: SourceInfo,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> PlanResult:
    """Staff an existing forecast: requirements per interval, then daily and weekly roll-ups."""
    interval = forecast.interval_min
    if interval is None or forecast.intraday.empty:
        raise WfmError("the forecast has no intraday intervals (daily history only); "
                       "an intraday staffing plan needs interval history")

    def sub(fraction: float, message: str) -> None:
        report(progress, 0.9 * fraction, message)

    requirements, notes = interval_requirements(forecast.intraday, settings, interval, progress=sub, cancel=cancel)
    check_cancel(cancel)
    report(progress, 0.92, "Daily and weekly totals")
    days = pd.DatetimeIndex(sorted(pd.to_datetime(forecast.daily["date"]).dt.normalize().unique()))
    daily = daily_summary(requirements, interval, days=days, forecast_daily=forecast.daily)
    weekly = weekly_summary(daily, settings.contract_hours_week, first_day=settings.first_day)  # the plan's week
    report(progress, 1.0, "Plan ready")
    return PlanResult(requirements=requirements, daily=daily, weekly=weekly, forecast=forecast, settings=settings,
                      interval_min=int(interval), source=source, notes=tuple(forecast.notes) + notes)


def run_plan(
    history: History,
    settings: PlanSettings,
    forecast_settings,
    *,
    source: SourceInfo,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> PlanResult:
    """Forecast `history` with `forecast_settings`, then staff it with `settings`."""
    def first(fraction: float, message: str) -> None:
        report(progress, 0.7 * fraction, message)

    def second(fraction: float, message: str) -> None:
        report(progress, 0.7 + 0.3 * fraction, message)

    forecast = run_forecast(history, forecast_settings, progress=first, cancel=cancel)
    return plan_from_forecast(forecast, settings, source=source, progress=second, cancel=cancel)
