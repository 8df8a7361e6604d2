"""One plan, one FTE (issue #21 must-show): Staffing page, Budget page, every Summary block, the Weekly FTE
and Budget sheets give the same FTE for the same period; Calculator and Trade-offs start from the plan.

The plan: two queues open Monday to Friday, Wednesday 3 March – Sunday 4 April 2027, so the first week is a
part week (Wed–Fri: 3 of 5 open days = 0.6 of a week), March is a full month (31/7 weeks) and April 1–4 a
part month (the Thursday and Friday of a full week: 2/7 + 2 closed days 2/7 = 4/7 week).
"""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import openpyxl
import pandas as pd
import pytest

WEEK = 37.5


def _forecast():
    starts = pd.date_range("2027-03-03", "2027-04-04 23:30", freq="30min")
    rows = []
    for queue, scale in (("Sales", 30), ("Chat", 18)):
        hour = starts.hour
        open_ = (starts.day_of_week < 5) & (hour >= 8) & (hour < 18)
        contacts = np.where(open_, scale * (1 + np.sin(hour / 3)) * (1 + 0.1 * starts.day_of_week), 0.0)
        rows.append(pd.DataFrame({"queue": queue, "start": starts, "contacts": contacts, "aht_s": 270.0}))
    intraday = pd.concat(rows, ignore_index=True)
    daily = (intraday.assign(date=intraday["start"].dt.normalize()).groupby(["queue", "date"], as_index=False)
             ["contacts"].sum())
    daily["aht_s"], daily["method"], daily["point"] = 270.0, "weekday_avg", daily["contacts"]
    settings = SimpleNamespace(method="weekday_avg", growth=0.0, deflection=0.0, events=(), overrides={},
                               percentile=None)
    return SimpleNamespace(intraday=intraday, daily=daily, interval_min=30, notes=(), adjustments=pd.DataFrame(),
                           backtest=pd.DataFrame(columns=["queue", "method", "wape", "bias", "folds", "chosen"]),
                           settings=settings)


def _open(path, data_only=True):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def _hand_weeks(dates) -> np.ndarray:
    """Contracted weeks of each day, by hand: 1/7 in a full week, 1/5 for a weekday in the part week."""
    dates = pd.DatetimeIndex(dates)
    first_full = pd.Timestamp("2027-03-08")
    return np.where(dates >= first_full, 1 / 7, np.where(dates.day_of_week < 5, 1 / 5, 0.0))


@pytest.fixture
def planned(qtbot, main_window):
    staffing = main_window.page("Staffing")
    with qtbot.waitSignal(staffing.shown, timeout=20_000):
        main_window.plan.set_result("forecast", _forecast())
    budget = main_window.page("Budget")
    budget.period.setCurrentText("week")
    qtbot.waitUntil(lambda: budget.result is not None and budget.result.capacity.kind == "week"
                    and budget.result.inputs is not None and not main_window.plan.runner.busy, timeout=20_000)
    assert budget.use_plan.isChecked() and budget.result.capacity.kind == "week"
    return main_window, staffing, budget


def test_one_fte_for_one_period_everywhere(qtbot, planned, tmp_path):
    main_window, staffing, budget = planned
    plan = staffing.result
    weekly = plan.weekly
    # By hand: each queue's weekly FTE = its gross hours ÷ (37.5 × weeks), gross unrounded = net ÷ (1 − s).
    req = plan.requirements.copy()
    shrink = {q: plan.settings.for_queue(q).shrinkage.total for q in ("Sales", "Chat")}
    req["paid"] = req["agents_net"] / (1 - req["queue"].map(shrink)) * 0.5
    req["week"] = req["start"].dt.normalize() - pd.to_timedelta(req["start"].dt.day_of_week, unit="D")
    hours = req.groupby(["queue", "week"])["paid"].sum()
    weeks_of = {pd.Timestamp("2027-03-01"): 3 / 5}  # Wed–Fri of a Monday–Friday centre
    for (queue, week), h in hours.items():
        row = weekly[(weekly["queue"] == queue) & (weekly["week_start"] == week)].iloc[0]
        assert row["weeks"] == pytest.approx(weeks_of.get(week, 1.0))
        assert row["fte"] == pytest.approx(h / (WEEK * weeks_of.get(week, 1.0)))
    # The Staffing page's Weekly FTE table shows those numbers.
    staffing.queue.setCurrentText("Sales")
    model = staffing.weekly_model
    from PySide6.QtCore import Qt

    col = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
           for c in range(model.columnCount())].index("FTE")
    shown = [model.data(model.index(r, col), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())]
    assert shown == [f"{v:,.1f}" for v in weekly[weekly["queue"] == "Sales"]["fte"]]

    # Budget page, capacity plan by week: required FTE = the queues' weekly FTE added up.
    per_week = weekly.groupby("week_start")["fte"].sum()
    cap = budget.result.capacity.frame.set_index("period")["required_fte"]
    assert cap.to_numpy() == pytest.approx(per_week.reindex(cap.index).to_numpy())
    # Monthly budget FTE = the month's gross hours ÷ (37.5 × its weeks): March 31/7, April 1–4 = 4/7
    # (Thu 1, Fri 2 open; Sat 3, Sun 4 closed: a full week's days count 1/7 each).
    months = budget.result.budget.frame.set_index("month")
    req["month"] = req["start"].dt.to_period("M").dt.to_timestamp()
    by_month = req.groupby("month")["paid"].sum()
    march_weeks = _hand_weeks(pd.date_range("2027-03-03", "2027-03-31")).sum()  # Wed 3 – Wed 31 March
    assert march_weeks == pytest.approx(3 / 5 + 24 / 7)
    assert months.loc["2027-03-01", "weeks"] == pytest.approx(march_weeks)
    assert months.loc["2027-04-01", "weeks"] == pytest.approx(4 / 7)
    assert months.loc["2027-03-01", "required_fte"] == pytest.approx(by_month["2027-03-01"] / (WEEK * march_weeks))
    assert months.loc["2027-04-01", "required_fte"] == pytest.approx(by_month["2027-04-01"] / (WEEK * 4 / 7))
    # The horizon's average: total paid hours ÷ (37.5 × all weeks), on the Budget page and the Staffing page.
    total_weeks = _hand_weeks(pd.date_range("2027-03-03", "2027-04-04")).sum()
    average = req["paid"].sum() / (WEEK * total_weeks)
    assert budget.figures["required_fte"].text() == f"{average:,.1f}"
    assert f"average {average:.1f} FTE" in staffing.message.text()

    # The workbook: Weekly FTE sheet, every Summary block, the Capacity plan and Budget sheets.
    path = tmp_path / "plan.xlsx"
    with qtbot.waitSignal(staffing.export_runner.done, timeout=60_000):
        staffing.export_to_excel(str(path))
    wb = _open(path)
    ws = wb["Weekly FTE"]
    head = [c.value for c in ws[1]]
    for r in range(2, ws.max_row + 1):
        queue, week = ws.cell(r, head.index("Queue") + 1).value, pd.Timestamp(ws.cell(r, 1).value)
        row = weekly[(weekly["queue"] == queue) & (weekly["week_start"] == week)].iloc[0]
        assert ws.cell(r, head.index("FTE") + 1).value == pytest.approx(row["fte"], rel=1e-12)
    summary = wb["Summary"]
    labels = {summary.cell(r, 1).value: r for r in range(1, summary.max_row + 1)}
    assert summary.cell(labels["All queues"], 6).value == pytest.approx(average)
    for queue in ("Sales", "Chat"):
        rows = weekly[weekly["queue"] == queue]
        assert summary.cell(labels[queue], 6).value == pytest.approx(
            (rows["fte"] * rows["weeks"]).sum() / rows["weeks"].sum())
    assert summary.cell(labels["Average FTE"], 2).value == pytest.approx(average)  # the Budget block
    cap_ws = wb["Capacity plan"]
    for r in range(2, 2 + len(per_week)):
        week = pd.Timestamp(cap_ws.cell(r, 1).value)
        assert cap_ws.cell(r, 2).value == pytest.approx(per_week[week], rel=1e-12)
    b_ws = wb["Budget"]
    b_head = [c.value for c in b_ws[1]]
    for r in range(2, 4):
        month = pd.Timestamp(b_ws.cell(r, 1).value)
        assert b_ws.cell(r, b_head.index("FTE") + 1).value == pytest.approx(months.loc[month, "required_fte"])
    total_row = next(r for r in range(2, b_ws.max_row + 1) if b_ws.cell(r, 1).value == "Total")
    assert b_ws.cell(total_row, b_head.index("FTE") + 1).value == pytest.approx(average)
    names = _open(path, data_only=False).defined_names
    assert "Contract_Hours_Week" in names and "Budget_Contract_Hours" not in names


def test_calculator_and_tradeoffs_start_from_the_plans_busiest_interval(qtbot, planned):
    main_window, staffing, _ = planned
    plan = staffing.result
    req = plan.requirements
    busiest_queue = req.groupby("queue")["workload_erlangs"].sum().idxmax()
    rows = req[req["queue"] == busiest_queue]
    peak = rows.loc[rows["workload_erlangs"].idxmax()]
    qs = plan.settings.for_queue(busiest_queue)
    calc = main_window.page("Calculator")
    assert calc.contacts.value() == pytest.approx(peak["contacts"], abs=0.05)
    assert calc.occupancy.value() == pytest.approx(qs.max_occupancy * 100)
    assert calc.shrinkage.value() == pytest.approx(qs.shrinkage.total * 100, abs=0.05)
    assert calc.concurrency.value() == qs.concurrency and calc.interval.value() == 30
    assert busiest_queue in calc.plan_label.text()
    qtbot.waitUntil(lambda: calc.result is not None and calc.result.agents_net == peak["agents_net"], timeout=10_000)
    # The whole agents to schedule on the Calculator = the plan's paid agents rounded up.
    assert calc.result.agents_gross == int(np.ceil(peak["agents_gross"] - 1e-9))
    trade = main_window.page("Trade-offs")
    assert trade.sliders["occupancy_cap"].value() == pytest.approx(qs.max_occupancy * 100)
    assert trade.sliders["concurrency"].value() == qs.concurrency
    assert trade.sliders["aht_s"].value() == pytest.approx(270)
    # A trainer's change sticks: a new staffing result no longer moves the sliders.
    # A trainer's change sticks on both pages (one shared rule, gui/pages/plan_start.py): a new staffing
    # result no longer moves their inputs, and each says it left the plan's interval.
    trade.sliders["aht_s"].setValue(300)
    calc.aht.setValue(300)
    for page in (trade, calc):
        assert page.plan_label.text().startswith(f"Changed from the plan's {busiest_queue}")
    with qtbot.waitSignal(staffing.shown, timeout=20_000):
        staffing.recompute()
    assert trade.sliders["aht_s"].value() == 300 and calc.aht.value() == 300
    trade.start_from_plan()
    calc.start_from_plan()
    assert trade.sliders["aht_s"].value() == pytest.approx(270) and calc.aht.value() == pytest.approx(270)
    for page in (trade, calc):
        assert page.plan_label.text().startswith(f"From the plan: {busiest_queue}")
