"""The staffing plan: per-queue settings → interval requirements → daily/weekly roll-ups.

    from wfm_desktop.core.planning import PlanSettings, QueueSettings, OpenHours, run_plan, plan_from_forecast

See :mod:`.settings` (what each queue needs), :mod:`.requirements` (the
interval maths per channel) and :mod:`.pipeline` (the whole flow and
:class:`PlanResult`, which turns into the workbook's input).
"""

from wfm_desktop.core.planning.pipeline import PlanResult, plan_from_forecast, run_plan, source_info
from wfm_desktop.core.planning.requirements import interval_requirements
from wfm_desktop.core.planning.settings import (
    CHANNELS,
    OpenHours,
    PlanSettings,
    QueueSettings,
    channel_from_name,
    default_queue_settings,
    plan_settings_from_dict,
    plan_settings_to_dict,
)

__all__ = ["CHANNELS", "OpenHours", "PlanResult", "PlanSettings", "QueueSettings", "channel_from_name",
           "default_queue_settings", "interval_requirements",
           "plan_from_forecast", "plan_settings_from_dict", "plan_settings_to_dict", "run_plan", "source_info"]
