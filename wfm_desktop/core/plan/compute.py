"""What each stage of the plan computes, from what it reads (see :mod:`.stages`).

Each function takes ``reads`` — a mapping of the stage's input keys to their resolved values
(:func:`~wfm_desktop.core.plan.defaults.resolve`) and of its upstream stage names to their
results — plus ``progress``/``cancel``, calls the existing core functions, and returns a new
result; it changes nothing it was given, so the GUI runs it on a worker thread.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.defaults import (
    ACCURACY_SETTINGS,
    ACTUALS,
    BUDGET,
    CONTRACT_WEEK,
    FORECAST_SETTINGS,
    FORECAST_SNAPSHOTS,
    HISTORY_IMPORT,
    SCHEDULE_AGENTS,
    SCHEDULE_LOCKED,
    SCHEDULE_OPTIONS,
    SCHEDULE_REQUIREMENT,
    SCHEDULE_TEMPLATES,
    STAFFING_SETTINGS,
    WEEK_START,
    opening_hours_templates,
)
from wfm_desktop.core.progress import CancelFn, ProgressFn
from wfm_desktop.core.scheduling.thresholds import GAP_WARNING, UNDER_WARNING

Reads = Mapping[str, Any]


# --------------------------------------------------------------------------- data


def compute_data(reads: Reads, *, progress: ProgressFn = None, cancel: CancelFn = None):
    """Import the history file the plan names (``history_import``: path, sheets, mapping, interval)."""
    from wfm_desktop.core.importers import import_history

    info = reads.get(HISTORY_IMPORT) or {}
    path = info.get("path")
    if not path:
        raise WfmError("the plan names no history file: import one on the Data page")
    sheets = list(info.get("sheets") or [])
    result = import_history(path, sheet=sheets[0] if len(sheets) == 1 and not str(path).lower().endswith(".csv")
                            else None, mapping=info.get("mapping") or None, interval_min=info.get("interval_min"),
                            progress=progress, cancel=cancel)
    return result.history


def history_of(value: Any):
    """The History in a data result (a History, or an import result holding one)."""
    from wfm_desktop.core.history.table import History

    return value if value is None or isinstance(value, History) else getattr(value, "history", None)


# --------------------------------------------------------------------------- forecast


def compute_forecast(reads: Reads, *, progress: ProgressFn = None, cancel: CancelFn = None):
    from wfm_desktop.core.forecast import run_forecast, settings_from_dict

    history = history_of(reads.get("data"))
    if history is None:
        raise WfmError("load a history on the Data page first")
    return run_forecast(history, settings_from_dict(reads[FORECAST_SETTINGS]), progress=progress, cancel=cancel)


# --------------------------------------------------------------------------- staffing


def source_of(history_import: Mapping | None, data: Any):
    """The history file and its SHA-256 as the import recorded them (the workbook's Source block)."""
    from wfm_desktop.core.export import SourceInfo
    from wfm_desktop.core.plan.pipeline import source_info

    history = history_of(data)
    imported = history_import or {}
    path = imported.get("path") or getattr(history, "source", "") or ""
    sha = imported.get("sha256") or None
    if path and (sha or Path(path).is_file()):
        return source_info(path, history, sha256=sha)
    return SourceInfo(path=str(path) or "(not recorded)", sha256=sha or "")


def compute_staffing(reads: Reads, *, progress: ProgressFn = None, cancel: CancelFn = None):
    from wfm_desktop.core.plan.pipeline import plan_from_forecast
    from wfm_desktop.core.staffing.queue_settings import plan_settings_from_dict

    forecast = reads.get("forecast")
    if forecast is None:
        raise WfmError("make a forecast first (Forecast page); the staffing plan follows it")
    from wfm_desktop.core.conventions import first_weekday

    settings = replace(plan_settings_from_dict(reads[STAFFING_SETTINGS]), contract_hours_week=float(reads[CONTRACT_WEEK]),
                       first_day=first_weekday(reads.get(WEEK_START)))
    return plan_from_forecast(forecast, settings, source=source_of(reads.get(HISTORY_IMPORT), reads.get("data")),
                              progress=progress, cancel=cancel)


# --------------------------------------------------------------------------- schedule


def requirement_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A requirement table with its ``start`` column as times (a file or a plan table may hold text)."""
    if "start" in frame.columns and not pd.api.types.is_datetime64_any_dtype(frame["start"]):
        frame = frame.assign(start=pd.to_datetime(frame["start"]))
    return frame


def schedule_requirement(reads: Reads) -> pd.DataFrame | None:
    """What the schedule covers: a requirement loaded from a file, else the staffing's requirements."""
    loaded = reads.get(SCHEDULE_REQUIREMENT)
    if isinstance(loaded, pd.DataFrame):
        return requirement_frame(loaded)
    staffing = reads.get("staffing")
    frame = getattr(staffing, "frame", None)
    return frame if isinstance(frame, pd.DataFrame) and "start" in frame.columns else None


def follow_opening_hours(plan) -> bool:
    """Give a new plan the templates of its requirement's opening hours: when the plan has never had
    templates (a new plan; every saved plan keeps its own) and has a requirement to schedule, the
    templates of :func:`~wfm_desktop.core.plan.defaults.opening_hours_templates` (the same function
    as ``--templates auto``) become its templates, pinned: no undo step, and nothing a saved plan
    held changes. True when they did."""
    if plan.inputs.get(SCHEDULE_TEMPLATES) is not None:
        return False
    frame = opening_hours_templates(schedule_requirement(plan.reads("schedule")))
    return frame is not None and plan.inputs.pin(SCHEDULE_TEMPLATES, frame)


def schedule_templates(value: Any) -> pd.DataFrame:
    """The template table normalised (validated, the CSV columns as text): raises WfmError when invalid."""
    from wfm_desktop.core.scheduling.templates import templates_from_frame, templates_to_frame

    return templates_to_frame(templates_from_frame(value, "template table"))


def schedule_fingerprint(reads: Reads) -> str | None:
    """The schedule's fingerprint: the checksum of requirement, templates and options the plan file kept
    before the plan model (so a schedule saved then is still recognised)."""
    from wfm_desktop.core.scheduling.cache import solve_checksum

    requirement = schedule_requirement(reads)
    if requirement is None:
        return None
    try:
        templates = schedule_templates(reads[SCHEDULE_TEMPLATES])
    except WfmError:
        return None
    return with_roster_inputs(solve_checksum(requirement, templates, reads[SCHEDULE_OPTIONS]),
                              reads.get(SCHEDULE_AGENTS), reads.get(SCHEDULE_LOCKED))


def with_roster_inputs(checksum: str, agents, locked) -> str:
    """A solve checksum with the agents table and the locked shifts, when given (older plans keep theirs)."""
    extra = {key: value for key, value in ((SCHEDULE_AGENTS, agents), (SCHEDULE_LOCKED, locked))
             if isinstance(value, pd.DataFrame) and not value.empty}
    if not extra:
        return checksum
    from wfm_desktop.core.plan.fingerprint import fingerprint
    from wfm_desktop.core.checksum import frame_checksum

    return fingerprint({"solve": checksum, **{k: frame_checksum(v) for k, v in extra.items()}})


def compute_schedule(reads: Reads, *, progress: ProgressFn = None, cancel: CancelFn = None) -> dict:
    """Shift mix, then (with the roster option) the roster; a roster that cannot be built is reported
    in ``roster_error``, not raised. Returns ``{"schedule", "roster", "roster_error"}``."""
    from wfm_desktop.core.scheduling.roster import RosterRules
    from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings
    from wfm_desktop.core.scheduling.templates import templates_from_frame

    requirement = schedule_requirement(reads)
    if requirement is None:
        raise WfmError("There is no requirement to schedule: run Staffing, or load a requirement file.")
    options = reads[SCHEDULE_OPTIONS]
    templates = templates_from_frame(reads[SCHEDULE_TEMPLATES], "template table")
    settings = ScheduleSettings(under_penalty_per_h=float(options["under_penalty_per_h"]),
                                over_cost_per_h=float(options["over_cost_per_h"]),
                                max_seats=int(options["max_seats"]) or None,
                                time_limit_s=float(options["time_limit_s"]),
                                gap_warning=float(options.get("gap_warning", GAP_WARNING)))
    rules = None
    if options.get("roster"):
        rules = RosterRules(max_days_per_week=int(options["max_days_per_week"]),
                            min_consecutive_days_off=int(options["min_consecutive_days_off"]),
                            min_rest_h=float(options["min_rest_h"]), time_limit_s=float(options["time_limit_s"]))
    agents = int(options.get("agents") or 0) or None
    table = reads.get(SCHEDULE_AGENTS)
    if isinstance(table, pd.DataFrame) and not table.empty:
        from wfm_desktop.core.scheduling.roster_agents import agents_from_frame

        agents = agents_from_frame(table, "the plan's agents table")
    locked = reads.get(SCHEDULE_LOCKED)
    result, roster, error = solve_and_roster(requirement, templates, settings, rules, agents, progress=progress,
                                             cancel=cancel, locked=locked,
                                             under_warning=float(options.get("under_warning", UNDER_WARNING)))
    return {"schedule": result, "roster": roster, "roster_error": error}


def reflagged_schedule(plan) -> dict | None:
    """The plan's schedule result flagged against the plan's thresholds now, when only the thresholds
    changed since it was solved (None otherwise: nothing to re-flag, or other inputs changed and the
    schedule must be solved again). Store it with ``plan.set_result("schedule", ...)``: changing a
    threshold flags or clears the flag of the same schedule without solving again."""
    from wfm_desktop.core.scheduling.result import with_thresholds

    record = plan.record("schedule")
    value = None if record is None else record.value
    schedule = value.get("schedule") if isinstance(value, dict) else None
    if schedule is None:
        return None
    reads = plan.reads("schedule")
    options = reads[SCHEDULE_OPTIONS]
    gap, under = float(options.get("gap_warning", GAP_WARNING)), float(options.get("under_warning", UNDER_WARNING))
    summary = schedule.summary
    before = {"gap_warning": float(summary.get("gap_warning", GAP_WARNING)),
              "under_warning": float(summary.get("under_warning", UNDER_WARNING))}
    if before == {"gap_warning": gap, "under_warning": under}:
        return None
    if schedule_fingerprint({**reads, SCHEDULE_OPTIONS: {**options, **before}}) != record.fingerprint:
        return None
    return {**value, "schedule": with_thresholds(schedule, gap, under)}


def solve_and_roster(requirement, templates, settings, rules, agents, *, progress: ProgressFn = None,
                     cancel: CancelFn = None, locked=None, under_warning: float = UNDER_WARNING):
    """Shift mix, then (with `rules`) the roster: (schedule, roster, roster error text or None).

    A roster that cannot be built is reported, not raised: the schedule stands without it. With
    `locked` shifts (published weeks) only the days after them are solved and rostered, and the
    locked shifts are merged back (core/scheduling/published.py)."""
    from wfm_desktop.core.scheduling import published
    from wfm_desktop.core.scheduling.roster import build_roster
    from wfm_desktop.core.scheduling.roster import failure_text as roster_failure_text
    from wfm_desktop.core.scheduling.result import with_thresholds
    from wfm_desktop.core.scheduling.shift_mix import solve_schedule

    def part(lo, hi):
        return None if progress is None else (lambda f, m: progress(lo + (hi - lo) * f, m))

    locked = published.locked_frame(locked)
    if len(locked):
        full, rest = published.replan_requirement(requirement, locked)
        new = solve_schedule(rest, templates, settings, progress=part(0.0, 0.85 if rules else 1.0), cancel=cancel)
        result = published.merge_schedule(new, locked, full)
    else:
        new = result = solve_schedule(requirement, templates, settings, progress=part(0.0, 0.85 if rules else 1.0),
                                      cancel=cancel)
    roster, error = None, None
    if rules is not None and len(new.shifts):
        try:
            roster = build_roster(new.shifts, agents, rules, progress=part(0.85, 1.0), cancel=cancel,
                                  carry_in=published.carry_in(locked) if len(locked) else None,
                                  published=locked if len(locked) else None)
            if len(locked):
                roster = published.merge_roster(roster, locked, published.roster_agents(roster, agents, locked),
                                                rules)
        except WfmError as exc:
            error = roster_failure_text(exc)
    return with_thresholds(result, settings.gap_warning, under_warning), roster, error


# --------------------------------------------------------------------------- budget


def budget_periods(reads: Reads, inputs) -> Any:
    """The required staff the budget prices: the plan's staffing, or the page's typed table."""
    from wfm_desktop.core.budget.periods import coerce_periods, from_table
    from wfm_desktop.core.conventions import first_weekday

    doc = reads[BUDGET]
    kind = doc.get("period", "month")
    if doc.get("source") == "plan":
        periods = coerce_periods(reads.get("staffing"), kind=kind, contract_hours_week=inputs.contract_hours_week,
                                 first_day=first_weekday(reads.get(WEEK_START)))
        if periods is None:
            raise WfmError("The plan has no interval requirements the budget can use; use the table instead.")
        return periods
    return from_table(required_table_frame(doc.get("required_table") or []), kind=kind,
                      contract_hours_week=inputs.contract_hours_week, source="Required staff table",
                      first_day=first_weekday(reads.get(WEEK_START)))


def required_table_frame(rows: list[dict]) -> pd.DataFrame:
    """The Budget page's typed rows (text) as a table: period, required_fte, contacts, handled_hours."""
    if not rows:
        raise WfmError("Required staff: the table is empty; type rows or load a file")
    out = []
    for number, row in enumerate(rows, start=1):
        record = {"period": str(row.get("period", ""))}
        for column in ("required_fte", "contacts", "handled_hours"):
            text = str(row.get(column, "") or "").strip().replace(",", "")
            try:
                record[column] = float(text) if text else float("nan")
            except ValueError:
                raise WfmError(f"Required staff row {number}, {column}: {text!r} is not a number") from None
        out.append(record)
    return pd.DataFrame(out)


def compute_budget(reads: Reads, *, progress: ProgressFn = None, cancel: CancelFn = None):
    from wfm_desktop.core.budget.inputs import inputs_from_dict
    from wfm_desktop.core.budget.monthly import compute_budget as budget

    inputs = replace(inputs_from_dict(reads[BUDGET]["inputs"], where="plan budget settings"),
                     contract_hours_week=float(reads[CONTRACT_WEEK]))  # the plan's one contracted week
    return budget(budget_periods(reads, inputs), inputs)


def budget_waits_for(reads: Reads) -> str | None:
    """Why the plan has no budget yet (None: it can be computed)."""
    doc = reads.get(BUDGET) or {}
    if doc.get("source") == "plan":
        return None if reads.get("staffing") is not None else "waiting for the staffing plan"
    if doc.get("example"):
        return "the required-staff table still holds the example figures"
    return None


# --------------------------------------------------------------------------- simulation


def compute_simulation(reads: Reads, *, progress: ProgressFn = None, cancel: CancelFn = None):
    from wfm_desktop.core.simulation.plan_stage import compute_simulation as simulate

    return simulate(reads, progress=progress, cancel=cancel)


def simulation_waits_for(reads: Reads) -> str | None:
    from wfm_desktop.core.simulation.model import waits_for  # not the simulator: the plan asks at every change

    return waits_for(reads)


def simulation_runs_by_itself(reads: Reads) -> bool:
    from wfm_desktop.core.simulation.plan_stage import runs_by_itself

    return runs_by_itself(reads)


def simulation_flag(result: Any) -> str | None:
    from wfm_desktop.core.simulation.plan_stage import simulation_flag as flag

    return flag(result)


# --------------------------------------------------------------------------- export


def compute_export(reads: Reads, *, progress: ProgressFn = None, cancel: CancelFn = None):
    """What the workbook writes: the staffing plan, plus the budget and the schedule when the plan has them."""
    from wfm_desktop.core.export.builder import plan_workbook_data  # (xlsxwriter: not on the start-up path)

    staffing = reads.get("staffing")
    if staffing is None:
        raise WfmError("Nothing to export yet: make a forecast and a staffing plan first.")
    budget = reads.get("budget")
    schedule = reads.get("schedule")
    if not isinstance(schedule, dict) or schedule.get("schedule") is None:
        schedule = {}
    return plan_workbook_data(staffing, schedule=schedule.get("schedule"), roster=schedule.get("roster"),
                              budget=budget, scenarios=reads.get("scenarios"),
                              simulation=reads.get("simulation"))


# --------------------------------------------------------------------------- accuracy


def compute_accuracy(reads: Reads, *, progress: ProgressFn = None, cancel: CancelFn = None) -> dict:
    """The chosen forecast snapshot (default: the latest taken) against the plan's actuals.

    Returns ``{"report": AccuracyReport, "snapshot": name, "actuals": source}``; when the snapshot and
    the actuals share no day, ``report`` is None and ``error`` says why (the stage shows it as a flag:
    an export or a refresh is not stopped by it)."""
    from wfm_desktop.core.forecast.accuracy import accuracy_report
    from wfm_desktop.core.forecast.snapshots import actuals_from_input, choose_snapshot, snapshot_frames

    settings = reads[ACCURACY_SETTINGS]
    snapshot = choose_snapshot(reads.get(FORECAST_SNAPSHOTS), settings.get("snapshot"))
    actuals = actuals_from_input(reads.get(ACTUALS))
    if actuals is None:
        raise WfmError("The plan holds no actuals: import them first.")
    daily, intervals = snapshot_frames(snapshot)
    out = {"report": None, "snapshot": str(snapshot["name"]), "actuals": actuals.source, "error": None}
    try:
        out["report"] = accuracy_report(daily, actuals, forecast_intervals=intervals,
                                        worst=int(settings.get("worst") or 10))
    except WfmError as exc:
        out["error"] = f"snapshot {snapshot['name']!r} cannot be compared with the actuals: {exc}"
    return out
