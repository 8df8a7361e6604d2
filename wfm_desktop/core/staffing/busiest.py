"""The plan's busiest interval, as the Calculator and Trade-offs pages start from it.

Both pages explore one interval. With a plan they open on the plan's own numbers — its busiest
queue (the most workload over the horizon, among the queues that queue: voice and chat) and that
queue's busiest interval (the most workload), with the queue's targets, occupancy cap, total
shrinkage (of that interval's month), patience and chats per agent — so the figures a trainer shows
are the plan's. Every value can still be changed on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.staffing.calculator import IntervalInputs
from wfm_desktop.core.staffing.erlang import ServiceTarget


@dataclass(frozen=True)
class BusiestInterval:
    """One interval of the plan with the settings its queue is staffed with."""

    queue: str
    start: pd.Timestamp
    interval_min: int
    contacts: float
    aht_s: float
    sl: float | None
    answer_s: float
    asa_s: float | None
    max_occupancy: float | None
    shrinkage: float
    patience_s: float | None
    concurrency: int

    def interval_inputs(self) -> IntervalInputs:
        """The interval as the calculator's inputs."""
        target = ServiceTarget(sl=self.sl, answer_s=self.answer_s, asa_s=self.asa_s,
                               max_occupancy=self.max_occupancy)
        return IntervalInputs(contacts=self.contacts, interval_min=float(self.interval_min), aht_s=self.aht_s,
                              target=target, shrinkage=self.shrinkage, patience_s=self.patience_s,
                              concurrency=self.concurrency)

    @property
    def label(self) -> str:
        return f"{self.queue}, {self.start:%a %d %b %Y %H:%M}"


_last: list = [None, None]  # the last plan asked about and its answer (results are never changed in place)


def busiest_interval(plan) -> BusiestInterval | None:
    """The busiest interval of a computed plan (``requirements``, ``settings``, ``interval_min``:
    :class:`~wfm_desktop.core.plan.pipeline.PlanResult`), or None when no queued interval has contacts.

    The answer for the last plan is kept: the Calculator and Trade-offs pages both ask after each new
    staffing result.
    """
    if plan is not None and _last[0] is plan:
        return _last[1]
    answer = _busiest_interval(plan)
    _last[:] = [plan, answer]
    return answer


def _busiest_interval(plan) -> BusiestInterval | None:
    req = getattr(plan, "requirements", None)
    if not isinstance(req, pd.DataFrame) or req.empty:
        return None
    settings = plan.settings
    queue_names = req["queue"].astype(str)
    live = [q for q in sorted(queue_names.unique()) if settings.for_queue(q).channel != "deferred"]
    workload = pd.to_numeric(req["workload_erlangs"], errors="coerce").fillna(0.0)
    contacts = pd.to_numeric(req["contacts"], errors="coerce").fillna(0.0)
    totals = workload[queue_names.isin(live) & (contacts > 0)].groupby(queue_names).sum()
    if totals.empty or not totals.max() > 0:
        return None
    queue = str(totals.idxmax())
    rows = req[(queue_names == queue) & (contacts > 0)]
    row = rows.loc[workload[rows.index].idxmax()]
    qs = settings.for_queue(queue)
    start = pd.Timestamp(row["start"])
    aht = float(row["aht_s"])
    return BusiestInterval(
        queue=queue, start=start, interval_min=int(plan.interval_min), contacts=float(row["contacts"]),
        aht_s=aht if np.isfinite(aht) and aht > 0 else 1.0, sl=qs.sl, answer_s=float(qs.answer_s), asa_s=qs.asa_s,
        max_occupancy=qs.max_occupancy, shrinkage=float(qs.shrinkage_for_month(start.month).total),
        patience_s=qs.patience_s, concurrency=int(qs.concurrency),
    )
