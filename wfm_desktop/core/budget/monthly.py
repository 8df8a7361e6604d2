"""The monthly budget: what the staffing plan costs, line by line, and two plans side by side.

Per calendar month, with ``H`` the required paid hours, and per site ``i`` its
share ``σᵢ`` of the hours (see :mod:`wfm_desktop.core.budget.inputs`):

* site hours ``Hᵢ = σᵢ H``; agent-months ``Hᵢ ÷ (contracted weekᵢ × days_in_month / 7)`` (the site's
  own week when it has one, else the plan's);
* FTE ``H ÷ (plan's contracted week × weeks)`` (:mod:`wfm_desktop.core.conventions`: a full
  month's weeks are its days ÷ 7);
* in-house wages ``Hᵢ × wageᵢ`` and overhead ``wages × overheadᵢ``;
* outsourcing, by the vendor's unit: per hour ``rate × Hᵢ``; per minute
  ``rate × σᵢ × handled hours × 60``; per contact ``rate × σᵢ × contacts``;
  per agent-month ``rate × agent-monthsᵢ``;
* licences ``Σ per-agent amounts × seats + Σ flat amounts × weeks ÷ (days_in_month ÷ 7)`` (the part of
  the month the plan covers, counted as FTE weeks are);
  seats are the in-house headcount from the capacity plan (trainees need
  seats too) — or the agent-months when there is no capacity plan — plus the
  agent-months of vendors whose licences we pay;
* training ``hires starting in the month × training cost per hire`` (onboarding
  weeks × contracted week × in-house wage × (1 + overhead) + trainer cost);
* implementation: the one-off amounts dated in the month;
* total = wages + overhead + outsourcing + licences + training + implementation;
  cost per contact = total ÷ contacts; cost per handled hour = total ÷ handled hours.

Wages are priced on the required paid hours: people hired ahead of need show
up as a positive gap in the capacity plan, and their onboarding as training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.budget.capacity import CapacityPlan, capacity_plan
from wfm_desktop.core.budget.inputs import BudgetInputs
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.budget.periods import Periods, from_requirements
from wfm_desktop.core.progress import check_cancel, report

MONEY_COLUMNS = ("wages", "overhead", "outsourcing", "licences", "training", "implementation", "total")
COLUMNS = (
    "month", "days", "weeks", "paid_hours", "required_fte", "headcount", "hires",
    *MONEY_COLUMNS, "contacts", "handled_hours", "cost_per_contact", "cost_per_handled_hour",
)
SITE_COLUMNS = ("month", "site", "kind", "hours", "agent_months", "seats", "wages", "overhead", "outsourcing", "licences")


@dataclass(frozen=True)
class Budget:
    """Monthly budget (``frame``), its per-site breakdown (``sites``) and notes."""

    frame: pd.DataFrame
    sites: pd.DataFrame
    currency: str
    inputs: BudgetInputs
    notes: tuple[str, ...] = ()

    def totals(self) -> pd.Series:
        """Horizon totals; the unit costs are total ÷ total contacts (or handled hours).

        FTE is the horizon's average: paid hours ÷ (contracted week × Σ weeks), which is the
        same from weeks or months (:func:`wfm_desktop.core.staffing.rollups.horizon_fte`)."""
        f = self.frame
        out = f[["paid_hours", "hires", *MONEY_COLUMNS, "contacts", "handled_hours", "weeks"]].sum(min_count=1)
        weeks = f["weeks"].sum()
        out["required_fte"] = (f["required_fte"] * f["weeks"]).sum() / weeks if weeks else np.nan
        out["cost_per_contact"] = _ratio(out["total"], out["contacts"])
        out["cost_per_handled_hour"] = _ratio(out["total"], out["handled_hours"])
        return out


def _ratio(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isfinite(b) & (b > 0), a / b, np.nan)[()]


def monthly_capacity(plan: CapacityPlan) -> pd.DataFrame:
    """Hires (in the month their period starts) and headcount (day-weighted mean) per calendar month.

    A week that spans two months counts its headcount in both, by days.
    """
    f = plan.frame
    if plan.kind == "month":
        return pd.DataFrame({"month": f["period"], "hires": f["hires"], "headcount": f["headcount"]})
    rows = []
    for rec in f.itertuples(index=False):
        days = pd.date_range(rec.period, periods=7, freq="D")
        for i, (month, n_days) in enumerate(pd.Series(1, index=days).groupby(days.to_period("M")).sum().items()):
            rows.append({"month": month.to_timestamp(), "hires": rec.hires if i == 0 else 0.0,
                         "heads_days": rec.headcount * n_days, "days": n_days})
    work = pd.DataFrame(rows).groupby("month", as_index=False).sum()
    work["headcount"] = work["heads_days"] / work["days"]
    return work[["month", "hires", "headcount"]]


def build_budget(periods: Periods, inputs: BudgetInputs, *, capacity: CapacityPlan | None = None) -> Budget:
    """Price the required hours month by month (see the module docstring)."""
    if periods.contract_hours_week != inputs.contract_hours_week:
        raise WfmError(f"budget: the required staff was counted in FTE of {periods.contract_hours_week:g} hours a week "
                       f"but the costs use {inputs.contract_hours_week:g}; a plan has one contracted week")
    months = periods.to_months().frame
    if months.empty:
        raise WfmError("budget: the required staff table has no periods")
    notes: list[str] = []
    n = len(months)
    month = pd.DatetimeIndex(months["period"])
    days = months["days"].to_numpy(dtype=float)
    in_month = month.days_in_month.to_numpy(dtype=float)
    # The part of the month the plan covers, in the FTE convention's weeks (1 for a full month; a
    # Monday–Friday plan ending on a Friday covers its month although its last weekend is outside it).
    share = months["weeks"].to_numpy(dtype=float) / (in_month / 7.0)
    paid = months["paid_hours"].to_numpy(dtype=float)
    contacts = months["contacts"].to_numpy(dtype=float)
    handled = months["handled_hours"].to_numpy(dtype=float)

    in_house_share = inputs.in_house_share
    hires = np.zeros(n)
    in_house_heads = cap_heads = None
    if capacity is not None:
        cap = monthly_capacity(capacity).set_index("month").reindex(month)
        if cap["headcount"].isna().any():
            raise WfmError("budget: the capacity plan does not cover the same months as the required staff table")
        hires = cap["hires"].to_numpy(dtype=float)
        cap_heads = cap["headcount"].to_numpy(dtype=float)
        in_house_heads = cap_heads * share  # seat-months: a part month pays part

    site_rows = []
    for site in inputs.sites:
        hours = site.share * paid
        agent_months = hours / (site.week(inputs.contract_hours_week) * in_month / 7.0)
        wages = hours * site.hourly_wage if site.in_house else np.zeros(n)
        overhead = wages * site.overhead
        outsourcing = np.zeros(n)
        if not site.in_house:
            if site.rate_unit == "hour":
                outsourcing = site.rate * hours
            elif site.rate_unit == "agent_month":
                outsourcing = site.rate * agent_months
            else:
                basis = handled * 60.0 if site.rate_unit == "minute" else contacts
                label = "handled hours" if site.rate_unit == "minute" else "contacts"
                if np.isnan(basis).any():
                    raise WfmError(
                        f"site '{site.name}': priced per {site.rate_unit}, which needs {label} per month; "
                        "the required staff table has none — add a "
                        f"{'handled_hours' if site.rate_unit == 'minute' else 'contacts'} column"
                    )
                outsourcing = site.rate * site.share * basis
        if not site.licences:
            seats = np.zeros(n)
        elif site.in_house and in_house_heads is not None and in_house_share > 0:
            seats = in_house_heads * site.share / in_house_share
        else:
            seats = agent_months
        site_rows.append(
            pd.DataFrame(
                {
                    "month": month, "site": site.name, "kind": site.kind, "hours": hours,
                    "agent_months": agent_months, "seats": seats, "wages": wages,
                    "overhead": overhead, "outsourcing": outsourcing,
                }
            )
        )
    sites = pd.concat(site_rows, ignore_index=True)
    per_seat = sum(x.amount for x in inputs.licences if x.per == "agent")
    flat = sum(x.amount for x in inputs.licences if x.per == "month")
    sites["licences"] = sites["seats"] * per_seat
    by_month = sites.groupby("month", sort=True)[["wages", "overhead", "outsourcing", "licences", "seats", "agent_months"]].sum()
    by_month = by_month.reindex(month)

    implementation = np.zeros(n)
    for item in inputs.implementation:
        hit = np.flatnonzero(month == item.month)
        if len(hit) == 0:
            notes.append(f"Implementation cost '{item.name}' ({item.month:%Y-%m}) is outside the horizon; not included.")
            continue
        implementation[hit[0]] += item.amount

    frame = pd.DataFrame({"month": month, "days": days, "weeks": months["weeks"].to_numpy(dtype=float),
                          "paid_hours": paid})
    frame["required_fte"] = months["required_fte"].to_numpy(dtype=float)
    if capacity is not None:
        frame["headcount"] = cap_heads + frame["required_fte"] * (1.0 - in_house_share)
    else:
        frame["headcount"] = frame["required_fte"]
    frame["hires"] = hires
    frame["wages"] = by_month["wages"].to_numpy()
    frame["overhead"] = by_month["overhead"].to_numpy()
    frame["outsourcing"] = by_month["outsourcing"].to_numpy()
    frame["licences"] = by_month["licences"].to_numpy() + flat * share
    frame["training"] = hires * inputs.training_cost_per_hire()
    frame["implementation"] = implementation
    frame["total"] = frame[list(MONEY_COLUMNS[:-1])].sum(axis=1)
    frame["contacts"] = contacts
    frame["handled_hours"] = handled
    frame["cost_per_contact"] = _ratio(frame["total"], contacts)
    frame["cost_per_handled_hour"] = _ratio(frame["total"], handled)
    if capacity is not None and in_house_share == 0 and hires.sum() > 0:
        notes.append("Hires are planned but no site is in-house: training is priced at the trainer cost only.")
    return Budget(frame[list(COLUMNS)], sites[list(SITE_COLUMNS)], inputs.currency, inputs, tuple(notes))


def plan_budget(
    periods: Periods, inputs: BudgetInputs, *, suggest: bool = True
) -> tuple[CapacityPlan, Budget]:
    """The capacity plan (in-house share of the requirement) and the budget priced with its hires."""
    plan = capacity_plan(periods, inputs.capacity, suggest=suggest, required_share=inputs.in_house_share)
    return plan, build_budget(periods, inputs, capacity=plan)


@dataclass(frozen=True)
class BudgetResult:
    """Everything the budget stage produced, as the GUI and the workbook export share it."""

    periods: Periods
    inputs: BudgetInputs
    capacity: CapacityPlan
    budget: Budget


def compute_budget(periods: Periods, inputs: BudgetInputs, *, suggest: bool = True,
                   progress=None, cancel=None) -> BudgetResult:
    """:func:`plan_budget` wrapped for a worker thread (takes progress/cancel, returns one object)."""
    report(progress, 0.0, "Capacity plan and budget")
    check_cancel(cancel)
    plan, budget = plan_budget(periods, inputs, suggest=suggest)
    report(progress, 1.0, "Budget ready")
    return BudgetResult(periods, inputs, plan, budget)


def budget_for_requirements(requirements: pd.DataFrame, interval_min: int, inputs: BudgetInputs, *,
                            kind: str = "month", suggest: bool = True, first_day: int = 0) -> BudgetResult:
    """Price a plan's own interval requirements: the capacity plan by `kind` ("week" or "month"), the budget by month.

    This is what ``wfm-desktop plan --sites … --budget …`` and the self-test do
    (the Budget page lets the planner choose the periods instead).
    """
    periods = from_requirements(requirements, interval_min, kind=kind, first_day=first_day,
                                contract_hours_week=inputs.contract_hours_week, source="the plan's requirements")
    return compute_budget(periods, inputs, suggest=suggest)


# ---------------------------------------------------------------- scenarios

COMPARE_ITEMS = (
    "paid_hours", "required_fte", "hires", *MONEY_COLUMNS, "contacts", "cost_per_contact", "cost_per_handled_hour",
)


@dataclass(frozen=True)
class Comparison:
    """Two budgets side by side: horizon ``items`` and monthly ``totals``."""

    items: pd.DataFrame
    totals: pd.DataFrame
    names: tuple[str, str]


def compare(a: Budget, b: Budget, names: tuple[str, str] = ("A", "B")) -> Comparison:
    """Line items over the horizon and monthly totals of two budgets, with B − A.

    Months present in only one budget count as zero in the other. The two must
    share a currency: nothing is converted.
    """
    if a.currency != b.currency:
        raise WfmError(f"scenario comparison: the budgets are in {a.currency} and {b.currency}; use one currency")
    if names[0] == names[1]:
        raise WfmError("scenario comparison: give the two scenarios different names")
    ta, tb = a.totals(), b.totals()
    items = pd.DataFrame(
        {"item": list(COMPARE_ITEMS), names[0]: [ta[k] for k in COMPARE_ITEMS], names[1]: [tb[k] for k in COMPARE_ITEMS]}
    )
    items["difference"] = items[names[1]] - items[names[0]]
    items["difference_pct"] = _ratio(items["difference"], items[names[0]].abs())
    ma = a.frame.set_index("month")["total"].rename(names[0])
    mb = b.frame.set_index("month")["total"].rename(names[1])
    totals = pd.concat([ma, mb], axis=1).fillna(0.0).sort_index().rename_axis("month").reset_index()
    totals["difference"] = totals[names[1]] - totals[names[0]]
    return Comparison(items, totals, names)
