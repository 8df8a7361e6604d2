"""The automation business case: a self-service or chatbot scenario against the base plan, month by month.

FTE saved = base FTE − scenario FTE; cost saved = base cost − scenario staff cost; automation
cost = licence (every month the automation deflects contacts, in proportion to the month's days the
plan covers, as the budget's monthly tools are) + implementation (once, in month 1); net saving =
cost saved − automation cost; the cumulative net saving; and the **payback month**, the first month
from which the cumulative net saving stays at or above zero. The scenarios themselves are
:mod:`.scenarios`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class BusinessCase:
    """Month by month: ``month, deflection, fte_saved, cost_saved, licence, implementation,
    automation_cost, net_saving, cumulative_net``; ``payback_month`` (None: not within the horizon)."""

    frame: pd.DataFrame
    payback_month: pd.Timestamp | None

    @property
    def total_net(self) -> float:
        return float(self.frame["net_saving"].sum())

    def sentence(self, currency: str = "") -> str:
        cur = f"{currency} " if currency else ""
        total = f"{cur}{self.total_net:,.0f}"
        fte = float(self.frame["fte_saved"].mean()) if len(self.frame) else 0.0
        if self.payback_month is None:
            return (f"Saves {fte:.1f} FTE a month on average; net {total} over the horizon: it does not pay back "
                    f"within the plan's {len(self.frame)} months.")
        return (f"Saves {fte:.1f} FTE a month on average; net {total} over the horizon; pays back in "
                f"{self.payback_month:%B %Y}.")


def business_case(months, deflection, base_fte, scenario_fte, base_cost, scenario_cost, *,
                  licence_month: float, implementation: float, month_share=None) -> BusinessCase:
    """The automation business case by month (all arrays in month order; costs without the automation).

    FTE saved = base − scenario FTE; cost saved = base − scenario cost; licence is paid in every
    month with deflection > 0 (× `month_share`, the part of the month the plan covers; default all),
    implementation once in the first month; net = cost saved − licence −
    implementation; cumulative net = running sum; payback = the first month from which the cumulative
    net stays ≥ 0 (None when the last month's is below 0).

    >>> case = business_case(["2027-01-01", "2027-02-01", "2027-03-01"], [0.1, 0.2, 0.2],
    ...                      [10, 10, 10], [9, 8, 8], [50_000] * 3, [45_000, 40_000, 40_000],
    ...                      licence_month=2_000, implementation=10_000)
    >>> case.frame["cumulative_net"].tolist(), f"{case.payback_month:%Y-%m}"
    ([-7000.0, 1000.0, 9000.0], '2027-02')
    """
    months = pd.DatetimeIndex(pd.to_datetime(list(months)))
    deflection = np.asarray(deflection, dtype=float)
    share = np.ones(len(months)) if month_share is None else np.asarray(month_share, dtype=float)
    licence = np.where(deflection > 0, float(licence_month) * share, 0.0)
    implementation_row = np.zeros(len(months))
    if len(months):
        implementation_row[0] = float(implementation)
    cost_saved = np.asarray(base_cost, dtype=float) - np.asarray(scenario_cost, dtype=float)
    net = cost_saved - licence - implementation_row
    cumulative = np.cumsum(net)
    frame = pd.DataFrame({
        "month": months, "deflection": deflection,
        "fte_saved": np.asarray(base_fte, dtype=float) - np.asarray(scenario_fte, dtype=float),
        "cost_saved": cost_saved, "licence": licence, "implementation": implementation_row,
        "automation_cost": licence + implementation_row, "net_saving": net, "cumulative_net": cumulative,
    })
    payback = None
    if len(cumulative) and cumulative[-1] >= 0:
        below = np.flatnonzero(cumulative < 0)
        first = 0 if not len(below) else int(below[-1]) + 1
        payback = months[first]
    return BusinessCase(frame, payback)


def business_case_of(base, outcome) -> BusinessCase:
    """:func:`business_case` of a computed scenario against the computed base plan (months they share;
    both :class:`~wfm_desktop.core.plan.scenarios.ScenarioOutcome`)."""
    b = base.monthly.set_index("month")
    s = outcome.monthly.set_index("month")
    months = b.index.intersection(s.index)
    return business_case(months, s.loc[months, "deflection"], b.loc[months, "required_fte"],
                         s.loc[months, "required_fte"], b.loc[months, "staff_cost"], s.loc[months, "staff_cost"],
                         licence_month=outcome.scenario.licence_month, implementation=outcome.scenario.implementation,
                         month_share=s.loc[months, "month_share"])
