"""The Scenarios sheet: the base plan and each whole-plan scenario side by side, and the automation
business case (:mod:`wfm_desktop.core.plan.scenarios`).

Blocks, top to bottom: the comparison over the horizon (one row per plan: contacts, average FTE,
hires, staff, automation and total cost, service level, the differences from the base, and what to
check — a service level more than a point below the base plan's, new staffing notes); FTE,
total cost and service level by month (one column per plan) with a line chart of FTE by month; and,
for every scenario with an automation, its business case by month. Derived cells are formulas over
the cells beside them (total cost = staff + automation; differences from the base; net saving =
cost saved − licence − implementation; the cumulative net saving a running sum), so a manager who
changes a licence or a saving sees the payback follow.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell

from wfm_desktop.core.export.context import ExportContext, set_print_layout

SHEET = "Scenarios"

TOTAL_COLUMNS = (
    ("scenario", "Scenario", None, 24), ("changes", "Changes from the base plan", None, 44),
    ("contacts", "Contacts", "int", 12), ("required_fte", "Average FTE", "fte", 11),
    ("fte_vs_base", "FTE vs base", "fte", 11), ("hires", "Hires", "int", 12),
    ("staff_cost", "Staff cost", "int", 13), ("automation_cost", "Automation cost", "int", 13),
    ("total_cost", "Total cost", "int", 13), ("cost_vs_base", "Cost vs base", "int", 13),
    ("service_level", "Service level", "pct", 11), ("check", "Check", None, 40),
)
MONTHLY_BLOCKS = (("required_fte", "FTE by month", "fte"), ("total_cost", "Total cost by month", "int"),
                  ("service_level", "Service level by month", "pct"))
CASE_COLUMNS = (("month", "Month"), ("deflection", "Deflection"), ("fte_saved", "FTE saved"),
                ("cost_saved", "Staff cost saved"), ("licence", "Licence"), ("implementation", "Implementation"),
                ("net_saving", "Net saving"), ("cumulative_net", "Cumulative net saving"))


def has_scenarios(data) -> bool:
    scenarios = getattr(data, "scenarios", None)
    return scenarios is not None and not scenarios.empty


def _cell(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col)


def write_scenarios(ctx: ExportContext) -> None:
    comparison = ctx.data.scenarios
    ws = ctx.sheet(SHEET)
    st = ctx.styles
    currency = comparison.base.currency
    ws.write_string(0, 0, "Scenarios: the whole plan with other inputs", st.title)
    ctx.text(ws, 1, 0, "Each scenario is the base plan with the changes listed, computed by the same staffing and "
                       f"budget as the base; FTE from paid hours, costs in {currency}, service level at the "
                       "required agents (contacts-weighted).", st.subtitle)
    row = _totals(ctx, ws, comparison, 3)
    row = _monthly(ctx, ws, comparison, row + 2)
    for name, case in comparison.business_cases().items():
        ctx.check_cancel()
        row = _business_case(ctx, ws, name, case, currency, row + 2)
    for col, (_, _, _, width) in enumerate(TOTAL_COLUMNS):
        ws.set_column(col, col, width)
    ws.freeze_panes(4, 1)
    set_print_layout(ws, repeat_header_row=None)


def _totals(ctx: ExportContext, ws, comparison, row: int) -> int:
    st = ctx.styles
    frame = comparison.totals()
    ws.write_string(row - 1, 0, "Over the horizon", st.section)
    for col, (_, header, _, _) in enumerate(TOTAL_COLUMNS):
        ws.write_string(row, col, header, st.header)
    ws.set_row(row, 30)
    keys = [c[0] for c in TOTAL_COLUMNS]
    base_row = row + 1
    for i, rec in enumerate(frame.to_dict("records")):
        r = row + 1 + i
        for col, (key, _, kind, _) in enumerate(TOTAL_COLUMNS):
            fmt = st.get(kind) if kind else None
            if kind is None:
                ctx.text(ws, r, col, rec[key], st.get("general", wrap=True) if key in ("changes", "check") else None)
            elif key == "total_cost":
                ctx.formula(ws, r, col, f"={_cell(r, keys.index('staff_cost'))}+{_cell(r, keys.index('automation_cost'))}",
                            fmt, rec[key])
            elif key in ("fte_vs_base", "cost_vs_base"):
                source = keys.index("required_fte" if key == "fte_vs_base" else "total_cost")
                base = xl_rowcol_to_cell(base_row, source, row_abs=True, col_abs=True)
                ctx.formula(ws, r, col, f"={_cell(r, source)}-{base}", fmt, rec[key])
            else:
                ctx.number(ws, r, col, rec[key], fmt)
    return row + 1 + len(frame)


def _monthly(ctx: ExportContext, ws, comparison, row: int) -> int:
    st = ctx.styles
    names = [o.scenario.name for o in comparison.all]
    fte_block = None
    for column, title, kind in MONTHLY_BLOCKS:
        table = comparison.monthly(column)
        ws.write_string(row, 0, title, st.section)
        ws.write_string(row + 1, 0, "Month", st.header)
        for j, name in enumerate(names, start=1):
            ctx.text(ws, row + 1, j, name, st.header)
        for i, rec in enumerate(table.itertuples(index=False)):
            r = row + 2 + i
            ctx.when(ws, r, 0, pd.Timestamp(rec[0]).to_pydatetime(), st.get("date_short"))
            for j in range(1, len(names) + 1):
                ctx.number(ws, r, j, float(rec[j]), st.get(kind))
        if column == "required_fte":
            fte_block = (row + 2, row + 1 + len(table))
        row += 3 + len(table)
    if fte_block is not None and fte_block[1] >= fte_block[0]:
        chart = ctx.workbook.add_chart({"type": "line"})
        first, last = fte_block
        for j, name in enumerate(names, start=1):
            chart.add_series({"name": [SHEET, first - 1, j], "categories": [SHEET, first, 0, last, 0],
                              "values": [SHEET, first, j, last, j], "marker": {"type": "circle"}})
        chart.set_title({"name": "FTE by month, each plan"})
        chart.set_x_axis({"text_axis": True, "num_format": "mmm yyyy"})
        chart.set_y_axis({"name": "FTE", "num_format": "#,##0", "major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 760, "height": 300})
        ws.insert_chart(row, 0, chart)
        row += 16
    return row


def _business_case(ctx: ExportContext, ws, name: str, case, currency: str, row: int) -> int:
    st = ctx.styles
    frame = case.frame
    ctx.text(ws, row, 0, f"Automation business case: {name}", st.section)
    ws.merge_range(row + 1, 0, row + 1, len(CASE_COLUMNS) - 1, "", st.note)
    ctx.text(ws, row + 1, 0, "Net saving = staff cost saved − licence (by the share of the month the plan covers) − "
                             "implementation; the payback month is the first month from which the cumulative net "
                             "saving stays at or above zero.", st.note)
    ws.set_row(row + 1, 30)
    head = row + 2
    ws.set_row(head, 30)
    for col, (_, header) in enumerate(CASE_COLUMNS):
        ws.write_string(head, col, header if col < 3 else f"{header} ({currency})", st.header)
    keys = [c[0] for c in CASE_COLUMNS]
    kinds = {"month": "date_short", "deflection": "pct", "fte_saved": "fte"}
    for i, rec in enumerate(frame.to_dict("records")):
        r = head + 1 + i
        for col, key in enumerate(keys):
            fmt = st.get(kinds.get(key, "int"))
            if key == "month":
                ctx.when(ws, r, col, pd.Timestamp(rec[key]).to_pydatetime(), fmt)
            elif key == "net_saving":
                c = {k: _cell(r, keys.index(k)) for k in ("cost_saved", "licence", "implementation")}
                ctx.formula(ws, r, col, f"={c['cost_saved']}-{c['licence']}-{c['implementation']}", fmt, rec[key])
            elif key == "cumulative_net":
                net = _cell(r, keys.index("net_saving"))
                previous = "" if i == 0 else f"{_cell(r - 1, col)}+"
                ctx.formula(ws, r, col, f"={previous}{net}", fmt, rec[key])
            else:
                ctx.number(ws, r, col, rec[key], fmt)
    end = head + 1 + len(frame)
    payback = "not within the plan's horizon" if case.payback_month is None else f"{case.payback_month:%B %Y}"
    ws.write_string(end, 0, "Payback month", st.label)
    ctx.text(ws, end, 1, payback)
    ws.write_string(end + 1, 0, "Net over the horizon", st.label)
    cum = keys.index("cumulative_net")
    if len(frame):
        ctx.formula(ws, end + 1, 1, f"={_cell(end - 1, cum)}", st.get("int"), case.total_net)
    return end + 2

