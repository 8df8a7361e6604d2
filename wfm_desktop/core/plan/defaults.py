"""The plan's input keys, what a missing input means, and every input resolved to its full value.

A plan stores inputs by key (:mod:`wfm_desktop.core.plan.inputs`); a key the planner never
edited is missing and means the default below. :func:`resolve` turns a stored value (or
None) into the full value a stage computes with — defaults filled in, every queue of the
forecast listed — and that full value is what the plan file keeps
(:meth:`~wfm_desktop.core.plan.model.Plan.pin_defaults`), so a default changed in a later
release never changes a saved plan.

The GUI pages show these same defaults (one set for the pages, the CLI and the core).
"""

from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from wfm_desktop.core.conventions import CONTRACT_WEEK_KEY, DEFAULT_CONTRACT_HOURS_WEEK, WEEK_START_KEY, first_weekday, weekday_name
from wfm_desktop.core.errors import WfmError

HISTORY_IMPORT = "history_import"
FORECAST_SETTINGS = "forecast/settings"
STAFFING_SETTINGS = "staffing/settings"
SCHEDULE_TEMPLATES = "schedule/templates"
SCHEDULE_OPTIONS = "schedule/options"
SCHEDULE_REQUIREMENT = "schedule/requirement"
SCHEDULE_AGENTS = "schedule/agents"    # the roster's agents (the agents file's columns); none: numbered agents
SCHEDULE_LOCKED = "schedule/locked"    # published weeks' shifts, kept by a re-solve (core/scheduling/published.py)
BUDGET = "budget"
SIMULATION_SETTINGS = "simulation/settings"
SIMULATION_ACTUALS = "simulation/actuals"  # actual arrivals of a planned period: the post-mortem
CONTRACT_WEEK = CONTRACT_WEEK_KEY  # "assumptions/contract_hours_week": the plan's one contracted week
FORECAST_SNAPSHOTS = "forecast/snapshots"  # forecasts kept to compare with actuals (core/forecast/snapshots.py)
ACTUALS = "accuracy/actuals"  # the actuals imported since, as the importer read them
ACCURACY_SETTINGS = "accuracy/settings"  # which snapshot is compared (None: the latest), worst rows listed
WEEK_START = WEEK_START_KEY  # "assumptions/week_start": the plan's first day of the week
SCENARIOS = "scenarios"  # whole-plan scenarios (core/plan/scenarios.py): a list, missing = none

INPUT_KEYS: tuple[str, ...] = (HISTORY_IMPORT, FORECAST_SETTINGS, STAFFING_SETTINGS, SCHEDULE_TEMPLATES,
                               SCHEDULE_OPTIONS, SCHEDULE_REQUIREMENT, SCHEDULE_AGENTS, SCHEDULE_LOCKED, BUDGET,
                               CONTRACT_WEEK, FORECAST_SNAPSHOTS, ACTUALS, ACCURACY_SETTINGS, WEEK_START, SCENARIOS,
                               SIMULATION_SETTINGS, SIMULATION_ACTUALS)
"""Every input a stage reads (the stage graph declares which stage reads which)."""

FORECAST_HORIZON_DAYS = 91  # 13 weeks

EXAMPLE_TEMPLATES = (
    {"name": "Full 8h", "start_earliest": "07:00", "start_latest": "12:00", "start_step_min": 30,
     "paid_length_min": 480, "breaks": "break1 15 paid 1:30-2:30; lunch 30 unpaid 3:00-5:00; break2 15 paid 5:30-6:30",
     "weekdays": "Mon-Sun", "contract": "full", "cost_per_hour": 20},
    {"name": "Part 4h", "start_earliest": "08:00", "start_latest": "17:00", "start_step_min": 30,
     "paid_length_min": 240, "breaks": "", "weekdays": "Mon-Sun", "contract": "part", "cost_per_hour": 22},
)
"""The shift templates a new plan starts with (the Schedule page's example rows)."""

SCHEDULE_OPTIONS_DEFAULT: dict[str, Any] = {
    "under_penalty_per_h": 100.0, "over_cost_per_h": 1.0, "max_seats": 0, "time_limit_s": 30, "roster": True,
    "agents": 0, "max_days_per_week": 5, "min_consecutive_days_off": 2, "min_rest_h": 11.0,
    "gap_warning": 0.05, "under_warning": 0.02,
}
"""Costs, limits, roster rules and flag thresholds of a new plan (0 seats: no limit; 0 agents: fewest
possible; a schedule is flagged when its gap is above ``gap_warning`` or its under-coverage above
``under_warning`` of the required hours)."""

ACCURACY_SETTINGS_DEFAULT: dict[str, Any] = {"snapshot": None, "worst": 10}
"""The accuracy stage compares the latest snapshot (or the one named) and lists the 10 worst rows."""


def default_forecast_settings() -> dict:
    from wfm_desktop.core.forecast import ForecastSettings, settings_to_dict

    return settings_to_dict(ForecastSettings(horizon_days=FORECAST_HORIZON_DAYS))


def default_templates() -> pd.DataFrame:
    """The example templates as the plan stores a template table (text cells, the CSV columns)."""
    from wfm_desktop.core.scheduling.templates import template_from_record, templates_to_frame

    return templates_to_frame([template_from_record(dict(r), "example template") for r in EXAMPLE_TEMPLATES])


def opening_hours_templates(requirement: pd.DataFrame | None) -> pd.DataFrame | None:
    """The template table that follows a requirement's opening hours (None without a requirement that
    needs agents): :func:`~wfm_desktop.core.scheduling.default_templates.templates_for_hours`, the same
    function as ``--templates auto``."""
    if not isinstance(requirement, pd.DataFrame) or requirement.empty:
        return None
    from wfm_desktop.core.scheduling.default_templates import templates_frame_for_hours

    try:
        return templates_frame_for_hours(requirement)
    except WfmError:
        return None


def example_required_rows(today: pd.Timestamp | None = None) -> list[dict]:
    """Six months of a growing centre (the Budget page's example table, as text rows)."""
    start = (pd.Timestamp.today() if today is None else pd.Timestamp(today)).normalize() + pd.offsets.MonthBegin(1)
    fte = [25.0, 25.0, 27.0, 30.0, 30.0, 32.0]
    return [{"period": f"{month:%Y-%m-%d}", "required_fte": f"{f:.2f}", "contacts": f"{f * 1200.0:g}",
             "handled_hours": f"{f * 100.0:g}"} for month, f in zip(pd.date_range(start, periods=6, freq="MS"), fte)]


def default_budget(today: pd.Timestamp | None = None) -> dict:
    """A new plan's budget: default costs, by month, priced on the plan's staffing (the example table
    is shown for a plan without staffing, and never becomes the plan's budget)."""
    from wfm_desktop.core.budget.inputs import BudgetInputs, inputs_to_dict

    return {"inputs": inputs_to_dict(BudgetInputs(), with_sites=True), "period": "month", "source": "plan",
            "required_table": example_required_rows(today), "example": True}


def resolve(key: str, value: Any, forecast_queues: tuple[str, ...] = ()) -> Any:
    """The full value `key` computes with: `value` (None: missing) with every default filled in.

    `forecast_queues` are the queues of the plan's forecast: the staffing settings list each
    of them (a queue nobody edited gets :func:`default_queue_settings` for its name). A value
    that does not parse (a table row being typed) is returned as it is; the stage reports it.
    """
    try:
        if key == FORECAST_SETTINGS:
            from wfm_desktop.core.forecast import settings_from_dict, settings_to_dict

            return settings_to_dict(settings_from_dict({**default_forecast_settings(), **dict(value or {})}))
        if key == STAFFING_SETTINGS:
            from wfm_desktop.core.staffing.queue_settings import (
                PlanSettings,
                default_queue_settings,
                plan_settings_from_dict,
                plan_settings_to_dict,
            )

            stored = plan_settings_from_dict(value) if value else PlanSettings()
            queues = dict(stored.queues)
            for queue in forecast_queues:
                queues.setdefault(queue, stored.default_for(queue))
            return plan_settings_to_dict(PlanSettings(default=stored.default, queues=dict(sorted(queues.items())),
                                                      title=stored.title, quiet_defaults=stored.quiet_defaults))
        if key == CONTRACT_WEEK:
            return DEFAULT_CONTRACT_HOURS_WEEK if value is None else float(value)
        if key == WEEK_START:
            return weekday_name(first_weekday(value))
        if key == SCENARIOS:
            return [] if value is None else [dict(item) for item in value]
        if key == SCHEDULE_TEMPLATES:
            return default_templates() if value is None else value
        if key == SCHEDULE_OPTIONS:
            return {**SCHEDULE_OPTIONS_DEFAULT, **dict(value or {})}
        if key == ACCURACY_SETTINGS:
            return {**ACCURACY_SETTINGS_DEFAULT, **dict(value or {})}
        if key == SIMULATION_SETTINGS:
            from wfm_desktop.core.simulation.model import resolve_settings

            return resolve_settings(value)
        if key == BUDGET:
            if value is None:
                return default_budget()
            from wfm_desktop.core.budget.inputs import inputs_from_dict, inputs_to_dict

            doc = {**default_budget(), **dict(value)}
            doc["inputs"] = inputs_to_dict(inputs_from_dict(doc["inputs"], where="plan budget settings"),
                                           with_sites=True)
            return doc
    except (WfmError, KeyError, TypeError, ValueError):
        return value
    return value


def resolve_all(values: Mapping[str, Any], forecast_queues: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every input key (and any other stored key) resolved; keys with no value and no default are left out."""
    out = {}
    for key in sorted(set(INPUT_KEYS) | set(values)):
        value = resolve(key, values.get(key), forecast_queues)
        if value is not None:
            out[key] = value
    return out
