"""Trade-offs for trainers: how agents, service and cost move when one input moves.

Everything here takes the Calculator's :class:`~wfm_desktop.core.staffing.calculator.IntervalInputs`
(contacts per interval, AHT, targets, shrinkage, patience, concurrency) plus two
trainer inputs, wrapped in a :class:`Scenario`:

* ``deflection`` — the share of contacts self-service or a chatbot takes away
  before they reach an agent: contacts to agents = contacts × (1 − deflection),
  exactly (no rounding).
* ``hourly_cost`` — the loaded cost of one paid agent hour (wage plus overhead,
  in any currency). Staffing cost per hour = gross agents × hourly cost, and
  cost per contact = that × interval hours ÷ contacts to agents.

The functions are vectorised (one call to the Erlang engine per curve) and
fast enough to run on every slider move:

* :func:`agent_curves` — SL, ASA, occupancy and abandonment for a window of N
  around the requirement;
* :func:`agents_vs_target` — net and gross agents and cost for a sweep of
  service-level targets (the other targets held);
* :func:`pooling` — one pool against the same volume split evenly into k pools;
* :func:`summarise` and :func:`compare` — the headline figures of a scenario
  and the differences between two (A/B cards).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from wfm_desktop.core.staffing.erlang import check_number, evaluate, required_agents
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.calculator import IntervalInputs, gross_agents, model_name

DEFAULT_SL_SWEEP = np.round(np.arange(0.50, 0.991, 0.01), 2)
"""Service-level targets swept by :func:`agents_vs_target` (50 % to 99 %)."""

MAX_POOLS = 12
"""The most pools :func:`pooling` splits a volume into."""


def check_deflection(value, field: str = "deflection") -> float:
    """A deflection fraction in [0, 1); 20 instead of 0.2 is named."""
    number = check_number(field, value)
    if number > 1:
        raise WfmError(f"{field}: {value!r} is above 1 — rates are fractions (write 0.2 for 20%)")
    if not (0 <= number < 1):
        raise WfmError(f"{field}: {value!r} must be a fraction in [0, 1)")
    return number


def deflect(inputs: IntervalInputs, deflection: float) -> IntervalInputs:
    """The same interval with contacts × (1 − deflection) reaching the agents.

    >>> deflect(IntervalInputs(200, 30, 180), 0.25).contacts
    150.0
    """
    d = check_deflection(deflection)
    return replace(inputs, contacts=float(inputs.contacts) * (1.0 - d))


@dataclass(frozen=True)
class Scenario:
    """The Calculator's inputs plus what a trainer varies on top of them.

    ``inputs.contacts`` is the volume *before* deflection.
    """

    inputs: IntervalInputs
    deflection: float = 0.0
    hourly_cost: float = 25.0

    def __post_init__(self) -> None:
        if not isinstance(self.inputs, IntervalInputs):
            raise WfmError(f"scenario inputs: {self.inputs!r} is not an IntervalInputs")
        check_deflection(self.deflection)
        check_number("hourly cost", self.hourly_cost, minimum=0.0)

    @property
    def to_agents(self) -> IntervalInputs:
        """The interval as the agents see it: contacts after deflection."""
        return deflect(self.inputs, self.deflection)


def _pat(inputs: IntervalInputs) -> float:
    return np.nan if inputs.patience_s is None else float(inputs.patience_s)


def _required(workload, inputs: IntervalInputs, *, sl=None) -> np.ndarray:
    """Required net agents for an array of workloads (and optionally of SL targets)."""
    t = inputs.target
    workload = np.atleast_1d(np.asarray(workload, dtype=float))
    size = workload.size
    return required_agents(
        workload, inputs.effective_aht_s, sl=t.sl if sl is None else sl, answer_s=t.answer_s,
        asa_s=t.asa_s, max_occupancy=t.max_occupancy, patience_s=np.full(size, _pat(inputs)),
    )


def _gross(net, inputs: IntervalInputs) -> np.ndarray:
    return gross_agents(net, inputs.shrinkage, inputs.convention)


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class ScenarioSummary:
    """The headline figures of one scenario (at the required net agents)."""

    scenario: Scenario
    contacts: float  # before deflection
    contacts_to_agents: float  # after deflection
    workload_erlangs: float
    agents_net: int
    agents_gross: int
    service_level: float
    asa_s: float | None  # None where undefined
    occupancy: float
    abandon_rate: float | None  # None for Erlang C
    cost_per_hour: float
    cost_per_contact: float | None  # None without contacts
    model: str

    def figures(self) -> dict[str, float | None]:
        """The numeric figures by name, in display order (for cards and comparisons)."""
        return {name: getattr(self, name) for name in FIGURES}


FIGURES: dict[str, str] = {
    "contacts_to_agents": "Contacts to agents",
    "workload_erlangs": "Workload (Erlangs)",
    "agents_net": "Net agents",
    "agents_gross": "Gross agents",
    "service_level": "Service level",
    "asa_s": "ASA (s)",
    "occupancy": "Occupancy",
    "abandon_rate": "Abandoned",
    "cost_per_hour": "Cost per hour",
    "cost_per_contact": "Cost per contact",
}
"""Figure name → label, in the order the A/B cards list them."""


def _finite(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def summarise(scenario: Scenario) -> ScenarioSummary:
    """Required agents, service, cost per hour and per contact for one scenario.

    >>> from wfm_desktop.core.staffing.calculator import IntervalInputs
    >>> s = summarise(Scenario(IntervalInputs(100, 30, 180, shrinkage=0.3), hourly_cost=20))
    >>> s.agents_net, s.agents_gross, s.cost_per_hour, s.cost_per_contact
    (14, 20, 400.0, 2.0)
    """
    inputs = scenario.to_agents
    a = inputs.workload_erlangs
    net = int(_required([a], inputs)[0])
    gross = int(_gross(net, inputs))
    m = evaluate(np.array([net]), a, inputs.effective_aht_s, inputs.target.answer_s, np.array([_pat(inputs)]))
    cost_h = gross * float(scenario.hourly_cost)
    contacts = float(inputs.contacts)
    per_contact = cost_h * float(inputs.interval_min) / 60.0 / contacts if contacts > 0 else None
    return ScenarioSummary(
        scenario=scenario,
        contacts=float(scenario.inputs.contacts),
        contacts_to_agents=contacts,
        workload_erlangs=a,
        agents_net=net,
        agents_gross=gross,
        service_level=float(m["service_level"][0]),
        asa_s=_finite(m["asa_s"][0]),
        occupancy=float(m["occupancy"][0]) if net > 0 or a == 0 else 0.0,
        abandon_rate=None if inputs.patience_s is None else float(m["abandon_rate"][0]),
        cost_per_hour=cost_h,
        cost_per_contact=per_contact,
        model=model_name(inputs.patience_s, int(inputs.concurrency)),
    )


def compare(a: ScenarioSummary, b: ScenarioSummary) -> pd.DataFrame:
    """One row per figure: ``figure, label, a, b, difference`` (B − A; NaN where either is missing)."""
    fa, fb = a.figures(), b.figures()
    rows = []
    for name, label in FIGURES.items():
        va = np.nan if fa[name] is None else float(fa[name])
        vb = np.nan if fb[name] is None else float(fb[name])
        rows.append({"figure": name, "label": label, "a": va, "b": vb, "difference": vb - va})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- curves


@dataclass(frozen=True)
class AgentCurves:
    """Metrics for each N in ``agents`` (arrays of the same length) and the requirement."""

    agents: np.ndarray
    service_level: np.ndarray
    asa_s: np.ndarray  # NaN where undefined (N ≤ workload with Erlang C)
    occupancy: np.ndarray
    abandon_rate: np.ndarray  # NaN for Erlang C
    agents_net: int
    workload_erlangs: float
    erlang_a: bool
    view: tuple[int, int]  # the range of N to show (:func:`agent_window`); the arrays may reach beyond it


def agent_window(workload: float, agents_net: int, *, erlang_a: bool = False) -> tuple[int, int]:
    """The range of N worth showing: well below the requirement to well above it.

    The view's half-width grows like √A (the width of the service-level curve's
    rise), at least 8, so small and large centres both show the whole S-curve.
    With Erlang C it starts one agent below the workload (below that the queue
    never empties: SL 0, occupancy 100 %); Erlang A may staff below the workload.
    """
    half = max(8, int(math.ceil(3.0 * math.sqrt(max(workload, 0.0)))))
    low = max(1, agents_net - half)
    if not erlang_a:
        low = max(low, int(math.floor(workload)) - 1)
    return low, agents_net + half


def _data_window(workload: float, agents_net: int, *, erlang_a: bool) -> tuple[int, int]:
    """:func:`agent_window` widened by half its width each side (at least 4 agents), within its floor.

    A chart can then keep its view still while the requirement moves a little.
    """
    low, high = agent_window(workload, agents_net, erlang_a=erlang_a)
    extra = max(4, (high - low) // 2)
    floor = 1 if erlang_a else max(1, int(math.floor(workload)) - 1)
    return max(floor, low - extra), high + extra


def agent_curves(scenario: Scenario, agents=None, *, agents_net: int | None = None) -> AgentCurves:
    """SL, ASA, occupancy and abandonment against N agents (default: :func:`agent_window`, widened).

    `agents_net`, when the caller already has it (from :func:`summarise`), saves solving it again.
    """
    inputs = scenario.to_agents
    a = inputs.workload_erlangs
    net = int(_required([a], inputs)[0]) if agents_net is None else int(agents_net)
    pat = _pat(inputs)
    erlang_a = not math.isnan(pat)
    view = agent_window(a, net, erlang_a=erlang_a)
    if agents is None:
        low, high = _data_window(a, net, erlang_a=erlang_a)
        agents = np.arange(low, high + 1)
    agents = np.asarray(agents, dtype=np.int64)
    m = evaluate(agents, a, inputs.effective_aht_s, inputs.target.answer_s, np.full(agents.size, pat))
    return AgentCurves(
        agents=agents,
        service_level=m["service_level"],
        asa_s=m["asa_s"],
        occupancy=m["occupancy"],
        abandon_rate=m["abandon_rate"],
        agents_net=net,
        workload_erlangs=a,
        erlang_a=erlang_a,
        view=view,
    )


@dataclass(frozen=True)
class TargetCurve:
    """Agents and cost for each service-level target in ``sl_target``."""

    sl_target: np.ndarray
    agents_net: np.ndarray
    agents_gross: np.ndarray
    cost_per_hour: np.ndarray
    current_sl: float | None  # the scenario's own target, for the marker


def agents_vs_target(scenario: Scenario, sl_targets=None) -> TargetCurve:
    """Net and gross agents and cost per hour for a sweep of SL targets (answer time, ASA and cap held)."""
    targets = DEFAULT_SL_SWEEP if sl_targets is None else np.asarray(sl_targets, dtype=float)
    if targets.size == 0 or np.any(~(targets > 0) | ~(targets < 1)):
        raise WfmError("service level targets: each must be a fraction in (0, 1)")
    inputs = scenario.to_agents
    a = np.full(targets.size, inputs.workload_erlangs)
    net = _required(a, inputs, sl=targets)
    gross = _gross(net, inputs)
    return TargetCurve(
        sl_target=targets,
        agents_net=net,
        agents_gross=gross,
        cost_per_hour=gross * float(scenario.hourly_cost),
        current_sl=inputs.target.sl,
    )


@dataclass(frozen=True)
class PoolingResult:
    """The same volume in 1..K equal pools: totals over the pools for each k in ``pools``."""

    pools: np.ndarray
    agents_net: np.ndarray  # total over the k pools
    agents_gross: np.ndarray  # each pool rounded up on its own, then summed
    occupancy: np.ndarray  # of each (identical) pool at its required agents, as summarise() reports it
    chosen: int

    def extra_agents(self, k: int | None = None) -> int:
        """Net agents k pools need beyond one pool (default: the chosen k)."""
        k = self.chosen if k is None else k
        return int(self.agents_net[k - 1] - self.agents_net[0])


def pooling(scenario: Scenario, pools: int, *, max_pools: int | None = None) -> PoolingResult:
    """One pool against the same contacts split evenly into k pools, for k = 1..max(pools, 6).

    Each pool keeps the AHT, targets, patience and shrinkage and gets contacts ÷ k;
    the totals show what splitting a queue (by skill, site or language) costs.
    """
    k = int(check_number("pools", pools, minimum=1.0))
    if k != pools or k > MAX_POOLS:
        raise WfmError(f"pools: {pools!r} must be a whole number from 1 to {MAX_POOLS}")
    top = max(k, 6) if max_pools is None else int(max_pools)
    if not 1 <= top <= MAX_POOLS or top < k:
        raise WfmError(f"max pools: {max_pools!r} must be from {k} to {MAX_POOLS}")
    inputs = scenario.to_agents
    ks = np.arange(1, top + 1)
    per_pool_a = inputs.workload_erlangs / ks
    per_pool_net = _required(per_pool_a, inputs)
    net = per_pool_net * ks
    gross = _gross(per_pool_net, inputs) * ks
    metrics = evaluate(per_pool_net, per_pool_a, inputs.effective_aht_s, inputs.target.answer_s,
                       np.full(ks.size, _pat(inputs)), with_asa=False)
    occ = np.nan_to_num(metrics["occupancy"], nan=0.0)  # every pool alike: a pool's occupancy is the total's
    return PoolingResult(pools=ks, agents_net=net, agents_gross=gross, occupancy=occ, chosen=k)


VIEWS = ("curves", "target", "pooling")
"""The charts of the Trade-offs page, by the name :func:`compute` knows them."""


@dataclass(frozen=True)
class TradeoffResult:
    """What the Trade-offs page shows for one scenario; charts not asked for are None."""

    summary: ScenarioSummary
    pools: int
    curves: AgentCurves | None = None
    target_curve: TargetCurve | None = None
    pooling: PoolingResult | None = None


def compute(scenario: Scenario, pools: int = 2, views=VIEWS, *, summary: ScenarioSummary | None = None
            ) -> TradeoffResult:
    """The summary plus the data of the charts named in `views` (a subset of :data:`VIEWS`).

    The page asks only for the chart on screen, so a slider move costs one summary and one
    curve; it shows the numbers first and passes their `summary` here so it is not solved twice.
    """
    unknown = set(views) - set(VIEWS)
    if unknown:
        raise WfmError(f"trade-off charts: {', '.join(sorted(unknown))} unknown (known: {', '.join(VIEWS)})")
    if summary is None or summary.scenario != scenario:
        summary = summarise(scenario)
    return TradeoffResult(
        summary=summary,
        pools=int(pools),
        curves=agent_curves(scenario, agents_net=summary.agents_net) if "curves" in views else None,
        target_curve=agents_vs_target(scenario) if "target" in views else None,
        pooling=pooling(scenario, pools) if "pooling" in views else None,
    )
