"""The Simulation sheet of the plan workbook: the plan's promise checked call by call.

Written when ``PlanWorkbookData.simulation`` holds the plan's simulation result
(:class:`~wfm_desktop.core.simulation.plan_stage.PlanSimulation`, the plan's ``simulation``
stage, up to date). One row per queue and day — and, when the plan's schedule was
simulated, one per day of the schedule (queue "Schedule: …") — with

* the Erlang service level the plan promises (contact-weighted over the day) beside the
  simulated one and its 95% interval across replications;
* ``Sim − Erlang`` and ``Sim − target`` as formulas (points of service level);
* P(SL ≥ target): the probability that the day meets its target given the forecast's
  uncertainty (:mod:`wfm_desktop.core.simulation.confidence`);
* simulated ASA (with its interval), abandonment and occupancy.

A note beside the table says how it was simulated (replications, seed, the schedule's absence).
Only this module knows the sheet; the workbook lists it once in ``workbook.SHEETS``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.export.context import ExportContext
from wfm_desktop.core.export.tables import Col, column_letters, excel_day, write_table

SHEET = "Simulation"
CONFIDENCE = "Confidence"
COST_NAME = "Confidence_Cost_Per_Hour"


def applies(data) -> bool:
    sim = getattr(data, "simulation", None)
    return sim is not None and len(sim.requirement.frame) > 0


def has_curve(data) -> bool:
    return applies(data) and not data.simulation.confidence.empty


def cost_per_paid_hour(data) -> float:
    """The in-house loaded cost of a paid hour: the budget's inputs when the plan has a budget, else the defaults."""
    from wfm_desktop.core.budget.inputs import BudgetInputs

    inputs = getattr(getattr(data, "budget", None), "inputs", None) or BudgetInputs()
    wage, overhead = inputs.in_house_rate()
    return wage * (1.0 + overhead)


def write_confidence(ctx: ExportContext) -> None:
    """The price of confidence: FTE, hours and cost for each share of days meeting the target (live formulas
    over an input cell, the cost of a paid hour), and P(a week meets its target) per queue and week."""
    sim = ctx.data.simulation
    curve = sim.confidence
    rate = cost_per_paid_hour(ctx.data)
    fte = curve["fte"].to_numpy(dtype=float)
    paid = curve["gross_hours"].to_numpy(dtype=float)
    at: dict[str, str] = {}
    columns = [
        Col("confidence", "Days meeting the target (confidence)", "pct", 14, curve["confidence"].to_numpy(dtype=float)),
        Col("fte", "FTE (all queues)", "fte", 11, fte),
        Col("extra_fte", "FTE above the point forecast", "fte", 13, fte - fte[0],
            lambda r, i: f"={at['fte']}{r}-{at['fte']}$2"),
        Col("net_h", "Net agent-hours", "int", 12, curve["net_hours"].to_numpy(dtype=float)),
        Col("paid_h", "Paid agent-hours", "int", 12, paid),
        Col("cost", "Cost", "int", 12, paid * rate, lambda r, i: f"={at['paid_h']}{r}*{COST_NAME}"),
        Col("extra_cost", "Cost above the point forecast", "int", 14, (paid - paid[0]) * rate,
            lambda r, i: f"={at['cost']}{r}-{at['cost']}$2"),
    ]
    at.update(column_letters(columns))
    write_table(ctx, CONFIDENCE, "Confidence", columns)
    ws = ctx.sheet(CONFIDENCE)
    col = len(columns) + 1
    ws.set_column(col, col, 50)
    ws.set_column(col + 1, col + 2, 14)
    ctx.text(ws, 0, col, "Cost of a paid hour (change it: the costs follow)", ctx.styles.get("general", bold=True))
    ws.write_number(0, col + 1, rate, ctx.styles.get("dec2", input_cell=True))
    ctx.define_name(COST_NAME, CONFIDENCE, 0, col + 1)
    notes = ["Each row restaffs the plan so that every day meets its targets on that share of days: each interval",
             "staffed for its day's quantile of volume (the forecast's prediction interval, lognormal around the",
             "point forecast). 50% is the point forecast. On the app's Forecast page: 'Meet the target on'."]
    for i, text in enumerate(notes, start=2):
        ctx.text(ws, i, col, text)
    weeks = sim.probability_weeks
    if not weeks.empty:
        row = len(notes) + 3
        ctx.text(ws, row, col, "P(a week meets its target), this plan", ctx.styles.get("general", bold=True))
        for r in weeks.itertuples(index=False):
            row += 1
            ctx.text(ws, row, col, f"{r.queue}, week of {pd.Timestamp(r.week):%d %b %Y}")
            ws.write_number(row, col + 1, float(r.probability), ctx.styles.get("pct"))


def sheet_rows(sim) -> pd.DataFrame:
    """The rows of the sheet: the requirement's days, then the schedule's (``which`` says which)."""
    parts = []
    for which in ("requirement", "schedule"):
        days = sim.days(which)
        if days.empty:
            continue
        days = days.copy()
        if which == "schedule":
            days["queue"] = "Schedule: " + days["queue"].astype(str)
            target = sim.targets.get("__schedule__")
        else:
            target = None
        days["target"] = [target if which == "schedule" else sim.targets.get(q) for q in days["queue"]]
        days["which"] = which
        parts.append(days)
    out = pd.concat(parts, ignore_index=True)
    for column in ("erlang_service_level", "p_sl_target"):
        if column not in out.columns:
            out[column] = np.nan
    out["target"] = pd.to_numeric(out["target"], errors="coerce")
    return out


def _texts(values) -> np.ndarray:
    return np.array([str(v) for v in values], dtype=object)


def write_simulation(ctx: ExportContext) -> None:
    sim = ctx.data.simulation
    rows = sheet_rows(sim)
    f = lambda name: rows[name].to_numpy(dtype=float)  # noqa: E731
    columns = [
        Col("date", "Date", "date", 16, excel_day(rows["day"])),
        Col("queue", "Queue", "text", max(14.0, min(40.0, rows["queue"].astype(str).str.len().max() * 1.05 + 2)),
            _texts(rows["queue"])),
        Col("contacts", "Contacts (simulated mean)", "dec1", 12, f("sim_contacts")),
        Col("erlang", "SL promised (Erlang)", "pct", 11, f("erlang_service_level")),
        Col("sim", "SL simulated", "pct", 11, f("sim_service_level")),
        Col("sim_lo", "SL low (95%)", "pct", 10, f("sim_service_level_lo")),
        Col("sim_hi", "SL high (95%)", "pct", 10, f("sim_service_level_hi")),
        Col("diff", "Sim − Erlang", "pct", 10, f("sim_service_level") - f("erlang_service_level")),
        Col("target", "SL target", "pct", 9, f("target")),
        Col("gap", "Sim − target", "pct", 10, f("sim_service_level") - f("target")),
        Col("p", "P(SL ≥ target)", "pct", 11, f("p_sl_target")),
        Col("asa", "ASA simulated (s)", "dec1", 11, f("sim_asa_s")),
        Col("asa_lo", "ASA low (s)", "dec1", 9, f("sim_asa_s_lo")),
        Col("asa_hi", "ASA high (s)", "dec1", 9, f("sim_asa_s_hi")),
        Col("abandon", "Abandoned simulated", "pct", 11, f("sim_abandon_rate")),
        Col("occupancy", "Occupancy simulated", "pct", 11, f("sim_occupancy")),
    ]
    at = column_letters(columns)
    n = write_table(ctx, SHEET, "Simulation", columns, freeze_cols=2)
    ws = ctx.sheet(SHEET)
    # The differences as formulas over the cells beside them, where both exist.
    fmt = ctx.styles.get("pct")
    keys = {c.key: i for i, c in enumerate(columns)}
    for key, (a, b) in (("diff", ("sim", "erlang")), ("gap", ("sim", "target"))):
        values = columns[keys[key]].values
        for i in np.flatnonzero(np.isfinite(values)):
            r = int(i) + 2
            ctx.formula(ws, r - 1, keys[key], f"={at[a]}{r}-{at[b]}{r}", fmt, float(values[i]))
    under = ctx.workbook.add_format({"bg_color": "#F4CCCC", "font_color": "#9C0006"})
    if n:
        c = keys["gap"]
        ws.conditional_format(1, c, n, c, {"type": "cell", "criteria": "<", "value": -1e-9, "format": under})
    note_col = len(columns) + 1
    ws.set_column(note_col, note_col, 70)
    s = sim.settings
    notes = [
        "How this was simulated",
        f"Discrete-event simulation, {s.replications} replications, seed {s.seed}; SL low/high: the 95% interval "
        "across replications.",
        "Agents: the plan's net agents per interval (a requirement), each queue with its own answer time, "
        "patience, chats per agent and response target.",
        "Handle times: " + ("exponential (the Erlang assumption)." if s.service_cv is None
                            else f"lognormal, coefficient of variation {s.service_cv:g}."),
        "P(SL ≥ target): the chance the day meets its target when its volume varies as the forecast's "
        "prediction interval says.",
    ]
    if sim.schedule is not None:
        notes.append(f"Schedule rows: the scheduled shifts with their breaks and lunches; {sim.absence:.0%} of the "
                     "shifts absent at random (the shrinkage the schedule does not model).")
    flag = sim.quality_flag()
    notes.append(f"Warning: {flag}" if flag else "Over the whole period every queue's simulated service level "
                                                 "reaches its target (within the 95% interval).")
    for which in ("requirement", "schedule"):
        for row in sim.summary(which).itertuples(index=False):
            if row.target:
                name = f"Schedule: {row.queue}" if which == "schedule" else row.queue
                notes.append(f"{name}: simulated {row.sim_service_level:.1%} over the period; "
                             f"{row.days_under_target} of {row.days} days under the {row.target:.0%} target.")
    for i, text in enumerate(notes):
        ctx.text(ws, i, note_col, text, ctx.styles.get("general", bold=(i == 0)))


POST_MORTEM = "Post-mortem"


def has_post_mortem(data) -> bool:
    return applies(data) and data.simulation.post_mortem is not None


def write_post_mortem(ctx: ExportContext) -> None:
    """The plan replayed against what happened: promised → achieved per day and for the period, the miss split
    into staffing, daily volume, intraday shape and AHT (Achieved is a formula: promised + the four effects)."""
    pm = ctx.data.simulation.post_mortem
    table = pd.concat([pm.days, pd.DataFrame([pm.period])], ignore_index=True)
    labels = [f"{pd.Timestamp(d):%a %d %b %Y}" if str(d) != "period" else "Whole period" for d in table["day"]]
    f = lambda name: table[name].to_numpy(dtype=float)  # noqa: E731
    at: dict[str, str] = {}
    columns = [
        Col("day", "Day", "text", 16, np.array(labels, dtype=object)),
        Col("forecast", "Contacts forecast", "int", 11, f("forecast_contacts")),
        Col("actual", "Contacts actual", "int", 11, f("actual_contacts")),
        Col("promised", "SL promised (Erlang)", "pct", 11, f("promised")),
        Col("staffing", "Staffing (points)", "pct", 11, f("staffing")),
        Col("volume", "Daily volume (points)", "pct", 11, f("volume")),
        Col("shape", "Intraday shape (points)", "pct", 11, f("shape")),
        Col("aht", "AHT (points)", "pct", 10, f("aht")),
        Col("achieved", "SL achieved", "pct", 11, f("achieved"),
            lambda r, i: f"={at['promised']}{r}+{at['staffing']}{r}+{at['volume']}{r}+{at['shape']}{r}+{at['aht']}{r}"),
        Col("perfect", "SL with a perfect forecast", "pct", 12, f("perfect")),
    ]
    at.update(column_letters(columns))
    write_table(ctx, POST_MORTEM, "PostMortem", columns, freeze_cols=1)
    ws = ctx.sheet(POST_MORTEM)
    col = len(columns) + 1
    ws.set_column(col, col, 90)
    lines = [pm.sentence(), "",
             "How to read it: the plan's agents were replayed (simulated) against what really happened, replacing one",
             "input at a time with the actuals: the plan on its own forecast (the difference from the promise is the",
             "staffing itself), then each day's actual volume, then the actual arrivals within the day (intraday",
             "shape), then the actual handle times (AHT). Promised + the four effects = achieved.",
             "Perfect forecast: the agents the same settings would have planned on the actual volume, replayed."]
    lines += [f"Note: {n}" for n in pm.notes]
    for i, text in enumerate(lines):
        ctx.text(ws, i, col, text, ctx.styles.get("general", bold=(i == 0)))
