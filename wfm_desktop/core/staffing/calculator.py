"""Staffing: from contacts, AHT and targets to net and gross agents.

:func:`calculate_interval` answers one interval for the Calculator page, with a
small table of N around the answer; :mod:`wfm_desktop.core.staffing.intervals` does a whole
interval table at once with the same models.

Models, chosen per interval:

* **Erlang C** — callers wait as long as it takes.
* **Erlang A** — callers abandon after an exponential patience (``patience_s``).
* **Chat with concurrency k** — an agent works up to k chats at once. Model:
  *effective handle time per chat* = AHT ÷ k, i.e. each chat occupies 1/k of
  an agent for its whole duration; Erlang C (or A) then runs on that handle
  time. Workload and occupancy are in agents (not chat slots).
* **Deferred work** (email, back office) is not queued in real time; see
  :mod:`wfm_desktop.core.staffing.deferred`.

Shrinkage, gross agents, FTE and the rule of thumb live in
:mod:`wfm_desktop.core.staffing.shrinkage` and are re-exported here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wfm_desktop.core.staffing.erlang import (
    ServiceTarget,
    check_number,
    evaluate,
    meets_targets,
    required_agents,
    target_arrays,
)
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.shrinkage import (  # noqa: F401 - re-exported
    CONVENTIONS,
    DIVIDE,
    MULTIPLY,
    RuleOfThumb,
    ShrinkageCategory,
    ShrinkageTable,
    check_shrinkage,
    fte,
    gross_agents,
    rule_of_thumb,
)


def check_concurrency(value, field: str = "concurrency") -> int:
    """Chats an agent handles at once: a whole number ≥ 1."""
    number = check_number(field, value, minimum=1.0)
    if number != int(number):
        raise WfmError(f"{field}: {value!r} must be a whole number of chats (1, 2, 3…)")
    return int(number)


def model_name(patience_s: float | None, concurrency: int) -> str:
    """The model in words, e.g. ``Erlang A (patience 60 s)`` or ``Erlang C, chat ×3 (effective AHT per chat)``."""
    name = "Erlang C" if patience_s is None else f"Erlang A (patience {patience_s:g} s)"
    if concurrency > 1:
        name += f", chat ×{concurrency} (effective AHT per chat)"
    return name


@dataclass(frozen=True)
class IntervalInputs:
    """One interval to staff: volume, handle time, targets and model switches."""

    contacts: float
    interval_min: float
    aht_s: float
    target: ServiceTarget = field(default_factory=ServiceTarget)
    shrinkage: float = 0.0
    patience_s: float | None = None  # set → Erlang A
    concurrency: int = 1  # > 1 → chat model
    convention: str = DIVIDE  # gross = net ÷ (1 − shrinkage); "multiply" = net × (1 + shrinkage)

    def __post_init__(self) -> None:
        check_number("contacts", self.contacts, minimum=0.0)
        check_number("interval length (min)", self.interval_min, minimum=0.0, strict=True)
        check_number("AHT (s)", self.aht_s, minimum=0.0, strict=True)
        if not isinstance(self.target, ServiceTarget):
            raise WfmError(f"target: {self.target!r} is not a ServiceTarget")
        check_shrinkage(self.shrinkage)
        if self.patience_s is not None:
            check_number("patience (s)", self.patience_s, minimum=0.0, strict=True)
        check_concurrency(self.concurrency)
        if self.convention not in CONVENTIONS:
            raise WfmError(f"shrinkage convention: {self.convention!r} must be one of {', '.join(CONVENTIONS)}")

    @property
    def effective_aht_s(self) -> float:
        """Handle time per chat on an agent: AHT ÷ concurrency (AHT itself for calls)."""
        return float(self.aht_s) / int(self.concurrency)

    @property
    def workload_erlangs(self) -> float:
        return float(self.contacts) * self.effective_aht_s / (float(self.interval_min) * 60.0)


@dataclass(frozen=True)
class IntervalResult:
    """The answer for one interval, at ``agents_net``, plus a table of N around it."""

    workload_erlangs: float
    agents_net: int
    agents_gross: int
    service_level: float
    asa_s: float | None  # None when undefined
    occupancy: float
    abandon_rate: float | None  # None for Erlang C
    model: str
    method_note: str
    table: pd.DataFrame  # agents, p_wait, service_level, asa_s, occupancy, [abandon_rate], meets_target


def _finite_or_none(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _targets_text(target: ServiceTarget) -> str:
    parts = []
    if target.sl is not None:
        parts.append(f"service level ≥ {target.sl:.0%} within {target.answer_s:g} s")
    if target.asa_s is not None:
        parts.append(f"ASA ≤ {target.asa_s:g} s")
    if target.max_occupancy is not None:
        parts.append(f"occupancy ≤ {target.max_occupancy:.0%}")
    return " and ".join(parts)


def calculate_interval(inputs: IntervalInputs, *, span: int = 6) -> IntervalResult:
    """Required net and gross agents for one interval, the metrics there, and N ± `span`.

    >>> r = calculate_interval(IntervalInputs(100, 30, 180, shrinkage=0.3))
    >>> r.agents_net, r.agents_gross, round(r.service_level, 4), round(r.asa_s, 2)
    (14, 20, 0.8884, 7.84)
    """
    target = inputs.target
    aht = inputs.effective_aht_s
    a = inputs.workload_erlangs
    patience = None if inputs.patience_s is None else float(inputs.patience_s)
    pat_arg = np.nan if patience is None else patience
    net = int(required_agents(
        np.array([a]), aht, sl=target.sl, answer_s=target.answer_s, asa_s=target.asa_s,
        max_occupancy=target.max_occupancy, patience_s=pat_arg,
    )[0])
    gross = int(gross_agents(net, inputs.shrinkage, inputs.convention))

    low = max(0 if a == 0 else 1, net - int(span))
    agents = np.arange(low, net + int(span) + 1)
    metrics = evaluate(agents, a, aht, target.answer_s, np.full(agents.size, pat_arg))
    sl_a, _, asa_a, occ_a = target_arrays(agents.size, target.sl, target.answer_s, target.asa_s, target.max_occupancy)
    meets = meets_targets(metrics, sl_a, asa_a, occ_a)
    columns = {"agents": agents, "p_wait": metrics["p_wait"], "service_level": metrics["service_level"],
               "asa_s": metrics["asa_s"], "occupancy": metrics["occupancy"]}
    if patience is not None:
        columns["abandon_rate"] = metrics["abandon_rate"]
    columns["meets_target"] = meets
    table = pd.DataFrame(columns)
    at = int(np.flatnonzero(agents == net)[0])

    model = model_name(patience, int(inputs.concurrency))
    note = _method_note(inputs, a, net, gross)
    return IntervalResult(
        workload_erlangs=a,
        agents_net=net,
        agents_gross=gross,
        service_level=float(metrics["service_level"][at]),
        asa_s=_finite_or_none(metrics["asa_s"][at]),
        occupancy=float(metrics["occupancy"][at]),
        abandon_rate=None if patience is None else float(metrics["abandon_rate"][at]),
        model=model,
        method_note=note,
        table=table,
    )


def _method_note(inputs: IntervalInputs, a: float, net: int, gross: int) -> str:
    """One or two sentences a planner can read: how the numbers were computed."""
    if inputs.concurrency > 1:
        work = (f"Workload {a:.2f} agents = {inputs.contacts:g} chats × ({inputs.aht_s:g} s ÷ {inputs.concurrency} "
                f"at once) ÷ {inputs.interval_min:g} min")
    else:
        work = f"Workload {a:.2f} Erlangs = {inputs.contacts:g} contacts × {inputs.aht_s:g} s ÷ {inputs.interval_min:g} min"
    if a == 0:
        return f"{work}: no contacts, so no agents are needed."
    if inputs.patience_s is not None:
        model = (f"Erlang A: callers abandon after {inputs.patience_s:g} s on average, "
                 "and an abandoned contact counts as missing the target")
    else:
        model = "Erlang C: callers wait as long as it takes"
    sentence = f"{work}; {net} agents is the smallest number meeting {_targets_text(inputs.target)} ({model})."
    if inputs.shrinkage > 0:
        if inputs.convention == DIVIDE:
            sentence += f" Gross {gross} = {net} ÷ (1 − {inputs.shrinkage:.0%} shrinkage), rounded up."
        else:
            sentence += f" Gross {gross} = {net} × (1 + {inputs.shrinkage:.0%} shrinkage), rounded up (multiply convention)."
    return sentence
