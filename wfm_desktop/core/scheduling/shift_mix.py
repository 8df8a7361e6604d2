"""The shift-mix optimiser: how many of each shift to start when, on each day.

An integer program solved by HiGHS (``scipy.optimize.milp``) in a child process
(:mod:`wfm_desktop.core.scheduling.solver_process`). Breaks are *implicit* (Bechtold &
Jacobs): instead of one column per (start, break placement) — 9 lunch × 3 × 3
break positions would make 81 columns per start — there is one integer per
(template, day, start) and one per (template, day, break, break start); linking
rows guarantee the breaks can be handed out to the shifts inside their
windows. The model, with t an interval, j a shift column and k a break column:

* ``x_j`` ≥ 0 integer — shifts of template/day/start j;
* ``b_k`` ≥ 0 integer — breaks of one break rule starting at time k;
* ``under_t``, ``over_t`` ≥ 0 — agents short of / above the requirement;
* coverage ``Σ a_tj x_j − Σ c_tk b_k − over_t + under_t = required_t`` where
  ``a_tj``/``c_tk`` are the fractions of interval t the shift is on site / the
  break lasts (1 when everything sits on the grid);
* seats ``Σ a_tj x_j − Σ c_tk b_k ≤ max_seats``;
* per template, day and break rule: ``Σ b = Σ x`` (one break per shift), and
  for every start s: shifts starting ≤ s need breaks starting ≤ s + latest
  (forward) and shifts starting ≥ s need breaks starting ≥ s + earliest
  (backward); because break windows of a template move with the start these
  rows are exactly the condition for a valid assignment (Hall's theorem);
* ``min_count ≤ Σ_start x ≤ max_count`` per template and day.

Objective: Σ paid hours × cost per hour + over-coverage agent-hours × over cost
+ under-coverage agent-hours × under penalty. Under-coverage is always allowed,
so the model is always feasible. The result (shift list with break times,
coverage Req/Sched/Diff, summary) is built by :mod:`schedule_result`.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy import sparse

from wfm_desktop.core import limits
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn, report
from wfm_desktop.core.scheduling.demand import DAY_MIN, Requirement, overlap_fractions, prepare_requirement
from wfm_desktop.core.scheduling.result import build_result
from wfm_desktop.core.scheduling.templates import ShiftTemplate, check_grid, validate_templates
from wfm_desktop.core.scheduling.milp_problem import ShiftStructure
from wfm_desktop.core.scheduling.solver_process import MilpProblem, MilpResult, solve_milp


@dataclass(frozen=True)
class ScheduleSettings:
    """Costs, limits and solver options of a schedule solve.

    ``under_penalty_per_h``: cost of one agent-hour of under-coverage (keep it
    well above the wage so that shifts are bought where they help);
    ``over_cost_per_h``: cost of one agent-hour above the requirement, on top
    of the wage; ``max_seats``: most agents working at once (None = no limit);
    ``shrinkage_unmodelled``: the shrinkage the schedule does not model, used to
    turn scheduled agents back into net agents for the service level (None:
    from a ``shrinkage_unmodelled`` column, else 0); ``mip_rel_gap``: the solver
    stops once its schedule is proved within this fraction of the optimum;
    ``gap_warning``: a schedule whose gap is above this fraction is flagged
    (as is one under-covering more than 2% of the required hours).
    """

    under_penalty_per_h: float = 100.0
    over_cost_per_h: float = 1.0
    max_seats: int | None = None
    time_limit_s: float = 60.0
    mip_rel_gap: float = 0.005
    shrinkage_unmodelled: float | None = None
    gap_warning: float = 0.05

    def __post_init__(self) -> None:
        for name in ("under_penalty_per_h", "over_cost_per_h"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise WfmError(f"{name.replace('_', ' ')}: {value} must be zero or more")
        if self.max_seats is not None and self.max_seats < 0:
            raise WfmError(f"max seats: {self.max_seats} must be zero or more")
        if not 0 <= self.mip_rel_gap < 1:
            raise WfmError(f"MIP gap tolerance: {self.mip_rel_gap} must be a fraction from 0 to below 1")
        if not 0 < self.gap_warning < 1:
            raise WfmError(f"gap warning threshold: {self.gap_warning} must be a fraction above 0 and below 1 "
                           "(0.05 for 5%)")
        if not self.time_limit_s > 0:
            raise WfmError(f"time limit: {self.time_limit_s} s must be more than zero")
        s = self.shrinkage_unmodelled
        if s is not None and not 0 <= s < 1:
            raise WfmError(f"shrinkage not modelled by the schedule: {s} must be a fraction from 0 to below 1 "
                           "(0.12 for 12%)")


@dataclass(frozen=True)
class ShiftColumn:
    template: int
    day: int
    start_min: int  # minutes from 00:00 of the first day of the grid


@dataclass(frozen=True)
class BreakGroup:
    """One template/day/break rule: its shift columns and its break columns."""

    template: int
    day: int
    rule: int
    shift_cols: tuple[int, ...]
    break_cols: tuple[int, ...]
    break_starts_min: tuple[int, ...]


@dataclass
class ScheduleModel:
    """The MILP and the map from its columns back to shifts and breaks."""

    requirement: Requirement
    templates: list[ShiftTemplate]
    settings: ScheduleSettings
    shifts: list[ShiftColumn]
    groups: list[BreakGroup]
    problem: MilpProblem
    n_break_cols: int
    cover_x: sparse.csr_matrix = field(repr=False)   # intervals × shift columns
    cover_b: sparse.csr_matrix = field(repr=False)   # intervals × break columns (positive fractions)

    @property
    def n_shift_cols(self) -> int:
        return len(self.shifts)

    @property
    def n_intervals(self) -> int:
        return self.cover_x.shape[0]

    def size_text(self) -> str:
        p = self.problem
        n_int = int(p.integrality.sum())
        return f"{len(p.c)} variables ({n_int} integer), {p.A.shape[0]} constraints, {p.A.nnz} non-zeros"


VARIABLES_PER_SECOND = 20_000  # shift starts a time limit can reasonably cover (HiGHS, one core)


def check_problem_size(requirement: Requirement, templates: list[ShiftTemplate], settings: ScheduleSettings) -> None:
    """Refuse, before anything is built, a schedule no desktop can solve (or solve within its time limit)."""
    limits.check_max("solver time limit", settings.time_limit_s, limits.MAX_TIME_LIMIT_S, unit="s")
    if len(requirement.days) > limits.MAX_SCHEDULE_DAYS:
        raise WfmError(f"the requirement covers {len(requirement.days)} days; a schedule covers at most "
                       f"{limits.MAX_SCHEDULE_DAYS} days ({limits.MAX_SCHEDULE_DAYS // 7} weeks) — schedule in parts")
    req = np.asarray(requirement.required, dtype=float)
    peak = float(np.nanmax(req)) if len(req) and not np.isnan(req).all() else 0.0
    if not math.isfinite(peak) or peak > limits.MAX_AGENTS:
        raise WfmError(f"the requirement asks for {peak:g} agents in one interval; the scheduler plans at most "
                       f"{limits.MAX_AGENTS:,} — check the requirement file's units")
    for t in templates:
        for label, count in (("min_count", t.min_count), ("max_count", t.max_count)):
            if count is not None and count > limits.MAX_AGENTS:
                raise WfmError(f"template {t.name!r}: {label} {count:,} is above the most the app accepts "
                               f"({limits.MAX_AGENTS:,})")
    starts = sum(len(t.start_offsets_min()) * sum(t.runs_on(d.weekday()) for d in requirement.days)
                 for t in templates)
    if starts > limits.MAX_SCHEDULE_VARIABLES:
        raise WfmError(f"the templates give {starts:,} possible shift starts over {len(requirement.days)} days; "
                       f"the scheduler builds at most {limits.MAX_SCHEDULE_VARIABLES:,} — use a coarser "
                       "start_step_min, narrower start windows or fewer days")
    if starts > VARIABLES_PER_SECOND * settings.time_limit_s:
        need = math.ceil(starts / VARIABLES_PER_SECOND)
        raise WfmError(f"{starts:,} possible shift starts cannot be solved within the {settings.time_limit_s:g} s "
                       f"time limit; allow at least {need} s (--time-limit) or use fewer shift starts")


def build_model(requirement: Requirement, templates: list[ShiftTemplate], settings: ScheduleSettings) -> ScheduleModel:
    """Build the implicit-break shift-mix MILP (see the module docstring)."""
    templates = validate_templates(list(templates))
    g = requirement.interval_min
    check_grid(templates, g)
    n_t = len(requirement.frame)
    req = requirement.required
    cap = max(1, math.ceil(req.max())) if len(req) else 1

    shifts: list[ShiftColumn] = []
    x_upper: list[float] = []
    cx_rows, cx_cols, cx_vals = [], [], []
    day_cols: list[tuple[int, int, list[int]]] = []  # (template, day, columns)
    for ti, t in enumerate(templates):
        for di, day in enumerate(requirement.days):
            if not t.runs_on(day.weekday()):
                continue
            cols = []
            for s in t.start_offsets_min():
                j = len(shifts)
                start = di * DAY_MIN + s
                shifts.append(ShiftColumn(ti, di, start))
                upper = max(cap, t.min_count) if t.max_count is None else min(t.max_count, max(cap, t.min_count))
                x_upper.append(upper)
                for k, f in overlap_fractions(start, t.span_min, g, n_t, wrap=True).items():
                    cx_rows.append(k); cx_cols.append(j); cx_vals.append(f)
                cols.append(j)
            day_cols.append((ti, di, cols))
    if not shifts:
        raise WfmError("no template runs on any day of the requirement (check the templates' weekdays)")
    n_x = len(shifts)

    groups: list[BreakGroup] = []
    b_upper: list[float] = []
    cb_rows, cb_cols, cb_vals = [], [], []
    n_b = 0
    for ti, di, cols in day_cols:
        t = templates[ti]
        for ri, rule in enumerate(t.breaks):
            starts = sorted({shifts[j].start_min + off for j in cols
                             for off in range(rule.earliest_min, rule.latest_min + 1, g)})
            bcols = tuple(range(n_b, n_b + len(starts)))
            for bc, p in zip(bcols, starts):
                for k, f in overlap_fractions(p, rule.length_min, g, n_t, wrap=True).items():
                    cb_rows.append(k); cb_cols.append(bc); cb_vals.append(f)
                b_upper.append(x_upper[cols[0]] * len(cols))
            n_b += len(starts)
            groups.append(BreakGroup(ti, di, ri, tuple(cols), bcols, tuple(starts)))

    cover_x = sparse.csr_matrix((cx_vals, (cx_rows, cx_cols)), shape=(n_t, n_x))
    cover_b = sparse.csr_matrix((cb_vals, (cb_rows, cb_cols)), shape=(n_t, n_b))
    n_aux = sum(len(grp.shift_cols) + len(grp.break_cols) for grp in groups) if COMPACT_BREAK_ROWS else 0
    n_vars = n_x + n_b + 2 * n_t + n_aux  # x, b, under, over, running totals of x and b per break group
    u0, o0, a0 = n_x + n_b, n_x + n_b + n_t, n_x + n_b + 2 * n_t
    eye = sparse.identity(n_t, format="csr")

    blocks = [sparse.hstack([cover_x, -cover_b, eye, -eye, sparse.csr_matrix((n_t, n_aux))], format="csr")]
    lo, hi = [req], [req]
    if settings.max_seats is not None:
        blocks.append(sparse.hstack([cover_x, -cover_b, sparse.csr_matrix((n_t, 2 * n_t + n_aux))], format="csr"))
        lo.append(np.full(n_t, -np.inf)); hi.append(np.full(n_t, float(settings.max_seats)))

    rows, cols_, vals, r_lo, r_hi = [], [], [], [], []

    def add_row(entries: list[tuple[int, float]], low: float, high: float) -> None:
        r = len(r_lo)
        for c, v in entries:
            rows.append(r); cols_.append(c); vals.append(v)
        r_lo.append(low); r_hi.append(high)

    aux_day: list[int] = []
    for grp in groups:
        rule = templates[grp.template].breaks[grp.rule]
        xs = [(j, shifts[j].start_min) for j in grp.shift_cols]
        bs = [(n_x + c, p) for c, p in zip(grp.break_cols, grp.break_starts_min)]
        if COMPACT_BREAK_ROWS:
            a = a0 + len(aux_day)
            aux_day.extend([grp.day] * (len(xs) + len(bs)))
            _add_break_rows_compact(add_row, xs, bs, a, rule.earliest_min, rule.latest_min)
            continue
        add_row([(j, 1.0) for j, _ in xs] + [(c, -1.0) for c, _ in bs], 0.0, 0.0)
        for _, s in xs:
            add_row([(j, 1.0) for j, s2 in xs if s2 <= s] + [(c, -1.0) for c, p in bs if p <= s + rule.latest_min],
                    -np.inf, 0.0)
            add_row([(j, 1.0) for j, s2 in xs if s2 >= s] + [(c, -1.0) for c, p in bs if p >= s + rule.earliest_min],
                    -np.inf, 0.0)
    for ti, di, cols in day_cols:
        t = templates[ti]
        if t.min_count > 0 or t.max_count is not None:
            add_row([(j, 1.0) for j in cols], float(t.min_count),
                    np.inf if t.max_count is None else float(t.max_count))
    if r_lo:
        blocks.append(sparse.csr_matrix((vals, (rows, cols_)), shape=(len(r_lo), n_vars)))
        lo.append(np.array(r_lo)); hi.append(np.array(r_hi))

    hours_per_interval = g / 60.0
    c = np.zeros(n_vars)
    c[:n_x] = [templates[s.template].cost_per_hour * templates[s.template].paid_hours for s in shifts]
    c[u0:o0] = settings.under_penalty_per_h * hours_per_interval
    c[o0:a0] = settings.over_cost_per_h * hours_per_interval
    integrality = np.zeros(n_vars)
    integrality[: n_x + n_b] = 1
    upper = np.concatenate([x_upper, b_upper, np.full(2 * n_t + n_aux, np.inf)])
    day = np.full(n_vars, -1)
    day[:n_x] = [s.day for s in shifts]
    day[a0:] = aux_day
    group_info = []
    for grp in groups:
        day[[n_x + b for b in grp.break_cols]] = grp.day
        rule = templates[grp.template].breaks[grp.rule]
        group_info.append((np.array(grp.shift_cols), np.array([shifts[j].start_min for j in grp.shift_cols]),
                           np.array(grp.break_cols) + n_x, np.array(grp.break_starts_min), rule.earliest_min,
                           rule.latest_min))
    problem = MilpProblem(
        c=c, A=sparse.vstack(blocks, format="csr"), row_lower=np.concatenate(lo), row_upper=np.concatenate(hi),
        lower=np.zeros(n_vars), upper=upper.astype(float), integrality=integrality,
        objective_step=objective_step(c, req, cover_x, cover_b),
        structure=ShiftStructure(day=day, n_shift=n_x, groups=tuple(group_info), n_intervals=n_t),
    )
    return ScheduleModel(requirement, templates, settings, shifts, groups, problem, n_b, cover_x, cover_b)


COMPACT_BREAK_ROWS = True  # the break rows through running totals (sparse) rather than written out (dense)


def _add_break_rows_compact(add_row, xs: list[tuple[int, int]], bs: list[tuple[int, int]], a: int,
                            earliest: int, latest: int) -> None:
    """The break rows of one template/day/break rule through running totals (same solutions, far fewer non-zeros).

    ``X_j = x_1 + … + x_j`` (shifts by start) and ``B_k = b_1 + … + b_k`` (breaks by start) are continuous
    columns ``a …``; then one break per shift is ``B_m = X_n``, the forward row of start s_j is
    ``X_j ≤ B_k`` (k: the last break starting by s_j + latest) and the backward row, with ``B_m = X_n``,
    is ``B_k ≤ X_{j−1}`` (k: the last break starting before s_j + earliest). Written out, each forward
    and backward row holds every shift and break up to that point: O(starts²) non-zeros per day, which
    made the LP of a 24/7 month take minutes.
    """
    xs, bs = sorted(xs, key=lambda e: e[1]), sorted(bs, key=lambda e: e[1])
    X = [a + j for j in range(len(xs))]
    B = [a + len(xs) + k for k in range(len(bs))]
    for j, (col, _) in enumerate(xs):
        add_row([(X[j], 1.0), (col, -1.0)] + ([(X[j - 1], -1.0)] if j else []), 0.0, 0.0)
    for k, (col, _) in enumerate(bs):
        add_row([(B[k], 1.0), (col, -1.0)] + ([(B[k - 1], -1.0)] if k else []), 0.0, 0.0)
    if not bs:
        add_row([(X[-1], 1.0)], 0.0, 0.0)
        return
    add_row([(B[-1], 1.0), (X[-1], -1.0)], 0.0, 0.0)
    starts_b = [p for _, p in bs]
    for j, (_, s) in enumerate(xs):
        k = np.searchsorted(starts_b, s + latest, side="right") - 1  # last break starting by s + latest
        add_row([(X[j], 1.0)] + ([(B[k], -1.0)] if k >= 0 else []), -np.inf, 0.0)
        k = np.searchsorted(starts_b, s + earliest, side="left") - 1  # last break starting before s + earliest
        if k >= 0:
            add_row([(B[k], 1.0)] + ([(X[j - 1], -1.0)] if j else []), -np.inf, 0.0)


def objective_step(c: np.ndarray, required: np.ndarray, cover_x: sparse.csr_matrix,
                   cover_b: sparse.csr_matrix) -> float:
    """The unit the optimal objective is a whole multiple of, or 0 when there is none to state.

    With whole-agent requirements and shifts and breaks on the grid (coverage
    fractions all 1), an integer schedule covers each interval by a whole number
    of agents, so the best under/over per interval are whole numbers too; the
    optimum is then an integer combination of the cost coefficients, i.e. a
    multiple of their greatest common divisor (0.25 agent-hours at 15 minutes
    with unit costs). Costs that are not simple fractions give 0.
    """
    if not (np.all(required == np.round(required)) and np.all(cover_x.data == np.round(cover_x.data))
            and np.all(cover_b.data == np.round(cover_b.data))):
        return 0.0
    fractions = []
    for v in np.unique(np.abs(c[c != 0])):
        f = Fraction(float(v)).limit_denominator(1000)
        if abs(float(f) - v) > 1e-9 * max(1.0, v):
            return 0.0
        fractions.append(f)
    if not fractions:
        return 0.0
    denominator = math.lcm(*(f.denominator for f in fractions))
    return math.gcd(*(int(f * denominator) for f in fractions)) / denominator


def solve_schedule(
    requirements: pd.DataFrame | Requirement,
    templates: list[ShiftTemplate],
    settings: ScheduleSettings | None = None,
    *,
    queue: str | None = None,
    service_level_fn: Callable | None = None,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
    in_process: bool = False,
):
    """Choose the shift mix that covers `requirements`; return a ScheduleResult.

    `requirements` is a frame as described in :mod:`requirement` (or an already
    prepared Requirement). The solve runs in a child process ended by
    `cancel()` or by the time limit plus a grace period. `service_level_fn`
    evaluates the service level the scheduled agents achieve (default: Erlang
    through :func:`.result.default_service_level_fn`).
    """
    settings = settings or ScheduleSettings()
    started, called_at = time.perf_counter(), time.time()
    req = requirements if isinstance(requirements, Requirement) else prepare_requirement(requirements, queue=queue)
    check_problem_size(req, templates, settings)
    report(progress, 0.0, "building the model")
    model = build_model(req, templates, settings)
    report(progress, 0.02, f"solving: {model.size_text()}")
    milp_result: MilpResult = solve_milp(
        model.problem, time_limit_s=settings.time_limit_s, mip_rel_gap=settings.mip_rel_gap,
        label="schedule solver", progress=_scaled(progress, 0.02, 0.95), cancel=cancel, in_process=in_process,
        called_at=called_at,
    )
    if milp_result.x is None:
        raise WfmError(f"the schedule solver found no solution ({milp_result.message}); "
                       "allow more time (--time-limit) or use fewer shift starts")
    result = build_result(model, milp_result, service_level_fn=service_level_fn,
                          wall_s=time.perf_counter() - started)
    report(progress, 1.0, "schedule ready")
    return result


def _scaled(progress: ProgressFn, lo: float, hi: float) -> ProgressFn:
    if progress is None:
        return None
    return lambda f, msg: progress(lo + (hi - lo) * f, msg)
