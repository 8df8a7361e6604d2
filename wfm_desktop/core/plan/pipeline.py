"""The plan, end to end: history → forecast → interval requirements → daily/weekly → workbook data.

    from wfm_desktop.core.plan.pipeline import run_plan

    from wfm_desktop.core.staffing.queue_settings import PlanSettings
    result = run_plan(history, PlanSettings(), ForecastSettings(horizon_days=91), source=source)
    result.requirements   # per queue × interval (see requirements.py)
    result.daily          # per queue × day: contacts, workload and agent-hours, expected SL
    result.weekly         # per queue × week: agent-hours, FTE, expected SL
    write_plan_workbook(result.workbook_data(), "plan.xlsx")

:func:`plan_from_forecast` redoes only the staffing for an existing forecast
(what the GUI calls when a staffing setting changes). Each step is a pure
function of the ones before; nothing given is modified.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.export.data import (
    ForecastAdjustment,
    ForecastInfo,
    PlanWorkbookData,
    QueueAssumptions,
    ShrinkageLine,
    SourceInfo,
)
from wfm_desktop.core.history.table import History
from wfm_desktop.core.staffing.rollups import daily_summary, weekly_summary
from wfm_desktop.core.staffing.intervals import interval_requirements
from wfm_desktop.core.staffing.queue_settings import PlanSettings, QueueSettings
from wfm_desktop.core.progress import CancelFn, ProgressFn, check_cancel, report
from wfm_desktop.core.staffing.shrinkage import ShrinkageTable

METHOD_LABELS = {"seasonal_naive": "Seasonal naive (same weekday last week)", "weekday_avg": "Weekday average",
                 "ets": "Holt-Winters / ETS (weekly season)", "mstl": "Weekly and yearly seasonality (MSTL)",
                 "auto": "Auto (best backtest per queue)"}


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

    def workbook_data(self, *, title: str | None = None, created: datetime | None = None,
                      author: str = "") -> PlanWorkbookData:
        """What the Excel export writes (see :class:`~wfm_desktop.core.export.data.PlanWorkbookData`)."""
        queues = tuple(_assumptions(q, self.settings.for_queue(q)) for q in _queue_order(self.requirements))
        kwargs = {} if created is None else {"created": created}
        return PlanWorkbookData(
            title=title or self.settings.title or Path(self.source.path).stem or "Staffing plan",
            interval_min=self.interval_min,
            queues=queues,
            intraday=self.requirements,
            daily=self.daily,
            weekly=self.weekly,
            contract_hours_week=self.settings.contract_hours_week,
            forecast=_forecast_info(self.forecast),
            source=self.source,
            author=author,
            **kwargs,
        )


def _queue_order(requirements: pd.DataFrame) -> list[str]:
    return sorted(requirements["queue"].astype(str).unique().tolist())


def _lines(table: ShrinkageTable) -> tuple[ShrinkageLine, ...]:
    return tuple(ShrinkageLine(c.name, c.fraction, c.scheduled) for c in table.categories)


def _assumptions(queue: str, qs: QueueSettings) -> QueueAssumptions:
    hours = tuple("as forecast" if qs.open_hours is None else qs.open_hours.text(d) for d in range(7))
    return QueueAssumptions(
        queue=queue,
        shrinkage=_lines(qs.shrinkage),
        shrinkage_by_month={m: _lines(t) for m, t in qs.shrinkage_by_month.items()},
        channel=qs.channel,
        model=qs.model,
        sl_target=qs.sl if qs.channel != "deferred" else None,
        sl_seconds=qs.answer_s if qs.channel != "deferred" and qs.sl is not None else None,
        asa_target_s=qs.asa_s,
        max_occupancy=qs.max_occupancy,
        concurrency=qs.concurrency if qs.channel == "chat" else None,
        patience_s=qs.patience_s,
        response_target_h=qs.response_target_h,
        min_staff=qs.min_staff,
        open_hours=hours,
        method_note=qs.method_note,
    )


def _forecast_info(forecast) -> ForecastInfo:
    settings = forecast.settings
    by_queue, accuracy = {}, {}
    backtest = forecast.backtest
    if not backtest.empty:
        chosen = backtest[backtest["chosen"].astype(bool)]
        for _, row in chosen.iterrows():
            by_queue[str(row["queue"])] = METHOD_LABELS.get(str(row["method"]), str(row["method"]))
            if pd.notna(row["wape"]):
                accuracy[str(row["queue"])] = f"WAPE {row['wape']:.1%}, bias {row['bias']:+.1%} ({row['folds']} folds)"
    for queue, method in forecast.daily.groupby("queue")["method"].first().items():
        by_queue.setdefault(str(queue), METHOD_LABELS.get(str(method), str(method)))
    adjustments = []
    if settings.growth:
        adjustments.append(ForecastAdjustment("Growth", "all queues", float(settings.growth)))
    if settings.deflection:
        adjustments.append(ForecastAdjustment("Deflection (self-service)", "all queues", float(settings.deflection)))
    for event in settings.events:
        adjustments.append(ForecastAdjustment(
            "Closed" if event.closed else "Event factor", f"{event.queue or 'all queues'} on {event.date}",
            0.0 if event.closed else float(event.factor), unit="factor", note=event.label))
    for (queue, day), value in dict(settings.overrides).items():
        adjustments.append(ForecastAdjustment("Override (contacts)", f"{queue} on {day}", float(value),
                                              unit="contacts"))
    adj = forecast.adjustments
    if adj is not None and not adj.empty and "kind" in adj.columns:
        holidays = adj[adj["kind"].astype(str).str.contains("holiday", case=False)]
        for _, row in holidays.iterrows():
            adjustments.append(ForecastAdjustment("Public holiday", f"{row['queue']} on {pd.Timestamp(row['date']).date()}",
                                                  float(row["value"]), unit="factor", note=str(row.get("label", ""))))
    basis = "point forecast" if settings.percentile is None else f"{settings.percentile:.0%} percentile of the forecast"
    return ForecastInfo(method=METHOD_LABELS.get(settings.method, settings.method), method_by_queue=by_queue,
                        accuracy_by_queue=accuracy, basis=basis, adjustments=tuple(adjustments))


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
    weekly = weekly_summary(daily, settings.contract_hours_week)
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
    from wfm_desktop.core.forecast import run_forecast

    def first(fraction: float, message: str) -> None:
        report(progress, 0.7 * fraction, message)

    def second(fraction: float, message: str) -> None:
        report(progress, 0.7 + 0.3 * fraction, message)

    forecast = run_forecast(history, forecast_settings, progress=first, cancel=cancel)
    return plan_from_forecast(forecast, settings, source=source, progress=second, cancel=cancel)
