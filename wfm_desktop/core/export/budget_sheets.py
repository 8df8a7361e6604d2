"""Budget and Capacity plan sheets: live formulas over the Assumptions sheet's budget cells.

Written when ``PlanWorkbookData.budget`` holds a
:class:`wfm_desktop.core.budget.monthly.BudgetResult`. The writer first appends a
"Budget and capacity plan" block to the Assumptions sheet (sites, licences,
one-off costs, training, attrition — yellow input cells with defined names,
plus derived rates as formulas), then:

* **Capacity plan** — per week or month: required FTE, planned hires (inputs),
  suggested hires (formulas of the app's greedy search, columns P–X, when the
  budget was priced with suggestions), headcount ``= previous × (1 − attrition) + hires``,
  leavers, effective FTE and gap. Effective FTE adds up a cohort grid to the
  right (class × survivors × ramp productivity, the ramp itself being
  formulas over the training and nesting weeks), exactly as
  :mod:`wfm_desktop.core.budget.capacity` computes it.
* **Budget** — per calendar month: paid hours (a SUMPRODUCT over the Daily
  forecast's gross agent-hours when the budget was priced on the plan's own
  requirements, so a shrinkage edit flows through), FTE, headcount, hires,
  wages, overhead, outsourcing, licences, training, implementation, total,
  cost per contact and per handled hour, with a totals row.

Every formula caches the app's value; LibreOffice recalculation reproduces it
(tested), and changing a wage, overhead or attrition cell moves the totals as
the app would.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from wfm_desktop.core.budget.monthly import MONEY_COLUMNS, BudgetResult, monthly_capacity
from wfm_desktop.core.export.assumptions import SHEET as ASSUMPTIONS, validate_range
from wfm_desktop.core.export.context import ColumnRange, ExportContext, quote_sheet
from wfm_desktop.core.export.tables import DAILY, Col, excel_serial, write_table
from wfm_desktop.core.budget.capacity import periods_to_full
from wfm_desktop.core.budget.periods import WEEKS_PER_MONTH

BUDGET = "Budget"
CAPACITY = "Capacity plan"


def _result(ctx: ExportContext) -> BudgetResult:
    return ctx.data.budget


def _abs(sheet: str, row: int, col: int) -> str:
    return f"{quote_sheet(sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


def _range(sheet: str, first: int, last: int, col: int) -> str:
    a = xl_rowcol_to_cell(first, col, row_abs=True, col_abs=True)
    b = xl_rowcol_to_cell(last, col, row_abs=True, col_abs=True)
    return f"{quote_sheet(sheet)}!{a}:{b}"


# -- Assumptions block ----------------------------------------------------------------------------


def _name_range(ctx: ExportContext, name: str, first: int, last: int, col: int) -> str:
    ref = "=" + _range(ASSUMPTIONS, first, last, col)
    ctx.workbook.define_name(name, ref)
    ctx.names[name] = ref
    return name


def write_budget_assumptions(ctx: ExportContext) -> None:
    """Append the budget inputs to the Assumptions sheet as named cells (derived rates as formulas)."""
    res = _result(ctx)
    inputs, cap = res.inputs, res.capacity
    ctx.styles.set_currency(res.budget.currency)  # one currency format on every money cell
    ws = ctx.sheet(ASSUMPTIONS)
    st = ctx.styles
    row = (ws.dim_rowmax or 0) + 3
    inp = lambda kind: st.get(kind, input_cell=True)  # noqa: E731

    def item(label: str, value, kind: str, name: str, *, note: str = "") -> None:
        nonlocal row
        ws.write_string(row, 0, label, st.label)
        if kind == "text":
            ctx.text(ws, row, 1, value, inp("general"))
        else:
            ctx.number(ws, row, 1, value, inp(kind))
        if note:
            ctx.text(ws, row, 2, note, st.subtitle)
        ctx.define_name(name, ASSUMPTIONS, row, 1)
        row += 1

    def derived(label: str, formula: str, value: float, kind: str, name: str, note: str = "") -> None:
        nonlocal row
        ws.write_string(row, 0, label, st.label)
        ctx.formula(ws, row, 1, formula, st.get(kind, bold=True), value)
        if note:
            ctx.text(ws, row, 2, note, st.subtitle)
        ctx.define_name(name, ASSUMPTIONS, row, 1)
        row += 1

    ws.write_string(row, 0, "Budget and capacity plan", st.section)
    row += 1
    item("Currency", inputs.currency, "text", "Budget_Currency")
    ws.write_string(row, 0, "Contracted week", st.label)
    ctx.text(ws, row, 1, "Contract_Hours_Week (the plan's, above); a site whose contract differs overrides it on "
                         "its row", st.subtitle)
    row += 1

    row += 1
    heads = ("Site or vendor", "Kind", "Share of hours", "Hourly wage", "Overhead", "Vendor rate", "Rate per",
             "Licences", "Contracted week (h)")
    for c, head in enumerate(heads):
        ws.write_string(row, c, head, st.header)
    row += 1
    first = row
    for site in inputs.sites:
        ctx.text(ws, row, 0, site.name, inp("general"))
        ws.write_string(row, 1, site.kind, inp("general"))
        ctx.number(ws, row, 2, site.share, inp("pct"))
        ctx.number(ws, row, 3, site.hourly_wage if site.in_house else 0.0, inp("dec2"))
        ctx.number(ws, row, 4, site.overhead if site.in_house else 0.0, inp("pct"))
        ctx.number(ws, row, 5, 0.0 if site.in_house else site.rate, inp("dec2"))
        ws.write_string(row, 6, site.rate_unit, inp("general"))
        ws.write_string(row, 7, "Yes" if site.licences else "No", inp("general"))
        if site.contract_hours_week is None:  # the plan's week until a manager types this site's own
            ctx.formula(ws, row, 8, "=Contract_Hours_Week", inp("dec2"), inputs.contract_hours_week)
        else:
            ctx.number(ws, row, 8, site.contract_hours_week, inp("dec2"))
        row += 1
    last = row - 1
    ws.data_validation(first, 1, last, 1, {"validate": "list", "source": ["in-house", "outsourced"]})
    ws.data_validation(first, 6, last, 6, {"validate": "list", "source": ["hour", "minute", "contact", "agent_month"]})
    ws.data_validation(first, 7, last, 7, {"validate": "list", "source": ["Yes", "No"]})
    for name, col in (("Sites_Kind", 1), ("Sites_Share", 2), ("Sites_Wage", 3), ("Sites_Overhead", 4),
                      ("Sites_Rate", 5), ("Sites_Unit", 6), ("Sites_Licences", 7), ("Sites_Contract_Hours", 8)):
        _name_range(ctx, name, first, last, col)
    for col, lo, hi, message in ((2, 0.0, 1.0, "The site's share of the paid hours: a fraction, 0.8 = 80 %."),
                                 (3, 0.0, 10000.0, "Hourly wage, 0 or more."),
                                 (4, 0.0, 5.0, "Overhead on wages: a fraction, 0.3 = 30 %."),
                                 (5, 0.0, 1e9, "The vendor's price per unit, 0 or more."),
                                 (8, 1.0, 80.0, "Hours per FTE per week at this site, 1 to 80.")):
        validate_range(ws, first, col, last, col, heads[col], "decimal", lo, hi, message)
    ctx.checks.append(("Site shares add up to 100 %", "=ABS(SUM(Sites_Share)-1)<0.000001",
                       "The sites' shares of hours on the Assumptions sheet do not add up to 100 %"))
    sites = inputs.sites
    inh = [s for s in sites if s.in_house]
    out = [s for s in sites if not s.in_house]
    ih = '(Sites_Kind="in-house")'
    os_ = '(Sites_Kind="outsourced")'
    derived("In-house share of hours", f"=SUMPRODUCT({ih}*Sites_Share)", inputs.in_house_share, "pct",
            "Budget_InHouse_Share", "the capacity plan hires for this part of the requirement")
    derived("Wages per paid hour (all sites)", f"=SUMPRODUCT({ih}*Sites_Share*Sites_Wage)",
            sum(s.share * s.hourly_wage for s in inh), "dec2", "Budget_Wage_Per_Hour")
    derived("Overhead per paid hour", f"=SUMPRODUCT({ih}*Sites_Share*Sites_Wage*Sites_Overhead)",
            sum(s.share * s.hourly_wage * s.overhead for s in inh), "dec2", "Budget_Overhead_Per_Hour")
    for unit, label in (("hour", "paid hour"), ("minute", "handled minute"), ("contact", "contact"),
                        ("agent_month", "agent-month")):
        derived(f"Vendor price per {label}",
                f'=SUMPRODUCT({os_}*(Sites_Unit="{unit}")*Sites_Share*Sites_Rate)',
                sum(s.share * s.rate for s in out if s.rate_unit == unit), "dec2", f"Budget_Vendor_Per_{unit.title()}")
    plan_week = inputs.contract_hours_week
    derived("Vendor agent-month factor",
            f'=SUMPRODUCT({os_}*(Sites_Unit="agent_month")*Sites_Share*Sites_Rate*7/Sites_Contract_Hours)',
            sum(s.share * s.rate * 7 / s.week(plan_week) for s in out if s.rate_unit == "agent_month"), "dec2",
            "Budget_Vendor_Agent_Month_Factor",
            "Σ share × price per agent-month × 7 ÷ the site's contracted week: × paid hours ÷ days in the month")
    derived("Licensed in-house share", f'=SUMPRODUCT({ih}*(Sites_Licences="Yes")*Sites_Share)',
            sum(s.share for s in inh if s.licences), "pct", "Budget_Licensed_InHouse")
    derived("Licensed vendor share", f'=SUMPRODUCT({os_}*(Sites_Licences="Yes")*Sites_Share)',
            sum(s.share for s in out if s.licences), "pct", "Budget_Licensed_Vendor")
    derived("Licensed vendor seat factor",
            f'=SUMPRODUCT({os_}*(Sites_Licences="Yes")*Sites_Share*7/Sites_Contract_Hours)',
            sum(s.share * 7 / s.week(plan_week) for s in out if s.licences), "dec2", "Budget_Licensed_Vendor_Factor",
            "Σ share × 7 ÷ the site's contracted week: seats = paid hours × this ÷ days in the month")

    row += 1
    for c, head in enumerate(("Licence / tool", "Amount", "Per (agent = per agent-month; month = flat)")):
        ws.write_string(row, c, head, st.header)
    row += 1
    per_agent = sum(x.amount for x in inputs.licences if x.per == "agent")
    flat = sum(x.amount for x in inputs.licences if x.per == "month")
    if inputs.licences:
        first = row
        for lic in inputs.licences:
            ctx.text(ws, row, 0, lic.name, inp("general"))
            ctx.number(ws, row, 1, lic.amount, inp("dec2"))
            ws.write_string(row, 2, lic.per, inp("general"))
            row += 1
        ws.data_validation(first, 2, row - 1, 2, {"validate": "list", "source": ["agent", "month"]})
        amounts, pers = _range(ASSUMPTIONS, first, row - 1, 1), _range(ASSUMPTIONS, first, row - 1, 2)
        derived("Licences per agent-month", f'=SUMIF({pers},"agent",{amounts})', per_agent, "dec2",
                "Budget_Licences_Per_Agent")
        derived("Flat licences per month", f'=SUMIF({pers},"month",{amounts})', flat, "dec2", "Budget_Licences_Flat")
    else:
        ws.write_string(row, 0, "None")
        row += 1
        item("Licences per agent-month", 0.0, "dec2", "Budget_Licences_Per_Agent")
        item("Flat licences per month", 0.0, "dec2", "Budget_Licences_Flat")

    row += 1
    for c, head in enumerate(("One-off implementation cost", "Amount", "Month")):
        ws.write_string(row, c, head, st.header)
    row += 1
    if inputs.implementation:
        first = row
        for one in inputs.implementation:
            ctx.text(ws, row, 0, one.name, inp("general"))
            ctx.number(ws, row, 1, one.amount, inp("dec2"))
            ctx.when(ws, row, 2, one.month.to_pydatetime(), inp("month"))
            row += 1
        ctx.budget_one_offs = (_name_range(ctx, "Budget_OneOff_Amount", first, row - 1, 1),
                                         _name_range(ctx, "Budget_OneOff_Month", first, row - 1, 2))
    else:
        ws.write_string(row, 0, "None")
        row += 1

    row += 1
    ws.write_string(row, 0, "Training and hiring", st.section)
    row += 1
    c = cap.settings
    item("Training weeks (0 % productive)", c.training_weeks, "dec1", "Cap_Training_Weeks")
    item("Nesting weeks", c.nesting_weeks, "dec1", "Cap_Nesting_Weeks")
    item("Nesting productivity", c.nesting_productivity, "pct", "Cap_Nesting_Productivity")
    item("Trainer cost per hire", inputs.trainer_cost_per_hire, "dec2", "Budget_Trainer_Cost")
    derived("Training cost per hire",
            "=Cap_Training_Weeks*Contract_Hours_Week*IF(Budget_InHouse_Share=0,0,"
            "(Budget_Wage_Per_Hour+Budget_Overhead_Per_Hour)/Budget_InHouse_Share)+Budget_Trainer_Cost",
            inputs.training_cost_per_hire(), "dec2", "Budget_Training_Cost_Per_Hire",
            "training weeks × contracted week × in-house wage × (1 + overhead) + trainer cost")
    start_heads = float(cap.frame["headcount"].iloc[0] - cap.frame["hires"].iloc[0])
    if c.starting_headcount is None:  # the first period's in-house requirement, staffed today: follows it
        ws.write_string(row, 0, "Starting headcount", st.label)
        ctx.formula(ws, row, 1, f"={_abs(CAPACITY, 1, 2)}/Cap_FTE_Per_Head", inp("dec1"), start_heads)
        ctx.text(ws, row, 2, "the first period's in-house required FTE ÷ FTE per head (type a number to fix it)",
                 st.subtitle)
        ctx.define_name("Cap_Starting_Headcount", ASSUMPTIONS, row, 1)
        row += 1
    else:
        item("Starting headcount", start_heads, "dec1", "Cap_Starting_Headcount")
    item("Attrition per month", c.attrition_month, "pct", "Cap_Attrition_Month")
    validate_range(ws, row - 1, 1, row - 1, 1, "Attrition per month", "decimal", 0.0, 0.99,
              "A fraction of heads leaving each month: 0.03 = 3 % (not 3).")
    if cap.kind == "week":
        derived("Attrition per week", "=1-(1-Cap_Attrition_Month)^(12/52)", 1 - (1 - c.attrition_month) ** (12 / 52),
                "pct", "Cap_Attrition_Period", "1 − (1 − monthly)^(12/52): 52 weeks lose what 12 months lose")
    else:
        derived("Attrition per period (month)", "=Cap_Attrition_Month", c.attrition_month, "pct",
                "Cap_Attrition_Period")
    item("Weeks per period", 1.0 if cap.kind == "week" else WEEKS_PER_MONTH, "dec2", "Cap_Period_Weeks",
         note="1 for a weekly plan, 52/12 for a monthly one")
    item("FTE per head", c.fte_per_head, "dec2", "Cap_FTE_Per_Head")
    item("Recruiting lead time (weeks)", c.lead_time_weeks, "dec1", "Cap_Lead_Time_Weeks",
         note="the first class can start this many weeks from the plan's start")
    item("Minimum class size", c.min_class_size, "int", "Cap_Min_Class_Size")
    length = 1.0 if cap.kind == "week" else WEEKS_PER_MONTH
    derived("Periods before a class can start", "=-INT(-(Cap_Lead_Time_Weeks/Cap_Period_Weeks-1E-9))",
            math.ceil(c.lead_time_weeks / length - 1e-9), "int", "Cap_Earliest_Period",
            "lead time ÷ weeks per period, rounded up")
    derived("Periods to full productivity",
            "=-INT(-((Cap_Training_Weeks+IF(Cap_Nesting_Productivity<1,Cap_Nesting_Weeks,0))/Cap_Period_Weeks-1E-9))",
            periods_to_full(c, cap.kind), "int", "Cap_Full_Periods",
            "(training + nesting weeks, when nesting is below 100 %) ÷ weeks per period, rounded up")


# -- Capacity plan sheet --------------------------------------------------------------------------


def _daily_link(ctx: ExportContext, starts: pd.DatetimeIndex, lengths_days: np.ndarray, hours: np.ndarray) -> bool:
    """True when the Daily forecast's gross agent-hours per period equal `hours` (same requirement)."""
    if f"{DAILY}:gross_h" not in ctx.ranges:
        return False
    daily = ctx.frames["daily"]
    dates = pd.to_datetime(daily["date"]).to_numpy()
    gross = pd.to_numeric(daily["agents_gross_h"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    for start, n, h in zip(starts, lengths_days, hours):
        mask = (dates >= start.to_datetime64()) & (dates < (start + pd.Timedelta(days=int(n))).to_datetime64())
        if not np.isclose(gross[mask].sum(), h, rtol=1e-9, atol=1e-6):
            return False
    return True


def _daily_hours_formula(ctx: ExportContext, date_cell: str, length: str, *keys: str) -> str:
    """Σ over the Daily forecast's days from `date_cell` for `length` days of the product of columns `keys`."""
    d = ctx.ranges[f"{DAILY}:date"].ref()
    columns = ",".join(ctx.ranges[f"{DAILY}:{key}"].ref() for key in (keys or ("gross_h",)))
    return f"SUMPRODUCT(({d}>={date_cell})*({d}<{date_cell}+{length}),{columns})"


def write_capacity(ctx: ExportContext) -> None:
    write_budget_assumptions(ctx)
    res = _result(ctx)
    plan, periods = res.capacity, res.periods
    c_set = plan.settings
    f = plan.frame
    n = len(f)
    kind = plan.kind
    starts = pd.DatetimeIndex(f["period"])
    required_all = periods.frame["required_fte"].to_numpy(dtype=float)
    days = periods.frame["days"].to_numpy(dtype=float)
    paid = periods.frame["paid_hours"].to_numpy(dtype=float)
    weeks = periods.frame["weeks"].to_numpy(dtype=float)
    lengths = np.full(n, 7) if kind == "week" else pd.DatetimeIndex(starts).days_in_month
    linked = _daily_link(ctx, starts, lengths, paid)

    def required(r: int, i: int) -> str:  # paid hours of the period ÷ (contracted week × its weeks, column O)
        length = "7" if kind == "week" else f"DAY(EOMONTH($A{r},0))"
        return f"=IF($O{r}=0,0,{_daily_hours_formula(ctx, f'$A{r}', length)}/(Contract_Hours_Week*$O{r}))"

    # Month split of each period (calendar facts, for the Budget sheet's look-ups).
    m1, d1, m2, d2 = (np.zeros(n) for _ in range(4))
    for i, start in enumerate(starts):
        if kind == "month":
            m1[i], d1[i] = excel_serial(pd.Series([start]))[0], 1.0
            continue
        span = pd.date_range(start, periods=7, freq="D")
        split = pd.Series(1, index=span).groupby(span.to_period("M")).sum()
        months = [p.to_timestamp() for p in split.index]
        m1[i], d1[i] = excel_serial(pd.Series([months[0]]))[0], float(split.iloc[0])
        if len(months) > 1:
            m2[i], d2[i] = excel_serial(pd.Series([months[1]]))[0], float(split.iloc[1])

    # Suggested hires are live (the app's greedy search as formulas) when the app's search reproduces them.
    steps = plan.steps
    live = steps is not None and n > 0
    table_cols = 24 if live else 15  # A…X: the table with the hiring search in P…X; A…O without
    grid_col0 = table_cols + 1  # the planned classes' cohort grid, after one blank column
    step_col0 = grid_col0 + n + 1  # the suggested classes (one column per search step), after another
    ramp_row0 = n + 6  # 0-based row of the first ramp row (below the table and its notes)
    ramp_p_col = 4
    ramp_p = _range(CAPACITY, ramp_row0 + 1, ramp_row0 + n, ramp_p_col)
    a = "(1-Cap_Attrition_Period)"

    def headcount(r: int, i: int) -> str:
        prev = "Cap_Starting_Headcount" if i == 0 else f"G{r - 1}*(1-Cap_Attrition_Period)"
        return f"={prev}+F{r}"

    def grid_row(r: int, col0: int, count: int) -> str:
        return f"{xl_rowcol_to_cell(r - 1, col0)}:{xl_rowcol_to_cell(r - 1, col0 + count - 1)}"

    def effective(r: int, i: int) -> str:  # starting heads and the classes of the cohort grid (all hires, or planned)
        return f"=Cap_FTE_Per_Head*(Cap_Starting_Headcount*{a}^{i}+SUM({grid_row(r, grid_col0, i + 1)}))"

    def step_sum(row: str, i: int) -> str:
        """Σ of the suggested classes of search steps 0 … i − 1 in period `row` (an expression of the row number)."""
        first, last = (xl_col_to_name(step_col0), xl_col_to_name(step_col0 + i - 1))
        return f"SUM(INDEX(${first}$2:${first}${n + 1},{row}):INDEX(${last}$2:${last}${n + 1},{row}))"

    def shortfall(r: int, i: int) -> str:  # at τ = S: the requirement less what planned and earlier classes give
        at = f"$S{r}+1"
        if i == 0:
            eff, heads = f"INDEX($P$2:$P${n + 1},{at})", f"INDEX($Q$2:$Q${n + 1},{at})"
        else:
            eff = f"(INDEX($P$2:$P${n + 1},{at})+Cap_FTE_Per_Head*{step_sum(at, i)})"
            heads = (f"(INDEX($Q$2:$Q${n + 1},{at})+SUMPRODUCT($X$2:$X${r - 1},{a}^($S{r}-$R$2:$R${r - 1}),"
                     f"--($R$2:$R${r - 1}<=$S{r})))")
        return (f"=IF($R{r}>$S{r},0,INDEX($C$2:$C${n + 1},{at})-IF($T{r}=1,Cap_FTE_Per_Head*{heads},{eff}))")

    columns = [
        Col("period", "Week commencing" if kind == "week" else "Month", "date" if kind == "week" else "month", 15,
            np.floor(excel_serial(f["period"]) + 1e-9)),
        Col("required_all", "Required FTE (all sites)", "fte", 12, required_all, required if linked else None),
        Col("required", "Required FTE (in-house)", "fte", 12, f["required_fte"].to_numpy(dtype=float),
            lambda r, i: f"=B{r}*Budget_InHouse_Share"),
        Col("planned", "Planned hires", "int", 10, f["planned_hires"].to_numpy(dtype=float)),
        Col("suggested", "Suggested hires", "int", 12,  # 12: the ramp's "Productivity" below fits
            f["suggested_hires"].to_numpy(dtype=float),
            (lambda r, i: f"=SUMPRODUCT(--($R$2:$R${n + 1}={i}),$X$2:$X${n + 1})") if live else None),
        Col("hires", "Hires", "int", 8, f["hires"].to_numpy(dtype=float), lambda r, i: f"=D{r}+E{r}"),
        Col("headcount", "Headcount", "fte", 11, f["headcount"].to_numpy(dtype=float), headcount),
        Col("leavers", "Leavers", "dec2", 9, f["leavers"].to_numpy(dtype=float),
            lambda r, i: f"=G{r}*Cap_Attrition_Period"),
        Col("effective", "Effective FTE", "fte", 11, f["effective_fte"].to_numpy(dtype=float),
            (lambda r, i: f"=P{r}+Cap_FTE_Per_Head*SUM({grid_row(r, step_col0, n)})") if live else effective),
        Col("gap", "Gap (FTE)", "fte", 10, f["gap_fte"].to_numpy(dtype=float), lambda r, i: f"=I{r}-C{r}"),
        Col("month1", "Month of start", "month", 12, m1),
        Col("days1", "Days in it", "int", 8, d1),
        Col("month2", "Next month", "month", 12, np.where(m2 > 0, m2, np.nan)),
        Col("days2", "Days in next", "int", 8, d2),
        Col("weeks", "Weeks (contracted)", "dec2", 10, weeks),
    ]
    if live:  # the app's search for suggested classes (capacity_plan), one step per period t, as formulas
        st_ = steps
        columns += [
            Col("planned_eff", "Effective FTE of planned hires", "fte", 11, st_["planned_effective"].to_numpy(float),
                effective),
            Col("planned_heads", "Heads of planned hires", "fte", 10, st_["planned_heads"].to_numpy(float),
                lambda r, i: "=Cap_Starting_Headcount+D2" if i == 0 else f"=Q{r - 1}*{a}+D{r}"),
            Col("class_start", "Search: class starts (period)", "int", 10, st_["class_start"].to_numpy(float),
                lambda r, i: f"=MAX(Cap_Earliest_Period,{i}-Cap_Full_Periods,0)"),
            Col("closes", "Closes period", "int", 9, st_["closes"].to_numpy(float),
                lambda r, i: f"=MIN(MAX({i},R{r}+Cap_Full_Periods),{n - 1})"),
            Col("past", "Productive after the horizon", "int", 11, st_["past_horizon"].to_numpy(float),
                lambda r, i: f"=IF(MAX({i},R{r}+Cap_Full_Periods)>{n - 1},1,0)"),
            Col("eff_before", "Effective FTE before this step", "fte", 11, st_["effective_before"].to_numpy(float),
                lambda r, i: f"=P{r}" if i == 0 else f"=P{r}+Cap_FTE_Per_Head*SUM({grid_row(r, step_col0, i)})"),
            Col("shortfall", "Shortfall when it closes", "fte", 11, st_["shortfall"].to_numpy(float), shortfall),
            Col("per_hire", "FTE per hire then", "dec2", 9, st_["fte_per_hire"].to_numpy(float),
                lambda r, i: f"=IF(R{r}>S{r},0,Cap_FTE_Per_Head*{a}^(S{r}-R{r})*IF(T{r}=1,1,INDEX({ramp_p},S{r}-R{r}+1)))"),
            Col("class_size", "Class suggested at this step", "int", 10, st_["class_size"].to_numpy(float),
                lambda r, i: f"=IF(OR(C{r}-U{r}<=1E-9,R{r}>S{r},W{r}<=1E-9,V{r}<=1E-9),0,"
                             f"MAX(-INT(-(V{r}/W{r}-1E-9)),Cap_Min_Class_Size))"),
        ]
    assert [c.key for c in columns][6] == "headcount" and len(columns) == table_cols  # weeks in column O
    assert not live or [c.key for c in columns][15::8] == ["planned_eff", "class_size"]  # P and X
    write_table(ctx, CAPACITY, "CapacityPlan", columns, freeze_cols=1)
    ws = ctx.sheet(CAPACITY)
    st = ctx.styles
    if n:
        ws.conditional_format(1, 9, n, 9, {"type": "cell", "criteria": "<", "value": -1e-9,
                                           "format": ctx.workbook.add_format({"font_color": "#B8323A", "bold": True})})
        for col in (3,) if live else (3, 4):  # planned hires are inputs (suggested too when not live)
            for i in range(n):
                ctx.number(ws, i + 1, col, columns[col].values[i], st.get("int", input_cell=True))

    # Suggested hires not reproduced by the search (the budget was priced without suggestions): they are the
    # app's values; say when they are stale.
    if n and not live:
        app_required = "{" + ";".join(repr(float(v)) for v in f["required_fte"].to_numpy(dtype=float)) + "}"  # a column
        fixed = ",".join(f"{name}={float(value)!r}" for name, value in (
            ("Cap_Attrition_Month", c_set.attrition_month), ("Cap_Lead_Time_Weeks", c_set.lead_time_weeks),
            ("Cap_Min_Class_Size", c_set.min_class_size), ("Cap_Training_Weeks", c_set.training_weeks),
            ("Cap_Nesting_Weeks", c_set.nesting_weeks), ("Cap_Nesting_Productivity", c_set.nesting_productivity),
            ("Cap_FTE_Per_Head", c_set.fte_per_head)))
        ctx.checks.append((
            "Suggested hires up to date",
            f"=AND(SUMPRODUCT(--(ABS({_range(CAPACITY, 1, n, 2)}-{app_required})>0.000001))=0,{fixed})",
            "The in-house requirement or a hiring input (attrition, lead time, class size, training, nesting, FTE "
            "per head) changed since the app suggested hires; the Capacity plan's suggested hires are the app's — "
            "re-run the budget in the app to re-suggest (planned hires are yours to type)"))

    # Notes and suggestions under the table.
    row = n + 2
    notes = [f"Suggested: {s.count} starting {s.start:%Y-%m-%d} — {s.reason}" for s in plan.suggestions]
    notes += list(plan.notes)
    notes.append("Headcount = previous × (1 − attrition per period) + hires. Effective FTE = FTE per head × "
                 "(starting heads × (1 − attrition)^t + Σ classes × survivors × ramp productivity, grids at the right).")
    if live:
        notes.append("Suggested hires are formulas (columns P–X, grouped at the right): for each period still short, "
                     "a class starts at the later of the lead time and the period less the ramp, sized to close the "
                     "shortfall when it is productive (rounded up, at least the minimum class) — the app's rule, "
                     "so changing attrition, the ramp, the lead time or the requirement re-suggests them. The "
                     "reasons above are the app's, for the inputs it had.")
    ws.merge_range(row, 0, row + 1, 13, "", st.note)
    ctx.text(ws, row, 0, "\n".join(notes), st.note)
    # Long notes wrap across the visible columns (~150 characters a line): room for every line, none cut.
    lines = sum(max(1, -(-len(note) // 150)) for note in notes)
    ws.set_row(row, min(409, 15 * (lines + 1)))

    # Ramp: productivity by tenure period, formulas over the training and nesting weeks.
    r0 = ramp_row0
    ws.write_string(r0 - 1, 0, "Ramp: productivity k periods after a class starts", st.section)
    for c, head in enumerate(("Tenure (periods)", "From week", "To week", "Nesting weeks in it", "Productivity")):
        ws.write_string(r0, c, head, st.header)
    ws.set_row(r0, 32)  # two lines: headers wrap instead of being cut
    ramp = _ramp_values(res, n)
    for k in range(n):
        r = r0 + 1 + k
        R = r + 1
        ctx.number(ws, r, 0, k, st.get("int"))
        ctx.formula(ws, r, 1, f"=A{R}*Cap_Period_Weeks", st.get("dec2"), ramp[k][0])
        ctx.formula(ws, r, 2, f"=(A{R}+1)*Cap_Period_Weeks", st.get("dec2"), ramp[k][1])
        ctx.formula(ws, r, 3, f"=MAX(0,MIN(C{R},Cap_Training_Weeks+Cap_Nesting_Weeks)-MAX(B{R},Cap_Training_Weeks))",
                    st.get("dec2"), ramp[k][2])
        ctx.formula(ws, r, ramp_p_col,
                    f"=(D{R}*Cap_Nesting_Productivity+MAX(0,C{R}-MAX(B{R},Cap_Training_Weeks+Cap_Nesting_Weeks)))"
                    f"/Cap_Period_Weeks", st.get("pct"), ramp[k][3])

    # Cohort grid: row t, column s = class s's effective heads in period t (the planned classes when the
    # suggested are live — they have their own grid — else every class).
    ws.write_string(0, grid_col0 - 1, "Planned class →" if live else "Class →", st.header)
    hires = f["planned_hires" if live else "hires"].to_numpy(dtype=float)
    source = "D" if live else "F"
    keep = 1.0 - _attrition_period(res)
    prod = np.array([v[3] for v in ramp])
    for s in range(n):
        ws.write_datetime(0, grid_col0 + s, starts[s].to_pydatetime(), st.get("date_short"))
        for t in range(s, n):
            value = hires[s] * keep ** (t - s) * prod[t - s]
            p_cell = xl_rowcol_to_cell(r0 + 1 + (t - s), ramp_p_col, row_abs=True, col_abs=True)
            ctx.formula(ws, t + 1, grid_col0 + s, f"=${source}${s + 2}*(1-Cap_Attrition_Period)^{t - s}*{p_cell}",
                        st.get("dec2"), value)
    last_col = grid_col0 + max(n - 1, 0)
    if live:  # suggested classes: row x, column t = the class of search step t (starting R_t) in period x
        ws.write_string(0, step_col0 - 1, "Search step →", st.header)
        size, start = steps["class_size"].to_numpy(float), steps["class_start"].to_numpy(int)
        for t in range(n):
            ws.write_number(0, step_col0 + t, t, st.get("int"))
            col = xl_col_to_name(ramp_p_col)
            for x in range(n):
                value = size[t] * keep ** (x - start[t]) * prod[x - start[t]] if x >= start[t] else 0.0
                ctx.formula(ws, x + 1, step_col0 + t,
                            f"=IF({x}>=$R${t + 2},$X${t + 2}*{a}^({x}-$R${t + 2})*INDEX(${col}${r0 + 2}:${col}${r0 + n + 1},"
                            f"{x}-$R${t + 2}+1),0)", st.get("dec2"), value)
        last_col = step_col0 + n - 1
    ws.set_column(grid_col0 - 1, last_col, 10, None, {"level": 1, "hidden": True})
    ws.set_column(10, 13, 11, None, {"level": 1, "hidden": True})  # calendar helpers: grouped, collapsed
    ws.set_column(14, 14, 10, None, {"collapsed": True})
    if live:
        ws.set_column(15, table_cols - 1, 11, None, {"level": 1, "hidden": True})  # the hiring search
    ctx.ranges[f"{CAPACITY}:hires"] = ColumnRange(CAPACITY, 5, 2, n + 1)
    ctx.ranges[f"{CAPACITY}:headcount"] = ColumnRange(CAPACITY, 6, 2, n + 1)


def _attrition_period(res: BudgetResult) -> float:
    a = res.capacity.settings.attrition_month
    return a if res.capacity.kind == "month" else 1 - (1 - a) ** (12 / 52)


def _ramp_values(res: BudgetResult, n: int) -> list[tuple[float, float, float, float]]:
    s = res.capacity.settings
    length = 1.0 if res.capacity.kind == "week" else WEEKS_PER_MONTH
    out = []
    for k in range(n):
        w0, w1 = k * length, (k + 1) * length
        nest = max(0.0, min(w1, s.training_weeks + s.nesting_weeks) - max(w0, s.training_weeks))
        full = max(0.0, w1 - max(w0, s.training_weeks + s.nesting_weeks))
        out.append((w0, w1, nest, (nest * s.nesting_productivity + full) / length))
    return out


# -- Budget sheet ---------------------------------------------------------------------------------


def write_budget(ctx: ExportContext) -> None:
    res = _result(ctx)
    b = res.budget.frame
    n = len(b)
    months = pd.DatetimeIndex(b["month"])
    dim = months.days_in_month.to_numpy(dtype=float)
    linked = _daily_link(ctx, months, dim, b["paid_hours"].to_numpy(dtype=float))
    cap = {k: ctx.ranges[f"{CAPACITY}:{k}"].ref() for k in ("hires", "headcount")}
    c = {k: ctx.ranges[f"{CAPACITY}:{k}"].ref() for k in ("month1", "days1", "month2", "days2")}
    heads_mean = monthly_capacity(res.capacity).set_index("month").reindex(months)["headcount"].to_numpy(dtype=float)
    one_offs = ctx.budget_one_offs
    has_contacts = bool(np.all(b["contacts"].to_numpy(dtype=float) > 0))
    has_handled = bool(np.all(b["handled_hours"].to_numpy(dtype=float) > 0))

    def heads(r: int, i: int) -> str:
        num = (f"SUMPRODUCT(({c['month1']}=$A{r})*{cap['headcount']}*{c['days1']})"
               f"+SUMPRODUCT(({c['month2']}=$A{r})*{cap['headcount']}*{c['days2']})")
        den = f"SUMPRODUCT(({c['month1']}=$A{r})*{c['days1']})+SUMPRODUCT(({c['month2']}=$A{r})*{c['days2']})"
        return f"=IF(({den})=0,0,({num})/({den}))"

    columns = [
        Col("month", "Month", "month", 11, np.floor(excel_serial(b["month"]) + 1e-9)),
        Col("days", "Days", "int", 6, b["days"].to_numpy(dtype=float)),
        Col("dim", "Days in month", "int", 8, dim),
        Col("paid_hours", "Paid hours", "dec1", 11, b["paid_hours"].to_numpy(dtype=float),
            (lambda r, i: "=" + _daily_hours_formula(ctx, f"$A{r}", f"$C{r}")) if linked else None),
        Col("fte", "FTE", "fte", 8, b["required_fte"].to_numpy(dtype=float),
            lambda r, i: f"=IF(T{r}=0,0,D{r}/(Contract_Hours_Week*T{r}))"),
        Col("heads", "In-house heads", "fte", 10, heads_mean, heads),
        Col("headcount", "Headcount", "fte", 10, b["headcount"].to_numpy(dtype=float),
            lambda r, i: f"=F{r}+E{r}*(1-Budget_InHouse_Share)"),
        Col("hires", "Hires", "int", 7, b["hires"].to_numpy(dtype=float),
            lambda r, i: f"=SUMPRODUCT(({c['month1']}=$A{r})*{cap['hires']})"),
        Col("wages", "Wages", "money", 15, b["wages"].to_numpy(dtype=float), lambda r, i: f"=D{r}*Budget_Wage_Per_Hour"),
        Col("overhead", "Overhead", "money", 15, b["overhead"].to_numpy(dtype=float),
            lambda r, i: f"=D{r}*Budget_Overhead_Per_Hour"),
        Col("outsourcing", "Outsourcing", "money", 15, b["outsourcing"].to_numpy(dtype=float),
            lambda r, i: (f"=D{r}*Budget_Vendor_Per_Hour+N(Q{r})*60*Budget_Vendor_Per_Minute"
                          f"+N(P{r})*Budget_Vendor_Per_Contact+D{r}/C{r}*Budget_Vendor_Agent_Month_Factor")),
        Col("licences", "Licences", "money", 15, b["licences"].to_numpy(dtype=float),
            lambda r, i: (f"=Budget_Licences_Per_Agent*(IF(Budget_InHouse_Share=0,0,F{r}*T{r}*7/C{r}"
                          f"*Budget_Licensed_InHouse/Budget_InHouse_Share)+Budget_Licensed_Vendor_Factor*D{r}/C{r})"
                          f"+Budget_Licences_Flat*T{r}*7/C{r}")),
        Col("training", "Training", "money", 15, b["training"].to_numpy(dtype=float),
            lambda r, i: f"=H{r}*Budget_Training_Cost_Per_Hire"),
        Col("implementation", "Implementation", "money", 15, b["implementation"].to_numpy(dtype=float),
            (lambda r, i: f"=SUMPRODUCT((Budget_OneOff_Month=$A{r})*Budget_OneOff_Amount)") if one_offs else None),
        Col("total", "Total", "money", 15, b["total"].to_numpy(dtype=float), lambda r, i: f"=SUM(I{r}:N{r})"),
        Col("contacts", "Contacts", "int", 10, b["contacts"].to_numpy(dtype=float),
            (lambda r, i: "=" + _daily_hours_formula(ctx, f"$A{r}", f"$C{r}", "contacts")) if linked else None),
        Col("handled_hours", "Handled hours", "dec1", 10, b["handled_hours"].to_numpy(dtype=float),
            (lambda r, i: "=" + _daily_hours_formula(ctx, f"$A{r}", f"$C{r}", "contacts", "aht_s") + "/3600")
            if linked else None),
        Col("cpc", "Cost per contact", "money2", 10, b["cost_per_contact"].to_numpy(dtype=float),
            (lambda r, i: f"=O{r}/P{r}") if has_contacts else None),
        Col("cph", "Cost per handled hour", "money2", 11, b["cost_per_handled_hour"].to_numpy(dtype=float),
            (lambda r, i: f"=O{r}/Q{r}") if has_handled else None),
        Col("weeks", "Weeks (contracted)", "dec2", 10, b["weeks"].to_numpy(dtype=float)),
    ]
    assert xl_col_to_name(len(columns) - 1) == "T"  # the FTE and licence formulas read weeks from column T
    assert "".join(xl_col_to_name(i) for i, col in enumerate(columns) if col.key in ("total", "contacts")) == "OP"
    write_table(ctx, BUDGET, "Budget", columns, freeze_cols=1)
    ws = ctx.sheet(BUDGET)
    st = ctx.styles
    money = st.get("money", bold=True)
    # Totals row under the table.
    row = n + 1
    t = res.budget.totals()
    R = row + 1
    ws.write_string(row, 0, "Total", st.get("general", bold=True))
    if n:
        for col, key, fmt in ((3, "paid_hours", st.get("dec1", bold=True)), (7, "hires", st.get("int", bold=True)),
                              *[(8 + j, k, money) for j, k in enumerate(MONEY_COLUMNS)],
                              (15, "contacts", st.get("int", bold=True)), (16, "handled_hours", st.get("dec1", bold=True))):
            letter = xl_col_to_name(col)
            value = t[key]
            if isinstance(value, float) and np.isnan(value):
                continue
            ctx.formula(ws, row, col, f"=SUM({letter}2:{letter}{n + 1})", fmt, value)
        ctx.formula(ws, row, 4, f"=IF(SUM(T2:T{n + 1})=0,0,SUM(D2:D{n + 1})/(Contract_Hours_Week*SUM(T2:T{n + 1})))",
                    st.get("fte", bold=True), t["required_fte"])
        ctx.formula(ws, row, 19, f"=SUM(T2:T{n + 1})", st.get("dec2", bold=True), t["weeks"])
        if has_contacts:
            ctx.formula(ws, row, 17, f"=O{R}/P{R}", st.get("money2", bold=True), t["cost_per_contact"])
        if has_handled:
            ctx.formula(ws, row, 18, f"=O{R}/Q{R}", st.get("money2", bold=True), t["cost_per_handled_hour"])
    ctx.define_name("Budget_Total", BUDGET, row, 14)
    ctx.budget_total_row = row
    note = ("Money in " + res.budget.currency + ". Every cost is a formula over the Assumptions sheet's "
            "'Budget and capacity plan' cells: change a wage, an overhead, a licence or the attrition and the "
            "totals follow. " + ("Paid hours add up the Daily forecast's gross agent-hours of the month. "
                                 if linked else "Paid hours are the app's figures. ") + " ".join(res.budget.notes))
    ws.merge_range(row + 2, 0, row + 2, 18, "", st.note)
    ctx.text(ws, row + 2, 0, note, st.note)
    ws.set_row(row + 2, 45)


# -- Summary part ---------------------------------------------------------------------------------


def summary_part(ctx: ExportContext, ws, row: int) -> int:
    """Budget key figures and a stacked monthly cost chart on the Summary sheet."""
    if ctx.data.budget is None:
        return row
    res = _result(ctx)
    st = ctx.styles
    t = res.budget.totals()
    total_row = ctx.budget_total_row
    ws.write_string(row, 0, f"Budget ({res.budget.currency})", st.section)
    row += 1
    figures = [("Total over the horizon", _abs(BUDGET, total_row, 14), t["total"], "money"),
               ("Hires", _abs(BUDGET, total_row, 7), t["hires"], "int"),
               ("Average FTE", _abs(BUDGET, total_row, 4), t["required_fte"], "fte")]
    if not np.isnan(t["cost_per_contact"]) and np.all(res.budget.frame["contacts"].to_numpy(dtype=float) > 0):
        figures.append(("Cost per contact", _abs(BUDGET, total_row, 17), t["cost_per_contact"], "money2"))
    for label, ref, value, kind in figures:
        ws.write_string(row, 0, label, st.label)
        ctx.formula(ws, row, 1, f"={ref}", st.get(kind, bold=True), value)
        row += 1
    n = len(res.budget.frame)
    chart = ctx.workbook.add_chart({"type": "column", "subtype": "stacked"})
    colours = ("#1F6FB2", "#7FB3E0", "#E07B00", "#2E8B57", "#B8323A", "#8C6BB1")
    for j, (key, colour) in enumerate(zip(MONEY_COLUMNS[:-1], colours)):
        if not res.budget.frame[key].any():
            continue
        col = 8 + j
        chart.add_series({"name": [BUDGET, 0, col], "categories": [BUDGET, 1, 0, n, 0],
                          "values": [BUDGET, 1, col, n, col], "fill": {"color": colour}, "gap": 60})
    chart.set_title({"name": "Budget by month and cost line"})
    chart.set_x_axis({"text_axis": True, "num_format": "mmm yyyy"})
    chart.set_y_axis({"name": res.budget.currency, "num_format": "#,##0", "min": 0,
                      "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 480, "height": 300})
    ws.insert_chart(row - len(figures) - 1, 4, chart, {"x_offset": 15})  # beside the figures: the Summary is one page
    return max(row, row - len(figures) - 1 + 16) + 1
