"""The capacity (hiring) plan: will we have the people the plan needs, and whom to hire when.

Week by week (or month by month) it follows the in-house headcount from a
starting number through attrition and hiring classes, turns heads into
effective FTE with a training and nesting productivity ramp, compares that
with the required FTE, and suggests hiring classes that close the gaps.

The maths (``a`` = attrition per period, ``h_t`` = hires starting in period t,
``S`` = starting headcount, ``p_k`` = productivity in the k-th period after a
start, ``f`` = FTE per head):

* attrition per week ``a_w = 1 − (1 − a_m)^(12/52)`` from the monthly
  fraction ``a_m``, so 52 weeks lose exactly as much as 12 months;
* heads during period t: ``H_0 = S + h_0``, ``H_t = H_{t−1} × (1 − a) + h_t``
  (hires start on the first day of their period; leavers ``H_t × a`` go at
  its end; fractional heads are expected values);
* effective FTE ``E_t = f × (S (1 − a)^t + Σ_{s≤t} h_s (1 − a)^(t−s) p_{t−s})``:
  tenured staff are fully productive, every class decays with the same
  attrition and works at its ramp productivity;
* ``p_k`` is the average over the k-th period of the weekly ramp: 0 during
  the training weeks, ``nesting_productivity`` during the nesting weeks, 1
  after; e.g. 6 training + 4 nesting weeks at 50 % give monthly
  p = 0, 0.308, 0.846, 1, 1, …;
* gap ``E_t − required_t`` (negative = short).

Suggested classes (deterministic, greedy in time order): for the first
period t still short, start a class at ``s = max(earliest, t − K)`` where K is
the number of periods to full productivity and ``earliest`` the first period
the recruiting lead time allows. The class is sized to close the shortfall at
``τ = s + K`` (or at t when the class is fully productive there), rounded up
to whole people and at least ``min_class_size``; shortfalls before a class
can be productive are reported, not over-hired. When τ falls after the
horizon, the class is sized so that the heads at the horizon's end, at full
productivity, meet its last requirement. Then the next period.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.budget.periods import WEEKS_PER_MONTH, Periods

EPS = 1e-9


@dataclass(frozen=True)
class Hire:
    """A hiring class: ``count`` people starting on ``start`` (in that period)."""

    start: pd.Timestamp
    count: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", pd.Timestamp(self.start).normalize())
        if int(self.count) != self.count or self.count < 0:
            raise WfmError(f"hire on {self.start:%Y-%m-%d}: count {self.count} must be a whole number ≥ 0")
        object.__setattr__(self, "count", int(self.count))


@dataclass(frozen=True)
class CapacitySettings:
    """Inputs of the capacity plan; every default is documented in docs/budget.md."""

    starting_headcount: float | None = None  # None: the first period's required FTE (staffed today)
    attrition_month: float = 0.03
    training_weeks: float = 6.0
    nesting_weeks: float = 4.0
    nesting_productivity: float = 0.5
    lead_time_weeks: float = 6.0
    min_class_size: int = 1
    fte_per_head: float = 1.0
    hires: tuple[Hire, ...] = field(default=())

    def __post_init__(self) -> None:
        def check(name: str, value: float, low: float, high: float, what: str) -> None:
            if not (np.isfinite(value) and low <= value <= high):
                raise WfmError(f"capacity: {name} = {value:g} must be {what}")

        if self.starting_headcount is not None:
            check("starting_headcount", self.starting_headcount, 0, 1e6, "≥ 0")
        check("attrition_month", self.attrition_month, 0, 1, "a fraction from 0 to 1 (0.03 = 3 % a month)")
        check("training_weeks", self.training_weeks, 0, 52, "from 0 to 52 weeks")
        check("nesting_weeks", self.nesting_weeks, 0, 52, "from 0 to 52 weeks")
        check("nesting_productivity", self.nesting_productivity, 0, 1, "a fraction from 0 to 1")
        check("lead_time_weeks", self.lead_time_weeks, 0, 104, "from 0 to 104 weeks")
        check("fte_per_head", self.fte_per_head, 0.01, 1.5, "between 0.01 and 1.5")
        if int(self.min_class_size) != self.min_class_size or self.min_class_size < 1:
            raise WfmError(f"capacity: min_class_size = {self.min_class_size} must be a whole number ≥ 1")
        object.__setattr__(self, "hires", tuple(h if isinstance(h, Hire) else Hire(**h) for h in self.hires))


@dataclass(frozen=True)
class Suggestion:
    """One suggested hiring class and why."""

    start: pd.Timestamp
    count: int
    for_period: pd.Timestamp
    reason: str


@dataclass(frozen=True)
class CapacityPlan:
    """The plan's table (one row per period) plus suggested classes and notes.

    Columns: ``period, required_fte, opening_headcount, planned_hires,
    suggested_hires, hires, headcount, in_training, nesting, leavers,
    effective_fte, gap_fte``.
    """

    frame: pd.DataFrame
    kind: str
    settings: CapacitySettings
    suggestions: tuple[Suggestion, ...]
    notes: tuple[str, ...]
    # The greedy search step by step (one row per period t, see :func:`capacity_plan`): ``class_start`` s,
    # ``closes`` τ, ``past_horizon``, ``effective_before`` (E_t with the classes of earlier steps),
    # ``shortfall`` and ``fte_per_hire`` at τ, ``class_size`` (0 when none); plus ``planned_effective`` and
    # ``planned_heads`` (starting heads and planned hires only). The workbook writes this search as formulas.
    steps: pd.DataFrame | None = None


def attrition_per_period(attrition_month: float, kind: str) -> float:
    """Monthly attrition fraction → per period (week: ``1 − (1 − a)^(12/52)``)."""
    if kind == "month":
        return float(attrition_month)
    return 1.0 - (1.0 - float(attrition_month)) ** (12.0 / 52.0)


def _weekly_level(settings: CapacitySettings, w0: float, w1: float) -> tuple[float, float, float]:
    """Weeks of [w0, w1) spent in training, nesting and at full productivity."""
    t_end = settings.training_weeks
    n_end = t_end + settings.nesting_weeks

    def overlap(a: float, b: float) -> float:
        return max(0.0, min(w1, b) - max(w0, a))

    return overlap(0.0, t_end), overlap(t_end, n_end), overlap(n_end, math.inf)


def ramp(settings: CapacitySettings, kind: str, n_periods: int) -> pd.DataFrame:
    """Per tenure period k: fraction in training, nesting, full; and productivity p_k."""
    length = 1.0 if kind == "week" else WEEKS_PER_MONTH
    rows = []
    for k in range(n_periods):
        tr, ne, fu = _weekly_level(settings, k * length, (k + 1) * length)
        rows.append(
            {
                "tenure": k,
                "training": tr / length,
                "nesting": ne / length,
                "productivity": (ne * settings.nesting_productivity + fu) / length,
            }
        )
    return pd.DataFrame(rows)


def periods_to_full(settings: CapacitySettings, kind: str) -> int:
    """Periods after a start before a class works at 100 % (K in the docstring)."""
    length = 1.0 if kind == "week" else WEEKS_PER_MONTH
    ramp_weeks = settings.training_weeks
    if settings.nesting_productivity < 1:
        ramp_weeks += settings.nesting_weeks
    return int(math.ceil(ramp_weeks / length - EPS))


def _project(start_heads: float, hires: np.ndarray, keep: float, prod: np.ndarray, fte: float):
    """Heads, effective FTE, heads in training and nesting for given hires per period."""
    n = len(hires)
    survive = keep ** np.arange(n)
    tenure = np.subtract.outer(np.arange(n), np.arange(n))  # [t, s] = t − s
    mask = tenure >= 0
    decay = np.where(mask, survive[np.clip(tenure, 0, None)], 0.0)
    cohort = decay * hires[np.newaxis, :]  # [t, s] heads of class s during t
    heads = start_heads * survive + cohort.sum(axis=1)
    eff = start_heads * survive + (cohort * prod[0][np.clip(tenure, 0, None)]).sum(axis=1)
    training = (cohort * prod[1][np.clip(tenure, 0, None)]).sum(axis=1)
    nesting = (cohort * prod[2][np.clip(tenure, 0, None)]).sum(axis=1)
    return heads, eff * fte, training, nesting


def capacity_plan(
    periods: Periods,
    settings: CapacitySettings,
    *,
    suggest: bool = True,
    required_share: float = 1.0,
) -> CapacityPlan:
    """Build the capacity plan for ``periods`` (weekly or monthly).

    ``required_share`` scales the required FTE to the part of the work the
    in-house team covers (the in-house share of sites); outsourced vendors
    recruit their own staff. Planned hires whose start falls outside the
    horizon are listed in the notes and ignored.
    """
    if not 0 <= required_share <= 1:
        raise WfmError(f"capacity: in-house share {required_share:g} must be a fraction from 0 to 1")
    frame = periods.frame
    n = len(frame)
    kind = periods.kind
    starts = pd.DatetimeIndex(frame["period"])
    ends = starts + (pd.Timedelta(days=7) if kind == "week" else pd.offsets.MonthBegin(1))
    required = frame["required_fte"].to_numpy(dtype=float) * required_share
    keep = 1.0 - attrition_per_period(settings.attrition_month, kind)
    r = ramp(settings, kind, n)
    prod = (r["productivity"].to_numpy(), r["training"].to_numpy(), r["nesting"].to_numpy())
    notes: list[str] = []
    if settings.starting_headcount is None:
        start_heads = float(required[0]) / settings.fte_per_head if n else 0.0
        notes.append(f"Starting headcount not given: taken as the first {kind}'s requirement, {start_heads:.1f}.")
    else:
        start_heads = float(settings.starting_headcount)

    planned = np.zeros(n)
    for hire in settings.hires:
        idx = np.flatnonzero((starts <= hire.start) & (hire.start < ends))
        if len(idx) == 0:
            notes.append(f"Planned class of {hire.count} on {hire.start:%Y-%m-%d} is outside the horizon; ignored.")
            continue
        planned[idx[0]] += hire.count

    suggested = np.zeros(n)
    suggestions: list[Suggestion] = []
    if suggest and n:
        length = 1.0 if kind == "week" else WEEKS_PER_MONTH
        earliest = int(math.ceil(settings.lead_time_weeks / length - EPS))
        full = periods_to_full(settings, kind)
        unreachable: list[int] = []
        trace = []
        for t in range(n):
            heads, eff, _, _ = _project(start_heads, planned + suggested, keep, prod, settings.fte_per_head)
            s = max(earliest, t - full, 0)
            target = max(t, s + full)
            beyond = target > n - 1  # fully productive only after the horizon
            target = min(target, n - 1)
            gain = short = 0.0
            if s <= target:
                if beyond:
                    # Sized for the heads it keeps at the end of the horizon, at the full productivity it reaches
                    # soon after: sizing at its part productivity would over-hire once it ramps up.
                    gain = settings.fte_per_head * keep ** (target - s)
                    short = required[target] - heads[target] * settings.fte_per_head
                else:
                    gain = settings.fte_per_head * keep ** (target - s) * prod[0][target - s]
                    short = required[target] - eff[target]
            trace.append([s, target, float(beyond), eff[t], short, gain, 0.0])
            if required[t] - eff[t] <= EPS:
                continue
            if target > t or s > target:
                unreachable.append(t)
            if s > target:
                continue
            if gain <= EPS or short <= EPS:
                continue  # nothing productive in time, or a class on its way closes it
            count = max(int(math.ceil(short / gain - EPS)), settings.min_class_size)
            suggested[s] += count
            trace[-1][-1] = float(count)
            if beyond:
                where = (f"is {prod[0][target - s]:.0%} productive when the horizon ends ({starts[target]:%Y-%m-%d}) "
                         f"and sized for the heads needed then, once fully productive")
            else:
                ready = "fully productive" if target - s >= full else f"{prod[0][target - s]:.0%} productive"
                where = f"is {ready} by {starts[target]:%Y-%m-%d}"
            reason = (
                f"{kind} of {starts[t]:%Y-%m-%d} is {required[t] - eff[t]:.1f} FTE short; "
                f"a class starting {starts[s]:%Y-%m-%d} {where}, closing a gap of {short:.1f} FTE "
                f"({count} hire{'s' if count != 1 else ''})"
            )
            suggestions.append(Suggestion(starts[s], count, starts[target], reason))
        if unreachable:
            listed = ", ".join(f"{starts[i]:%Y-%m-%d}" for i in unreachable[:6]) + (", …" if len(unreachable) > 6 else "")
            notes.append(
                f"Short before a new class can be productive ({kind}s of {listed}): the recruiting lead time is "
                f"{settings.lead_time_weeks:g} weeks and a hire needs {settings.training_weeks:g} training + "
                f"{settings.nesting_weeks:g} nesting weeks; cover these with overtime, outsourcing or earlier hiring."
            )
        merged: dict[pd.Timestamp, Suggestion] = {}
        for sug in suggestions:
            if sug.start in merged:
                old = merged[sug.start]
                merged[sug.start] = Suggestion(sug.start, old.count + sug.count, sug.for_period, old.reason + "; " + sug.reason)
            else:
                merged[sug.start] = sug
        suggestions = sorted(merged.values(), key=lambda sg: sg.start)

    steps = None
    if suggest and n:
        steps = pd.DataFrame(trace, columns=["class_start", "closes", "past_horizon", "effective_before", "shortfall",
                                             "fte_per_hire", "class_size"])
        planned_heads, planned_eff, _, _ = _project(start_heads, planned, keep, prod, settings.fte_per_head)
        steps["planned_effective"], steps["planned_heads"] = planned_eff, planned_heads
    hires = planned + suggested
    heads, eff, training, nesting = _project(start_heads, hires, keep, prod, settings.fte_per_head)
    opening = heads - hires
    out = pd.DataFrame(
        {
            "period": starts,
            "required_fte": required,
            "opening_headcount": opening,
            "planned_hires": planned,
            "suggested_hires": suggested,
            "hires": hires,
            "headcount": heads,
            "in_training": training,
            "nesting": nesting,
            "leavers": heads * (1.0 - keep),
            "effective_fte": eff,
            "gap_fte": eff - required,
        }
    )
    return CapacityPlan(out, kind, settings, tuple(suggestions), tuple(notes), steps)


def with_suggestions_planned(plan: CapacityPlan) -> CapacitySettings:
    """Settings in which the suggested classes become planned hires (to accept them)."""
    extra = tuple(Hire(s.start, s.count) for s in plan.suggestions)
    return replace(plan.settings, hires=plan.settings.hires + extra)
