"""The service level each interval achieves with the scheduled agents (Erlang C/A).

Used by :mod:`schedule_result` as its default ``service_level_fn``. The frame
has, per interval, ``contacts``, ``aht_s`` and ``agents_net`` — the scheduled
agents turned back into net agents (× (1 − shrinkage the schedule does not
model)) — and optionally ``answer_s`` (target answer time, default 20 s),
``patience_s`` (set → Erlang A with abandonment) and ``concurrency`` (chat:
AHT ÷ concurrency). Net agents are usually fractional (a 15-minute break in a
30-minute interval, a shrinkage factor); the service level is interpolated
linearly between the whole agent counts below and above.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.staffing.erlang import evaluate, workload_erlangs

DEFAULT_ANSWER_S = 20.0


def _column(frame: pd.DataFrame, name: str, default: float) -> np.ndarray:
    if name not in frame.columns:
        return np.full(len(frame), default, dtype=float)
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def erlang_service_level(frame: pd.DataFrame, interval_min: int) -> np.ndarray:
    """Service level per row at ``agents_net`` (NaN where there are no contacts or no AHT)."""
    contacts = _column(frame, "contacts", np.nan)
    aht = _column(frame, "aht_s", np.nan)
    concurrency = np.nan_to_num(_column(frame, "concurrency", 1.0), nan=1.0)
    aht = aht / np.maximum(concurrency, 1.0)
    answer = np.nan_to_num(_column(frame, "answer_s", DEFAULT_ANSWER_S), nan=DEFAULT_ANSWER_S)
    patience = _column(frame, "patience_s", np.nan)
    net = np.maximum(np.nan_to_num(frame["agents_net"].to_numpy(dtype=float)), 0.0)
    ok = (contacts > 0) & (aht > 0) & np.isfinite(contacts) & np.isfinite(aht)
    out = np.full(len(frame), np.nan)
    if not ok.any():
        return out
    a = workload_erlangs(contacts[ok], aht[ok], interval_min)
    low = np.floor(net[ok] + 1e-9)
    frac = np.clip(net[ok] - low, 0.0, 1.0)
    pat = patience[ok]
    sl_low = evaluate(low.astype(np.int64), a, aht[ok], answer[ok], pat, with_asa=False)["service_level"]
    sl_high = evaluate(low.astype(np.int64) + 1, a, aht[ok], answer[ok], pat, with_asa=False)["service_level"]
    out[ok] = sl_low + frac * (sl_high - sl_low)
    return out
