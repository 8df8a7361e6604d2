"""`wfm-desktop plan ... --save PLAN.wfmplan`: the plan the command computed, as a plan file.

The command's results go into a core :class:`~wfm_desktop.core.plan.model.Plan` with the inputs
they were computed from — the history file (path, checksum, interval), the forecast settings,
every queue's staffing settings, the schedule's templates, options and requirement window, the
budget inputs — so the GUI opens it (File ▸ Open) and ``wfm-desktop export`` exports it, with the
same numbers, without forecasting or solving again.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def build_plan(args: argparse.Namespace, *, path: Path, imported, plan_result, forecast_settings,
               schedule: dict | None = None, budget_inputs=None):
    """A Plan holding the command's inputs and results (each stored with its fingerprint)."""
    from wfm_desktop.core.conventions import CONTRACT_WEEK_KEY, WEEK_START_KEY, weekday_name
    from wfm_desktop.core.forecast import settings_to_dict
    from wfm_desktop.core.plan.model import Plan
    from wfm_desktop.core.staffing.queue_settings import PlanSettings, plan_settings_to_dict

    settings = plan_result.settings
    queues = sorted(plan_result.requirements["queue"].astype(str).unique().tolist())
    staffing = PlanSettings(default=settings.default, queues={q: settings.for_queue(q) for q in queues},
                            title=settings.title, contract_hours_week=settings.contract_hours_week)
    history = imported.history
    inputs: dict[str, Any] = {
        "history_import": {"path": str(path), "sha256": imported.source_sha256,
                           "sheets": list(getattr(imported, "used_sheets", []) or []),
                           "mapping": imported.mapping.to_pairs(), "interval_min": history.interval_min},
        "forecast/settings": settings_to_dict(forecast_settings),
        "staffing/settings": plan_settings_to_dict(staffing),
        CONTRACT_WEEK_KEY: settings.contract_hours_week,
        WEEK_START_KEY: weekday_name(settings.first_day),
    }
    if schedule is not None:
        from wfm_desktop.core.scheduling.templates import templates_to_frame

        inputs["schedule/templates"] = templates_to_frame(schedule["templates"])
        inputs["schedule/requirement"] = schedule["requirement"]
        inputs["schedule/options"] = _schedule_options(args)
        if schedule.get("locked") is not None:  # the published weeks the schedule kept
            inputs["schedule/locked"] = schedule["locked"]
        if args.agents is not None and not str(args.agents).strip().isdigit():
            from wfm_desktop.core.scheduling.roster_agents import agents_to_frame, read_agents

            inputs["schedule/agents"] = agents_to_frame(read_agents(args.agents))
    if budget_inputs is not None:
        from wfm_desktop.core.budget.inputs import inputs_to_dict

        inputs["budget"] = {"inputs": inputs_to_dict(budget_inputs, with_sites=True),
                            "period": args.capacity_period, "source": "plan", "required_table": [],
                            "example": False}
    else:  # no budget asked for: none in the plan either (the app shows its example table)
        from wfm_desktop.core.plan.defaults import default_budget

        inputs["budget"] = {**default_budget(), "source": "table", "period": args.capacity_period}
    if getattr(args, "snapshot", None) is not None:  # keep this forecast to compare with actuals later
        from wfm_desktop.core.forecast.snapshots import take_snapshot

        inputs["forecast/snapshots"] = [take_snapshot(plan_result.forecast, args.snapshot or None)]
    plan = Plan(inputs)
    plan.set_result("data", history)
    plan.set_result("forecast", plan_result.forecast)
    plan.set_result("staffing", plan_result)
    if schedule is None:  # templates that follow the opening hours, as a new plan in the app gets them
        from wfm_desktop.core.plan.compute import follow_opening_hours

        follow_opening_hours(plan)
    else:
        plan.set_result("schedule", {"schedule": schedule["result"], "roster": schedule["roster"],
                                     "roster_error": None})
    plan.refresh()  # the budget and the export, as the GUI computes them
    return plan


def _schedule_options(args: argparse.Namespace) -> dict:
    """The solve's options as the plan stores them (the roster's extra rules kept beside them)."""
    from wfm_desktop.cli.schedule_cmd import thresholds
    from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings

    agents, costs = args.agents, ScheduleSettings()
    gap, under = thresholds(args)
    return {"under_penalty_per_h": costs.under_penalty_per_h, "over_cost_per_h": costs.over_cost_per_h, "max_seats": int(args.max_seats or 0),
            "time_limit_s": float(args.time_limit), "roster": bool(args.roster or agents is not None),
            "agents": int(agents) if agents is not None and str(agents).strip().isdigit() else 0,
            "max_days_per_week": int(args.max_days), "min_consecutive_days_off": int(args.days_off),
            "min_rest_h": float(args.min_rest_h), "min_days_per_week": int(args.min_days),
            "gap_warning": gap, "under_warning": under,
            "min_hours_per_week": args.min_hours, "max_hours_per_week": args.max_hours,
            "roster_time_limit_s": float(args.roster_time_limit),
            "agent_names": None if agents is None or str(agents).strip().isdigit() else str(agents)}


def save_plan_file(plan, target: str | Path, *, force: bool) -> Path:
    from wfm_desktop.core.files import check_output_path
    from wfm_desktop.core.plan.saved import save

    check_output_path(target, force=force)
    return save(plan, target)
