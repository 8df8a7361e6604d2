"""A one-week plan staffed by the app's own engine, and the app's figures for changed inputs.

The live-staffing tests change the workbook's levers (targets, volume growth, AHT change, the
contracted week), recalculate in LibreOffice and compare with :func:`app_figures`, which runs the
app's staffing engine (:func:`interval_requirements`), roll-ups and budget on the same inputs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import numpy as np
import pandas as pd

from wfm_desktop.core.budget.inputs import BudgetInputs, Site
from wfm_desktop.core.budget.monthly import budget_for_requirements
from wfm_desktop.core.export import ForecastInfo, PlanWorkbookData, QueueAssumptions, SourceInfo
from wfm_desktop.core.staffing.intervals import interval_requirements
from wfm_desktop.core.staffing.queue_settings import OpenHours, PlanSettings, QueueSettings
from wfm_desktop.core.staffing.rollups import daily_summary, weekly_summary

FIRST_DAY = "2027-03-01"  # a Monday


def settings() -> dict[str, QueueSettings]:
    """Voice (Erlang C, with a minimum staff), chat (2 at once, SL and ASA targets) and an Erlang A queue."""
    hours = OpenHours.parse("07:00-21:00", saturday="09:00-17:00", sunday=None)
    return {  # Queue1, Queue2, Queue3 in the workbook (alphabetical)
        "Calls": QueueSettings(sl=0.8, answer_s=20, max_occupancy=0.85, min_staff=2, open_hours=hours),
        "Chat": QueueSettings(channel="chat", concurrency=2, sl=0.85, answer_s=60, asa_s=40.0,
                              max_occupancy=0.85, open_hours=hours),
        "Retention": QueueSettings(patience_s=150.0, sl=0.8, answer_s=20, open_hours=hours),
    }


def forecast(days: int = 7, interval_min: int = 30, *, scale: float = 1.0, seed: int = 7,
             queues=("Calls", "Chat", "Retention")) -> pd.DataFrame:
    """Intraday forecast rows (queue, start, contacts, aht_s): a daily curve with noise; Sunday closed."""
    rng = np.random.default_rng(seed)
    rows = []
    peak = {"Calls": 120.0, "Chat": 60.0, "Retention": 25.0}
    aht = {"Calls": 300.0, "Chat": 420.0, "Retention": 480.0}
    for queue in sorted(queues):
        for day in pd.date_range(FIRST_DAY, periods=days, freq="D"):
            for start in pd.date_range(day, day + pd.Timedelta(days=1), freq=f"{interval_min}min", inclusive="left"):
                hour = start.hour + start.minute / 60
                shape = max(0.0, np.sin(np.pi * (hour - 6) / 16)) if 6 <= hour <= 22 else 0.0
                contacts = round(peak[queue] * scale * shape * rng.uniform(0.7, 1.3), 1)
                rows.append({"queue": queue, "start": start, "contacts": contacts,
                             "aht_s": aht[queue] * rng.uniform(0.9, 1.1)})
    frame = pd.DataFrame(rows)
    frame["queue"] = frame["queue"].astype(str)
    return frame


def budget_inputs(contract_hours_week: float = 37.5) -> BudgetInputs:
    return BudgetInputs(sites=(Site("In-house", 0.8), Site("Vendor", 0.2, "outsourced", rate=32.0, rate_unit="hour")),
                        contract_hours_week=contract_hours_week)


def app_figures(fc: pd.DataFrame, queues: dict[str, QueueSettings], interval_min: int = 30, *,
                contract_hours_week: float = 37.5, growth: dict[str, float] | None = None,
                aht_change: dict[str, float] | None = None, with_budget: bool = True):
    """(requirements, daily, weekly, budget) as the app computes them for these inputs.

    `growth` and `aht_change` (queue → fraction) scale that queue's forecast contacts and AHT, as the
    workbook's ``Queue<k>_Volume_Growth`` and ``Queue<k>_AHT_Change`` cells do.
    """
    work = fc.copy()
    for queue, g in (growth or {}).items():
        work.loc[work["queue"] == queue, "contacts"] *= 1 + g
    for queue, c in (aht_change or {}).items():
        work.loc[work["queue"] == queue, "aht_s"] *= 1 + c
    req, _ = interval_requirements(work, PlanSettings(queues=queues, contract_hours_week=contract_hours_week),
                                   interval_min)
    days = pd.date_range(pd.Timestamp(fc["start"].min()).normalize(), pd.Timestamp(fc["start"].max()).normalize())
    daily = daily_summary(req, interval_min, days=days)
    weekly = weekly_summary(daily, contract_hours_week)
    budget = None
    if with_budget:
        budget = budget_for_requirements(req, interval_min, budget_inputs(contract_hours_week), kind="week",
                                         suggest=False)
    return req, daily, weekly, budget


def live_plan_data(days: int = 7, interval_min: int = 30, *, scale: float = 1.0, with_budget: bool = True,
                   queues: dict[str, QueueSettings] | None = None) -> tuple[PlanWorkbookData, pd.DataFrame]:
    """The workbook data of the plan (and its forecast, for :func:`app_figures`)."""
    queues = settings() if queues is None else queues
    fc = forecast(days, interval_min, scale=scale, queues=tuple(queues))
    req, daily, weekly, budget = app_figures(fc, queues, interval_min, with_budget=with_budget)
    data = PlanWorkbookData(
        title="Live plan", interval_min=interval_min,
        queues=tuple(QueueAssumptions.from_settings(q, queues[q]) for q in sorted(queues)),
        intraday=req, daily=daily, weekly=weekly, forecast=ForecastInfo(method="test"),
        source=SourceInfo("history.csv", "ab" * 32), created=datetime(2027, 2, 20, 9, 0), budget=budget,
    )
    return data, fc


def with_targets(queues: dict[str, QueueSettings], queue: str, **changes) -> dict[str, QueueSettings]:
    return {**queues, queue: replace(queues[queue], **changes)}
