"""`wfm-desktop --self-test`: run the whole plan on the bundled sample and check the workbook.

A build (frozen or not) is checked without a screen: no Qt is imported. Stages,
each reported on its own line as it finishes::

    sample    find the bundled sample history and import it (30-minute intervals)
    forecast  forecast 42 days per queue (Auto: backtest picks the method)
    staffing  interval requirements (Erlang C, 80/20, 30% shrinkage) and the daily/weekly roll-ups
    schedule  the shift mix for one queue's first week (the MILP solver runs in a child process,
              which in a frozen app exercises multiprocessing's freeze_support)
    budget    capacity plan and monthly budget from the requirements (default costs)
    chart     one interval's Erlang C answer checked and its curves drawn to a PNG (matplotlib, Agg)
    simulate  the simulator (its event loop compiled by numba: a build without numba or llvmlite
              fails here) on 12,000 calls of one steady queue, Erlang C's service level and ASA
              inside the simulated 99% intervals
    export    the plan workbook written to a temporary folder (with the Budget, Capacity plan,
              Schedule and Coverage sheets when those stages passed)
    verify    the workbook reopened with openpyxl: sheets present, key cells filled

A stage whose code is missing from the build, that raises, or whose result
fails its check is FAIL; stages that need a failed stage are FAIL too ("needs
…"). The exit code is 0 only when every stage passed. The temporary folder is
removed afterwards; nothing is written next to the executable.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TextIO

from wfm_desktop import __version__

HORIZON_DAYS = 42  # six weeks: the budget spans two months
INTERVAL_MIN = 30
SCHEDULE_DAYS = 7
SCHEDULE_TIME_LIMIT_S = 30.0
# The self-test's shift templates (docs/scheduling.md format): cover any queue open 07:00-22:00.
SELF_TEST_TEMPLATES_CSV = """\
name,start_earliest,start_latest,start_step_min,paid_length_min,breaks,weekdays,contract,min_count,max_count,cost_per_hour
Full 8h,07:00,13:30,30,480,break1 15 paid 1:30-2:30; lunch 30 unpaid 3:00-5:00; break2 15 paid 5:30-6:30,all,full,0,,20
Part 4h,08:00,18:00,60,240,,all,part,0,,22
"""
# Sheets the plan workbook always has (more are checked when their writers are registered).
CORE_SHEETS = ("Summary", "Assumptions", "Daily forecast", "Intraday requirements", "Weekly FTE")


# The modules the stages call (other parts of the app); see missing_modules().
PIPELINE_MODULES = (
    "wfm_desktop.core.history.sample", "wfm_desktop.core.importers", "wfm_desktop.core.forecast",
    "wfm_desktop.core.plan.pipeline", "wfm_desktop.core.staffing.intervals", "wfm_desktop.core.scheduling.shift_mix", "wfm_desktop.core.scheduling.templates",
    "wfm_desktop.core.budget.monthly", "wfm_desktop.core.budget.inputs", "wfm_desktop.core.budget.periods", "wfm_desktop.core.export",
    "wfm_desktop.core.simulation.simulate",
)


def missing_modules() -> list[str]:
    """The pipeline modules this checkout or build does not have (their stages will FAIL)."""
    import importlib.util

    return [name for name in PIPELINE_MODULES if importlib.util.find_spec(name) is None]


class StageFailed(Exception):
    """A stage's result did not pass its check (the message says what was wrong)."""


@dataclass
class Stage:
    name: str
    needs: tuple[str, ...]
    run: Callable[[dict], str]


@dataclass
class StageResult:
    name: str
    ok: bool
    detail: str
    seconds: float


def _missing_module(exc: ModuleNotFoundError) -> str:
    return (f"module {exc.name} is not in this build (that part of the app has not been merged or was "
            "left out of the bundle)")


# --- stages -----------------------------------------------------------------------------------------

def _sample(state: dict) -> str:
    from wfm_desktop.core.importers import import_history
    from wfm_desktop.core.history.sample import sample_history_path

    path = sample_history_path()
    result = import_history(path, interval_min=INTERVAL_MIN)
    if result.errors:
        raise StageFailed(f"{path}: the import reported errors:\n{result.report()}")
    history = result.history
    frame = history.frame
    if frame.empty or len(history.queues) == 0:
        raise StageFailed(f"{path}: no rows imported")
    state.update(history=history, sample_path=path, sample_sha256=result.source_sha256)
    first, last = frame["start"].min(), frame["start"].max()
    return (f"{path.name}: {len(frame):,} rows, {len(history.queues)} queues ({', '.join(history.queues)}), "
            f"{history.interval_min}-minute intervals, {first:%Y-%m-%d} to {last:%Y-%m-%d}")


def _forecast(state: dict) -> str:
    from wfm_desktop.core.forecast import ForecastSettings, run_forecast

    history = state["history"]
    forecast = run_forecast(history, ForecastSettings(horizon_days=HORIZON_DAYS, interval_min=INTERVAL_MIN))
    daily = forecast.daily
    if daily.empty or forecast.intraday.empty:
        raise StageFailed("the forecast has no daily or intraday rows")
    if daily["contacts"].isna().any() or (daily["contacts"] < 0).any():
        raise StageFailed("the daily forecast has missing or negative contacts")
    missing = sorted(set(history.queues) - set(daily["queue"].astype(str)))
    if missing:
        raise StageFailed(f"queue(s) not forecast: {', '.join(missing)}")
    state["forecast"] = forecast
    methods = daily.groupby("queue")["method"].first()
    days = daily["date"].nunique()
    return (f"{days} days × {len(methods)} queues, {daily['contacts'].sum():,.0f} contacts; methods: "
            + ", ".join(f"{q} {m}" for q, m in methods.items()))


def _staffing(state: dict) -> str:
    from wfm_desktop.core.plan.pipeline import plan_from_forecast, source_info
    from wfm_desktop.core.staffing.queue_settings import PlanSettings

    source = source_info(state["sample_path"], state["history"], state["sample_sha256"])
    plan = plan_from_forecast(state["forecast"], PlanSettings(title="wfm-desktop self-test"), source=source)
    req = plan.requirements
    for column in ("agents_net", "agents_gross"):
        if column not in req.columns or req[column].isna().any():
            raise StageFailed(f"requirements: column {column} is missing or has blanks")
    if not (req["agents_gross"] >= req["agents_net"]).all() or req["agents_gross"].max() <= 0:
        raise StageFailed("requirements: gross agents must be ≥ net agents and some must be above zero")
    if plan.weekly.empty:
        raise StageFailed("the weekly FTE roll-up is empty")
    state["plan"] = plan
    peak = req.loc[req["agents_gross"].idxmax()]
    return (f"{len(req):,} intervals; peak {peak['agents_gross']:.1f} paid (gross) agents ({peak['queue']}, "
            f"{peak['start']:%a %Y-%m-%d %H:%M}); {len(plan.weekly)} queue-weeks of FTE")


def _schedule(state: dict) -> str:
    import pandas as pd

    from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, solve_schedule
    from wfm_desktop.core.scheduling.templates import templates_from_csv

    req = state["plan"].requirements
    # The smallest staffed queue keeps the solve short; it still exercises every part of the model.
    totals = req.groupby("queue")["agents_schedule"].sum()
    queue = totals[totals > 0].idxmin()
    first_day = pd.Timestamp(req["start"].min()).normalize()
    week = req[(req["queue"] == queue) & (req["start"] < first_day + pd.Timedelta(days=SCHEDULE_DAYS))]
    templates = templates_from_csv(SELF_TEST_TEMPLATES_CSV, "self-test shift templates")
    settings = ScheduleSettings(time_limit_s=SCHEDULE_TIME_LIMIT_S, mip_rel_gap=0.02)
    result = solve_schedule(week[["queue", "start", "agents_schedule"]], templates, settings)  # whole agents
    summary = result.summary
    if result.shifts.empty or summary["scheduled_h"] <= 0:
        raise StageFailed(f"{queue}: the schedule has no shifts")
    if summary["under_h"] > 0.25 * summary["required_h"]:
        raise StageFailed(f"{queue}: {summary['under_h']:.1f} of {summary['required_h']:.1f} required agent-hours "
                          "are not covered")
    state["schedule"] = result
    return (f"{queue}, {SCHEDULE_DAYS} days: {summary['shifts']} shifts, required {summary['required_h']:.0f} h, "
            f"scheduled {summary['scheduled_h']:.0f} h, under {summary['under_h']:.1f} h, "
            f"gap {summary['gap']:.2%}, {summary['status']}")


def _budget(state: dict) -> str:
    from wfm_desktop.core.budget.inputs import BudgetInputs
    from wfm_desktop.core.budget.monthly import budget_for_requirements

    plan = state["plan"]
    inputs = BudgetInputs(contract_hours_week=plan.settings.contract_hours_week)  # the plan's one week
    result = budget_for_requirements(plan.requirements, plan.interval_min, inputs)
    budget = result.budget
    totals = budget.totals()
    if not totals["total"] > 0 or budget.frame["total"].isna().any():
        raise StageFailed("the budget total is not a positive amount")
    state["budget"] = result
    months = len(budget.frame)
    return (f"{months} month{'s' if months != 1 else ''}, total {totals['total']:,.0f} {budget.currency}, "
            f"{totals['paid_hours']:,.0f} paid hours, cost per contact {totals['cost_per_contact']:.2f}")


def _chart(state: dict) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from wfm_desktop.core.staffing.erlang import ServiceTarget
    from wfm_desktop.core.staffing.calculator import IntervalInputs, calculate_interval
    from wfm_desktop.plots.staffing_curves import draw_agent_curves

    target = ServiceTarget(sl=0.8, answer_s=20.0)
    result = calculate_interval(IntervalInputs(contacts=100, interval_min=30, aht_s=180, target=target))
    table = result.table.set_index("agents")
    below = result.agents_net - 1
    if not (result.service_level >= 0.8 and (below not in table.index or not table.loc[below, "meets_target"])):
        raise StageFailed(f"Erlang C: {result.agents_net} agents is not the smallest number meeting 80/20 "
                          f"(service level {result.service_level:.3f})")
    figure = Figure(figsize=(6, 4), dpi=100)
    FigureCanvasAgg(figure)
    draw_agent_curves(figure.add_subplot(), result.table, sl_target=target.sl, answer_s=target.answer_s,
                      agents_net=result.agents_net)
    path = Path(state["tmp"]) / "self-test chart.png"
    figure.savefig(path)
    if path.stat().st_size < 5_000:
        raise StageFailed(f"the chart PNG is only {path.stat().st_size} bytes: nothing was drawn")
    return (f"100 contacts in 30 min at 180 s AHT, 80/20: {result.agents_net} agents "
            f"(SL {result.service_level:.1%}); curves drawn with matplotlib to a {path.stat().st_size:,}-byte PNG")


def _simulate(state: dict) -> str:
    import numpy as np
    import pandas as pd

    from wfm_desktop.core.simulation.model import SimulationSettings
    from wfm_desktop.core.simulation.simulate import simulate_intervals
    from wfm_desktop.core.staffing.erlang import evaluate

    import numba  # a frozen build without numba (or its llvmlite) fails here, loudly

    started = time.perf_counter()
    # 12 agents, 10 Erlangs (100 calls per 30 minutes at 180 s), 80/20: 120 intervals, the first 12 a warm-up
    agents, workload, aht_s, answer_s, intervals = 12, 10.0, 180.0, 20.0, 120
    frame = pd.DataFrame({"start": pd.date_range("2024-01-01", periods=intervals, freq="30min"),
                          "contacts": workload * 1800.0 / aht_s, "aht_s": aht_s, "agents_net": agents})
    result = simulate_intervals(frame, SimulationSettings(replications=10, seed=7, answer_s=answer_s, level=0.99))
    sim = result.metrics(np.arange(intervals // 10, intervals))
    exact = evaluate(agents, workload, aht_s, answer_s, None)
    parts, outside = [], []
    for name, key, fmt in (("service level", "sim_service_level", "{:.1%}"), ("ASA", "sim_asa_s", "{:.1f} s")):
        value = float(exact[key.removeprefix("sim_")][0])
        est, lo, hi = sim[key]
        parts.append(f"{name} Erlang C {fmt.format(value)}, simulated {fmt.format(est)} "
                     f"(99% {fmt.format(lo)}–{fmt.format(hi)})")
        if not lo <= value <= hi:
            outside.append(parts[-1])
    if outside:
        raise StageFailed("the simulator disagrees with Erlang C: " + "; ".join(outside))
    return (f"12 agents, 10 Erlangs, 10 replications: {'; '.join(parts)}; numba {numba.__version__}, "
            f"{time.perf_counter() - started:.1f} s with compilation or its cache")


def _export(state: dict) -> str:
    from wfm_desktop.core.export import build_plan_workbook

    path = Path(state["tmp"]) / "self-test plan.xlsx"
    # The Budget and Capacity plan sheets come with the budget, the Schedule and Coverage sheets with the schedule.
    parts = {key: state[key] for key in ("budget", "schedule") if key in state}
    build_plan_workbook(state["plan"], path, **parts)
    state["workbook"] = path
    state["workbook_parts"] = parts
    return f"{path.name} ({' + '.join(['plan', *parts])}): {path.stat().st_size:,} bytes"


def _expected_sheets(state: dict) -> list[str]:
    """Every sheet the workbook of this plan has, the core ones at least."""
    from wfm_desktop.core.export import plan_workbook_data, sheet_names

    names = list(CORE_SHEETS)
    data = plan_workbook_data(state["plan"], **state["workbook_parts"])
    return names + [name for name in sheet_names(data) if name not in names]


# Columns whose first data row (row 2) must be filled, per sheet; other sheets: A1 and A2.
KEY_COLUMNS = {
    "Budget": ("Month", "Paid hours", "Wages", "Overhead", "Total", "Cost per contact"),
    "Capacity plan": ("Month", "Required FTE (all sites)", "Hires", "Headcount", "Effective FTE"),
    "Schedule": ("Day", "Shift", "Start", "End", "Count", "Paid hours"),
    "Coverage": ("Date", "Interval", "Req", "Sched", "Diff"),
}


def _empty_key_cells(ws, columns: tuple[str, ...] | None) -> list[str]:
    headers = [c.value for c in ws[1]]
    second = [c.value for c in ws[2]] if ws.max_row >= 2 else []
    if columns is None:
        return [f"{ws.title}!{ref}" for ref, value in (("A1", headers[:1]), ("A2", second[:1]))
                if not value or value[0] in (None, "")]
    problems = []
    for name in columns:
        if name not in headers:
            problems.append(f"{ws.title}: no column {name!r}")
        elif headers.index(name) >= len(second) or second[headers.index(name)] in (None, ""):
            problems.append(f"{ws.title}: {name} is empty in row 2")
    return problems


def _verify(state: dict) -> str:
    import warnings

    import openpyxl

    path = state["workbook"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about data validation/extension parts it skips
        wb = openpyxl.load_workbook(path)
    expected = _expected_sheets(state)
    missing = [name for name in expected if name not in wb.sheetnames]
    if missing:
        raise StageFailed(f"sheets missing: {', '.join(missing)} (found: {', '.join(wb.sheetnames)})")
    problems = []
    if not wb["Summary"]["A1"].value:
        problems.append("Summary!A1 (the title) is empty")
    intraday = wb["Intraday requirements"]
    requirements = state["plan"].requirements
    if intraday.max_row - 1 < len(requirements):
        problems.append(f"Intraday requirements has {intraday.max_row - 1} rows, expected {len(requirements)}")
    headers = [c.value for c in intraday[1]]
    if not headers or any(h in (None, "") for h in headers):
        problems.append("Intraday requirements: a header cell is empty")
    else:
        second = [c.value for c in intraday[2]]
        empty = [str(h) for h, v in zip(headers, second) if v in (None, "")]
        if empty:
            problems.append(f"Intraday requirements row 2: empty {', '.join(empty)}")
    daily = wb["Daily forecast"]
    if daily.max_row < 2 or daily["A2"].value is None:
        problems.append("Daily forecast has no rows")
    if not list(wb.defined_names):
        problems.append("the workbook has no named input cells (Assumptions)")
    formulas = sum(1 for row in wb["Weekly FTE"].iter_rows() for c in row
                   if isinstance(c.value, str) and c.value.startswith("="))
    if formulas == 0:
        problems.append("Weekly FTE has no live formulas")
    for name in expected:
        if name not in CORE_SHEETS:
            problems.extend(_empty_key_cells(wb[name], KEY_COLUMNS.get(name)))
    if problems:
        raise StageFailed("; ".join(problems))
    return (f"{len(wb.sheetnames)} sheets ({', '.join(wb.sheetnames)}), {intraday.max_row - 1:,} interval rows, "
            f"{len(list(wb.defined_names))} named cells, {formulas} formulas on Weekly FTE")


STAGES: tuple[Stage, ...] = (
    Stage("sample", (), _sample),
    Stage("forecast", ("sample",), _forecast),
    Stage("staffing", ("forecast",), _staffing),
    Stage("schedule", ("staffing",), _schedule),
    Stage("budget", ("staffing",), _budget),
    Stage("chart", (), _chart),
    Stage("simulate", (), _simulate),
    Stage("export", ("staffing",), _export),
    Stage("verify", ("export",), _verify),
)


# --- runner -----------------------------------------------------------------------------------------

def run_stage(stage: Stage, state: dict, done: dict[str, StageResult]) -> StageResult:
    """Run one stage; every failure becomes a FAIL result with a message, never an exception."""
    failed = [n for n in stage.needs if not done.get(n) or not done[n].ok]
    if failed:
        return StageResult(stage.name, False, f"needs {', '.join(failed)}, which failed", 0.0)
    started = time.perf_counter()
    try:
        detail = stage.run(state)
        ok = True
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("wfm_desktop"):
            detail, ok = f"a library is missing from the build: {exc}", False
        else:
            detail, ok = _missing_module(exc), False
    except StageFailed as exc:
        detail, ok = str(exc), False
    except Exception as exc:  # noqa: BLE001 - the self-test reports every failure, then carries on
        last = traceback.extract_tb(exc.__traceback__)[-1]
        detail = f"{type(exc).__name__}: {exc} (at {Path(last.filename).name}:{last.lineno})"
        ok = False
    return StageResult(stage.name, ok, detail, time.perf_counter() - started)


def run_self_test(out: TextIO | None = None, stages: tuple[Stage, ...] = STAGES) -> int:
    """Run every stage, print one line each and a verdict; return the exit code (0 = all passed)."""
    out = out or sys.stdout
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    print(f"wfm-desktop {__version__} self-test ({frozen}; Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()})", file=out, flush=True)
    done: dict[str, StageResult] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wfm_desktop-selftest-") as tmp:
        state: dict = {"tmp": tmp}
        for stage in stages:
            result = run_stage(stage, state, done)
            done[stage.name] = result
            mark = " ok " if result.ok else "FAIL"
            lines = result.detail.splitlines() or [""]
            print(f"  [{mark}] {stage.name:<9} {lines[0]}  ({result.seconds:.1f} s)", file=out, flush=True)
            for line in lines[1:]:
                print(f"                   {line}", file=out)
    failed = [r.name for r in done.values() if not r.ok]
    elapsed = time.perf_counter() - started
    if failed:
        print(f"self-test FAILED: {len(failed)} of {len(done)} stages failed ({', '.join(failed)}) "
              f"in {elapsed:.0f} s", file=out, flush=True)
        return 1
    print(f"self-test passed: {len(done)} stages in {elapsed:.0f} s", file=out, flush=True)
    return 0
