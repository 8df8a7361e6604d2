"""The Assumptions sheet: every input of the plan, in named cells.

Global names: ``Plan_Title, Created, Interval_Minutes, Horizon_Start,
Horizon_End, Source_File, Source_SHA256, Forecast_Method, Forecast_Basis``,
``Contract_Hours_Week`` (the plan's one contracted week: every FTE in the
workbook divides by it), ``Open_Days_Per_Week`` (the weekdays the plan staffs,
for part weeks) and ``Adjustment<i>_Value``. Per queue (k = 1, 2, … in the
order of the plan): ``Queue<k>_Name, Queue<k>_Channel, Queue<k>_Model,
Queue<k>_SL_Target, Queue<k>_SL_Seconds, Queue<k>_ASA_Target_s,
Queue<k>_Occupancy_Cap, Queue<k>_Concurrency, Queue<k>_Patience_s,
Queue<k>_Response_Target_h, Queue<k>_Min_Staff``, and the shrinkage totals ``Queue<k>_Shrinkage_Total`` and
``Queue<k>_Shrinkage_Unscheduled`` (the part the schedule does not model) —
with a ``_M<mm>`` suffix per calendar month when the queue's shrinkage differs
by month. Totals are SUM/SUMIF formulas over the category cells, so editing a
category changes the totals and, through them, gross agents and FTE.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from wfm_desktop.core.conventions import open_weekdays
from wfm_desktop.core.export.context import ExportContext, set_print_layout
from wfm_desktop.core.export.data import WEEKDAYS, QueueAssumptions
from wfm_desktop.core.export.live_staffing import ALIASES, ANSWER_S_RANGE, GROWTH_RANGE, MIN_ASA_S, OCCUPANCY_RANGE, SL_RANGE, alias
from wfm_desktop.core.staffing.shrinkage import ShrinkageCategory

SHEET = "Assumptions"
PRINT_SCALE = 85  # % — the sheet prints at this scale (≥ 80 %), not shrunk to one page wide
MONTH_LABELS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

NOTE = (
    "Yellow cells are the plan's inputs (the only cells that can be edited; the sheets are protected without a "
    "password). Contacts, AHT, net and gross agents, agent-hours, FTE, cost and the Summary are formulas over them: "
    "change a service target, the volume growth, the AHT change, a shrinkage category or the contracted week and "
    "they follow. Erlang C queues are recomputed by formulas (the app's maths); queues staffed otherwise (Erlang A, "
    "deferred work) keep the app's net agents, and the Summary's status line turns red when one of their inputs "
    "changes — re-run the plan in the app for those."
)

# (label, attribute, number kind, name suffix)
QUEUE_ROWS = (
    ("Channel", "channel", "text", "Channel"),
    ("Staffing model", "model", "text", "Model"),
    ("Volume growth (on the forecast contacts)", "volume_growth", "pct", "Volume_Growth"),
    ("AHT change (on the forecast AHT)", "aht_change", "pct", "AHT_Change"),
    ("Service level target", "sl_target", "pct", "SL_Target"),
    ("… answered within (s)", "answer_s", "seconds", "SL_Seconds"),
    ("ASA target (s)", "asa_target_s", "seconds", "ASA_Target_s"),
    ("Occupancy cap", "max_occupancy", "pct", "Occupancy_Cap"),
    ("Chat concurrency (chats per agent)", "concurrency", "int", "Concurrency"),
    ("Patience (s, Erlang A)", "patience_s", "seconds", "Patience_s"),
    ("Response target (h, deferred work)", "response_target_h", "dec1", "Response_Target_h"),
    ("Minimum staff per open interval", "min_staff", "int", "Min_Staff"),
)

# Data validation of the queue inputs, by name suffix: (kind, minimum, maximum, what to type).
VALIDATION = {
    "Volume_Growth": ("decimal", GROWTH_RANGE[0], GROWTH_RANGE[1], "A fraction: 0.05 = +5 % contacts, -0.1 = -10 %."),
    "AHT_Change": ("decimal", GROWTH_RANGE[0], GROWTH_RANGE[1], "A fraction: 0.05 = +5 % handle time."),
    "SL_Target": ("decimal", SL_RANGE[0], SL_RANGE[1], "A fraction from 0.01 to 0.999: 0.8 = 80 % answered in time."),
    "SL_Seconds": ("decimal", ANSWER_S_RANGE[0], ANSWER_S_RANGE[1], "Seconds, 0 to 3600."),
    "ASA_Target_s": ("decimal", MIN_ASA_S, 3600.0, "Seconds, 1 to 3600; leave empty for no ASA target."),
    "Occupancy_Cap": ("decimal", OCCUPANCY_RANGE[0], OCCUPANCY_RANGE[1], "A fraction from 0.3 to 1: 0.85 = 85 %."),
    "Concurrency": ("integer", 1, 20, "Chats one agent handles at once: a whole number 1 to 20."),
    "Patience_s": ("decimal", 1.0, 36000.0, "Average patience in seconds (Erlang A)."),
    "Response_Target_h": ("decimal", 0.01, 8760.0, "Hours within which deferred work is done."),
    "Min_Staff": ("integer", 0, 100000, "Agents in every open interval: a whole number, 0 or more."),
}
LOCKED_ROWS = ("Channel", "Model")  # shown for reference; the staffing model is the app's choice

FTE_RULE = (
    "FTE = paid (gross) agent-hours ÷ (contracted week × weeks). Gross agents are net ÷ (1 − total shrinkage), "
    "not rounded (whole agents are for schedules). Weeks: a full week is 1, a month its days ÷ 7 (a 28-day "
    "February is 4), a part week at either end of the horizon its open days ÷ the open days a week."
)


def write_assumptions(ctx: ExportContext) -> None:
    ws = ctx.sheet(SHEET)
    st = ctx.styles
    data = ctx.data
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1 + max(len(data.queues), 13), 22)
    ws.write_string(0, 0, "Assumptions", st.title)
    ws.merge_range(1, 0, 1, 3, "", st.note)
    ws.write_string(1, 0, NOTE, st.note)
    ws.set_row(1, 62)
    row = _plan_block(ctx, ws, 3)
    row = _adjustments_block(ctx, ws, row + 1)
    row = _queue_block(ctx, ws, row + 1)
    row = _monthly_levers(ctx, ws, row + 1)
    for k, queue in enumerate(data.queues, start=1):
        row = _shrinkage_block(ctx, ws, row + 1, k, queue)
    _queue_checks(ctx)
    ws.freeze_panes(0, 1)
    set_print_layout(ws, repeat_header_row=None, landscape=True)
    ws.set_print_scale(PRINT_SCALE)  # readable: wide tables continue on a later page rather than shrink


def _horizon(ctx: ExportContext) -> tuple[datetime, datetime]:
    start = ctx.frames["intraday"]["start"]
    first, last = start.min(), start.max()
    return (datetime(first.year, first.month, first.day), datetime(last.year, last.month, last.day))


def horizon_months(ctx: ExportContext) -> list[int]:
    """Calendar months (1–12) the horizon touches, in time order."""
    months = pd.DatetimeIndex(ctx.frames["intraday"]["start"]).month
    seen: list[int] = []
    for m in pd.unique(months):
        if int(m) not in seen:
            seen.append(int(m))
    return seen


def _plan_block(ctx: ExportContext, ws, row: int) -> int:
    st, data = ctx.styles, ctx.data
    ws.write_string(row, 0, "Plan", st.section)
    row += 1
    first, last = _horizon(ctx)
    src = data.source
    items = [
        ("Plan", data.title, "text", "Plan_Title"),
        ("Created", data.created, "datetime", "Created"),
        ("Planning interval (min)", data.interval_min, "int", "Interval_Minutes"),
        ("Horizon start", first, "date", "Horizon_Start"),
        ("Horizon end", last, "date", "Horizon_End"),
        ("Source file", src.path, "text", "Source_File"),
        ("Source file SHA-256", src.sha256, "text", "Source_SHA256"),
        ("History interval (min)", src.interval_min, "int", None),
        ("History rows", src.rows, "int", None),
        ("History from", src.first, "datetime", None),
        ("History to", src.last, "datetime", None),
        ("Forecast method", data.forecast.method, "text", "Forecast_Method"),
        ("Staffing computed on", data.forecast.basis, "text", "Forecast_Basis"),
    ]
    for label, value, kind, name in items:
        ws.write_string(row, 0, label, st.label)
        _write_value(ctx, ws, row, 1, value, kind, input_cell=False)
        if name:
            ctx.define_name(name, SHEET, row, 1)
        row += 1
    ws.write_string(row, 0, "Contracted hours per FTE (week)", st.label)
    _write_value(ctx, ws, row, 1, data.contract_hours_week, "dec2", input_cell=True)
    validate_range(ws, row, 1, row, 1, "Contracted week", "decimal", 1.0, 80.0, "Hours per FTE per week, 1 to 80.")
    ctx.text(ws, row, 2, "one week for the whole plan: staffing FTE, capacity plan and budget", st.subtitle)
    ctx.define_name("Contract_Hours_Week", SHEET, row, 1)
    row += 1
    daily = ctx.frames["daily"]
    open_days = open_weekdays(daily["date"], daily["agents_gross_h"].to_numpy(dtype=float))
    ws.write_string(row, 0, "Open days a week", st.label)
    _write_value(ctx, ws, row, 1, len(open_days), "int", input_cell=False)
    ctx.text(ws, row, 2, ", ".join(WEEKDAYS[d] for d in sorted(open_days)) + " (the days the plan staffs)",
             st.subtitle)
    ctx.define_name("Open_Days_Per_Week", SHEET, row, 1)
    row += 1
    ws.write_string(row, 0, "First day of the week", st.label)
    ctx.text(ws, row, 1, data.week_start)
    ctx.text(ws, row, 2, "Weekly FTE's weeks start on this day; a part week at either end of the horizon "
             "counts its open days", st.subtitle)
    ctx.define_name("Week_Starts_On", SHEET, row, 1)
    row += 1
    ws.write_string(row, 0, "How FTE is counted", st.label)
    ws.merge_range(row, 1, row, 3, "", st.note)
    ws.write_string(row, 1, FTE_RULE, st.note)
    ws.set_row(row, 62)
    return row + 1


def _write_value(ctx: ExportContext, ws, row: int, col: int, value, kind: str, *, input_cell: bool) -> None:
    fmt = ctx.styles.get("general" if kind == "text" else kind, input_cell=input_cell)
    if kind == "text":
        ctx.text(ws, row, col, "" if value is None else value, fmt)
    elif kind in ("date", "datetime"):
        ctx.when(ws, row, col, value, fmt)
    else:
        ctx.number(ws, row, col, value, fmt)


def _adjustments_block(ctx: ExportContext, ws, row: int) -> int:
    st = ctx.styles
    ws.write_string(row, 0, "Forecast adjustments", st.section)
    row += 1
    adjustments = ctx.data.forecast.adjustments
    if not adjustments:
        ws.write_string(row, 0, "None: the forecast is used as computed.")
        return row + 1
    for col, head in enumerate(("Adjustment", "Applies to", "Value", "Note")):
        ws.write_string(row, col, head, st.header)
    row += 1
    for i, adj in enumerate(adjustments, start=1):
        ctx.text(ws, row, 0, adj.kind)
        ctx.text(ws, row, 1, adj.scope)
        kind = {"fraction": "pct", "factor": "dec2", "contacts": "dec1"}.get(adj.unit, "dec2")
        ctx.number(ws, row, 2, adj.value, st.get(kind, input_cell=True))
        ctx.text(ws, row, 3, adj.note)
        ctx.define_name(f"Adjustment{i}_Value", SHEET, row, 2)
        row += 1
    return row


def _queue_block(ctx: ExportContext, ws, row: int) -> int:
    st, data = ctx.styles, ctx.data
    ws.write_string(row, 0, "Queue settings", st.section)
    row += 1
    ws.write_string(row, 0, "Setting", st.header)
    for k, q in enumerate(data.queues, start=1):
        ctx.text(ws, row, k, q.queue, st.header)
        ctx.define_name(f"Queue{k}_Name", SHEET, row, k)
    row += 1
    for label, attr, kind, suffix in QUEUE_ROWS:
        ws.write_string(row, 0, label, st.label)
        for k, q in enumerate(data.queues, start=1):
            _write_value(ctx, ws, row, k, getattr(q, attr), kind, input_cell=suffix not in LOCKED_ROWS)
            ctx.define_name(f"Queue{k}_{suffix}", SHEET, row, k)
            if suffix in ALIASES:  # the short name the Erlang C search columns use for the same cell
                ctx.define_name(alias(k, suffix), SHEET, row, k)
        if suffix in VALIDATION:
            validate_range(ws, row, 1, row, len(data.queues), label, *VALIDATION[suffix])
        row += 1
    live = ctx.live
    ws.write_string(row, 0, "Net agents in this workbook", st.label)
    for k, q in enumerate(data.queues, start=1):
        text = ("Live: Erlang C formulas (the app's maths) on the Intraday sheet" if q.queue in live.live
                else f"The app's figures: {live.frozen.get(q.queue, 'no intervals')}; re-run the plan in the app "
                     "after changing its inputs")
        ctx.text(ws, row, k, text, st.get("general", wrap=True))
    ws.set_row(row, 60)
    row += 1
    forecast = data.forecast
    text_rows = [
        ("Forecast method", lambda q: forecast.method_by_queue.get(q.queue, forecast.method)),
        ("Forecast accuracy (backtest)", lambda q: forecast.accuracy_by_queue.get(q.queue, "")),
    ]
    text_rows += [
        (f"Open hours {day}", (lambda q, i=i: q.open_hours[i] if len(q.open_hours) > i else ""))
        for i, day in enumerate(WEEKDAYS)
    ]
    text_rows.append(("Special dates", lambda q: q.special_hours or "none"))
    text_rows.append(("How the requirement is computed", lambda q: q.method_note))
    for label, getter in text_rows:
        ws.write_string(row, 0, label, st.label)
        longest = 0
        for k, q in enumerate(data.queues, start=1):
            text = str(getter(q) or "")
            longest = max(longest, len(text))
            ctx.text(ws, row, k, text, st.get("general", wrap=True))
        if longest > 22:  # wrapped text: make the row tall enough (spreadsheets do not always do it)
            ws.set_row(row, 15 * min(8, 1 + longest // 22))
        row += 1
    return row


def _categories(queue: QueueAssumptions, months: list[int]) -> list[tuple[str, bool]]:
    """Union of category names over the tables in use, first-seen order, with their flag."""
    tables = [queue.shrinkage_for_month(m) for m in months] if queue.shrinkage_by_month else [queue.shrinkage]
    seen: dict[str, bool] = {}
    for lines in tables:
        for line in lines:
            seen.setdefault(line.name, line.scheduled)
    return list(seen.items()) or [("Shrinkage", False)]


def _value(lines: tuple[ShrinkageCategory, ...], category: str) -> float:
    return sum(line.fraction for line in lines if line.name == category)


def _shrinkage_block(ctx: ExportContext, ws, row: int, k: int, queue: QueueAssumptions) -> int:
    st = ctx.styles
    by_month = bool(queue.shrinkage_by_month)
    months = horizon_months(ctx)
    columns: list[tuple[str, tuple[ShrinkageCategory, ...], str, list[int]]] = []
    if by_month:
        for m in months:
            columns.append((MONTH_LABELS[m - 1], queue.shrinkage_for_month(m), f"_M{m:02d}", [m]))
    else:
        columns.append(("All months", queue.shrinkage, "", months))
    ctx.text(ws, row, 0, f"Shrinkage — {queue.queue} (share of paid time)", st.section)
    row += 1
    ws.write_string(row, 0, "Category", st.header)
    ws.write_string(row, 1, "Modelled by the schedule", st.header)
    ws.set_row(row, 30)
    for j, (label, _, _, _) in enumerate(columns):
        ws.write_string(row, 2 + j, label, st.header)
    row += 1
    categories = _categories(queue, months)
    first = row
    for category, flag in categories:
        ctx.text(ws, row, 0, category, st.get("general", input_cell=True))
        ws.write_string(row, 1, "Yes" if flag else "No", st.get("general", input_cell=True))
        for j, (_, lines, _, _) in enumerate(columns):
            ctx.number(ws, row, 2 + j, _value(lines, category), st.get("pct", input_cell=True))
        row += 1
    last = row - 1
    ws.data_validation(first, 1, last, 1, {"validate": "list", "source": ["Yes", "No"]})
    validate_range(ws, first, 2, last, 1 + len(columns), "Shrinkage", "decimal", 0.0, 0.95,
              "A fraction of paid time: 0.06 = 6 % (not 6).")
    names = ctx.shrinkage_names.setdefault(queue.queue, {})
    ws.write_string(row, 0, "Total shrinkage (for FTE and budget)", st.label)
    ws.write_string(row + 1, 0, "Not modelled by the schedule (for scheduling)", st.label)
    for j, (_, lines, suffix, covered) in enumerate(columns):
        col = 2 + j
        cells = f"{_col(col)}{first + 1}:{_col(col)}{last + 1}"
        flags = f"$B${first + 1}:$B${last + 1}"
        total = sum(_value(lines, c) for c, _ in categories)
        unscheduled = sum(_value(lines, c) for c, flag in categories if not flag)
        ctx.formula(ws, row, col, f"=SUM({cells})", st.get("pct", bold=True), total)
        ctx.formula(ws, row + 1, col, f'=SUMIF({flags},"No",{cells})', st.get("pct", bold=True), unscheduled)
        total_name = ctx.define_name(f"Queue{k}_Shrinkage_Total{suffix}", SHEET, row, col)
        unsched_name = ctx.define_name(f"Queue{k}_Shrinkage_Unscheduled{suffix}", SHEET, row + 1, col)
        for m in covered:
            names[m] = (total_name, unsched_name)
    return row + 2


def month_suffixes(ctx: ExportContext) -> dict[int, str]:
    """Month (1–12) → the suffix of its lever names: "" for a one-month horizon, else "_M01" …"""
    months = horizon_months(ctx)
    return {m: ("" if len(months) == 1 else f"_M{m:02d}") for m in months}


def validate_range(ws, first_row: int, first_col: int, last_row: int, last_col: int, title: str, kind: str,
              minimum: float, maximum: float, message: str) -> None:
    """Data validation: a number of `kind` from `minimum` to `maximum`, with the message shown on entry."""
    ws.data_validation(first_row, first_col, last_row, last_col, {
        "validate": kind, "criteria": "between", "minimum": minimum, "maximum": maximum,
        "input_title": title.lstrip("… ")[:32], "input_message": message[:255],
        "error_title": "Out of range", "error_message": message[:255],
    })


def _monthly_levers(ctx: ExportContext, ws, row: int) -> int:
    """Per month volume growth and AHT change, each defaulting to its queue's cell (a horizon of 2+ months)."""
    suffix = month_suffixes(ctx)
    if all(s == "" for s in suffix.values()):
        return row
    st, data = ctx.styles, ctx.data
    ws.write_string(row, 0, "Volume growth and AHT change by month", st.section)
    ctx.text(ws, row, 2, "each month's cell follows its queue's cell above until you type a value", st.subtitle)
    row += 1
    ws.write_string(row, 0, "Month", st.header)
    for k, q in enumerate(data.queues, start=1):
        ctx.text(ws, row, 2 * k - 1, f"{q.queue}: growth", st.header)
        ctx.text(ws, row, 2 * k, f"{q.queue}: AHT change", st.header)
    ws.set_row(row, 30)
    row += 1
    first = row
    for m, sfx in suffix.items():
        ws.write_string(row, 0, MONTH_LABELS[m - 1], st.label)
        for k, q in enumerate(data.queues, start=1):
            for j, (lever, value) in enumerate((("Volume_Growth", q.volume_growth), ("AHT_Change", q.aht_change))):
                col = 2 * k - 1 + j
                ctx.formula(ws, row, col, f"=Queue{k}_{lever}", st.get("pct", input_cell=True), value)
                ctx.define_name(f"Queue{k}_{lever}{sfx}", SHEET, row, col)
        row += 1
    validate_range(ws, first, 1, row - 1, 2 * len(data.queues), "Growth / AHT change", "decimal", GROWTH_RANGE[0],
              GROWTH_RANGE[1], "A fraction: 0.05 = +5 %.")
    return row


def _num_literal(value) -> str:
    return '""' if value is None else repr(float(value))


def _queue_checks(ctx: ExportContext) -> None:
    """Checks for the Summary's status line: targets in range, shrinkage below 100 %, frozen queues unchanged."""
    data, live = ctx.data, ctx.live
    suffixes = sorted(set(month_suffixes(ctx).values()))
    attrs = {suffix: attr for _, attr, _, suffix in QUEUE_ROWS}
    for k, q in enumerate(data.queues, start=1):
        in_range = []
        for suffix in ("SL_Target", "SL_Seconds", "ASA_Target_s", "Occupancy_Cap", "Volume_Growth", "AHT_Change",
                       "Min_Staff"):
            _, lo, hi, _ = VALIDATION[suffix]
            for sfx in (suffixes if suffix in ("Volume_Growth", "AHT_Change") else [""]):
                name = f"Queue{k}_{suffix}{sfx}"
                test = f"AND(ISNUMBER({name}),{name}>={lo!r},{name}<={hi!r})"
                # A value the plan set must stay a number; one it left empty may stay empty.
                in_range.append(test if getattr(q, attrs[suffix]) is not None else f'OR({name}="",{test})')
        ctx.checks.append((f"Queue {k}: targets and levers in range", "=AND(" + ",".join(in_range) + ")",
                           f"Queue {k}: a service target, occupancy cap, minimum staff, volume growth or AHT change "
                           "on the Assumptions sheet is empty or outside its range (see the cell's input message)"))
    totals = sorted({name for by_month in ctx.shrinkage_names.values() for pair in by_month.values() for name in pair})
    ctx.checks.append(("Total shrinkage below 100 %", "=AND(" + ",".join(f"{n}>=0,{n}<0.95" for n in totals) + ")",
                       "A shrinkage total on the Assumptions sheet is not between 0 % and 95 % (rates are "
                       "fractions: type 0.06 for 6 %)"))
    ctx.checks.append(("Contracted week", "=AND(ISNUMBER(Contract_Hours_Week),Contract_Hours_Week>=1,"
                                          "Contract_Hours_Week<=80)",
                       "Contract_Hours_Week on the Assumptions sheet is not 1 to 80 hours"))
    for k, q in enumerate(data.queues, start=1):
        if q.queue in live.live:
            unset = [f"Queue{k}_{suffix}" for attr, suffix in (("sl_target", "SL_Target"), ("asa_target_s", "ASA_Target_s"),
                                                               ("max_occupancy", "Occupancy_Cap"))
                     if getattr(q, attr) is None]
            if unset:
                ctx.checks.append((f"Queue {k}: targets the plan did not set", "=AND(" + ",".join(
                    f'{name}=""' for name in unset) + ")",
                    f"Queue {k}: a target the plan left empty ({', '.join(unset)}) now has a value; the formulas "
                    "staff to the targets the plan set — re-run the plan in the app to add one"))
            continue
        same = [f"Queue{k}_{lever}{sfx}={_num_literal(getattr(q, attr))}"
                for lever, attr in (("Volume_Growth", "volume_growth"), ("AHT_Change", "aht_change"))
                for sfx in suffixes]
        for _, attr, kind, suffix in QUEUE_ROWS:
            if kind != "text" and suffix not in ("Volume_Growth", "AHT_Change"):
                same.append(f"Queue{k}_{suffix}={_num_literal(getattr(q, attr))}")
        ctx.checks.append((f"{q.queue}: inputs as computed", "=AND(" + ",".join(same) + ")",
                           f"Queue {k} ({q.model}): an input changed since the app computed its net agents, "
                           "which are not recomputed in the workbook — re-run the plan in the app"))


def _col(col: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(col)
