"""Re-forecast a plan in one step: its actuals added to its history, the origin rolled forward.

    merged = roll_forward(plan)               # the plan's actuals (or roll_forward(plan, actuals))
    merged.differences                        # history rows the actuals replaced, where they differ

The plan's history (the data result) becomes the history with the actuals added
(:func:`wfm_desktop.core.forecast.reforecast.merge_actuals`: the actuals win where both hold a row),
the forecast settings lose any fixed start (one undoable edit), so the forecast starts the day
after the actuals, and the forecast runs again (``run=False`` leaves that to the caller, e.g. the
Forecast page, which runs it off the GUI thread). Snapshots and actuals stay as they were: the
forecast kept before can still be compared with what happened.
"""

from __future__ import annotations

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast.reforecast import MergedHistory, merge_actuals, rolled_forward
from wfm_desktop.core.forecast.snapshots import actuals_from_input
from wfm_desktop.core.history.table import History
from wfm_desktop.core.plan.compute import history_of
from wfm_desktop.core.plan.defaults import ACTUALS, FORECAST_SETTINGS
from wfm_desktop.core.plan.model import Plan
from wfm_desktop.core.progress import CancelFn, ProgressFn


def roll_forward(plan: Plan, actuals: History | None = None, *, run: bool = True, progress: ProgressFn = None,
                 cancel: CancelFn = None) -> MergedHistory:
    history = history_of(plan.result("data"))
    if history is None:
        raise WfmError("The plan has no history to add the actuals to: import one on the Data page.")
    actuals = actuals if actuals is not None else actuals_from_input(plan.input(ACTUALS))
    if actuals is None:
        raise WfmError("The plan holds no actuals: import them first.")
    merged = merge_actuals(history, actuals)
    plan.set_result("data", merged.history)
    settings = plan.resolved(FORECAST_SETTINGS)
    if settings.get("start") is not None:
        plan.inputs.set(FORECAST_SETTINGS, rolled_forward(settings), "Re-forecast from the day after the actuals")
    if run:
        plan.run("forecast", progress=progress, cancel=cancel)
    return merged
