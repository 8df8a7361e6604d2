"""Shrinkage, gross agents, FTE and the classic rule-of-thumb check.

Shrinkage is the share of *paid* time in which an agent is not available for
contacts (breaks, lunch, training, coaching, meetings, absence, holiday…).
Because it is a share of paid time, the paid (gross) staff needed for N agents
on the phones is ``N ÷ (1 − shrinkage)``: 19 ÷ 0.7 → 28, and 28 × 0.7 = 19.6 ≥ 19.
Some planners multiply, ``N × (1 + shrinkage)`` (19 × 1.3 → 25, and
25 × 0.7 = 17.5 < 19): that understates staff, so it is only a labelled option.

Each category says whether the schedule models it itself (``scheduled``: breaks
and lunch placed inside shifts). Gross for FTE and budget uses the total; gross
for scheduling uses only the part the schedule does not model, so breaks are
never counted twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wfm_desktop.core.conventions import DEFAULT_CONTRACT_HOURS_WEEK
from wfm_desktop.core.staffing.erlang import TOLERANCE, check_number, show_value
from wfm_desktop.core.errors import WfmError

DIVIDE = "divide"
MULTIPLY = "multiply"
CONVENTIONS = (DIVIDE, MULTIPLY)


def check_shrinkage(value, field: str = "shrinkage") -> float:
    """A shrinkage fraction in [0, 1); 30 instead of 0.3 is named."""
    number = check_number(field, value)
    if number > 1:
        raise WfmError(f"{field}: {show_value(value)} is above 1 — rates are fractions (write 0.3 for 30%)")
    if not (0 <= number < 1):
        raise WfmError(f"{field}: {show_value(value)} must be a fraction in [0, 1)")
    return number


def gross_agents(net, shrinkage, convention: str = DIVIDE) -> np.ndarray:
    """Gross (paid, scheduled) agents from net agents, rounded up with TOLERANCE.

    ``divide`` (default): ⌈net ÷ (1 − shrinkage)⌉ — 21 ÷ 0.7 is 30, not 31.
    ``multiply`` (labelled alternative): ⌈net × (1 + shrinkage)⌉ — understates.
    """
    net_a = np.asarray(net, dtype=float)
    s = np.asarray(shrinkage, dtype=float)
    if np.any(~np.isfinite(s) | (s < 0) | (s >= 1)):
        bad = np.atleast_1d(s)[np.atleast_1d(~np.isfinite(s) | (s < 0) | (s >= 1))][0]
        raise WfmError(f"shrinkage: {show_value(bad)} must be a fraction in [0, 1)")
    if convention == DIVIDE:
        raw = net_a / (1.0 - s)
    elif convention == MULTIPLY:
        raw = net_a * (1.0 + s)
    else:
        raise WfmError(f"shrinkage convention: {convention!r} must be one of {', '.join(CONVENTIONS)}")
    return np.ceil(raw - TOLERANCE * np.maximum(1.0, raw)).astype(np.int64)


def gross_agents_unrounded(net, shrinkage, convention: str = DIVIDE) -> np.ndarray:
    """Gross (paid) agents from net agents, *not* rounded: the basis of FTE and paid hours.

    ``net ÷ (1 − shrinkage)``: 1 net agent at 32.7 % shrinkage is 1.486 paid agents, where
    :func:`gross_agents` gives 2 whole agents to schedule. Summing whole agents over the
    intervals of a week would pay for up to one extra person per interval (FTE +6.7 % on a
    real plan, mostly quiet night intervals).
    """
    net_a = np.asarray(net, dtype=float)
    s = np.asarray(shrinkage, dtype=float)
    if np.any(~np.isfinite(s) | (s < 0) | (s >= 1)):
        bad = np.atleast_1d(s)[np.atleast_1d(~np.isfinite(s) | (s < 0) | (s >= 1))][0]
        raise WfmError(f"shrinkage: {show_value(bad)} must be a fraction in [0, 1)")
    if convention == DIVIDE:
        return net_a / (1.0 - s)
    if convention == MULTIPLY:
        return net_a * (1.0 + s)
    raise WfmError(f"shrinkage convention: {convention!r} must be one of {', '.join(CONVENTIONS)}")


def fte(hours, contracted_hours_per_fte: float = DEFAULT_CONTRACT_HOURS_WEEK) -> np.ndarray:
    """Full-time equivalents: hours ÷ contracted hours per FTE (e.g. 37.5 or 40 a week)."""
    per = check_number("contracted hours per FTE", contracted_hours_per_fte, minimum=0.0, strict=True)
    return np.asarray(hours, dtype=float) / per


@dataclass(frozen=True)
class ShrinkageCategory:
    """One line of the shrinkage table: a share of paid time."""

    name: str
    fraction: float
    scheduled: bool = False  # True: the schedule places it itself (breaks, lunch)

    def __post_init__(self) -> None:
        if not str(self.name).strip():
            raise WfmError("shrinkage category: the name is empty")
        check_shrinkage(self.fraction, f"shrinkage category {self.name!r}")


@dataclass(frozen=True)
class ShrinkageTable:
    """Shrinkage categories whose fractions of paid time add up to the total."""

    categories: tuple[ShrinkageCategory, ...] = field(default=())

    def __post_init__(self) -> None:
        names = [c.name for c in self.categories]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise WfmError(f"shrinkage table: category {dupes[0]!r} appears more than once")
        if self.total >= 1 - TOLERANCE:
            raise WfmError(f"shrinkage table: the categories add up to {self.total:.1%}; the total must be below 100%")

    @property
    def total(self) -> float:
        """All shrinkage: used for FTE and budget."""
        return math.fsum(c.fraction for c in self.categories)

    @property
    def unscheduled(self) -> float:
        """The part the schedule does not model (absence, holiday, training days…): used for scheduling."""
        return math.fsum(c.fraction for c in self.categories if not c.scheduled)

    @property
    def scheduled(self) -> float:
        """The part the schedule places itself (breaks, lunch)."""
        return math.fsum(c.fraction for c in self.categories if c.scheduled)

    def gross_for_budget(self, net, convention: str = DIVIDE) -> np.ndarray:
        """Paid agents for FTE and budget: net ÷ (1 − total)."""
        return gross_agents(net, self.total, convention)

    def gross_for_scheduling(self, net, convention: str = DIVIDE) -> np.ndarray:
        """Agents the schedule must cover: net ÷ (1 − unscheduled part); breaks are placed by the schedule."""
        return gross_agents(net, self.unscheduled, convention)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "category": [c.name for c in self.categories],
                "fraction": [c.fraction for c in self.categories],
                "scheduled": [c.scheduled for c in self.categories],
            }
        )

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> "ShrinkageTable":
        missing = [c for c in ("category", "fraction") if c not in frame.columns]
        if missing:
            raise WfmError(f"shrinkage table: missing column(s) {', '.join(missing)}")
        sched = frame["scheduled"] if "scheduled" in frame.columns else pd.Series(False, index=frame.index)
        return cls(tuple(
            ShrinkageCategory(str(name), float(frac), bool(flag))
            for name, frac, flag in zip(frame["category"], frame["fraction"], sched)
        ))

    @classmethod
    def typical(cls) -> "ShrinkageTable":
        """A starting point planners recognise (about 33% in all); edit it to your centre's figures."""
        return cls((
            ShrinkageCategory("breaks", 0.0667, scheduled=True),
            ShrinkageCategory("lunch", 0.0, scheduled=True),
            ShrinkageCategory("training", 0.05),
            ShrinkageCategory("coaching", 0.03),
            ShrinkageCategory("meetings", 0.02),
            ShrinkageCategory("absence", 0.06),
            ShrinkageCategory("holiday", 0.10),
        ))


class ShrinkageByMonth:
    """For settings with a ``shrinkage`` for every month and ``shrinkage_by_month`` (month 1–12 → its own)."""

    def shrinkage_for_month(self, month: int):
        """The shrinkage that applies to intervals in calendar `month` (1–12)."""
        return self.shrinkage_by_month.get(int(month), self.shrinkage)


@dataclass(frozen=True)
class RuleOfThumb:
    """The classic back-of-envelope staffing check and its two shrinkage conventions."""

    live_agents_exact: float
    live_agents: int
    gross_multiply_exact: float
    gross_multiply: int
    gross_divide_exact: float
    gross_divide: int
    explanation: str


def rule_of_thumb(
    contacts_per_day: float = 1200,
    aht_min: float = 6,
    shift_min: float = 450,
    occupancy: float = 0.85,
    shrinkage: float = 0.30,
) -> RuleOfThumb:
    """contacts × AHT ÷ (shift × occupancy) live agents, rounded up, then grossed up both ways.

    >>> r = rule_of_thumb()
    >>> round(r.live_agents_exact, 1), r.live_agents, r.gross_multiply, r.gross_divide
    (18.8, 19, 25, 28)
    """
    contacts = check_number("contacts per day", contacts_per_day, minimum=0.0)
    aht = check_number("AHT (min)", aht_min, minimum=0.0, strict=True)
    shift = check_number("shift length (min)", shift_min, minimum=0.0, strict=True)
    occ = check_number("occupancy", occupancy)
    if occ > 1:
        raise WfmError(f"occupancy: {show_value(occupancy)} is above 1 — rates are fractions (write 0.85 for 85%)")
    if occ <= 0:
        raise WfmError(f"occupancy: {show_value(occupancy)} must be a fraction in (0, 1]")
    s = check_shrinkage(shrinkage)
    exact = contacts * aht / (shift * occ)
    live = int(math.ceil(exact - TOLERANCE * max(1.0, exact)))
    mult_exact = live * (1 + s)
    div_exact = live / (1 - s)
    mult = int(gross_agents(live, s, MULTIPLY))
    div = int(gross_agents(live, s, DIVIDE))
    explanation = (
        f"{contacts:g} contacts × {aht:g} min ÷ ({shift:g} min × {occ:.0%} occupancy) = {exact:.1f} → "
        f"{live} live agents (rounded up first). Shrinkage {s:.0%}: multiplying gives {live} × {1 + s:.2f} = "
        f"{mult_exact:.1f} → {mult}; dividing gives {live} ÷ {1 - s:.2f} = {div_exact:.1f} → {div}. "
        f"Shrinkage is a share of paid time, so of {div} paid agents {div} × {1 - s:.2f} = {div * (1 - s):.1f} are "
        f"available (≥ {live}), while {mult} paid agents leave only {mult * (1 - s):.1f}: multiplying "
        f"understates the staff needed by {div - mult}."
    )
    return RuleOfThumb(exact, live, mult_exact, mult, div_exact, div, explanation)
