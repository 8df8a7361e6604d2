"""Small synthetic plans for the export tests (no Erlang engine needed)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from wfm_desktop.core.export import (
    ForecastAdjustment,
    ForecastInfo,
    PlanWorkbookData,
    QueueAssumptions,
    SourceInfo,
)
from wfm_desktop.core.staffing.shrinkage import ShrinkageCategory
from wfm_desktop.core.staffing.rollups import daily_summary, gross_agents, weekly_summary

EVIL_QUEUE = "=HYPERLINK(\"http://x\",\"click\")"
SHRINK_A = (
    ShrinkageCategory("Breaks", 0.0667, True),
    ShrinkageCategory("Lunch", 0.05, True),
    ShrinkageCategory("Absence", 0.06, False),
    ShrinkageCategory("Training", 0.04, False),
)
SHRINK_FEB = (
    ShrinkageCategory("Breaks", 0.0667, True),
    ShrinkageCategory("Absence", 0.09, False),
    ShrinkageCategory("+Holiday", 0.1, False),
)


def queues() -> tuple[QueueAssumptions, ...]:
    hours = ("08:00–18:00",) * 5 + ("closed", "closed")
    return (
        QueueAssumptions("Sales", SHRINK_A, sl_target=0.8, answer_s=20, max_occupancy=0.85,
                         open_hours=hours, min_staff=1),
        QueueAssumptions(EVIL_QUEUE, SHRINK_A, shrinkage_by_month={2: SHRINK_FEB}, channel="chat",
                         concurrency=2, sl_target=0.9, answer_s=60, asa_target_s=30, open_hours=hours,
                         method_note="chat: effective handle time = AHT ÷ concurrency"),
        QueueAssumptions("-Support@", (), model="Erlang A", patience_s=120, sl_target=0.8, answer_s=20,
                         open_hours=hours),
    )


def intraday(qs, first="2027-01-25", days=14, interval_min=30, seed=1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for q in qs:
        for d in pd.date_range(first, periods=days, freq="D"):
            if d.day_of_week >= 5:
                continue
            for start in pd.date_range(d + pd.Timedelta(hours=8), d + pd.Timedelta(hours=18), freq=f"{interval_min}min",
                                       inclusive="left"):
                contacts = float(rng.integers(0, 80)) if start.hour != 12 else 0.0
                aht = 180.0 + rng.integers(0, 120)
                # chat: per effective handle time, AHT ÷ concurrency, as the app (and the workbook's formula) counts it
                workload = contacts * (aht / (q.concurrency or 1) if q.channel == "chat" else aht) / (interval_min * 60)
                net = 0.0 if contacts == 0 else float(np.ceil(workload / 0.85) + rng.integers(0, 3))
                lines = q.shrinkage_for_month(start.month)
                total = sum(line.fraction for line in lines)
                unsched = sum(line.fraction for line in lines if not line.scheduled)
                rows.append({
                    "queue": q.queue, "start": start, "contacts": contacts, "aht_s": aht,
                    "workload_erlangs": workload, "agents_net": net,
                    "agents_schedule": float(gross_agents(net, unsched)),
                    "agents_gross": net / (1 - total),  # paid agents, unrounded (issue #21)
                    "service_level": np.nan if contacts == 0 else 0.8 + 0.19 * rng.random(),
                    "asa_s": np.nan if contacts == 0 else 30 * rng.random(),
                    "occupancy": 0.0 if net == 0 else workload / net,
                })
    frame = pd.DataFrame(rows)
    frame["queue"] = frame["queue"].astype("str")
    return frame


def plan_data(days=14, interval_min=30, contract_hours_week=37.5, **kw) -> PlanWorkbookData:
    qs = queues()
    req = intraday(qs, days=days, interval_min=interval_min)
    dates = pd.date_range("2027-01-25", periods=days, freq="D")
    bands = pd.DataFrame({"queue": np.repeat([q.queue for q in qs], days), "date": np.tile(dates, len(qs))})
    bands["lower"] = 100.0
    bands["upper"] = 900.0
    daily = daily_summary(req, interval_min, days=dates, forecast_daily=bands)
    weekly = weekly_summary(daily, contract_hours_week)
    return PlanWorkbookData(
        title="Test plan =1+1",
        interval_min=interval_min,
        queues=qs,
        intraday=req,
        daily=daily,
        weekly=weekly,
        contract_hours_week=contract_hours_week,
        forecast=ForecastInfo(
            method="Auto",
            method_by_queue={"Sales": "Holt-Winters"},
            accuracy_by_queue={"Sales": "WAPE 8.1%, bias -1.2%"},
            adjustments=(ForecastAdjustment("Growth", "all queues", 0.05),
                         ForecastAdjustment("Event", "@Sales launch", 1.3, unit="factor", note="=2*3")),
        ),
        source=SourceInfo("/data/history.csv", "ab" * 32, interval_min=30, rows=1234,
                          first=datetime(2026, 1, 1), last=datetime(2026, 12, 31)),
        created=datetime(2027, 1, 20, 9, 30),
        **kw,
    )
