"""Excel export of the plan (the module the design names); the work is in :mod:`wfm_desktop.core.export`.

    from wfm_desktop.core.excel_export import PlanWorkbookData, write_plan_workbook
"""

from wfm_desktop.core.export import *  # noqa: F401,F403
from wfm_desktop.core.export import __all__  # noqa: F401
