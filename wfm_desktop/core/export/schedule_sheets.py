"""Schedule, Coverage and Roster sheets of the plan workbook, and a schedule block on the Summary.

Written when ``PlanWorkbookData.schedule`` holds a
:class:`~wfm_desktop.core.export.data.ScheduleExport`. The tables are the ones the
``schedule`` command writes (:func:`wfm_desktop.core.scheduling.schedule_files.schedule_tables`
and :func:`~wfm_desktop.core.scheduling.schedule_files.shift_counts`), here in the plan
workbook's style (Excel tables, header colours, print layout):

* **Schedule** — identical shifts counted: day, shift (template), contract,
  start, end, count, breaks and lunch, paid hours of one shift, paid hours
  ``= count × paid hours each`` and cost ``= count × cost each`` (formulas).
* **Coverage** — per interval of the schedule, in the planners' Req / Sched /
  Diff: date, interval, Req (required; a formula over the Intraday sheet when
  it is the plan's gross for scheduling, see :func:`_requirement_link`), Sched
  (exactly the sum of the shifts minus their breaks), Diff ``= Sched − Req``
  (a formula, red when under); when the requirement had contacts and AHT, the
  net agents scheduled and the service level they reach; and the interval
  start as one date-time (the chart's x axis; ``wfm-desktop schedule`` reads
  the sheet back as a requirement).
* **Roster** — agents × days with the shift times in the cells ("off" on a day
  off, "+1" when a shift ends the next day), days worked and paid hours per
  agent; only when a roster was made.

The Summary gets a "Schedule" block: shifts and paid hours (formulas over the
Schedule sheet), required, scheduled, over and under agent-hours (formulas over
the Coverage sheet), the solver's status, gap and time, and a chart of required
against scheduled agents per interval. A flagged schedule (its gap above the
threshold, or under-coverage above 2% of the required hours) gets a red banner
with the warning at the top of the Summary, Schedule and Coverage sheets
(:func:`write_banner`). Every formula caches
the app's value; LibreOffice recalculation reproduces it (tested).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.export.context import ExportContext
from wfm_desktop.core.export.data import ScheduleExport
from wfm_desktop.core.export.tables import INTRADAY, Col, column_letters, excel_day, excel_serial, write_table

SCHEDULE = "Schedule"
COVERAGE = "Coverage"
ROSTER = "Roster"
UNDER_FILL = "#F4CCCC"


def _export(ctx: ExportContext) -> ScheduleExport:
    return ctx.data.schedule


BANNER_COLUMNS = 10  # a banner spans this many columns


def _warning(ctx: ExportContext) -> str | None:
    return _export(ctx).result.summary.get("warning")


def write_banner(ctx: ExportContext, ws, row: int, col: int) -> None:
    """The flag of a poor schedule as a red text box at `row`, `col` (nothing when the schedule is not flagged).

    On the Schedule and Coverage sheets the box sits over the header row, right of the table: the
    tables start at A1 and their cells stay as they are (other programs and ``wfm-desktop schedule
    --sheet Coverage`` read them); the flag is also in the printed page header. The Summary shows it
    in its status line at the top (:func:`add_quality_check`).
    """
    warning = _warning(ctx)
    if not warning:
        return
    text = f"⚠ {warning}"
    ws.insert_textbox(row, col, text, {"width": 640, "height": 76, "x_offset": 4, "y_offset": 2,
                                       "font": {"bold": True, "color": "#9C0006", "size": 10},
                                       "fill": {"color": "#FFC7CE"}, "line": {"color": "#9C0006", "width": 2},
                                       "object_position": 3})
    ws.set_header('&L&"-,Bold"&A&C&KC00000' + _header_text(warning) + "&R&K000000wfm_desktop")


def _header_text(warning: str) -> str:
    """`warning` shortened for a printed page header (which holds at most 255 characters), with '&' escaped."""
    text = warning.split(". ")[0].replace("&", "&&")
    return text[:150]


def _text_width(values: pd.Series, least: float = 16, most: float = 80) -> float:
    """A column width that shows the longest text of `values` (within least..most)."""
    longest = max((len(str(v)) for v in values), default=0)
    return float(min(most, max(least, longest * 1.05 + 2)))


def _texts(values) -> np.ndarray:
    return np.array(["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in values],
                    dtype=object)


# -- Schedule -------------------------------------------------------------------------------------


def add_quality_check(ctx: ExportContext) -> None:
    """A flagged schedule is a failed check of the workbook: the Summary's status line at the top turns red
    with the flag's sentence, and the Checks block on Assumptions lists it (it stays failed whatever is
    typed: only a better schedule, solved in the app, clears it)."""
    warning = _warning(ctx)
    if warning:
        ctx.checks.append(("Schedule quality", "=FALSE", f"⚠ {warning}"))


def write_schedule(ctx: ExportContext) -> None:
    add_quality_check(ctx)
    from wfm_desktop.core.scheduling.schedule_files import shift_counts

    counted = shift_counts(_export(ctx).result)
    days = pd.to_datetime(counted["day"])
    count = counted["count"].to_numpy(dtype=float)
    paid_each = counted["paid_h"].to_numpy(dtype=float)
    cost_each = counted["cost"].to_numpy(dtype=float)
    at: dict[str, str] = {}  # column key -> letter, filled in once the columns are listed
    columns = [
        Col("day", "Day", "date", 15, excel_day(days)),
        Col("shift", "Shift", "text", 16, _texts(counted["template"])),
        Col("contract", "Contract", "text", 8, _texts(counted["contract"])),
        Col("start", "Start", "day_time", 11, excel_serial(counted["start"])),
        Col("end", "End", "day_time", 11, excel_serial(counted["end"])),
        Col("count", "Count", "int", 7, count),
        Col("breaks", "Breaks and lunch", "text", _text_width(counted["breaks"]), _texts(counted["breaks"])),
        Col("paid_each", "Paid hours each", "dec2", 9, paid_each),
        Col("paid_h", "Paid hours", "dec1", 10, count * paid_each,
            lambda r, i: f"={at['count']}{r}*{at['paid_each']}{r}"),
        Col("cost_each", "Cost each", "dec2", 10, cost_each),
        Col("cost", "Cost", "int", 11, count * cost_each, lambda r, i: f"={at['count']}{r}*{at['cost_each']}{r}"),
    ]
    at.update(column_letters(columns))
    n = write_table(ctx, SCHEDULE, "ScheduleShifts", columns, freeze_cols=3)
    write_banner(ctx, ctx.sheet(SCHEDULE), 0, len(columns) + 1)
    if n:
        c = ctx.ranges[f"{SCHEDULE}:count"].col
        ctx.sheet(SCHEDULE).conditional_format(1, c, n, c, {"type": "data_bar", "bar_color": "#9DC3E6",
                                                             "bar_solid": True})


# -- Coverage -------------------------------------------------------------------------------------


def write_coverage(ctx: ExportContext) -> None:
    from wfm_desktop.core.scheduling.schedule_files import schedule_tables

    result = _export(ctx).result
    table = schedule_tables(result)["Coverage"]
    start = pd.to_datetime(table["Interval start"])
    minutes = (start.dt.hour * 60 + start.dt.minute).to_numpy(dtype=float)
    req = table["Req"].to_numpy(dtype=float)
    sched = table["Sched"].to_numpy(dtype=float)
    link = _requirement_link(ctx, start, req)
    at: dict[str, str] = {}  # column key -> letter, filled in once the columns are listed
    columns = [
        Col("date", "Date", "date", 15, excel_day(start)),
        Col("interval", "Interval", "time", 9, minutes / 1440.0),
        Col("required", "Req", "dec2", 9, req, link),
        Col("scheduled", "Sched", "dec2", 9, sched),
        Col("diff", "Diff", "dec2", 9, sched - req, lambda r, i: f"={at['scheduled']}{r}-{at['required']}{r}"),
    ]
    if "Service level" in table.columns:
        columns += [Col("net", "Net agents scheduled", "dec2", 11, table["Net agents scheduled"].to_numpy(dtype=float)),
                    Col("sl", "Service level", "pct", 9, table["Service level"].to_numpy(dtype=float))]
    # The interval start as one date-time (the chart's x axis; also what `wfm-desktop schedule` reads back).
    columns.append(Col("start", "Interval start", "datetime", 16, excel_serial(start)))
    at.update(column_letters(columns))
    n = write_table(ctx, COVERAGE, "Coverage", columns, freeze_cols=2)
    ws = ctx.sheet(COVERAGE)
    write_banner(ctx, ws, 0, len(columns) + 1)
    if not n:
        return
    under = ctx.workbook.add_format({"bg_color": UNDER_FILL, "font_color": "#9C0006"})
    c = ctx.ranges[f"{COVERAGE}:diff"].col
    ws.conditional_format(1, c, n, c, {"type": "cell", "criteria": "<", "value": -1e-9, "format": under})


# Linking Required to the Intraday sheet costs (coverage rows × intraday rows) comparisons per recalculation.
LINK_MAX_CELLS = 30_000_000


def _requirement_link(ctx: ExportContext, start: pd.Series, required: np.ndarray):
    """A formula builder for Required when it is the plan's gross for scheduling, else None.

    When the schedule covered this plan's *Gross for scheduling* (every queue
    summed, or one queue), Required becomes a SUMPRODUCT over the Intraday
    requirements sheet — itself formulas over the Assumptions shrinkage — so a
    shrinkage edit moves Required, Diff and the Summary's over/under hours
    while Scheduled (the shifts) stays. A schedule of another requirement (a
    file loaded on the Schedule page), or one too large to recalculate
    quickly, keeps Required as values.
    """
    intraday = ctx.frames["intraday"]
    keys = [f"{INTRADAY}:{k}" for k in ("date", "interval", "queue", "schedule")]
    if not len(start) or any(k not in ctx.ranges for k in keys) or len(start) * len(intraday) > LINK_MAX_CELLS:
        return None
    stamps = pd.to_datetime(intraday["start"])
    queues = intraday["queue"].astype(str)
    need = pd.to_numeric(intraday["agents_schedule"], errors="coerce").fillna(0.0)
    index = pd.DatetimeIndex(start)
    candidates = [None] + [q.queue for q in ctx.data.queues]
    for queue in candidates:
        rows = need if queue is None else need[queues == queue]
        sums = rows.groupby(stamps[rows.index]).sum().reindex(index, fill_value=0.0).to_numpy(dtype=float)
        if not np.allclose(sums, required, rtol=0.0, atol=1e-9):
            continue
        d, t, q, h = (ctx.ranges[k].ref() for k in keys)
        match = "" if queue is None else f"*({q}=Queue{ctx.data.queue_index()[queue]}_Name)"
        return lambda r, i: f"=SUMPRODUCT(({d}=$A{r})*({t}=$B{r}){match},{h})"
    return None


# -- Roster ---------------------------------------------------------------------------------------


def write_roster(ctx: ExportContext) -> None:
    from wfm_desktop.core.scheduling.schedule_files import schedule_tables

    exp = _export(ctx)
    grid = schedule_tables(exp.result, exp.roster)["Roster"]
    totals = exp.roster.agents.set_index("agent")
    agents = grid["Agent"].astype(str)
    day_labels = [c for c in grid.columns if c != "Agent"]
    columns = [
        Col("agent", "Agent", "text", 16, _texts(agents)),
        Col("contract", "Contract", "text", 8, _texts(totals["contract"].reindex(agents).to_numpy())),
    ]
    columns += [Col(f"day{j}", label, "text", 13, _texts(grid[label])) for j, label in enumerate(day_labels)]
    columns += [
        Col("days", "Days worked", "int", 8, totals["days"].reindex(agents).to_numpy(dtype=float)),
        Col("paid_h", "Paid hours", "dec1", 9, totals["paid_h"].reindex(agents).to_numpy(dtype=float)),
    ]
    n = write_table(ctx, ROSTER, "Roster", columns, freeze_cols=1)
    if n and day_labels:
        off = ctx.workbook.add_format({"font_color": "#A6A6A6", "bg_color": "#F2F2F2"})
        ctx.sheet(ROSTER).conditional_format(1, 2, n, 1 + len(day_labels), {
            "type": "cell", "criteria": "==", "value": '"off"', "format": off})


# -- Summary part ---------------------------------------------------------------------------------


def summary_part(ctx: ExportContext, ws, row: int) -> int:
    """The schedule's key figures on the Summary sheet (formulas over Schedule and Coverage)."""
    if ctx.data.schedule is None:
        return row
    result = _export(ctx).result
    s = result.summary
    st = ctx.styles
    hours = result.interval_min / 60.0
    ref = {key: ctx.ranges[f"{sheet}:{key}"].ref() for sheet, key in (
        (SCHEDULE, "count"), (SCHEDULE, "paid_h"), (COVERAGE, "required"), (COVERAGE, "scheduled"),
        (COVERAGE, "diff"))}
    first = pd.Timestamp(result.coverage["start"].min()) if len(result.coverage) else None
    last = pd.Timestamp(result.coverage["start"].max()) if len(result.coverage) else None
    ws.write_string(row, 0, "Schedule", st.section)
    if first is not None:
        ctx.text(ws, row, 2, f"{first:%a %d %b %Y} – {last:%a %d %b %Y}", st.subtitle)
    row += 1
    figures = [
        ("Shifts", f"=SUM({ref['count']})", s["shifts"], "int"),
        ("Paid hours", f"=SUM({ref['paid_h']})", s["paid_h"], "dec1"),
        ("Required agent-hours", f"=SUM({ref['required']})*{hours:g}", s["required_h"], "dec1"),
        ("Scheduled agent-hours", f"=SUM({ref['scheduled']})*{hours:g}", s["scheduled_h"], "dec1"),
        ("Over agent-hours", f'=SUMIF({ref["diff"]},">0")*{hours:g}', s["over_h"], "dec1"),
        ("Under agent-hours", f'=-SUMIF({ref["diff"]},"<0")*{hours:g}', s["under_h"], "dec1"),
    ]
    for label, formula, value, kind in figures:
        ws.write_string(row, 0, label, st.label)
        ctx.formula(ws, row, 1, formula, st.get(kind, bold=True), value)
        row += 1
    if s.get("service_level_mean") is not None:
        ws.write_string(row, 0, "Service level (scheduled)", st.label)
        ctx.number(ws, row, 1, s["service_level_mean"], st.get("pct", bold=True))
        ctx.text(ws, row, 2, f"contact-weighted; lowest interval {s['service_level_min']:.1%}", st.subtitle)
        row += 1
    ws.write_string(row, 0, "Coverage", st.label)
    ctx.text(ws, row, 1, "Req = agents required (gross for scheduling); Sched = agents on the phones from the "
                         "shifts, breaks and lunch taken out; Diff = Sched − Req (negative: under-covered)", st.subtitle)
    row += 1
    ws.write_string(row, 0, "Solver", st.label)
    ctx.text(ws, row, 1, f"{s['status']}; MIP gap {s['gap']:.2%} against the bound of the whole schedule; "
                         f"solved in {s['solve_s']:.1f} s; objective {s['objective']:,.2f} "
                         f"(best bound {s['bound']:,.2f})", st.subtitle)
    row += 1
    if s.get("efficiency") is not None:
        ws.write_string(row, 0, "Schedule efficiency", st.label)
        ctx.number(ws, row, 1, s["efficiency"], st.get("pct", bold=True))
        ctx.text(ws, row, 2, "paid hours ÷ required agent-hours (100% = no hour paid beyond the requirement)",
                 st.subtitle)
    row += 1
    roster = _export(ctx).roster
    if roster is not None:
        ws.write_string(row, 0, "Roster", st.label)
        ctx.text(ws, row, 1, f"{roster.summary['shifts']} shifts to {roster.summary['agents']} agents "
                             f"({roster.summary['status']}); see the Roster sheet", st.subtitle)
        row += 1
    n = len(result.coverage)
    if not n:
        return row + 1
    x = ctx.ranges[f"{COVERAGE}:start"]
    first_day = float(np.floor(excel_serial(result.coverage["start"]).min() + 1e-9))
    last_day = float(np.floor(excel_serial(result.coverage["start"]).max() + 1e-9)) + 1.0
    chart = ctx.workbook.add_chart({"type": "scatter", "subtype": "straight"})
    for col, colour, width in ((3, "#7FB3E0", 2.75), (2, "#262626", 1.0)):  # scheduled wide, required on top
        chart.add_series({"name": [COVERAGE, 0, col], "categories": [COVERAGE, 1, x.col, n, x.col],
                          "values": [COVERAGE, 1, col, n, col], "line": {"width": width, "color": colour},
                          "marker": {"type": "none"}})
    chart.set_title({"name": "Required and scheduled agents per interval"})
    chart.set_x_axis({"min": first_day, "max": last_day, "major_unit": 1 if last_day - first_day <= 31 else 7,
                      "num_format": "ddd dd mmm", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_y_axis({"name": "Agents", "min": 0, "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": 320})
    ws.insert_chart(row + 1, 0, chart)
    return row + 19
