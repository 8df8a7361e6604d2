"""The one place a plan's results become the plan workbook: :func:`build_plan_workbook`.

    from wfm_desktop.core.export.builder import build_plan_workbook
    build_plan_workbook(plan, "plan.xlsx", schedule=result, roster=roster, budget=budget, force=False)

``plan`` is the pipeline's :class:`~wfm_desktop.core.plan.pipeline.PlanResult`
(requirements, daily and weekly roll-ups, the forecast, the settings); a
schedule (:class:`~wfm_desktop.core.scheduling.result.ScheduleResult`, with
its :class:`~wfm_desktop.core.scheduling.roster.RosterResult` when one was
made) and a budget (:class:`~wfm_desktop.core.budget.monthly.BudgetResult`)
add their sheets. The GUI, the ``plan`` command and the self-test all call it,
so the same results give the same workbook. :func:`plan_workbook_data` is the
conversion alone: the settings become the Assumptions sheet's
:class:`~wfm_desktop.core.export.data.QueueAssumptions`, the forecast's method
and adjustments a :class:`~wfm_desktop.core.export.data.ForecastInfo`.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from wfm_desktop.core.conventions import weekday_name
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.export.data import (
    ForecastAdjustment,
    ForecastInfo,
    PlanWorkbookData,
    QueueAssumptions,
    ScheduleExport,
)
from wfm_desktop.core.export.workbook import write_plan_workbook
from wfm_desktop.core.progress import CancelFn, ProgressFn

METHOD_LABELS = {"seasonal_naive": "Seasonal naive (same weekday last week)", "weekday_avg": "Weekday average",
                 "weekday_level": "Weekday pattern × exponentially smoothed level",
                 "ets": "Holt-Winters / ETS (weekly season)", "mstl": "Weekly and yearly seasonality (MSTL)",
                 "harmonic": "Harmonic regression (weekday, trend and yearly season)",
                 "auto": "Auto (best backtest per queue)"}


def build_plan_workbook(
    plan: Any,
    path: str | os.PathLike,
    *,
    schedule: Any = None,
    roster: Any = None,
    budget: Any = None,
    simulation: Any = None,
    force: bool = False,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> Path:
    """Write the workbook of `plan` (with its `schedule`, `roster` and `budget`, when given) to `path`.

    Refuses to replace an existing file unless `force`; see
    :func:`~wfm_desktop.core.export.workbook.write_plan_workbook`.
    """
    data = plan_workbook_data(plan, schedule=schedule, roster=roster, budget=budget, simulation=simulation)
    return write_plan_workbook(data, path, force=force, progress=progress, cancel=cancel)


def plan_workbook_data(
    plan: Any,
    *,
    schedule: Any = None,
    roster: Any = None,
    budget: Any = None,
    scenarios: Any = None,
    simulation: Any = None,
    title: str | None = None,
    created: datetime | None = None,
    author: str = "",
) -> PlanWorkbookData:
    """What the workbook of `plan` is written from (see :class:`~wfm_desktop.core.export.data.PlanWorkbookData`).

    The title defaults to the plan's, else the history file's name.
    """
    if roster is not None and schedule is None:
        raise WfmError("export: a roster needs the schedule it was made from")
    queues = tuple(QueueAssumptions.from_settings(q, plan.settings.for_queue(q)) for q in plan.queues)
    kwargs = {} if created is None else {"created": created}
    return PlanWorkbookData(
        title=title or plan.settings.title or Path(plan.source.path).stem or "Staffing plan",
        interval_min=plan.interval_min,
        queues=queues,
        intraday=plan.requirements,
        daily=plan.daily,
        weekly=plan.weekly,
        contract_hours_week=plan.settings.contract_hours_week,  # the plan's one week (#21)
        forecast=_forecast_info(plan.forecast),
        source=plan.source,
        author=author,
        schedule=None if schedule is None else ScheduleExport(schedule, roster),
        budget=budget,
        scenarios=scenarios,
        week_start=weekday_name(getattr(plan.settings, "first_day", 0)),
        simulation=simulation,
        **kwargs,
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
