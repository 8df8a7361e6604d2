"""Where the Calculator and Trade-offs pages start: the plan's busiest interval, followed until edited.

Both pages open on the plan's busiest queue and interval with that queue's targets, cap,
shrinkage, patience and concurrency (:func:`wfm_desktop.core.staffing.busiest.busiest_interval`),
and follow the plan while it changes, until the planner (or trainer) edits an input; the page's
"Start from the plan's busiest interval" button follows it again. The rule is written once, here;
each page only says how the interval fills its own inputs.
"""

from __future__ import annotations

from wfm_desktop.core.staffing.busiest import BusiestInterval, busiest_interval

NO_PLAN_YET = "No plan to start from yet: make a forecast and a staffing plan first."
FOLLOWING = "From the plan:"
LEFT = "Changed from the plan's"


class StartsFromPlan:
    """Mixed into a :class:`~wfm_desktop.gui.pages.base.Page` that has ``plan_button`` and ``plan_label``.

    The page implements :meth:`_show_busiest` (put the interval into its inputs) and
    :meth:`_inputs_set_from_plan` (recompute), sets ``_follow_plan = True`` before its first
    :meth:`start_from_plan`, connects ``plan.changed`` to :meth:`_plan_changed` and ``plan.reset``
    to :meth:`_plan_reset`, and calls :meth:`_stop_following_plan` when its own input is edited.
    """

    _loading = False  # the page is setting its inputs from the plan (not the planner's edit)
    _follow_plan = False  # the page sets it before its first start_from_plan

    def _show_busiest(self, busiest: BusiestInterval) -> None:
        raise NotImplementedError

    def _inputs_set_from_plan(self) -> None:
        raise NotImplementedError

    def start_from_plan(self, *, quiet: bool = False) -> bool:
        """Put the plan's busiest interval into the page's inputs (True), or say there is none yet (False)."""
        busiest = busiest_interval(self.ctx.plan.result("requirements"))
        if busiest is None:
            if not quiet:
                self.ctx.status(NO_PLAN_YET)
            return False
        self._loading = True
        try:
            self._show_busiest(busiest)
        finally:
            self._loading = False
        self._follow_plan = True
        self.plan_label.setText(f"{FOLLOWING} {busiest.label}, its busiest interval.")
        self.plan_button.setEnabled(True)
        self._inputs_set_from_plan()
        return True

    def _plan_changed(self, stage: str) -> None:
        if stage in ("history", "forecast", "requirements"):
            self.plan_button.setEnabled(self.ctx.plan.result("requirements") is not None)
            if self._follow_plan:
                self.start_from_plan(quiet=True)

    def _plan_reset(self) -> None:
        self._follow_plan = True
        self._plan_changed("requirements")

    def _stop_following_plan(self) -> None:
        """The planner edited an input: the page no longer follows the plan, and says so."""
        if self._follow_plan and self.plan_label.text():
            self.plan_label.setText(self.plan_label.text().replace(FOLLOWING, LEFT))
        self._follow_plan = False
