"""The Summary sheet: headline figures per queue, how to read the workbook, native charts.

Headline figures are formulas over the Weekly FTE table (so they follow a
change of shrinkage or of ``Contract_Hours_Week``) with the app's numbers cached.
The average FTE is the horizon's: gross hours ÷ (contracted week × weeks),
the same figure the Budget block shows for the same hours. Chart
titles are fixed words and series names point at queue cells, so no text from
an imported file is ever parsed by Excel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.export import checks
from wfm_desktop.core.export.context import ExportContext, set_print_layout
from wfm_desktop.core.export.tables import DAILY, INTRADAY, WEEKLY
from wfm_desktop.core.staffing.rollups import horizon_fte

SHEET = "Summary"
CHART_WIDTH, CHART_HEIGHT, CHART_ROWS = 480, 300, 16  # two charts a row; 16 rows of 20 px hold one

DEFINITIONS = (
    ("Workload (Erlangs)", "contacts × AHT ÷ interval length: the hours of handling work per hour."),
    ("Net agents", "agents needed on the phones in the interval: the fewest that meet every target set "
                   "(service level, ASA, occupancy cap), from Erlang C (or Erlang A with patience). Erlang C "
                   "queues are live formulas: change a target, the volume growth or the AHT change on the "
                   "Assumptions sheet and they follow."),
    ("Gross for scheduling", "net ÷ (1 − shrinkage the schedule does not model: absence, holiday, training "
                             "days), rounded up: whole agents to schedule. Breaks and lunch are placed by the "
                             "schedule itself."),
    ("Gross agents", "net ÷ (1 − total shrinkage), not rounded: the paid agents of the interval, used for FTE "
                     "and budget (whole agents are for schedules and seats)."),
    ("FTE", "gross agent-hours ÷ (contracted week × weeks): a full week is 1 week, a month its days ÷ 7, a part "
            "week at either end of the horizon its open days ÷ the open days a week. The average is over the "
            "horizon (every week by its weeks); the peak and the FTE chart use whole weeks."),
    ("Expected SL", "service level reached with the net agents, weighted by contacts."),
)


def _queue_rows(frame: pd.DataFrame, queue: str) -> tuple[int, int]:
    """First and last 0-based position of `queue` in a frame sorted by queue (rows are contiguous)."""
    positions = np.flatnonzero(frame["queue"].astype(str).to_numpy() == queue)
    return int(positions[0]), int(positions[-1])


def _whole_weeks(frame: pd.DataFrame, queue: str) -> tuple[int, int]:
    """First and last position of `queue`'s whole weeks (days = 7) in the weekly frame.

    Part weeks only occur at either end of the horizon, so the whole weeks are
    contiguous. With no whole week at all, every week of the queue.
    """
    a, b = _queue_rows(frame, queue)
    days = frame["days"].to_numpy(dtype=float)
    whole = [i for i in range(a, b + 1) if days[i] >= 7]
    return (whole[0], whole[-1]) if whole else (a, b)


def write_summary(ctx: ExportContext) -> None:
    ws = ctx.sheet(SHEET)
    st, data = ctx.styles, ctx.data
    weekly = ctx.frames["weekly"]
    intraday = ctx.frames["intraday"]
    ws.set_column(0, 0, 24)
    ws.set_column(1, 8, 14)
    title = data.title if data.title.lower().startswith("staffing plan") else f"Staffing plan — {data.title}"
    ctx.text(ws, 0, 0, title, st.title)
    start = pd.to_datetime(intraday["start"])
    subtitle = (
        f"Horizon {start.min():%a %d %b %Y} – {start.max():%a %d %b %Y} · {data.interval_min}-minute intervals · "
        f"{len(data.queues)} queue(s) · forecast: {data.forecast.method} · source: {data.source.path}"
    )
    ctx.text(ws, 1, 0, subtitle, st.subtitle)
    checks.write_status(ctx, ws, 2, 7)

    row = 3
    ws.write_string(row, 0, "Key figures", st.section)
    row += 1
    headers = ("Queue", "Contacts", "Workload (h)", "Net agent-hours", "Gross agent-hours",
               "Average FTE (horizon)", "Peak weekly FTE", "Expected SL")
    for c, head in enumerate(headers):
        ws.write_string(row, c, head, st.header)
    ws.set_row(row, 32)
    row += 1
    w = {key: ctx.ranges[f"{WEEKLY}:{key}"].ref() for key in
         ("queue", "week_start", "days", "weeks", "contacts", "workload_h", "net_h", "gross_h", "fte")}
    average = horizon_fte(weekly)
    i = {key: ctx.ranges[f"{INTRADAY}:{key}"].ref() for key in ("queue", "sl", "contacts")}
    first = row
    totals = [0.0] * 6
    for q in data.queues:
        rows = weekly[weekly["queue"].astype(str) == q.queue]
        r = row + 1
        match = f"({w['queue']}=$A{r})"
        ctx.text(ws, row, 0, q.queue, st.label)
        sums = (("contacts", "contacts", "int"), ("workload_h", "workload_h", "dec1"),
                ("net_h", "agents_net_h", "dec1"), ("gross_h", "agents_gross_h", "dec1"))
        for c, (key, column, kind) in enumerate(sums, start=1):
            value = float(rows[column].sum())
            totals[c] += value
            ctx.formula(ws, row, c, f"=SUMPRODUCT({match}*{w[key]})", st.get(kind), value)
        # Average over the horizon (every week by its contracted weeks: the Budget's figure for the same
        # hours); peak over whole weeks, where a one-day stub would show that day's rate as a week's.
        mean = float(average.get(q.queue, 0.0))
        totals[5] += mean
        ctx.formula(ws, row, 5, f"=IF(SUMPRODUCT({match}*{w['weeks']})=0,0,SUMPRODUCT({match}*{w['gross_h']})"
                                f"/(Contract_Hours_Week*SUMPRODUCT({match}*{w['weeks']})))", st.get("fte"), mean)
        full = rows["days"].to_numpy(dtype=float) >= 7
        weeks = match
        if full.any():
            weeks = f"{match}*({w['days']}>=7)"
        else:
            full = np.ones(len(rows), dtype=bool)
        fte = rows["fte"].to_numpy(dtype=float)[full]
        peak = float(fte.max()) if len(fte) else 0.0
        ws.write_array_formula(row, 6, row, 6, f"{{=MAX(IF({weeks},{w['fte']},0))}}", st.get("fte"), peak)
        sl = _weighted_sl(intraday[intraday["queue"].astype(str) == q.queue])
        if np.isfinite(sl):  # contacts-weighted over the intervals with a service level, as the app does
            ctx.formula(ws, row, 7, f"=SUMPRODUCT(({i['queue']}=$A{r})*{i['sl']}*{i['contacts']})"
                                    f"/SUMPRODUCT(({i['queue']}=$A{r})*ISNUMBER({i['sl']})*{i['contacts']})",
                        st.get("pct"), sl)
        row += 1
    last = row - 1
    ws.write_string(row, 0, "All queues", st.get("general", bold=True))
    for c, kind in ((1, "int"), (2, "dec1"), (3, "dec1"), (4, "dec1"), (5, "fte")):
        letter = "ABCDEFGH"[c]
        ctx.formula(ws, row, c, f"=SUM({letter}{first + 1}:{letter}{last + 1})", st.get(kind, bold=True), totals[c])
    whole = weekly["days"].to_numpy(dtype=float) >= 7
    per_week = weekly[whole if whole.any() else np.ones(len(weekly), dtype=bool)].groupby("week_start")["fte"].sum()
    weeks_cond = f"{w['days']}>=7" if whole.any() else f"{w['days']}>0"
    ws.write_array_formula(row, 6, row, 6, f"{{=MAX(IF({weeks_cond},SUMIF({w['week_start']},{w['week_start']},"
                                           f"{w['fte']}),0))}}", st.get("fte", bold=True),
                           float(per_week.max()) if len(per_week) else 0.0)
    sl = _weighted_sl(intraday)
    if np.isfinite(sl):
        ctx.formula(ws, row, 7, f"=SUMPRODUCT({i['sl']},{i['contacts']})/SUMPRODUCT(ISNUMBER({i['sl']})*{i['contacts']})",
                    st.get("pct", bold=True), sl)
    row += 2

    ws.write_string(row, 0, "How to read this workbook", st.section)
    row += 1
    for term, meaning in DEFINITIONS:
        ws.write_string(row, 0, term, st.label)
        ws.merge_range(row, 1, row, 8, "", st.note)
        ws.write_string(row, 1, meaning, st.note)
        ws.set_row(row, 15 * max(2, -(-len(meaning) // 110)))  # ~110 characters a line across B:I: none cut
        row += 1
    ws.write_string(row, 0, "Inputs", st.label)
    ws.merge_range(row, 1, row, 8, "", st.note)
    ws.write_string(row, 1, "All inputs are on the Assumptions sheet, in named cells (Formulas ▸ Name Manager).",
                    st.note)
    row += 2
    for part in ctx.summary_parts:
        row = part(ctx, ws, row)
    row = _charts(ctx, ws, row)
    ws.activate()
    ws.set_first_sheet()
    set_print_layout(ws, repeat_header_row=None)
    ws.fit_to_pages(1, 1)  # one landscape page, charts whole
    ws.print_area(0, 0, row, 8)


def _weighted_sl(frame: pd.DataFrame) -> float:
    contacts = frame["contacts"].to_numpy(dtype=float)
    sl = frame["service_level"].to_numpy(dtype=float)
    mask = ~np.isnan(sl) & (contacts > 0)
    total = contacts[mask].sum()
    return float((sl[mask] * contacts[mask]).sum() / total) if total > 0 else float("nan")


def _charts(ctx: ExportContext, ws, row: int) -> int:
    wb, data = ctx.workbook, ctx.data
    daily, weekly, intraday = ctx.frames["daily"], ctx.frames["weekly"], ctx.frames["intraday"]
    d_date, d_contacts = ctx.ranges[f"{DAILY}:date"], ctx.ranges[f"{DAILY}:contacts"]
    w_date, w_fte = ctx.ranges[f"{WEEKLY}:week_start"], ctx.ranges[f"{WEEKLY}:fte"]
    d_queue, w_queue = ctx.ranges[f"{DAILY}:queue"], ctx.ranges[f"{WEEKLY}:queue"]

    contacts = wb.add_chart({"type": "line"})
    fte = wb.add_chart({"type": "column"})
    part_weeks_left_out = False
    for q in data.queues:
        if (daily["queue"].astype(str) == q.queue).any():
            a, b = _queue_rows(daily, q.queue)
            contacts.add_series({
                "name": [DAILY, a + 1, d_queue.col],
                "categories": [DAILY, a + 1, d_date.col, b + 1, d_date.col],
                "values": [DAILY, a + 1, d_contacts.col, b + 1, d_contacts.col],
                "line": {"width": 1.5},
            })
        if (weekly["queue"].astype(str) == q.queue).any():
            a, b = _whole_weeks(weekly, q.queue)
            part_weeks_left_out |= (a, b) != _queue_rows(weekly, q.queue)
            fte.add_series({
                "name": [WEEKLY, a + 1, w_queue.col],
                "categories": [WEEKLY, a + 1, w_date.col, b + 1, w_date.col],
                "values": [WEEKLY, a + 1, w_fte.col, b + 1, w_fte.col],
            })
    contacts.set_title({"name": "Contacts per day (forecast)"})
    contacts.set_x_axis({"date_axis": True, "num_format": "dd mmm", "major_unit": 7, "major_unit_type": "days"})
    contacts.set_y_axis({"name": "Contacts", "num_format": "#,##0", "min": 0, "major_gridlines": {"visible": True}})
    # A part week's FTE is the rate of its few days (a busy Monday alone reads as a busy week): the chart
    # shows whole weeks only, and says so, unless there are none.
    fte.set_title({"name": "FTE per week (gross, from total shrinkage" + ("; whole weeks only)" if part_weeks_left_out
                                                                          else ")")})
    fte.set_x_axis({"text_axis": True, "num_format": "dd mmm yyyy", "name": "Week commencing"})
    fte.set_y_axis({"name": "FTE", "num_format": "#,##0", "min": 0, "major_gridlines": {"visible": True}})
    for chart in (contacts, fte):
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    ws.insert_chart(row, 0, contacts)
    ws.insert_chart(row, 4, fte, {"x_offset": 15})  # side by side: the Summary prints on one page
    row += CHART_ROWS

    # Agents per interval on the busiest day of the first queue: net vs gross.
    q0 = data.queues[0].queue
    rows = intraday[intraday["queue"].astype(str) == q0]
    if len(rows):
        day = pd.to_datetime(rows["start"]).dt.normalize()
        busiest = rows.groupby(day.to_numpy())["contacts"].sum().idxmax()
        positions = np.flatnonzero((intraday["queue"].astype(str).to_numpy() == q0)
                                   & (pd.to_datetime(intraday["start"]).dt.normalize().to_numpy() == busiest))
        a, b = int(positions[0]) + 1, int(positions[-1]) + 1
        i_int = ctx.ranges[f"{INTRADAY}:interval"].col
        agents = wb.add_chart({"type": "line"})
        for key in ("net", "schedule", "gross"):
            col = ctx.ranges[f"{INTRADAY}:{key}"].col
            agents.add_series({
                "name": [INTRADAY, 0, col],
                "categories": [INTRADAY, a, i_int, b, i_int],
                "values": [INTRADAY, a, col, b, col],
                "line": {"width": 1.75},
            })
        ws.write_string(row, 0, "Agents per interval on the busiest day of", ctx.styles.label)
        ctx.text(ws, row, 2, f"{q0} ({pd.Timestamp(busiest):%a %d %b %Y})", ctx.styles.label)
        agents.set_title({"name": "Agents per interval, busiest day"})
        agents.set_x_axis({"num_format": "hh:mm", "interval_unit": max(1, 60 // data.interval_min * 2)})
        agents.set_y_axis({"name": "Agents", "min": 0, "major_gridlines": {"visible": True}})
        agents.set_legend({"position": "bottom"})
        agents.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
        ws.insert_chart(row + 1, 0, agents)
        row += CHART_ROWS + 1
    return row
