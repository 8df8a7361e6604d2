"""Checks on the long rows of an import: duplicates, gaps, daylight saving, outliers.

Each check adds findings to the log and returns the (possibly corrected) rows;
nothing here raises except through ``log.raise_if_errors`` in the caller.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from wfm_desktop.core.history.table import DAILY
from wfm_desktop.core.importers.findings import FindingLog
from wfm_desktop.core.history.granularity import aggregate, minute_of_day

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LISTED = 6
OUTLIER_Z = 6.0


HOLIDAY_COUNTRIES = ("US", "GB", "CA", "AU", "IE", "NZ", "DE", "FR", "NL", "BE", "ES", "IT", "ZA", "IN")


def public_holidays(dates: pd.DatetimeIndex) -> tuple[str, dict]:
    """(country, {date: name}) of the country whose public holidays explain most of `dates`.

    Empty when no country explains at least half of them: then they are just missing days.
    """
    if len(dates) == 0:
        return "", {}
    years = tuple(sorted(set(dates.year)))
    wanted = {d.date() for d in dates}
    best = ("", {})
    for country in HOLIDAY_COUNTRIES:
        calendar = _calendar(country, years)
        if calendar is None:
            continue
        hits = {d: calendar[d] for d in wanted if d in calendar}
        if len(hits) > len(best[1]):
            best = (country, hits)
    return best if len(best[1]) * 2 >= len(wanted) else ("", {})


@functools.lru_cache(maxsize=64)
def _calendar(country: str, years: tuple[int, ...]) -> dict | None:
    """{date: name} of `country`'s public holidays in `years` (None when the package lacks it);
    kept, as the queues of one file ask for the same years."""
    import holidays

    try:
        return dict(holidays.country_holidays(country, years=list(years)))
    except (NotImplementedError, KeyError):
        return None


def _dates_text(dates, limit: int = LISTED, names: dict | None = None) -> str:
    names = names or {}
    items = [pd.Timestamp(d).strftime("%Y-%m-%d") + (f" ({names[pd.Timestamp(d).date()]})"
                                                     if pd.Timestamp(d).date() in names else "") for d in dates]
    text = ", ".join(items[:limit])
    return text + (f" and {len(items) - limit} more" if len(items) > limit else "")


def weekday_ranges(days: list[int]) -> str:
    """[0, 1, 2, 3, 4, 6] -> "Mon–Fri, Sun"."""
    days = sorted(days)
    runs: list[list[int]] = []
    for d in days:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ", ".join(WEEKDAYS[r[0]] if len(r) == 1 else
                     (f"{WEEKDAYS[r[0]]}, {WEEKDAYS[r[1]]}" if len(r) == 2 else f"{WEEKDAYS[r[0]]}–{WEEKDAYS[r[-1]]}")
                     for r in runs)


def _hhmm(minutes: float) -> str:
    minutes = int(round(minutes))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _is_dst_fold(day: pd.Timestamp, minutes: np.ndarray) -> bool:
    """Repeats within one hour starting 01:00 or 02:00 on a Sunday of Mar/Apr/Oct/Nov."""
    if day.weekday() != 6 or day.month not in (3, 4, 10, 11) or len(minutes) == 0:
        return False
    return bool(minutes.min() >= 60 and minutes.max() < 240 and minutes.max() - minutes.min() < 60)


def snap_to_grid(frame: pd.DataFrame, interval_min: int, log: FindingLog) -> pd.DataFrame:
    """Floor starts that are not on the interval grid (e.g. 08:07 in 15-minute data)."""
    if interval_min == DAILY:
        return frame
    mod = minute_of_day(frame["start"])
    off = (mod % interval_min) != 0
    if not off.any():
        return frame
    first = frame.iloc[int(np.flatnonzero(off)[0])]
    log.warning(f"{int(off.sum())} start time(s) are not on the {interval_min}-minute grid "
                f"(first: {pd.Timestamp(first['start']):%Y-%m-%d %H:%M})", row=int(first["_row"]),
                action=f"moved to the start of their {interval_min}-minute interval")
    starts = frame["start"].dt.floor(f"{interval_min}min")
    return frame.assign(start=starts)


def merge_duplicates(frame: pd.DataFrame, log: FindingLog, *, policy: str = "sum") -> pd.DataFrame:
    """Repeated (queue, start) rows: daylight-saving repeats are added; others summed or rejected."""
    dup = frame.duplicated(["queue", "start"], keep=False).to_numpy()
    if not dup.any():
        return frame
    dups = frame[dup]
    dst_days, other = [], []
    for (queue, day), group in dups.groupby([dups["queue"], dups["start"].dt.normalize()], sort=True):
        if _is_dst_fold(pd.Timestamp(day), minute_of_day(group["start"])):
            dst_days.append((queue, pd.Timestamp(day), group))
        else:
            other.append(group)
    for queue, day, group in dst_days:
        mods = minute_of_day(group["start"])
        log.info(f"queue {queue}: the hour {_hhmm(mods.min())}–{_hhmm(mods.max())} appears twice on "
                 f"{day:%Y-%m-%d} (daylight saving time ended)", row=int(group["_row"].min()),
                 action="the two hours' volumes were added together (wall-clock time)")
    if other:
        rest = pd.concat(other)
        first_rows = sorted(rest["_row"].astype(int).unique().tolist())[:6]
        n_keys = rest.groupby(["queue", "start"]).ngroups
        example = rest.iloc[0]
        text = (f"{n_keys} interval(s) appear more than once (e.g. {example['queue']} "
                f"{pd.Timestamp(example['start']):%Y-%m-%d %H:%M}, rows {', '.join(map(str, first_rows))})")
        if policy == "reject":
            log.error(text, row=first_rows[0], action="rejected (duplicates=reject); remove the repeated rows")
            return frame
        log.warning(text, row=first_rows[0], action="their volumes were summed (AHT volume-weighted); if the "
                    "file holds several queues, map the queue column")
    merged = aggregate(frame, frame["start"].to_numpy())
    rows = frame.groupby(["queue", "start"], sort=True)["_row"].min().to_numpy()
    return merged.assign(_row=rows, _column="")


def check_coverage(frame: pd.DataFrame, interval_min: int, log: FindingLog) -> None:
    """Missing days (open vs closed weekdays), missing intervals inside open hours, DST gaps."""
    for queue, rows in frame.groupby("queue", sort=True):
        dates = rows["start"].dt.normalize()
        present_days = pd.DatetimeIndex(dates.unique()).sort_values()
        all_days = pd.date_range(present_days[0], present_days[-1], freq="D")
        weekday_share = {}
        for wd in range(7):
            span = all_days[all_days.day_of_week == wd]
            have = present_days[present_days.day_of_week == wd]
            weekday_share[wd] = len(have) / len(span) if len(span) else 0.0
        open_days = [wd for wd in range(7) if weekday_share[wd] >= 0.5]
        missing = all_days.difference(present_days)
        missing_open = missing[np.isin(missing.day_of_week, open_days)]
        closed = [wd for wd in range(7) if wd not in open_days and len(all_days[all_days.day_of_week == wd])]
        if missing_open.size:
            country, names = public_holidays(missing_open)
            why = (f"; {len(names)} of them are {country} public holidays" if names else "")
            log.warning(f"queue {queue}: {len(missing_open)} day(s) missing entirely on days the queue is "
                        f"normally open{why}: {_dates_text(missing_open, names=names)}",
                        action="left missing, not counted as zero (closed, or data lost?)")
        if closed and len(all_days) >= 14:
            log.info(f"queue {queue}: no data on {weekday_ranges(closed)}", action="treated as closed days")
        if interval_min == DAILY:
            continue
        _check_intervals(queue, rows, interval_min, open_days, log)


def _check_intervals(queue: str, rows: pd.DataFrame, interval_min: int, open_days: list[int],
                     log: FindingLog) -> None:
    slot = minute_of_day(rows["start"]) // interval_min
    day = rows["start"].dt.normalize().to_numpy()
    day_codes, days = pd.factorize(day, sort=True)
    n_slots = 1440 // interval_min
    present = np.zeros((len(days), n_slots), dtype=bool)
    present[day_codes, slot] = True
    weekday = pd.DatetimeIndex(days).day_of_week.to_numpy()
    gaps, dst = [], []
    hours_text = []
    dst_days = set()
    for i, d in enumerate(pd.DatetimeIndex(days)):
        if d.weekday() == 6 and d.month in (3, 4) and present[i].any():
            have = np.flatnonzero(present[i])
            inside = np.setdiff1d(np.arange(have[0], have[-1] + 1), have) * interval_min
            if len(inside) and len(inside) * interval_min <= 60 and _is_dst_fold(d, inside) and (
                    inside[-1] - inside[0] == (len(inside) - 1) * interval_min):
                dst.append((d, inside))
                dst_days.add(i)
    for wd in range(7):
        sel = weekday == wd
        if not sel.any():
            continue
        share = present[sel].mean(axis=0)
        open_slots = share >= 0.5
        if not open_slots.any():
            continue
        first, last = np.flatnonzero(open_slots)[[0, -1]]
        hours_text.append((wd, _hhmm(first * interval_min), _hhmm((last + 1) * interval_min)))
        lacking = ~present[sel] & open_slots[None, :]
        day_numbers = np.flatnonzero(sel)
        for i in np.flatnonzero(lacking.any(axis=1)):
            if day_numbers[i] in dst_days:
                continue
            gaps.append((pd.Timestamp(days[day_numbers[i]]), np.flatnonzero(lacking[i]) * interval_min))
    if hours_text:
        groups: dict[tuple[str, str], list[int]] = {}
        for wd, a, b in hours_text:
            groups.setdefault((a, b), []).append(wd)
        text = "; ".join(f"{weekday_ranges(wds)} {a}–{b}" for (a, b), wds in groups.items())
        log.info(f"queue {queue}: open hours seen in the data: {text}",
                 action="intervals outside these hours are treated as closed")
    for d, miss in dst:
        log.info(f"queue {queue}: {len(miss)} interval(s) from {_hhmm(miss.min())} missing on {d:%Y-%m-%d} "
                 "(daylight saving time started)", action="nothing to fill: that hour did not exist")
    edges, inner = [], []
    for d, miss in gaps:
        i = int(np.searchsorted(days, np.datetime64(d)))
        have = np.flatnonzero(present[i]) * interval_min
        if i == len(days) - 1 and len(have) and miss.min() > have.max():
            edges.append(f"the last day, {d:%Y-%m-%d}, stops at {_hhmm(have.max() + interval_min)}")
        elif i == 0 and len(have) and miss.max() < have.min():
            edges.append(f"the first day, {d:%Y-%m-%d}, starts at {_hhmm(have.min())}")
        else:
            inner.append((d, miss))
    gaps = inner
    for text in edges:
        log.warning(f"queue {queue}: {text} (an incomplete day?)",
                    action="kept; its daily total is low — leave it out of forecasting if the export was cut")
    if gaps:
        gaps.sort(key=lambda g: g[0])
        total = sum(len(m) for _d, m in gaps)
        sample = ", ".join(f"{d:%Y-%m-%d} {_hhmm(m[0])}" + (f" (+{len(m) - 1})" if len(m) > 1 else "")
                           for d, m in gaps[:LISTED])
        more = f" and {len(gaps) - LISTED} more day(s)" if len(gaps) > LISTED else ""
        log.warning(f"queue {queue}: {total} interval(s) missing inside open hours on {len(gaps)} day(s): "
                    f"{sample}{more}", action="left missing, not counted as zero")


def check_outliers(frame: pd.DataFrame, log: FindingLog) -> None:
    """Days whose volume is far from the same weekday's median (robust z-score > 6)."""
    daily = frame.groupby([frame["queue"], frame["start"].dt.normalize().rename("date")])["offered"].sum()
    for queue, series in daily.groupby(level=0, sort=True):
        values = series.droplevel(0)
        if len(values) < 21:
            continue
        weekday = values.index.day_of_week
        flagged = []
        for wd in range(7):
            part = values[weekday == wd]
            if len(part) < 4:
                continue
            median = part.median()
            mad = (part - median).abs().median()
            scale = max(1.4826 * mad, 0.05 * median, 1.0)
            z = (part - median).abs() / scale
            flagged += [(d, v, median) for d, v, zz in zip(part.index, part.to_numpy(), z.to_numpy())
                        if zz > OUTLIER_Z]
        flagged.sort()
        if flagged:
            text = ", ".join(f"{d:%Y-%m-%d} ({v:,.0f} vs usual {m:,.0f})" for d, v, m in flagged[:LISTED])
            more = f" and {len(flagged) - LISTED} more" if len(flagged) > LISTED else ""
            log.warning(f"queue {queue}: unusual daily volume on {text}{more}",
                        action="kept as is; check these days (exclude them from forecasting if they are errors)")


def check_interval_spikes(frame: pd.DataFrame, interval_min: int, log: FindingLog) -> None:
    """Single intervals far above the same weekday and time's median (data glitches, double counts).

    Robust z-score against the median of the same queue, weekday and time of day, with
    a floor of √median for Poisson noise; flagged above 10 (only groups of ≥ 4 days).
    """
    if interval_min == DAILY or len(frame) < 100:
        return
    keys = [frame["queue"], frame["start"].dt.day_of_week.rename("wd"), minute_of_day(frame["start"])]
    offered = frame["offered"]
    grouped = offered.groupby(keys, observed=True, sort=False)
    median = grouped.transform("median")
    size = grouped.transform("size")
    mad = (offered - median).abs().groupby(keys, observed=True, sort=False).transform("median")
    scale = np.maximum(np.maximum(1.4826 * mad, np.sqrt(median.clip(lower=0))), 1.0)
    z = (offered - median) / scale
    spike = ((z > 10) & (size >= 4) & (offered > 2 * median + 10)).to_numpy()
    if not spike.any():
        return
    rows = frame[spike]
    for queue, part in rows.groupby("queue", sort=True, observed=True):
        usual = median.to_numpy()[spike][(rows["queue"] == queue).to_numpy()]
        text = ", ".join(f"{pd.Timestamp(t):%Y-%m-%d %H:%M} ({v:,.0f} vs usual {u:,.0f})"
                         for t, v, u in list(zip(part["start"], part["offered"], usual))[:LISTED])
        more = f" and {len(part) - LISTED} more" if len(part) > LISTED else ""
        log.warning(f"queue {queue}: {len(part)} interval(s) with unusually high volume: {text}{more}",
                    row=int(part["_row"].iloc[0]) if "_row" in part.columns else None,
                    action="kept as is; check them (a double-counted or misdated row?)")
