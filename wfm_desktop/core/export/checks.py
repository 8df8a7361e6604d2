"""Input checks and the Summary's status line.

Sheet writers add checks to ``ctx.checks`` as ``(label, formula, message)``:
the formula is TRUE while the inputs are fine (site shares add up to 100 %,
shrinkage below 95 %, targets and levers in range, a queue the workbook cannot
recompute still has the inputs the app used, the Erlang C search window holds
every interval). :func:`write_checks` lists them in a "Checks" block at the end
of the Assumptions sheet (named ``Check_<i>``: "OK", or "FAILED" in red) and returns the
status line for the top of the Summary: "OK: all N input checks pass", or
"Check failed: <the first failing check's message>" — red.
"""

from __future__ import annotations

from wfm_desktop.core.export.assumptions import SHEET as ASSUMPTIONS
from wfm_desktop.core.export.context import ExportContext, quote_sheet

RED = {"bg_color": "#F8D7DA", "font_color": "#9C0006", "bold": True}
GREEN = {"bg_color": "#E2EFDA", "font_color": "#375623", "bold": True}


def write_checks(ctx: ExportContext) -> str:
    """Write the Checks block on the Assumptions sheet; return the status line's formula."""
    ws = ctx.sheet(ASSUMPTIONS)
    st = ctx.styles
    row = (ws.dim_rowmax or 0) + 3
    ws.write_string(row, 0, "Checks", st.section)
    ctx.text(ws, row, 2, "OK while the inputs are fine; the Summary's status line names the first that fails",
             st.subtitle)
    row += 1
    for c, head in enumerate(("Check", "OK", "When it fails")):
        ws.write_string(row, c, head, st.header)
    row += 1
    first = row
    status = f'"OK: all {len(ctx.checks)} input checks pass"'
    parts = []
    for i, (label, formula, message) in enumerate(ctx.checks, start=1):
        ctx.text(ws, row, 0, label, st.label)
        ok = st.get("general", bold=True, wrap=True)  # top-aligned, level with its name (not at the row's foot)
        ws.write_formula(row, 1, f'=IF({formula.removeprefix("=")},"OK","FAILED")', ok,
                         "FAILED" if _fails(formula) else "OK")
        ws.merge_range(row, 2, row, 4, "", st.note)  # three columns: the sentence prints on the page at 85 %
        ctx.text(ws, row, 2, message, st.note)
        ws.set_row(row, 15 * (2 + len(message) // 70))
        ctx.define_name(f"Check_{i}", ASSUMPTIONS, row, 1)
        parts.append((f"Check_{i}", f"{quote_sheet(ASSUMPTIONS)}!$C${row + 1}"))
        row += 1
    if ctx.checks:
        ws.conditional_format(first, 1, row - 1, 1, {"type": "cell", "criteria": "==", "value": '"FAILED"',
                                                      "format": ctx.workbook.add_format(RED)})
    for name, message in reversed(parts):
        status = f'IF({name}="OK",{status},"Check failed: "&{message})'
    return "=" + status


def _fails(formula: str) -> bool:
    """A check that fails whatever the inputs (a flag the app computed, e.g. a poor schedule)."""
    return formula.removeprefix("=").strip().upper() == "FALSE"


def write_status(ctx: ExportContext, ws, row: int, last_col: int) -> None:
    """The status line across the top of the Summary: green when every check passes, red naming the failure."""
    formula = write_checks(ctx)
    failed = [message for _, f, message in ctx.checks if _fails(f)]
    cached = f"Check failed: {failed[0]}" if failed else f"OK: all {len(ctx.checks)} input checks pass"
    ws.merge_range(row, 0, row, last_col, "", ctx.workbook.add_format(GREEN))
    ws.write_formula(row, 0, formula, ctx.workbook.add_format(GREEN), cached)
    if failed:
        ws.set_row(row, 15 * (1 + len(cached) // 110))
    ws.conditional_format(row, 0, row, last_col, {"type": "formula", "criteria": f'=LEFT($A${row + 1},2)<>"OK"',
                                                  "format": ctx.workbook.add_format(RED)})
    ctx.define_name("Status", ws.get_name(), row, 0)
