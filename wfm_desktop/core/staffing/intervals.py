"""The interval staffing engine: rows of contacts in, agents out — behind the plan, the GUI and ``staff``.

:func:`staff_intervals` does the work on arrays, one element per interval:

* voice and chat: net agents from :func:`wfm_desktop.core.staffing.erlang.required_agents`
  (Erlang C, or Erlang A where a patience is set) on the effective handle time
  (AHT ÷ concurrency for chat), raised to the minimum staff in open intervals;
  SL, ASA, occupancy (and abandonment) are evaluated at that net — a quiet open
  interval meets its target (SL 1, ASA 0, occupancy 0);
* deferred work (a response target in hours is set):
  :func:`wfm_desktop.core.staffing.deferred.spread_deferred` spreads the workload over the open
  intervals within the target, raised to the minimum staff; there is no queue, so SL and
  ASA are blank, and rows whose items miss the target are flagged ``late``;
* closed intervals get no agents and blank SL and ASA; their contacts are reported in
  the notes (:func:`staffing_notes`), not silently staffed.

Two front ends feed it the same way:

* :func:`interval_requirements` — the plan (GUI and ``plan``): the intraday forecast and each
  queue's :class:`~wfm_desktop.core.staffing.queue_settings.QueueSettings`; from the shrinkage
  table of the interval's month, gross for scheduling (``agents_schedule``: whole agents to
  schedule, net ÷ (1 − the shrinkage the schedule does not model), rounded up) and gross for FTE
  and budget (``agents_gross``: paid agents, net ÷ (1 − total shrinkage), *not* rounded — FTE is
  hours, whole agents are for schedules and seats; :mod:`wfm_desktop.core.conventions`);
* :func:`staff_table` — ``wfm-desktop staff``: any interval table, with optional per-row
  columns (:data:`TABLE_COLUMNS`) and defaults for the absent ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn, check_cancel, report
from wfm_desktop.core.staffing.deferred import spread_deferred
from wfm_desktop.core.staffing.erlang import ServiceTarget, evaluate, required_agents, show_value
from wfm_desktop.core.staffing.queue_settings import PlanSettings, QueueSettings, open_mask
from wfm_desktop.core.staffing.quiet import quiet_gaps
from wfm_desktop.core.staffing.shrinkage import CONVENTIONS, DIVIDE, gross_agents, gross_agents_unrounded

OUTPUT_COLUMNS = ("workload_erlangs", "agents_net", "agents_gross", "service_level", "asa_s", "occupancy")
COLUMNS = ["queue", "start", "contacts", "aht_s", "workload_erlangs", "agents_net", "agents_schedule",
           "agents_gross", "service_level", "asa_s", "occupancy", "abandon_rate", "open"]


@dataclass(frozen=True)
class StaffedIntervals:
    """What :func:`staff_intervals` finds, one element per interval."""

    workload_erlangs: np.ndarray  # contacts × effective AHT ÷ interval, closed intervals included
    agents_net: np.ndarray  # int64
    service_level: np.ndarray  # NaN where closed, and for deferred work
    asa_s: np.ndarray  # NaN where closed or undefined, and for deferred work
    occupancy: np.ndarray
    abandon_rate: np.ndarray  # NaN except where Erlang A staffs an open interval
    late: np.ndarray  # deferred work whose items cannot be done within the response target
    with_abandonment: bool  # some interval that is not deferred work has a patience


def _distinct(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first row of each distinct combination, inverse): intervals with identical inputs are solved once."""
    key = np.nan_to_num(np.column_stack(columns), nan=-1.0)
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    return first, inverse.ravel()


def staff_intervals(
    contacts, aht_s, interval_min, *,
    sl, answer_s, asa_s, max_occupancy,
    patience_s=np.nan, concurrency=1, response_h=np.nan, is_open=True, min_staff=0,
    start_min=None, group=None, cancel: CancelFn = None, progress: ProgressFn = None,
) -> StaffedIntervals:
    """Net agents and service metrics for intervals given as arrays (scalars broadcast).

    NaN means "not set": no SL/ASA/occupancy target, no patience (Erlang C), no response target
    (not deferred work). ``start_min`` (minutes on any common clock; default: the intervals end to
    end) and ``group`` (queue labels) place deferred work in time.
    """
    contacts = np.asarray(contacts, dtype=float).ravel()
    size = contacts.size

    def full(value, dtype=float) -> np.ndarray:
        return np.broadcast_to(np.asarray(value, dtype=dtype), (size,)).copy()

    aht, interval, conc = full(aht_s), full(interval_min), full(concurrency)
    sl, answer, asa, occ = full(sl), full(answer_s), full(asa_s), full(max_occupancy)
    patience, response, floor = full(patience_s), full(response_h), full(min_staff)
    is_open = full(is_open, bool)

    aht_eff = aht / conc
    workload = contacts * aht_eff / (interval * 60.0)
    deferred = ~np.isnan(response)
    net = np.zeros(size, dtype=np.int64)
    m = {k: np.full(size, np.nan) for k in ("service_level", "asa_s", "abandon_rate")}
    m["occupancy"] = np.zeros(size)
    late = np.zeros(size, dtype=bool)

    live = np.flatnonzero(~deferred & is_open)
    if live.size:
        first, inverse = _distinct(workload[live], aht_eff[live], answer[live], sl[live], asa[live], occ[live],
                                   patience[live])
        solve = live[first]
        found = required_agents(workload[solve], aht_eff[solve], sl=sl[solve], answer_s=answer[solve],
                                asa_s=asa[solve], max_occupancy=occ[solve], patience_s=patience[solve])
        net[live] = np.maximum(found[inverse], floor[live])
        check_cancel(cancel)
        report(progress, 0.7, "service level at the required agents")
        first, inverse = _distinct(net[live], workload[live], aht_eff[live], answer[live], patience[live])
        solve = live[first]
        at = evaluate(net[solve], workload[solve], aht_eff[solve], answer[solve], patience[solve])
        for name in m:
            m[name][live] = at[name][inverse]
    rows = np.flatnonzero(deferred)
    if rows.size:
        starts = np.concatenate([[0.0], np.cumsum(interval)[:-1]]) if start_min is None else full(start_min)
        spread = spread_deferred(starts[rows], workload[rows], interval[rows], response[rows],
                                 group=None if group is None else np.asarray(group)[rows],
                                 open_mask=is_open[rows], max_occupancy=occ[rows])
        net[rows] = np.where(is_open[rows], np.maximum(spread.agents_net, floor[rows]), 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            m["occupancy"][rows] = np.where(net[rows] > 0, spread.capacity_erlangs / np.maximum(net[rows], 1), 0.0)
        late[rows] = ~spread.within_target
    return StaffedIntervals(workload, net, m["service_level"], m["asa_s"], m["occupancy"], m["abandon_rate"], late,
                            bool((~np.isnan(patience) & ~deferred).any()))


def staffing_notes(label: str, contacts: np.ndarray, is_open: np.ndarray, deferred: np.ndarray, late: np.ndarray,
                   response_h: np.ndarray) -> list[str]:
    """What the planner should know about one queue's intervals: contacts while closed, late deferred work."""
    notes = []
    closed = ~is_open & (contacts > 0)
    if (closed & deferred).any():
        notes.append(f"{label}: {contacts[closed & deferred].sum():,.0f} items arriving while closed are worked "
                     "in the next open interval.")
    if (closed & ~deferred).any():
        notes.append(f"{label}: {contacts[closed & ~deferred].sum():,.0f} contacts forecast outside the opening "
                     "hours are not staffed.")
    late = late & (contacts > 0)
    if late.any():
        hours = np.unique(response_h[late])
        within = f"{hours[0]:g}-hour response target" if hours.size == 1 else "response target"
        notes.append(f"{label}: {contacts[late].sum():,.0f} items cannot be done within the {within} "
                     "(no open interval in time).")
    return notes


# -- the plan: forecast intervals and per-queue settings ---------------------------------------


def interval_requirements(
    intraday: pd.DataFrame,
    settings: PlanSettings,
    interval_min: int,
    *,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Requirements per queue and interval (the :data:`COLUMNS`), and plain-language notes. Mutates nothing.

    ``abandon_rate`` is present when a queue uses Erlang A.
    """
    missing = [c for c in ("queue", "start", "contacts", "aht_s") if c not in intraday.columns]
    if missing:
        raise WfmError(f"intraday forecast: missing column(s) {', '.join(missing)}")
    if intraday.empty:
        raise WfmError("intraday forecast: no intervals to staff (is the history daily totals only? "
                       "an intraday plan needs interval history)")
    queues = sorted(intraday["queue"].astype(str).unique().tolist())
    parts, notes, abandonment = [], [], False
    for number, queue in enumerate(queues):
        check_cancel(cancel)
        report(progress, number / len(queues), f"Staffing {queue}")
        rows = intraday[intraday["queue"].astype(str) == queue].sort_values("start")
        part, note, with_abandonment = _queue_requirements(queue, rows, settings.for_queue(queue), interval_min)
        parts.append(part)
        notes.extend(note)
        abandonment |= with_abandonment
    report(progress, 1.0, "Staffing done")
    out = pd.concat(parts, ignore_index=True)
    if not abandonment:
        out = out.drop(columns=["abandon_rate"])
    return out, tuple(notes)


def _fill_aht(queue: str, contacts: np.ndarray, aht: np.ndarray, default_s: float | None = None) -> np.ndarray:
    """AHT where the forecast has none: the queue's contact-weighted average (contacts there are rare),
    or, when the history has no handle time at all, the queue's `default_s` (``QueueSettings.aht_s``)."""
    known = ~np.isnan(aht) & (aht > 0)
    if known.all():
        return aht
    weights = contacts[known]
    if not known.any():
        if default_s is not None:
            return np.full(aht.shape, float(default_s))
        if (contacts > 0).any():
            raise WfmError(f"queue {queue}: the forecast has no handle time (AHT): the history has no AHT column. "
                           "Give the AHT to plan with (Staffing page: AHT if none in history; "
                           "plan --aht-s), or import a history with handle times")
        return np.full(aht.shape, 1.0)
    mean = float(np.average(aht[known], weights=weights)) if weights.sum() > 0 else float(aht[known].mean())
    return np.where(known, aht, mean)


def _nan_if_none(value) -> float:
    return np.nan if value is None else float(value)


def _queue_requirements(queue: str, rows: pd.DataFrame, qs: QueueSettings, interval_min: int):
    start = pd.to_datetime(rows["start"])
    contacts = rows["contacts"].to_numpy(dtype=float)
    if np.any(~np.isfinite(contacts) | (contacts < 0)):
        raise WfmError(f"queue {queue}: the forecast has negative or missing contacts")
    aht = _fill_aht(queue, contacts, rows["aht_s"].to_numpy(dtype=float), qs.aht_s)
    is_open = open_mask(qs, start, contacts, interval_min)
    deferred = qs.channel == "deferred"
    target = qs.target if not deferred else None  # deferred work: only the occupancy cap applies
    start_min = ((start - start.min()) / pd.Timedelta(minutes=1)).to_numpy(dtype=float)
    result = staff_intervals(
        contacts, aht, float(interval_min),
        sl=np.nan if deferred else _nan_if_none(target.sl), answer_s=qs.answer_s,
        asa_s=np.nan if deferred else _nan_if_none(target.asa_s), max_occupancy=_nan_if_none(qs.max_occupancy),
        patience_s=np.nan if deferred else _nan_if_none(qs.patience_s), concurrency=qs.concurrency,
        response_h=float(qs.response_target_h) if deferred else np.nan, is_open=is_open,
        min_staff=qs.planned_min_staff, start_min=start_min,
    )
    notes = staffing_notes(queue, contacts, is_open, np.full(contacts.size, deferred), result.late,
                           np.full(contacts.size, np.nan if qs.response_target_h is None else qs.response_target_h))
    if qs.fill_quiet_gaps and not deferred:
        result, is_open, filled = _fill_quiet_gaps(result, contacts, is_open, qs.open_hours is None, start_min,
                                                   interval_min)
        if filled:
            notes.append(f"{queue}: {filled:,} quiet interval(s) without agents between staffed ones get 1 agent "
                         "(quiet-gap rule), so the night requirement does not flicker.")
    n = contacts.size
    months = start.dt.month.to_numpy()
    total = np.array([qs.shrinkage_for_month(m).total for m in months]) if n else np.zeros(0)
    unscheduled = np.array([qs.shrinkage_for_month(m).unscheduled for m in months]) if n else np.zeros(0)
    net = result.agents_net.astype(float)
    frame = pd.DataFrame({
        "queue": pd.Series([queue] * n, dtype="str"),
        "start": start.to_numpy(),
        "contacts": contacts,
        "aht_s": aht,
        "workload_erlangs": result.workload_erlangs,
        "agents_net": net,
        "agents_schedule": gross_agents(net, unscheduled).astype(float),
        "agents_gross": gross_agents_unrounded(net, total),  # paid agents: FTE from unrounded hours (#21)
        "service_level": result.service_level,
        "asa_s": result.asa_s,
        "occupancy": result.occupancy,
        "abandon_rate": result.abandon_rate,
        "open": is_open,
    })
    return frame, notes, result.with_abandonment


def _fill_quiet_gaps(result: StaffedIntervals, contacts, is_open, hours_as_forecast: bool, start_min, interval_min):
    """One agent in short runs of empty intervals between staffed ones (:mod:`.quiet`); such an
    interval meets its target (SL 1, ASA 0, occupancy 0). Returns the result, the open mask, and the
    number of intervals filled."""
    may_open = np.ones(contacts.size, dtype=bool) if hours_as_forecast else is_open
    filled = quiet_gaps(result.agents_net, contacts, may_open, start_min, float(interval_min))
    if not filled.any():
        return result, is_open, 0
    net = result.agents_net.copy()
    net[filled] = 1
    values = {name: getattr(result, name).copy() for name in ("service_level", "asa_s", "occupancy", "abandon_rate")}
    values["service_level"][filled], values["asa_s"][filled], values["occupancy"][filled] = 1.0, 0.0, 0.0
    if result.with_abandonment:
        values["abandon_rate"][filled] = 0.0
    out = StaffedIntervals(result.workload_erlangs, net, values["service_level"], values["asa_s"],
                           values["occupancy"], values["abandon_rate"], result.late, result.with_abandonment)
    return out, is_open | filled, int(filled.sum())


# -- `wfm-desktop staff`: a table of intervals -------------------------------------------------


def staff_table(
    frame: pd.DataFrame,
    *,
    target: ServiceTarget = ServiceTarget(),
    aht_s: float | None = None,
    interval_min: float | None = None,
    shrinkage: float = 0.0,
    patience_s: float | None = None,
    concurrency: int = 1,
    response_h: float | None = None,
    convention: str = DIVIDE,
    source: str = "table",
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Requirements for every row of an interval table, and plain-language notes.

    The keyword arguments are the values for columns the table lacks or leaves blank (None: no
    default). Output = the input columns + :data:`OUTPUT_COLUMNS` (+ ``abandon_rate`` when a row
    that is not deferred work has a patience). Errors name the source, the row and the column.
    """
    if convention not in CONVENTIONS:
        raise WfmError(f"shrinkage convention: {convention!r} must be one of {', '.join(CONVENTIONS)}")
    report(progress, 0.05, "reading columns")
    t = _Table(frame, source)
    c = t.read(target=target, aht_s=aht_s, shrinkage=shrinkage, patience_s=patience_s, concurrency=concurrency,
               response_h=response_h, interval_min=interval_min)
    start_min, group, is_open, interval = c.pop("start_min"), c.pop("group"), c.pop("open"), c.pop("interval_min")
    check_cancel(cancel)
    report(progress, 0.2, "solving required agents")
    result = staff_intervals(
        c["contacts"], c["aht_s"], interval, sl=c["sl_target"], answer_s=c["answer_s"], asa_s=c["asa_target_s"],
        max_occupancy=c["max_occupancy"], patience_s=c["patience_s"], concurrency=c["concurrency"],
        response_h=c["response_h"], is_open=is_open, min_staff=c["min_staff"], start_min=start_min, group=group,
        cancel=cancel, progress=progress,
    )
    labels = group if group is not None else np.full(len(frame), source, dtype=object)
    notes = []
    for label in pd.unique(labels):
        mine = labels == label
        notes += staffing_notes(str(label), c["contacts"][mine], is_open[mine], ~np.isnan(c["response_h"][mine]),
                                result.late[mine], c["response_h"][mine])
    gross = gross_agents(result.agents_net, c["shrinkage"], convention)
    out = frame.drop(columns=[col for col in frame.columns
                              if str(col).strip().lower() in OUTPUT_COLUMNS + ("abandon_rate",)])
    out = out.assign(
        workload_erlangs=result.workload_erlangs,
        agents_net=result.agents_net,
        agents_gross=gross,
        service_level=result.service_level,
        asa_s=result.asa_s,
        occupancy=result.occupancy,
    )
    if result.with_abandonment:
        out = out.assign(abandon_rate=result.abandon_rate)
    report(progress, 1.0, "done")
    return out, tuple(notes)


# -- reading the table: the columns, their checks and their defaults ----------------------------

TABLE_COLUMNS = {  # column → (what it is, rule)
    "contacts": ("contacts", ">=0"),  # or "offered", as `wfm-desktop import` writes
    "aht_s": ("AHT (s)", ">0"),
    "interval_min": ("interval length (min)", ">0"),  # else inferred from the spacing of "start"
    "sl_target": ("service level target", "frac_open"),
    "answer_s": ("target answer time (s)", ">=0"),  # also read under its old name "target_answer_s"
    "asa_target_s": ("ASA target (s)", ">0"),
    "max_occupancy": ("occupancy cap", "frac_cap"),
    "shrinkage": ("shrinkage", "shrink"),
    "patience_s": ("patience (s)", ">0"),  # set: Erlang A
    "concurrency": ("concurrency", "int>=1"),  # > 1: the chat model
    "response_h": ("response target (h)", ">0"),  # set: deferred work
    "min_staff": ("minimum staff", "int>=0"),
}
"""Per-row columns of a staff table besides ``start`` (date-time), ``queue`` (deferred windows and the
interval inference stay within a queue) and ``open`` (0/false/closed: a closed interval)."""
OLD_NAMES = {"target_answer_s": "answer_s"}
_RULE_TEXT = {
    ">=0": "must be a number, 0 or more",
    ">0": "must be a number greater than 0",
    "frac_open": "must be a fraction between 0 and 1 (0.8 for 80%)",
    "frac_cap": "must be a fraction in (0, 1] (0.85 for 85%)",
    "shrink": "must be a fraction in [0, 1) (0.3 for 30%)",
    "int>=1": "must be a whole number, 1 or more",
    "int>=0": "must be a whole number, 0 or more",
}
_OPEN, _CLOSED = ("1", "1.0", "true", "yes", "y", "open", "", "nan"), ("0", "0.0", "false", "no", "n", "closed")


def _bad(values: np.ndarray, rule: str) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        if rule == ">=0":
            return ~(values >= 0) | ~np.isfinite(values)
        if rule == ">0":
            return ~(values > 0) | ~np.isfinite(values)
        if rule == "frac_open":
            return ~((values > 0) & (values < 1))
        if rule == "frac_cap":
            return ~((values > 0) & (values <= 1))
        if rule == "shrink":
            return ~((values >= 0) & (values < 1))
        low = 1 if rule == "int>=1" else 0
        return ~((values >= low) & (values == np.floor(values)) & np.isfinite(values))


class _Table:
    """Column access with messages that name source, row and column."""

    def __init__(self, frame: pd.DataFrame, source: str):
        if len(frame) == 0:
            raise WfmError(f"{source}: the table has no rows")
        self.frame = frame
        self.source = source
        self.lower = {}
        for name in frame.columns:
            key = str(name).strip().lower()
            if key in self.lower:
                raise WfmError(f"{source}: two columns are both called {key!r}")
            self.lower[key] = name
        for old, new in OLD_NAMES.items():
            if old in self.lower and new in self.lower:
                raise WfmError(f"{source}: columns {old!r} and {new!r} are the same thing; keep one")
            if old in self.lower:
                self.lower[new] = self.lower.pop(old)

    def has(self, key: str) -> bool:
        return key in self.lower

    def error(self, row: int, key: str, message: str) -> WfmError:
        return WfmError(f"{self.source}: row {row + 2}, column {self.lower.get(key, key)}: {message}")

    def numbers(self, key: str, default=None, *, required_text: str = "") -> np.ndarray:
        """The column as floats; blanks take `default` (NaN when None); text or out-of-range values raise."""
        size = len(self.frame)
        what, rule = TABLE_COLUMNS[key]
        if key not in self.lower:
            return np.full(size, np.nan if default is None else float(default))
        raw = self.frame[self.lower[key]]
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        blank = np.zeros(size, dtype=bool)
        missing = np.flatnonzero(np.isnan(values))
        if missing.size:
            cells = raw.iloc[missing]
            blank[missing] = cells.isna().to_numpy() | (cells.astype(str).str.strip().to_numpy() == "")
        text = np.isnan(values) & ~blank
        if text.any():
            row = int(np.flatnonzero(text)[0])
            raise self.error(row, key, f"{show_value(raw.iloc[row])} is not a number ({what} {_RULE_TEXT[rule]})")
        if blank.any():
            if default is None and required_text:
                row = int(np.flatnonzero(blank)[0])
                raise self.error(row, key, f"the {what} is blank; {required_text}")
            values = np.where(blank, np.nan if default is None else float(default), values)
        bad = ~np.isnan(values) & _bad(values, rule)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            if rule.startswith(("frac", "shrink")) and values[row] > 1:
                raise self.error(row, key, f"{show_value(raw.iloc[row])}: {what} is above 1 — rates are fractions "
                                           "(write 0.8 for 80%)")
            raise self.error(row, key, f"{show_value(raw.iloc[row])}: {what} {_RULE_TEXT[rule]}")
        return values

    def read(self, *, target: ServiceTarget, aht_s, interval_min, shrinkage, patience_s, concurrency,
             response_h) -> dict[str, np.ndarray]:
        """Every column the engine needs, blanks and absent columns filled from the defaults."""
        source = self.source
        if not (self.has("contacts") or self.has("offered")):
            raise WfmError(f"{source}: no 'contacts' (or 'offered') column; columns are: "
                           f"{', '.join(map(str, self.frame.columns))}")
        if not self.has("contacts"):
            self.lower["contacts"] = self.lower["offered"]
        c = {"contacts": self.numbers("contacts", required_text="fill it in (0 when there were none)")}
        if not self.has("aht_s") and aht_s is None:
            raise WfmError(f"{source}: no 'aht_s' column; add one or give a default AHT (--aht-s)")
        c["aht_s"] = self.numbers("aht_s", aht_s, required_text="fill it in or give a default AHT (--aht-s)")
        c["start_min"] = self._start_minutes()
        c["interval_min"] = self._interval_minutes(interval_min, c["start_min"])
        for key, default in (("sl_target", target.sl), ("answer_s", target.answer_s), ("asa_target_s", target.asa_s),
                             ("max_occupancy", target.max_occupancy), ("shrinkage", shrinkage),
                             ("patience_s", patience_s), ("concurrency", concurrency), ("response_h", response_h),
                             ("min_staff", 0)):
            c[key] = self.numbers(key, default)
        no_target = np.isnan(c["sl_target"]) & np.isnan(c["asa_target_s"]) & np.isnan(c["max_occupancy"]) & np.isnan(
            c["response_h"])
        if no_target.any():
            raise self.error(int(np.flatnonzero(no_target)[0]), "sl_target",
                             "no target is set (service level, ASA or occupancy cap)")
        c["group"] = self.frame[self.lower["queue"]].astype(str).to_numpy() if self.has("queue") else None
        c["open"] = self._open()
        return c

    def _start_minutes(self) -> np.ndarray | None:
        """Interval starts as minutes since the first (float), or None without a start column."""
        if not self.has("start"):
            return None
        raw = self.frame[self.lower["start"]]
        if pd.api.types.is_datetime64_any_dtype(raw):
            stamps = pd.to_datetime(raw)
        else:
            try:
                stamps = pd.to_datetime(raw, format="ISO8601")
            except (ValueError, TypeError):
                stamps = pd.to_datetime(raw, errors="coerce")
        values = stamps.to_numpy(dtype="datetime64[ns]")
        bad = np.isnat(values)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise self.error(row, "start", f"{show_value(raw.iloc[row])} is not a date and time")
        ns = values.astype(np.int64)
        return (ns - ns.min()) / 60e9

    def _interval_minutes(self, default: float | None, start_min: np.ndarray | None) -> np.ndarray:
        if self.has("interval_min"):
            return self.numbers("interval_min", default, required_text="fill it in or give a default (--interval-min)")
        if default is not None:
            return np.full(len(self.frame), float(default))
        if start_min is None or len(self.frame) < 2:
            raise WfmError(
                f"{self.source}: the interval length is unknown — add an 'interval_min' column, "
                "a 'start' column with at least two intervals, or give --interval-min"
            )
        groups = self.frame[self.lower["queue"]].astype(str).to_numpy() if self.has("queue") else np.zeros(len(self.frame))
        order = np.lexsort((start_min, groups))
        gaps = np.diff(start_min[order])
        same = groups[order][1:] == groups[order][:-1]
        gaps = np.round(gaps[same & (gaps > 0)], 6)
        if gaps.size == 0:
            raise WfmError(f"{self.source}: cannot infer the interval length from 'start' (all starts are equal); "
                           "give --interval-min")
        values, counts = np.unique(gaps, return_counts=True)
        return np.full(len(self.frame), float(values[np.argmax(counts)]))

    def _open(self) -> np.ndarray:
        """The ``open`` column: 0/false/no/closed marks a closed interval; absent = all open."""
        if not self.has("open"):
            return np.ones(len(self.frame), dtype=bool)
        raw = self.frame[self.lower["open"]].astype(str).str.strip().str.lower()
        known = raw.isin(_OPEN + _CLOSED)
        if not known.all():
            row = int(np.flatnonzero(~known.to_numpy())[0])
            raise self.error(row, "open", f"{show_value(self.frame[self.lower['open']].iloc[row])}: write 1/0, "
                                          "true/false or open/closed")
        return ~raw.isin(_CLOSED).to_numpy()
