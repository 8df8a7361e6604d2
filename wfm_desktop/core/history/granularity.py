"""Interval length: detect it, and move a history onto a planning interval.

Rolling up (the planning interval is a multiple of the source, e.g. 5 → 15,
6 → 30) only adds whole intervals, so every total is preserved exactly. Any
other change (10 → 15, 60 → 15) splits each source interval over the planning
intervals it overlaps, in proportion to the overlap; the importer says so in a
warning, and each day's total is kept exact by putting the rounding residue on
the day's busiest interval. AHT is averaged weighted by volume (handled
contacts when known, else offered).

The optional queue measures follow the same rules: ``wait_s_total`` (all callers'
waiting time) is a total and adds up; ``asa_s`` (the mean wait of the answered) is
weighted by the answered (handled; else offered − abandoned; else offered);
``abandon_wait_s`` (the mean wait of those who hung up) by the abandoned; and
``agents`` (staffed, on average) is averaged over time — the agent-minutes of the
planning interval ÷ its length, so two 15-minute intervals with 10 and 14 agents
make a 30-minute interval with 12, and one with 10 agents followed by none in the
file makes 5 (an interval missing from the file had nobody staffed). Rows with
the same interval (repeated rows summed) add their agents, as they add their calls.
"""

from __future__ import annotations

from math import ceil

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError

DAILY = 1440
INTERVAL_LENGTHS = (5, 6, 10, 15, 30, 60, DAILY)
PLANNING_INTERVALS = (15, 30, 60)

SUM_COLUMNS = ("offered", "handled", "abandoned", "wait_s_total")
# Averages, with the weight each row's value counts by (see the module docstring); agents are summed
# as agent-minutes by regrid.
MEAN_COLUMNS = ("asa_s", "abandon_wait_s")
QUEUE_MEASURES = ("asa_s", "abandon_wait_s", "wait_s_total", "agents")
SOURCE_LENGTHS = tuple(v for v in INTERVAL_LENGTHS if v != DAILY)


def minute_of_day(starts: pd.Series | np.ndarray) -> np.ndarray:
    values = np.asarray(starts, dtype="datetime64[ns]")
    return ((values - values.astype("datetime64[D]")) // np.timedelta64(1, "m")).astype("int64")


def detect_interval(frame: pd.DataFrame) -> tuple[int, dict[int, int]]:
    """(interval length in minutes, {length: number of queue-days at that length}).

    Daily data (every start at midnight, one row per queue and day) gives
    :data:`DAILY`. Otherwise, per queue and day, the smallest step between
    consecutive starts; the most common one is the interval length.
    """
    if frame.empty:
        raise WfmError("no rows with data to import")
    starts = frame["start"].to_numpy(dtype="datetime64[ns]")
    mod = minute_of_day(starts)
    day = starts.astype("datetime64[D]")
    queue_codes = pd.factorize(frame["queue"])[0]
    order = np.lexsort((starts, day, queue_codes))
    s, d, q = starts[order], day[order], queue_codes[order]
    same = (d[1:] == d[:-1]) & (q[1:] == q[:-1])
    steps = ((s[1:] - s[:-1]) // np.timedelta64(1, "m")).astype("int64")
    mask = same & (steps > 0)
    if not mask.any():
        if (mod == 0).all():
            return DAILY, {DAILY: int(len(np.unique(d)))}
        raise WfmError("cannot tell the interval length: no day has two interval starts")
    step_frame = pd.DataFrame({"q": q[1:][mask], "d": d[1:][mask], "step": steps[mask]})
    per_day = step_frame.groupby(["q", "d"], sort=False)["step"].min()
    counts = per_day.value_counts()
    length = int(counts.index[0])
    if length not in SOURCE_LENGTHS:
        # a few odd steps (e.g. a missing interval) do not decide: take the finest common one
        usable = [int(v) for v in counts.index if int(v) in SOURCE_LENGTHS]
        if not usable:
            raise WfmError(
                f"the rows are {length} minutes apart; interval lengths of 5, 6, 10, 15, 30 or 60 minutes "
                "(or daily totals) can be imported")
        length = usable[0]
    return length, {int(k): int(v) for k, v in counts.items()}


def _weights(frame: pd.DataFrame) -> np.ndarray:
    """Volume weights of the AHT: handled contacts when known, else offered."""
    offered = frame["offered"].to_numpy(dtype=float)
    if "handled" in frame.columns:
        handled = frame["handled"].to_numpy(dtype=float)
        return np.where(np.isnan(handled), offered, handled)
    return offered


def _mean_weights(frame: pd.DataFrame, column: str) -> np.ndarray:
    """What a row's ``asa_s`` (answered contacts) or ``abandon_wait_s`` (abandoned) counts by."""
    offered = frame["offered"].to_numpy(dtype=float)
    abandoned = frame["abandoned"].to_numpy(dtype=float) if "abandoned" in frame.columns else None
    if column == "abandon_wait_s":
        return abandoned if abandoned is not None else np.ones(len(frame))
    weight = offered if abandoned is None else np.where(np.isnan(abandoned), offered, offered - abandoned)
    if "handled" in frame.columns:
        handled = frame["handled"].to_numpy(dtype=float)
        weight = np.where(np.isnan(handled), weight, handled)
    return np.maximum(weight, 0.0)


def aggregate(frame: pd.DataFrame, key: np.ndarray) -> pd.DataFrame:
    """Sum volumes and volume-weight AHT over rows sharing (queue, key); the queue measures too."""
    sums = [c for c in SUM_COLUMNS + ("agents",) if c in frame.columns]
    aht = frame["aht_s"].to_numpy(dtype=float) if "aht_s" in frame.columns else np.full(len(frame), np.nan)
    weight = _weights(frame)
    known = ~np.isnan(aht) & ~np.isnan(weight)
    work = pd.DataFrame({"queue": frame["queue"].to_numpy() if not isinstance(frame["queue"].dtype, pd.CategoricalDtype)
                         else frame["queue"].array, "start": key})
    for c in sums:
        work[c] = frame[c].to_numpy(dtype=float)
    work["_wa"] = np.where(known, aht * np.nan_to_num(weight), 0.0)
    work["_w"] = np.where(known, np.nan_to_num(weight), 0.0)
    work["_any"] = known.astype(float)
    means = [c for c in MEAN_COLUMNS if c in frame.columns]
    for c in means:
        value, w = frame[c].to_numpy(dtype=float), np.nan_to_num(_mean_weights(frame, c))
        ok = ~np.isnan(value)
        work[f"_{c}_wv"], work[f"_{c}_w"] = np.where(ok, value * w, 0.0), np.where(ok, w, 0.0)
    agg = {c: "sum" for c in sums + ["_wa", "_w", "_any"] + [f"_{c}_{p}" for c in means for p in ("wv", "w")]}
    out = work.groupby(["queue", "start"], sort=True, as_index=False).agg(agg)
    with np.errstate(invalid="ignore", divide="ignore"):
        for c in means:  # nobody answered (or abandoned) in the interval: no mean wait
            out[c] = np.where(out[f"_{c}_w"] > 0, out[f"_{c}_wv"] / out[f"_{c}_w"], np.nan)
    for c in ("handled", "abandoned", "wait_s_total", "agents"):
        if c in sums:  # all-missing stays missing
            present = work[c].notna().groupby([work["queue"], work["start"]], sort=True).any().to_numpy()
            out.loc[~present, c] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        out["aht_s"] = np.where(out["_w"] > 0, out["_wa"] / out["_w"], np.nan)
    # AHT known but zero volume: keep the plain mean so the figure is not lost
    zero = (out["_any"] > 0) & (out["_w"] == 0)
    if zero.any():
        plain = pd.Series(np.where(known, aht, np.nan)).groupby([work["queue"], work["start"]], sort=True).mean()
        out.loc[zero.to_numpy(), "aht_s"] = plain.to_numpy()[zero.to_numpy()]
    cols = ["queue", "start", "offered", "aht_s"] + [c for c in ("handled", "abandoned") if c in sums]
    cols += [c for c in QUEUE_MEASURES if c in frame.columns]
    return out[cols]


def _split(frame: pd.DataFrame, source_min: int, target_min: int) -> pd.DataFrame:
    """Spread each source interval over the target intervals it overlaps, by overlap."""
    starts = frame["start"].to_numpy(dtype="datetime64[ns]")
    day = starts.astype("datetime64[D]").astype("datetime64[ns]")
    mod = minute_of_day(starts).astype(float)
    pieces = ceil(source_min / target_min) + 1
    rows, keys, fracs = [], [], []
    for k in range(pieces):
        bin_start = np.floor(mod / target_min) * target_min + k * target_min
        overlap = np.minimum(mod + source_min, bin_start + target_min) - np.maximum(mod, bin_start)
        ok = overlap > 1e-9
        rows.append(np.flatnonzero(ok))
        keys.append(day[ok] + (bin_start[ok] * 60).astype("int64").astype("timedelta64[s]").astype("timedelta64[ns]"))
        fracs.append(overlap[ok] / source_min)
    idx = np.concatenate(rows)
    frac = np.concatenate(fracs)
    expanded = frame.iloc[idx].reset_index(drop=True)
    for c in SUM_COLUMNS + ("agents",):
        if c in expanded.columns:
            expanded[c] = expanded[c].to_numpy(dtype=float) * frac
    return aggregate(expanded, np.concatenate(keys))


def _restore_daily_totals(result: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """Put each (queue, day) rounding residue on that day's busiest interval."""
    out = result.copy()
    for c in SUM_COLUMNS:
        if c not in out.columns:
            continue
        src_day = source.groupby([source["queue"], source["start"].dt.normalize()])[c].sum(min_count=1)
        res_day_key = [out["queue"], out["start"].dt.normalize()]
        res_day = out.groupby(res_day_key)[c].sum(min_count=1)
        residue = (src_day - res_day.reindex(src_day.index)).fillna(0.0)
        if not residue.any():
            continue
        busiest = out.assign(_d=out["start"].dt.normalize()).groupby(["queue", "_d"])[c].idxmax()
        target_rows = busiest.reindex(residue.index).to_numpy()
        values = out[c].to_numpy(dtype=float).copy()
        ok = ~pd.isna(target_rows)
        np.add.at(values, target_rows[ok].astype(int), residue.to_numpy()[ok])
        out[c] = values
    return out


def regrid(frame: pd.DataFrame, source_min: int, target_min: int) -> tuple[pd.DataFrame, bool]:
    """(frame on `target_min` intervals, exact?) — exact when target is a multiple of source."""
    if target_min == source_min:
        return frame.copy(), True
    if source_min == DAILY:
        raise WfmError(
            "the history holds daily totals only; it cannot be split into "
            f"{target_min}-minute intervals. Import interval data for intraday planning, "
            "or plan by day")
    if "agents" in frame.columns:  # summed as agent-minutes, then ÷ the planning interval: a time average
        frame = frame.assign(agents=frame["agents"].to_numpy(dtype=float) * (source_min / target_min))
    starts = frame["start"].to_numpy(dtype="datetime64[ns]")
    if target_min % source_min == 0:
        if target_min == DAILY:
            key = starts.astype("datetime64[D]").astype("datetime64[ns]")
        else:
            key = pd.Series(starts).dt.floor(f"{target_min}min").to_numpy()
        return aggregate(frame, key), True
    split = _split(frame, source_min, target_min)
    return _restore_daily_totals(split, frame), False
