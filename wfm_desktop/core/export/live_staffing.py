"""Live staffing in the workbook: net agents as Erlang C formulas a manager can steer.

A queue staffed by Erlang C (voice, or chat on AHT ÷ concurrency) gets, on the
Intraday requirements sheet, formulas that recompute everything from the
Assumptions cells: contacts = forecast contacts × (1 + ``Queue<k>_Volume_Growth``),
AHT = forecast AHT × (1 + ``Queue<k>_AHT_Change``), workload, and **net agents: the
fewest agents meeting every target that is set** (``Queue<k>_SL_Target`` within
``Queue<k>_SL_Seconds``, ``Queue<k>_ASA_Target_s``, ``Queue<k>_Occupancy_Cap``),
raised to ``Queue<k>_Min_Staff`` in open intervals — the app's rule
(:func:`wfm_desktop.core.staffing.intervals.staff_intervals`), with the app's
tolerance (1E-9) on every comparison.

Erlang C in Excel 2007 functions. Erlang B is a ratio of Poisson terms,
B(N, A) = POISSON(N, A, FALSE) ÷ POISSON(N, A, TRUE); then
C = N·B ÷ (N − A·(1 − B)), SL = 1 − C·e^(−(N − A)·T ÷ AHT), ASA = C·AHT ÷ (N − A),
occupancy = A ÷ N. Every target is monotone in N above A (SL rises, ASA and
occupancy fall), so "meets every target" is false up to the answer and true from
it on, and the answer is found by **bisection**: from the app's own first candidate
L = max(⌊A⌋ + 1, the occupancy floor) (no N below it is both above A and within the
cap; every N from it on is), ``bits`` helper columns ("Step 1…") each halve a window
of W = 2^bits candidates L … L + W − 1: step b holds the answer found so far, N_b,
and adds 2^b when N_b + 2^b − 1 misses a target; the last step is the answer. One more
column ("Window holds") tests the window's top: when it meets every target, the
answer lies in the window (monotonicity) — a certificate per row, not the app's
value ± k. W is chosen (:func:`search_bits`) so that it holds the answer for every
input inside the ranges the data validation allows (workload up to the plan's
largest × the largest growth and AHT change, SL target up to 99.9 % with 0 s,
ASA down to :data:`MIN_ASA_S`); a row outside that still shows "Window holds" 0,
and the Summary's status line turns red.

Queues whose model is not a formula here — Erlang A (patience), deferred work —
keep the app's net agents, and a check cell on the Summary turns red with a
sentence when an input that drives them differs from the value the app used.
A queue whose exported net agents the formulas would not reproduce (e.g. a plan
computed by an older version) is treated the same way, so the workbook never
silently shows numbers the app did not compute.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wfm_desktop.core.export.data import PlanWorkbookData, QueueAssumptions
from wfm_desktop.core.staffing.erlang_c import required_agents_c
from wfm_desktop.core.staffing.intervals import staff_intervals

# Ranges the data validation allows for the levers; the search window is sized for them.
GROWTH_RANGE = (-0.9, 1.0)  # volume growth and AHT change, as fractions
SL_RANGE = (0.01, 0.999)
ANSWER_S_RANGE = (0.0, 3600.0)
MIN_ASA_S = 1.0
OCCUPANCY_RANGE = (0.3, 1.0)
TOL = "1E-9"  # the app's tolerance on targets (wfm_desktop.core.staffing.erlang_c.TOLERANCE)


def is_formula_model(q: QueueAssumptions) -> bool:
    """True for a queue the workbook can staff by formulas: Erlang C, voice or chat."""
    return (q.channel in ("voice", "chat") and q.patience_s is None and q.response_target_h is None
            and (q.sl_target is not None or q.asa_target_s is not None or q.max_occupancy is not None))


def open_mask(frame: pd.DataFrame) -> np.ndarray:
    """Which intervals are open: the plan's ``open`` column, else those with contacts or agents."""
    if "open" in frame.columns:
        return frame["open"].to_numpy(dtype=bool)
    contacts = pd.to_numeric(frame["contacts"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    net = pd.to_numeric(frame["agents_net"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    return (contacts > 0) | (net > 0)


def effective_aht(q: QueueAssumptions, aht_s: np.ndarray) -> np.ndarray:
    return aht_s / (q.concurrency or 1) if q.channel == "chat" else aht_s


def reproduce_net(q: QueueAssumptions, rows: pd.DataFrame, interval_min: int, *, growth: float = 0.0,
                  aht_change: float = 0.0) -> np.ndarray:
    """Net agents by the app's engine for `rows` of queue `q` with the workbook's levers applied."""
    contacts = rows["contacts"].to_numpy(dtype=float) * (1 + growth)
    aht = rows["aht_s"].to_numpy(dtype=float) * (1 + aht_change)
    nan = np.nan
    res = staff_intervals(
        contacts, aht, float(interval_min),
        sl=nan if q.sl_target is None else q.sl_target,
        answer_s=20.0 if q.answer_s is None else q.answer_s,
        asa_s=nan if q.asa_target_s is None else q.asa_target_s,
        max_occupancy=nan if q.max_occupancy is None else q.max_occupancy,
        concurrency=(q.concurrency or 1) if q.channel == "chat" else 1,
        is_open=open_mask(rows), min_staff=q.min_staff,
    )
    return res.agents_net.astype(float)


@dataclass
class LivePlan:
    """Which queues are live, why the others are not, and the search width."""

    live: dict[str, int] = field(default_factory=dict)  # queue -> k (1-based)
    frozen: dict[str, str] = field(default_factory=dict)  # queue -> why its net agents are the app's
    bits: int = 0
    targets: dict[str, QueueAssumptions] = field(default_factory=dict)  # queue -> its settings


def live_plan(data: PlanWorkbookData, intraday: pd.DataFrame) -> LivePlan:
    """Decide, per queue, whether net agents are formulas; size the search window."""
    out = LivePlan(targets={q.queue: q for q in data.queues})
    queue_col = intraday["queue"].astype(str).to_numpy()
    workload_max, aht_max = 0.0, 1.0
    for k, q in enumerate(data.queues, start=1):
        rows = intraday[queue_col == q.queue]
        if not is_formula_model(q):
            out.frozen[q.queue] = f"{q.model}: not written as formulas"
            continue
        if rows.empty:
            continue
        try:
            net = reproduce_net(q, rows, data.interval_min)
        except Exception as exc:  # noqa: BLE001 — any engine refusal: keep the app's numbers
            out.frozen[q.queue] = f"the app's net agents kept ({exc})"
            continue
        if not np.array_equal(net, rows["agents_net"].to_numpy(dtype=float)):
            out.frozen[q.queue] = "the exported net agents are not Erlang C of these inputs (kept as computed)"
            continue
        out.live[q.queue] = k
        workload_max = max(workload_max, float(rows["workload_erlangs"].max()))
        aht_max = max(aht_max, float(effective_aht(q, rows["aht_s"].to_numpy(dtype=float)).max()))
    if out.live:
        grow = 1 + GROWTH_RANGE[1]
        out.bits = search_bits(workload_max * grow * grow, aht_max * grow)
    return out


def search_bits(workload_cap: float, aht_cap_s: float) -> int:
    """Bisection steps so that 2^bits candidates from ⌊A⌋ hold the answer for any A ≤ `workload_cap`.

    The hardest targets the validation allows (SL 99.9 % answered at once, ASA
    :data:`MIN_ASA_S` at the largest effective AHT) need the most agents above A;
    the required agents are found by the app's Erlang C search on a grid of
    workloads up to the cap, and the window is the next power of two above the
    widest gap plus a margin of 2.
    """
    grid = np.unique(np.concatenate([np.linspace(0.01, 10, 200), np.geomspace(10, max(workload_cap, 10.0), 300)]))
    n = required_agents_c(grid, aht_cap_s, sl=SL_RANGE[1], answer_s=0.0, asa_s=MIN_ASA_S)
    gap = int((n - np.floor(grid)).max()) + 2
    return max(1, int(np.ceil(np.log2(gap + 1))))


# -- formula text ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowNames:
    """The named cells one interval row reads (short aliases in the search columns: see :func:`alias`)."""

    growth: str
    aht_change: str
    sl: str
    seconds: str
    asa: str
    cap: str
    min_staff: str
    concurrency: str | None  # chat only


# Full name suffix -> the short alias the search formulas use (the same cell, under a second name:
# 260,000 search cells in a 13-week plan are a third shorter to store and to parse).
ALIASES = {"SL_Target": "SL", "SL_Seconds": "T", "ASA_Target_s": "ASA", "Occupancy_Cap": "Occ"}


def alias(k: int, suffix: str) -> str:
    """``Q1_SL`` for ``Queue1_SL_Target`` and so on."""
    return f"Q{k}_{ALIASES[suffix]}"


def row_names(k: int, month_suffix: str, *, chat: bool = False, short: bool = False) -> RowNames:
    p = f"Queue{k}_"

    def name(suffix: str) -> str:
        return alias(k, suffix) if short else f"{p}{suffix}"

    return RowNames(f"{p}Volume_Growth{month_suffix}", f"{p}AHT_Change{month_suffix}", name("SL_Target"),
                    name("SL_Seconds"), name("ASA_Target_s"), name("Occupancy_Cap"), f"{p}Min_Staff",
                    f"{p}Concurrency" if chat else None)


def erlang_c(n: str, a: str, *, off: int = 0) -> str:
    """P(wait) = Erlang C(N, A) for N = `n` + `off` > A, from the Poisson identity for Erlang B.

    B = POISSON(N, A, FALSE) ÷ POISSON(N, A, TRUE); C = N·B ÷ (N − A·(1 − B)) = N ÷ ((N − A) ÷ B + A): one B,
    two POISSON calls. Where P(N) underflows (N far above a tiny A) it is taken as 1E-300, giving
    C ≈ 1E-297 instead of 0: the same decision.
    """
    plus = f"{n}+{off}" if off else n
    return (f"({plus})/(({plus}-{a})*POISSON({plus},{a},TRUE)/MAX(POISSON({plus},{a},FALSE),1E-300)+{a})"
            if off else f"{n}/(({n}-{a})*POISSON({n},{a},TRUE)/MAX(POISSON({n},{a},FALSE),1E-300)+{a})")


def meets(n: str, a: str, aht: str, names: RowNames, *, targets: QueueAssumptions, off: int = 0) -> str:
    """TRUE when N = `n` + `off` agents (> A, at or above the occupancy floor) meet the plan's SL and ASA targets.

    Only the targets the plan set are in the formula (a check on the Summary turns red when a manager
    empties one of them or sets one the plan left empty); the occupancy cap is met by every candidate
    from :func:`search_start` on, so it needs no test here.
    """
    c = erlang_c(n, a, off=off)
    gap = f"{n}+{off}-{a}" if off else f"{n}-{a}"
    minus_gap = f"{a}-{n}-{off}" if off else f"{a}-{n}"
    parts = []
    if targets.sl_target is not None:
        parts.append(f"1-{c}*EXP(({minus_gap})*{names.seconds}/{aht})>={names.sl}-{TOL}")
    if targets.asa_target_s is not None:
        parts.append(f"{c}*{aht}/({gap})<={names.asa}*(1+{TOL})+{TOL}")
    if not parts:
        return "TRUE"
    return parts[0] if len(parts) == 1 else f"AND({','.join(parts)})"


def search_start(a: str, names: RowNames, *, targets: QueueAssumptions) -> str:
    """L = the app's first candidate: ⌊A⌋ + 1 (stability), raised to the occupancy floor when a cap is set.

    The occupancy floor is the fewest N with A ÷ N ≤ cap (+ 1E-9), as the app finds it: ⌈A ÷ cap⌉, or
    one less when that already meets the cap within the tolerance. Every N from L on is above A and
    within the cap, and no N below L is both.
    """
    if targets.max_occupancy is None:
        return f"=INT({a})+1"
    up = f"CEILING({a}/{names.cap},1)"
    return (f"=MAX(INT({a})+1,IF(AND({up}>1,{a}/MAX(1,{up}-1)<={names.cap}+{TOL}),{up}-1,{up}))")


def python_search_start(a: np.ndarray, cap: float | None) -> np.ndarray:
    """:func:`search_start` in numpy: the app's first candidate (``required_agents_c``)."""
    lo = np.floor(a) + 1
    if cap is None:
        return lo
    n = np.ceil(a / cap)
    lower = np.maximum(n - 1, 1)
    n = np.where((n > 1) & (a / lower <= cap + 1e-9), lower, n)
    return np.maximum(lo, n)
