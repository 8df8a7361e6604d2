"""An integer program and what HiGHS returned for it: the types the solver process and its blocks share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # scipy is imported where a problem is built, not on the app's start-up path
    from scipy import sparse


@dataclass(frozen=True)
class MilpProblem:
    """min c·x  subject to  row_lower ≤ A x ≤ row_upper, lower ≤ x ≤ upper, x integer where integrality = 1.

    ``objective_step`` > 0 states that the optimal objective (of the whole
    problem and of each independent block) is a whole multiple of it — e.g.
    costs in quarter agent-hours on integer coverage — so a best bound can be
    rounded up to the next multiple (a valid integer-rounding cut); 0 = unknown.
    """

    c: np.ndarray
    A: sparse.csr_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    integrality: np.ndarray
    objective_step: float = 0.0
    structure: "ShiftStructure | None" = field(default=None, compare=False)


@dataclass(frozen=True)
class ShiftStructure:
    """What the first-schedule heuristic and the week windows need to know about a shift-mix MILP.

    ``day``: per column, the day (0-based) its shift or break belongs to, −1 for
    continuous columns (under/over-coverage); columns ``0 … n_shift − 1`` are
    shift counts; ``groups``: per template, day and break rule, (shift columns,
    shift starts, break columns, break starts, earliest, latest) in minutes,
    the break's window being [start + earliest, start + latest]; ``n_intervals``:
    the first rows of the problem are the coverage rows, one per interval.
    """

    day: np.ndarray
    n_shift: int
    groups: tuple = ()
    n_intervals: int = 0  # the first rows are the coverage rows, one per interval


@dataclass(frozen=True)
class MilpResult:
    """What HiGHS returned. ``x`` is None when no feasible solution was found."""

    x: np.ndarray | None
    objective: float
    bound: float
    gap: float
    status: int
    message: str
    solve_s: float
    nodes: int

    @property
    def optimal(self) -> bool:
        return self.status == 0

    @property
    def status_text(self) -> str:
        return {0: "optimal", 1: "time limit reached", 2: "infeasible", 3: "unbounded"}.get(self.status, self.message)
