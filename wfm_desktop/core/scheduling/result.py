"""What a schedule solve gives back: shifts with break times, coverage, summary.

The solver returns counts per (template, day, start) and per break start. Here
they become individual shifts: for each template, day and break rule the shifts
(sorted by start) get the breaks (sorted by start) in the same order, which is
a valid assignment because of the model's forward/backward rows — every break
lands inside its window (checked, never assumed). Coverage is then recomputed
from the individual shifts, so the Sched column is exactly the sum of shifts.

Service level per interval: scheduled agents → net agents
(× (1 − shrinkage the schedule does not model)) → a service-level function
(Erlang) with the interval's contacts, AHT and targets, when those columns are
present. The function is pluggable (``service_level_fn(frame, interval_min)``
returning one value per row of a frame with ``contacts, aht_s, agents_net``
and any target columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.scheduling.demand import overlap_fractions
from wfm_desktop.core.scheduling.milp_problem import MilpResult
from wfm_desktop.core.scheduling.service_level import erlang_service_level
from wfm_desktop.core.scheduling.thresholds import GAP_WARNING, UNDER_WARNING  # noqa: F401 - re-exported

ServiceLevelFn = Callable[[pd.DataFrame, int], np.ndarray]


@dataclass(frozen=True)
class ScheduleResult:
    """Shifts, breaks, shift mix, coverage and the solve summary."""

    shifts: pd.DataFrame
    breaks: pd.DataFrame
    mix: pd.DataFrame
    coverage: pd.DataFrame
    summary: dict
    interval_min: int
    notes: tuple[str, ...] = field(default=())

    def summary_lines(self) -> list[str]:
        s = self.summary
        lines = [
            f"status: {s['status']}; objective {s['objective']:.2f}, best bound {s['bound']:.2f}, "
            f"MIP gap {s['gap']:.2%}",
            f"solve time {s['solve_s']:.1f} s (total {s['wall_s']:.1f} s); model: {s['model_size']}",
            f"shifts: {s['shifts']} ({s['paid_h']:.1f} paid hours, wage cost {s['wage_cost']:.2f})",
            f"coverage: required {s['required_h']:.1f} agent-hours, scheduled {s['scheduled_h']:.1f}, "
            f"over {s['over_h']:.1f}, under {s['under_h']:.1f}",
        ]
        if s.get("efficiency") is not None:
            lines.append(f"efficiency: {s['efficiency']:.1%} (paid hours ÷ required agent-hours)")
        if s.get("service_level_mean") is not None:
            lines.append(f"service level with the scheduled agents: contact-weighted mean "
                         f"{s['service_level_mean']:.1%}, lowest interval {s['service_level_min']:.1%}")
        lines += [f"note: {n}" for n in self.notes]
        if s.get("warning"):
            lines.append(f"WARNING: {s['warning']}")
        return lines


def quality_warning(summary: dict) -> str | None:
    """The sentence that flags a poor schedule, or None: a gap above the summary's ``gap_warning``
    (default 5%), or under-coverage above its ``under_warning`` share of the required agent-hours
    (default 2%), both against the whole horizon."""
    threshold = summary.get("gap_warning", GAP_WARNING)
    under_threshold = summary.get("under_warning", UNDER_WARNING)
    gap, required, under = summary.get("gap"), summary.get("required_h", 0.0), summary.get("under_h", 0.0)
    problems = []
    if gap is None or not np.isfinite(gap):
        problems.append("its optimality gap is unknown")
    elif gap > threshold + 1e-12:
        problems.append(f"it may cost up to {gap:.1%} more than the best possible schedule "
                        f"(gap above the {_pct(threshold)} threshold)")
    if required > 0 and under > under_threshold * required + 1e-9:
        problems.append(f"it leaves {under:,.1f} of {required:,.1f} required agent-hours uncovered "
                        f"({under / required:.1%}, above {_pct(under_threshold)})")
    if not problems:
        return None
    return ("Schedule flagged: " + " and ".join(problems) + ". Allow more time (time limit), use fewer shift "
            "starts or a shorter horizon, or add templates that fit the requirement.")


def _pct(fraction: float) -> str:
    """5% for 0.05, 2.5% for 0.025."""
    return f"{round(100 * fraction, 4):g}%"


def check_thresholds(gap_warning: float, under_warning: float) -> None:
    """Both flag thresholds are fractions above 0 and below 1 (a clear message otherwise)."""
    for name, value, example in (("gap threshold", gap_warning, "0.05 for 5%"),
                                 ("under-coverage threshold", under_warning, "0.02 for 2%")):
        if not (isinstance(value, (int, float)) and 0 < value < 1):
            raise WfmError(f"{name}: {value} must be a fraction above 0 and below 1 ({example})")


def with_thresholds(result: "ScheduleResult", gap_warning: float = GAP_WARNING,
                    under_warning: float = UNDER_WARNING) -> "ScheduleResult":
    """The same schedule flagged against other thresholds: its summary's ``gap_warning``,
    ``under_warning`` and ``warning`` replaced (shifts, coverage and figures unchanged). A threshold
    is a planner's setting, so changing it re-flags the schedule in hand without solving again."""
    from dataclasses import replace

    check_thresholds(gap_warning, under_warning)
    summary = {**result.summary, "gap_warning": float(gap_warning), "under_warning": float(under_warning)}
    summary["warning"] = quality_warning(summary)
    return replace(result, summary=summary)


REPORT_KEYS = ("status", "gap", "objective", "bound", "over_h", "under_h", "scheduled_h", "required_h", "paid_h",
               "efficiency", "shifts", "wage_cost", "service_level_mean", "service_level_min", "solve_s", "wall_s",
               "gap_warning", "under_warning", "warning")


def schedule_report(summary: dict) -> dict:
    """The JSON report of a solve (``--report``): numbers as numbers (null when unknown), ``warning`` null or
    the sentence that flags the schedule."""
    out = {}
    for key in REPORT_KEYS:
        value = summary.get(key)
        if value is None and key in ("gap_warning", "under_warning"):  # a schedule solved before the setting
            value = GAP_WARNING if key == "gap_warning" else UNDER_WARNING
        if isinstance(value, (np.floating, np.integer)):
            value = value.item()
        if isinstance(value, float) and not np.isfinite(value):
            value = None
        out[key] = value
    return out


def default_service_level_fn() -> ServiceLevelFn | None:
    """The Erlang service-level evaluator (:func:`.service_level.erlang_service_level`)."""
    return erlang_service_level


def assign_breaks(shift_starts: list[int], break_starts: list[int], earliest_min: int, latest_min: int) -> list[int]:
    """Give each shift (by start) a break start inside its window; sorted-order matching.

    Raises WfmError if any break would fall outside its window (the model's
    rows make that impossible; this is the check that proves it).
    """
    if len(shift_starts) != len(break_starts):
        raise WfmError(f"internal: {len(shift_starts)} shifts but {len(break_starts)} breaks")
    order = np.argsort(shift_starts, kind="stable")
    placed = sorted(break_starts)
    out = [0] * len(shift_starts)
    for i, idx in enumerate(order):
        s, p = shift_starts[idx], placed[i]
        if not s + earliest_min <= p <= s + latest_min:
            raise WfmError(f"internal: a break at +{p - s} min falls outside its window {earliest_min}-{latest_min}")
        out[idx] = p
    return out


def build_result(model, milp: MilpResult, *, service_level_fn: ServiceLevelFn | None = None,
                 wall_s: float = 0.0) -> ScheduleResult:
    """Turn the solver's counts into a ScheduleResult (see the module docstring)."""
    req = model.requirement
    g, n_t, n_x = req.interval_min, model.n_intervals, model.n_shift_cols
    counts = np.rint(milp.x[:n_x]).astype(int)
    bcounts = np.rint(milp.x[n_x:n_x + model.n_break_cols]).astype(int)
    origin = req.days[0]

    # individual shifts: (column, start)
    shift_rows: list[dict] = []
    col_ids: dict[int, list[int]] = {}
    for j in np.flatnonzero(counts):
        col = model.shifts[j]
        t = model.templates[col.template]
        for _ in range(counts[j]):
            sid = len(shift_rows) + 1
            shift_rows.append({"shift_id": sid, "col": j, "template": t.name, "day": req.days[col.day],
                               "start_min": col.start_min, "end_min": col.start_min + t.span_min,
                               "paid_h": t.paid_hours, "contract": t.contract, "cost": t.paid_hours * t.cost_per_hour})
            col_ids.setdefault(j, []).append(sid)
    break_rows: list[dict] = []
    for grp in model.groups:
        rule = model.templates[grp.template].breaks[grp.rule]
        ids = [sid for j in grp.shift_cols for sid in col_ids.get(j, [])]
        starts = [shift_rows[sid - 1]["start_min"] for sid in ids]
        bstarts = [p for c, p in zip(grp.break_cols, grp.break_starts_min) for _ in range(bcounts[c])]
        for sid, p in zip(ids, assign_breaks(starts, bstarts, rule.earliest_min, rule.latest_min)):
            break_rows.append({"shift_id": sid, "break": rule.name, "start_min": p, "end_min": p + rule.length_min,
                               "paid": rule.paid})

    scheduled = np.zeros(n_t)
    for row in shift_rows:
        for k, f in overlap_fractions(row["start_min"], row["end_min"] - row["start_min"], g, n_t, wrap=True).items():
            scheduled[k] += f
    for row in break_rows:
        for k, f in overlap_fractions(row["start_min"], row["end_min"] - row["start_min"], g, n_t, wrap=True).items():
            scheduled[k] -= f

    def ts(minutes: int) -> pd.Timestamp:
        return origin + pd.Timedelta(minutes=int(minutes))

    breaks = pd.DataFrame(break_rows, columns=["shift_id", "break", "start_min", "end_min", "paid"])
    breaks["start"] = pd.to_datetime([ts(m) for m in breaks["start_min"]])
    breaks["end"] = pd.to_datetime([ts(m) for m in breaks["end_min"]])
    breaks = breaks.sort_values(["shift_id", "start_min"]).reset_index(drop=True)
    shifts = pd.DataFrame(shift_rows, columns=["shift_id", "col", "template", "day", "start_min", "end_min",
                                               "paid_h", "contract", "cost"])
    shifts["day"] = pd.to_datetime(shifts["day"])
    shifts["start"] = pd.to_datetime([ts(m) for m in shifts["start_min"]])
    shifts["end"] = pd.to_datetime([ts(m) for m in shifts["end_min"]])
    text = {sid: "; ".join(f"{b['break']} {b['start']:%H:%M}-{b['end']:%H:%M}" for _, b in grp.iterrows())
            for sid, grp in breaks.groupby("shift_id")}
    shifts["breaks"] = [text.get(sid, "") for sid in shifts["shift_id"]]
    shifts = shifts[["shift_id", "template", "day", "start", "end", "paid_h", "contract", "cost", "breaks",
                     "start_min", "end_min"]]
    mix = (shifts.groupby(["template", "day", "start", "end"], sort=True).size().rename("count").reset_index()
           if len(shifts) else pd.DataFrame(columns=["template", "day", "start", "end", "count"]))

    coverage = req.frame[["start", "required"]].copy()
    coverage["scheduled"] = scheduled
    coverage["difference"] = scheduled - coverage["required"]
    coverage["over"] = np.maximum(coverage["difference"].to_numpy(), 0.0)
    coverage["under"] = np.maximum(-coverage["difference"].to_numpy(), 0.0) + 0.0
    notes = list(req.notes)
    sl_mean = sl_min = None
    fn = service_level_fn if service_level_fn is not None else default_service_level_fn()
    if {"contacts", "aht_s"} <= set(req.frame.columns) and fn is not None:
        shrink = model.settings.shrinkage_unmodelled
        if shrink is None:
            shrink = req.frame["shrinkage_unmodelled"].fillna(0.0).to_numpy() if "shrinkage_unmodelled" in \
                req.frame.columns else 0.0
        frame = req.frame.copy()
        frame["agents_net"] = scheduled * (1.0 - np.asarray(shrink, dtype=float))
        coverage["agents_net"] = frame["agents_net"]
        coverage["service_level"] = np.asarray(fn(frame, g), dtype=float)
        contacts = frame["contacts"].to_numpy(dtype=float)
        sl = coverage["service_level"].to_numpy()
        ok = (contacts > 0) & np.isfinite(sl)
        if ok.any():
            sl_mean = float(np.sum(sl[ok] * contacts[ok]) / contacts[ok].sum())
            sl_min = float(sl[ok].min())
    elif fn is None:
        notes.append("service level per interval not computed: the Erlang module is not available")
    else:
        notes.append("service level per interval not computed: the requirement has no contacts/aht_s columns")

    hours = g / 60.0
    summary = {
        "status": milp.status_text, "objective": milp.objective, "bound": milp.bound, "gap": milp.gap,
        "solve_s": milp.solve_s, "wall_s": wall_s, "nodes": milp.nodes, "model_size": model.size_text(),
        "shifts": len(shifts), "paid_h": float(shifts["paid_h"].sum()), "wage_cost": float(shifts["cost"].sum()),
        "required_h": float(coverage["required"].sum() * hours),
        "scheduled_h": float(scheduled.sum() * hours),
        "over_h": float(coverage["over"].sum() * hours), "under_h": float(coverage["under"].sum() * hours),
        "service_level_mean": sl_mean, "service_level_min": sl_min,
    }
    summary["efficiency"] = summary["paid_h"] / summary["required_h"] if summary["required_h"] > 0 else None
    summary["gap_warning"] = model.settings.gap_warning
    summary["warning"] = quality_warning(summary)
    return ScheduleResult(shifts.drop(columns=["start_min", "end_min"]).reset_index(drop=True),
                          breaks.drop(columns=["start_min", "end_min"]), mix, coverage, summary, g, tuple(notes))
