"""Requirements for a whole interval table: the engine behind ``wfm-desktop staff``.

Input columns (names case-insensitive; blanks in an optional column take the default):

==================  =======================================================
contacts / offered  contacts in the interval (``offered`` chains from import)
aht_s               average handle time, seconds
interval_min        interval length, minutes (or from ``start`` spacing)
start               interval start (date-time); used to infer the length and
                    to order deferred-work windows
queue               optional: intervals of different queues never mix
sl_target           service-level target, fraction (0.8)
target_answer_s     the T of "80% within T seconds"
asa_target_s        ASA ceiling, seconds
max_occupancy       occupancy cap, fraction
shrinkage           fraction of paid time
patience_s          mean patience, seconds: that row uses Erlang A
concurrency         chats at once per agent (> 1: chat model)
response_h          response target in hours: that row is deferred work
open                for deferred work: 0/false marks a closed interval
==================  =======================================================

Output = the input columns + ``workload_erlangs, agents_net, agents_gross,
service_level, asa_s, occupancy`` (+ ``abandon_rate`` when any row has a
patience; NaN for the Erlang C rows). ASA is NaN where undefined. Errors name
the source, the row (as numbered in a spreadsheet: the header is row 1) and
the column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wfm_desktop.core.staffing.erlang import ServiceTarget, evaluate, required_agents, show_value
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.progress import check_cancel, report
from wfm_desktop.core.staffing.shrinkage import CONVENTIONS, DIVIDE, gross_agents

OUTPUT_COLUMNS = ("workload_erlangs", "agents_net", "agents_gross", "service_level", "asa_s", "occupancy")


@dataclass(frozen=True)
class StaffingDefaults:
    """Values for columns the table lacks (or leaves blank). ``None`` = no default."""

    aht_s: float | None = None
    interval_min: float | None = None
    target: ServiceTarget = field(default_factory=ServiceTarget)
    shrinkage: float = 0.0
    patience_s: float | None = None
    concurrency: int = 1
    response_h: float | None = None
    convention: str = DIVIDE


# column → (what it is, rule); rules: ">=0", ">0", "frac_open", "frac_cap", "shrink", "int>=1"
_RULES = {
    "contacts": ("contacts", ">=0"),
    "aht_s": ("AHT (s)", ">0"),
    "interval_min": ("interval length (min)", ">0"),
    "sl_target": ("service level target", "frac_open"),
    "target_answer_s": ("target answer time (s)", ">=0"),
    "asa_target_s": ("ASA target (s)", ">0"),
    "max_occupancy": ("occupancy cap", "frac_cap"),
    "shrinkage": ("shrinkage", "shrink"),
    "patience_s": ("patience (s)", ">0"),
    "concurrency": ("concurrency", "int>=1"),
    "response_h": ("response target (h)", ">0"),
}
_RULE_TEXT = {
    ">=0": "must be a number, 0 or more",
    ">0": "must be a number greater than 0",
    "frac_open": "must be a fraction between 0 and 1 (0.8 for 80%)",
    "frac_cap": "must be a fraction in (0, 1] (0.85 for 85%)",
    "shrink": "must be a fraction in [0, 1) (0.3 for 30%)",
    "int>=1": "must be a whole number, 1 or more",
}


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
        return ~((values >= 1) & (values == np.floor(values)) & np.isfinite(values))


class _Table:
    """Column access with messages that name source, row and column."""

    def __init__(self, frame: pd.DataFrame, source: str):
        self.frame = frame
        self.source = source
        self.lower = {}
        for name in frame.columns:
            key = str(name).strip().lower()
            if key in self.lower:
                raise WfmError(f"{source}: two columns are both called {key!r}")
            self.lower[key] = name

    def has(self, key: str) -> bool:
        return key in self.lower

    def error(self, row: int, key: str, message: str) -> WfmError:
        return WfmError(f"{self.source}: row {row + 2}, column {self.lower.get(key, key)}: {message}")

    def numbers(self, key: str, default=None, *, required_text: str = "") -> np.ndarray:
        """The column as floats; blanks take `default` (NaN when None); text or out-of-range values raise."""
        size = len(self.frame)
        what, rule = _RULES[key]
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
        check = ~np.isnan(values)
        bad = check & _bad(values, rule)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            if rule.startswith(("frac", "shrink")) and values[row] > 1:
                raise self.error(row, key, f"{show_value(raw.iloc[row])}: {what} is above 1 — rates are fractions "
                                           "(write 0.8 for 80%)")
            raise self.error(row, key, f"{show_value(raw.iloc[row])}: {what} {_RULE_TEXT[rule]}")
        return values


def staff_table(
    frame: pd.DataFrame,
    defaults: StaffingDefaults = StaffingDefaults(),
    *,
    source: str = "table",
    progress=None,
    cancel=None,
) -> pd.DataFrame:
    """Requirements for every row of an interval table (see the module docstring)."""
    if defaults.convention not in CONVENTIONS:
        raise WfmError(f"shrinkage convention: {defaults.convention!r} must be one of {', '.join(CONVENTIONS)}")
    if len(frame) == 0:
        raise WfmError(f"{source}: the table has no rows")
    t = _Table(frame, source)
    if not (t.has("contacts") or t.has("offered")):
        raise WfmError(f"{source}: no 'contacts' (or 'offered') column; columns are: {', '.join(map(str, frame.columns))}")
    contacts_key = "contacts" if t.has("contacts") else "offered"
    if contacts_key == "offered":
        t.lower["contacts"] = t.lower["offered"]
    report(progress, 0.05, "reading columns")
    contacts = t.numbers("contacts", required_text="fill it in (0 when there were none)")
    if not t.has("aht_s") and defaults.aht_s is None:
        raise WfmError(f"{source}: no 'aht_s' column; add one or give a default AHT (--aht-s)")
    aht = t.numbers("aht_s", defaults.aht_s, required_text="fill it in or give a default AHT (--aht-s)")
    start_min = _start_minutes(t)
    interval = _interval_minutes(t, defaults, start_min)
    tgt = defaults.target
    sl = t.numbers("sl_target", tgt.sl)
    answer = t.numbers("target_answer_s", tgt.answer_s)
    asa = t.numbers("asa_target_s", tgt.asa_s)
    occ = t.numbers("max_occupancy", tgt.max_occupancy)
    shrink = t.numbers("shrinkage", defaults.shrinkage)
    patience = t.numbers("patience_s", defaults.patience_s)
    conc = t.numbers("concurrency", defaults.concurrency)
    response = t.numbers("response_h", defaults.response_h)
    no_target = np.isnan(sl) & np.isnan(asa) & np.isnan(occ) & np.isnan(response)
    if no_target.any():
        row = int(np.flatnonzero(no_target)[0])
        raise t.error(row, "sl_target", "no target is set (service level, ASA or occupancy cap)")
    check_cancel(cancel)

    aht_eff = aht / conc
    workload = contacts * aht_eff / (interval * 60.0)
    deferred = ~np.isnan(response)
    live = np.flatnonzero(~deferred)
    net = np.zeros(len(frame), dtype=np.int64)
    metrics = {k: np.full(len(frame), np.nan) for k in ("service_level", "asa_s", "occupancy", "abandon_rate")}
    report(progress, 0.2, "solving required agents")
    if live.size:
        # Rows with identical inputs (whole-contact volumes, one AHT) are solved once.
        key = np.nan_to_num(np.column_stack([workload, aht_eff, answer, sl, asa, occ, patience])[live], nan=-1.0)
        _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
        solve, inverse = live[first], inverse.ravel()
        found = required_agents(workload[solve], aht_eff[solve], sl=sl[solve], answer_s=answer[solve],
                                asa_s=asa[solve], max_occupancy=occ[solve], patience_s=patience[solve])
        net[live] = found[inverse]
        check_cancel(cancel)
        report(progress, 0.7, "service level at the required agents")
        m = evaluate(found, workload[solve], aht_eff[solve], answer[solve], patience[solve])
        for name in metrics:
            metrics[name][live] = m[name][inverse]
    if deferred.any():
        _deferred_rows(t, deferred, start_min, interval, workload, response, occ, net, metrics)
    gross = gross_agents(net, shrink, defaults.convention)

    out = frame.drop(columns=[c for c in frame.columns if str(c).strip().lower() in OUTPUT_COLUMNS + ("abandon_rate",)])
    out = out.assign(
        workload_erlangs=workload,
        agents_net=net,
        agents_gross=gross,
        service_level=metrics["service_level"],
        asa_s=metrics["asa_s"],
        occupancy=metrics["occupancy"],
    )
    if (~np.isnan(patience) & ~deferred).any():
        out = out.assign(abandon_rate=metrics["abandon_rate"])
    report(progress, 1.0, "done")
    return out


def _start_minutes(t: _Table) -> np.ndarray | None:
    """Interval starts as minutes since the first (float), or None without a start column."""
    if not t.has("start"):
        return None
    raw = t.frame[t.lower["start"]]
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
        raise t.error(row, "start", f"{show_value(raw.iloc[row])} is not a date and time")
    ns = values.astype(np.int64)
    return (ns - ns.min()) / 60e9


def _interval_minutes(t: _Table, defaults: StaffingDefaults, start_min: np.ndarray | None) -> np.ndarray:
    if t.has("interval_min"):
        return t.numbers("interval_min", defaults.interval_min,
                         required_text="fill it in or give a default (--interval-min)")
    if defaults.interval_min is not None:
        return np.full(len(t.frame), float(defaults.interval_min))
    if start_min is None or len(t.frame) < 2:
        raise WfmError(
            f"{t.source}: the interval length is unknown — add an 'interval_min' column, "
            "a 'start' column with at least two intervals, or give --interval-min"
        )
    groups = t.frame[t.lower["queue"]].astype(str).to_numpy() if t.has("queue") else np.zeros(len(t.frame))
    order = np.lexsort((start_min, groups))
    gaps = np.diff(start_min[order])
    same = groups[order][1:] == groups[order][:-1]
    gaps = np.round(gaps[same & (gaps > 0)], 6)
    if gaps.size == 0:
        raise WfmError(f"{t.source}: cannot infer the interval length from 'start' (all starts are equal); give --interval-min")
    values, counts = np.unique(gaps, return_counts=True)
    return np.full(len(t.frame), float(values[np.argmax(counts)]))


def _deferred_rows(t, deferred, start_min, interval, workload, response, occ, net, metrics) -> None:
    from wfm_desktop.core.staffing.deferred import spread_deferred

    rows = np.flatnonzero(deferred)
    if start_min is None:
        starts = np.concatenate([[0.0], np.cumsum(interval)[:-1]])
    else:
        starts = start_min
    is_open = np.ones(len(t.frame), dtype=bool)
    if t.has("open"):
        raw = t.frame[t.lower["open"]].astype(str).str.strip().str.lower()
        known = raw.isin(["1", "1.0", "true", "yes", "y", "open", "0", "0.0", "false", "no", "n", "closed", "", "nan"])
        if not known.all():
            row = int(np.flatnonzero(~known.to_numpy())[0])
            raise t.error(row, "open", f"{show_value(t.frame[t.lower['open']].iloc[row])}: write 1/0, true/false or open/closed")
        is_open = ~raw.isin(["0", "0.0", "false", "no", "n", "closed"]).to_numpy()
    group = t.frame[t.lower["queue"]].astype(str).to_numpy()[rows] if t.has("queue") else None
    result = spread_deferred(starts[rows], workload[rows], interval[rows], response[rows], group=group,
                             open_mask=is_open[rows], max_occupancy=occ[rows])
    net[rows] = result.agents_net
    with np.errstate(invalid="ignore", divide="ignore"):
        metrics["occupancy"][rows] = np.where(result.agents_net > 0, result.capacity_erlangs / result.agents_net, 0.0)
    metrics["service_level"][rows] = np.where(result.within_target, 1.0, 0.0)
    metrics["asa_s"][rows] = np.nan
