"""Turn a sheet and its mapping into long rows: queue, start, offered, aht_s, handled, abandoned.

Every cell that cannot be read becomes an error finding naming its row and
column; rows that are blank, totals ("Total", "Average") or without a date are
skipped and said so. The result keeps ``_row`` (the 1-based source row) and
``_column`` (for wide layouts, the source column) so later checks can point at
the source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.importers.columns import (
    DURATION_ROLES, is_excel_phantom_day, is_missing_text, is_summary_text, parse_datetimes, parse_durations, parse_numbers,
    parse_times_of_day, time_text_minutes, to_local_time, unit_of, utc_offsets,
)
from wfm_desktop.core.importers.findings import FindingLog
from wfm_desktop.core.importers.layouts import SheetTable
from wfm_desktop.core.importers.mapping import ColumnMapping
from wfm_desktop.core.importers.numbers import column_decimal

MAX_LISTED = 5
MAX_VOLUME = 10_000_000   # contacts in one row (an interval or a day)
MAX_HANDLE_S = 86_400     # a handle time over a day is a wrong unit or a broken cell


def _report_bad(log: FindingLog, table: SheetTable, bad: np.ndarray, column: str, what: str,
                values: pd.Series) -> None:
    """Error findings for the first few bad cells of a column (with the cell's text)."""
    idx = np.flatnonzero(bad)
    if len(idx) == 0:
        return
    rows = table.row_of(idx)
    for i, row in zip(idx[:MAX_LISTED], rows[:MAX_LISTED]):
        log.error(f'"{values.iloc[i]}" is not {what}', row=int(row), column=column)
    if len(idx) > MAX_LISTED:
        log.error(f"{len(idx) - MAX_LISTED} more cells in this column are not {what}", column=column)


def _report_bad_dates(log: FindingLog, table: SheetTable, bad: np.ndarray, column: str, what: str,
                      values: pd.Series) -> None:
    """As _report_bad, naming Excel's phantom 29 February 1900 (serial 60) for what it is."""
    phantom = bad & is_excel_phantom_day(values)
    for i, row in zip(np.flatnonzero(phantom)[:MAX_LISTED], table.row_of(np.flatnonzero(phantom))[:MAX_LISTED]):
        log.error(f"Excel day number {values.iloc[i]} is 29 February 1900, a day that does not exist "
                  "(Excel counts it by mistake)", row=int(row), column=column, action="correct the cell")
    _report_bad(log, table, bad & ~phantom, column, what, values)


def _starts(table: SheetTable, mapping: ColumnMapping, log: FindingLog, keep: np.ndarray) -> np.ndarray:
    """Interval starts (datetime64[ns]) for the long and daily layouts; NaT on skipped rows."""
    data = table.data
    if mapping.timestamp:
        col = table.column(mapping.timestamp)
        values = data[col]
        starts, bad = parse_datetimes(values)
        _report_bad_dates(log, table, bad & keep, mapping.timestamp, "a date and time", values)
        offsets = utc_offsets(values)
        if offsets and mapping.timezone:
            starts = np.where(np.isnat(starts), starts, to_local_time(values, mapping.timezone))
            log.info(f"times with UTC offsets ({', '.join(offsets)}) converted to {mapping.timezone} local time",
                     column=mapping.timestamp)
        elif len(offsets) > 1:
            log.info(f"times carry UTC offsets ({', '.join(offsets)}): read as local wall-clock times",
                     column=mapping.timestamp, action="offsets dropped (set --map timezone=Area/City to convert)")
        elif offsets:
            log.warning(f"all times are written with the UTC offset {offsets[0]}", column=mapping.timestamp,
                        action="kept as written; if the centre works in local time, import with "
                               "--map timezone=Area/City (e.g. Europe/London) to convert")
        return starts
    if mapping.date:
        values = data[table.column(mapping.date)]
        dates, bad = parse_datetimes(values)
        _report_bad_dates(log, table, bad & keep, mapping.date, "a date", values)
        dates = dates.astype("datetime64[D]").astype("datetime64[ns]")
    else:  # a one-day report: the date is in its title (or --map report_date=)
        dates = np.full(len(data), np.datetime64(mapping.report_date, "ns"))
    if mapping.layout == "daily" or not mapping.time:
        return dates
    tcol = table.column(mapping.time)
    tvalues = data[tcol]
    minutes, tbad, how = parse_times_of_day(tvalues, mapping.slot_min)
    _report_bad(log, table, tbad & keep, mapping.time, "a time of day or interval", tvalues)
    if how.startswith("interval numbers") or how.startswith("Excel") or how.startswith("times written"):
        log.info(f"read column as {how}", column=mapping.time)
    seconds = np.round(np.nan_to_num(minutes, nan=0.0) * 60).astype("int64")
    out = dates + seconds.astype("timedelta64[s]").astype("timedelta64[ns]")
    out[np.isnan(minutes)] = np.datetime64("NaT")
    return out


def _volume(table: SheetTable, header: str, log: FindingLog, keep: np.ndarray,
            decimal_comma: bool, forced_decimal: str | None = None) -> np.ndarray:
    values = table.data[table.column(header)]
    comma, note = column_decimal(values[keep] if len(keep) == len(values) else values, decimal_comma,
                                 forced_decimal)
    if note:
        log.warning(f"the column {note}", column=header,
                    action="check the values; to choose, import with --map decimal=, or --map decimal=.")
    numbers, bad = parse_numbers(values, decimal_comma=comma)
    _report_bad(log, table, bad & keep, header, "a number", values)
    absurd = keep & ~bad & (np.abs(np.nan_to_num(numbers, nan=0.0)) > MAX_VOLUME)
    for i in np.flatnonzero(absurd)[:MAX_LISTED]:
        log.error(f"volume {numbers[i]:g} is beyond any contact centre's (limit {MAX_VOLUME:,.0f} a row)",
                  row=int(table.row_of(i)), column=header, action="correct the cell")
    negative = keep & (numbers < 0)
    if negative.any():
        idx = np.flatnonzero(negative)
        for i in idx[:MAX_LISTED]:
            log.error(f"negative volume {numbers[i]:g}", row=int(table.row_of(i)), column=header,
                      action="volumes cannot be negative; correct the cell")
        if len(idx) > MAX_LISTED:
            log.error(f"{len(idx) - MAX_LISTED} more negative volumes in this column", column=header)
    return numbers


def _durations(table: SheetTable, mapping: ColumnMapping, log: FindingLog, keep: np.ndarray,
               volume: np.ndarray) -> np.ndarray | None:
    """AHT in seconds: the AHT column, else talk + hold + wrap (totals divided by volume)."""
    def read(role: str) -> np.ndarray:
        header = getattr(mapping, role)
        values = table.data[table.column(header)]
        unit = mapping.aht_unit or unit_of(header)
        seconds, bad, how = parse_durations(values, unit)
        _report_bad(log, table, bad & keep, header, "a duration (seconds, minutes, mm:ss or hh:mm:ss)", values)
        if how != "seconds":
            log.info(f"handle times read as {how}", column=header)
        if "total" in header.lower() or "sum" in header.lower().split():
            with np.errstate(invalid="ignore", divide="ignore"):
                seconds = np.where(volume > 0, seconds / volume, np.nan)
            log.info("total times divided by the contacts of the interval to give an average", column=header)
        negative = keep & (seconds < 0)
        if negative.any():
            row = int(table.row_of(np.flatnonzero(negative)[0]))
            log.error(f"negative handle time in {int(negative.sum())} cell(s)", row=row, column=header)
        absurd = keep & ~bad & (np.nan_to_num(seconds, nan=0.0) > MAX_HANDLE_S)
        if absurd.any():
            first = np.flatnonzero(absurd)[0]
            log.error(f"handle time of {seconds[first]:g} s in {int(absurd.sum())} cell(s) is longer than a day",
                      row=int(table.row_of(first)), column=header, action="correct the cells (or the unit)")
        return seconds

    if mapping.aht:
        return read("aht")
    parts = [r for r in DURATION_ROLES[1:] if getattr(mapping, r)]
    if not parts:
        return None
    total = np.zeros(len(table.data))
    known = np.zeros(len(table.data), dtype=bool)
    for role in parts:
        seconds = read(role)
        known |= ~np.isnan(seconds)
        total = total + np.nan_to_num(seconds, nan=0.0)
    total = np.where(known, total, np.nan)  # no part known: AHT unknown, not 0
    log.info(f"AHT computed as {' + '.join(parts)} (" +
             ", ".join(f'"{getattr(mapping, r)}"' for r in parts) + ")")
    return total


def _skip_rows(table: SheetTable, mapping: ColumnMapping, log: FindingLog, key_headers: list[str]) -> np.ndarray:
    """Mask of rows to keep: drops blank rows, totals rows and rows with numbers but no date."""
    data = table.data
    blank = np.ones(len(data), dtype=bool)
    for col in data.columns:
        blank &= is_missing_text(data[col])
    keep = ~blank
    summary = np.zeros(len(data), dtype=bool)
    for header in key_headers:
        summary |= is_summary_text(data[table.column(header)])
    if mapping.queue:
        summary |= is_summary_text(data[table.column(mapping.queue)])
    summary &= keep
    if summary.any():
        first = int(table.row_of(np.flatnonzero(summary)[0]))
        log.info(f"{int(summary.sum())} totals/summary row(s) skipped (first on row {first})", row=first,
                 action="not imported: totals are recomputed from the intervals")
    keep &= ~summary
    nodate = np.zeros(len(data), dtype=bool)
    for header in key_headers[:1]:
        nodate |= is_missing_text(data[table.column(header)])
    nodate &= keep
    if nodate.any():
        first = int(table.row_of(np.flatnonzero(nodate)[0]))
        log.warning(f"{int(nodate.sum())} row(s) have values but no {key_headers[0]} (first on row {first})",
                    row=first, column=key_headers[0], action="skipped")
    return keep & ~nodate


def _queues(table: SheetTable, mapping: ColumnMapping, keep: np.ndarray, default: str) -> pd.Categorical:
    """Queue names as a categorical (cheap to group a million rows by)."""
    if not mapping.queue:
        return pd.Categorical.from_codes(np.zeros(len(table.data), dtype=np.int8),
                                         categories=[mapping.queue_name or default])
    values = table.data[table.column(mapping.queue)]
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object).astype("category")

    def name(v) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        return f"{v:g}" if isinstance(v, float) else str(v).strip()

    names = [name(v) for v in values.cat.categories]
    codes = values.cat.codes.to_numpy()
    unique_names = sorted(set(names) | ({""} if (codes < 0).any() else set()))
    lookup = np.array([unique_names.index(n) for n in names] or [0], dtype=np.int32)
    new_codes = np.where(codes < 0, unique_names.index("") if "" in unique_names else 0, lookup[np.maximum(codes, 0)])
    return pd.Categorical.from_codes(new_codes, categories=unique_names)


def build_long(table: SheetTable, mapping: ColumnMapping, log: FindingLog, *, default_queue: str,
               decimal_comma: bool = False) -> pd.DataFrame:
    """The sheet as long rows with ``_row``/``_column``; errors are logged (caller raises)."""
    if mapping.layout == "wide_interval":
        return _build_wide_interval(table, mapping, log, default_queue, decimal_comma)
    key = [h for h in (mapping.timestamp, mapping.date) if h] or [mapping.time]
    keep = _skip_rows(table, mapping, log, key)
    starts = _starts(table, mapping, log, keep)
    queue = _queues(table, mapping, keep, default_queue)
    if "" in queue.categories:
        blank = keep & (np.asarray(queue) == "")
        if blank.any():
            first = int(table.row_of(np.flatnonzero(blank)[0]))
            log.warning(f"{int(blank.sum())} row(s) have no {mapping.queue} (first on row {first})", row=first,
                        column=mapping.queue, action=f'put in queue "{default_queue}"')
        queue = queue.rename_categories({"": default_queue}) if default_queue not in queue.categories else \
            pd.Categorical(np.where(np.asarray(queue) == "", default_queue, np.asarray(queue)))
    if mapping.layout == "wide_queue":
        pieces = []
        for header in mapping.queue_columns:
            numbers = _volume(table, header, log, keep, decimal_comma, mapping.decimal)
            pieces.append(pd.DataFrame({"queue": header, "start": starts, "offered": numbers,
                                        "aht_s": np.nan, "_row": table.row_of(np.arange(len(starts))),
                                        "_column": header, "_keep": keep}))
        log.info(f"one column per queue: {', '.join(mapping.queue_columns)} (read as offered volume)")
        frame = pd.concat(pieces, ignore_index=True)
        frame = frame[frame["_keep"].to_numpy()].drop(columns="_keep")
        return _drop_missing_volume(frame, log)

    handled = _volume(table, mapping.handled, log, keep, decimal_comma, mapping.decimal) if mapping.handled else None
    abandoned = (_volume(table, mapping.abandoned, log, keep, decimal_comma, mapping.decimal)
                 if mapping.abandoned else None)
    if mapping.offered:
        offered = _volume(table, mapping.offered, log, keep, decimal_comma, mapping.decimal)
    elif handled is not None and abandoned is not None:
        offered = np.nan_to_num(handled) + np.nan_to_num(abandoned)
        offered = np.where(np.isnan(handled) & np.isnan(abandoned), np.nan, offered)
        log.info("no offered column: offered = handled + abandoned",
                 action=f'computed from "{mapping.handled}" + "{mapping.abandoned}"')
    elif handled is not None:
        offered = handled
        log.warning("only handled counts are given: offered is taken as handled (abandoned contacts unknown)",
                    column=mapping.handled, action="offered = handled")
    else:
        log.fail("no offered or handled column: only abandoned counts cannot give volumes")
        raise AssertionError
    weight = handled if handled is not None else offered
    aht = _durations(table, mapping, log, keep, np.nan_to_num(weight))
    if aht is not None:
        _check_aht_with_contacts(table, log, keep, np.nan_to_num(weight), aht, mapping.aht or mapping.talk)
    frame = pd.DataFrame({
        "queue": queue, "start": starts, "offered": offered,
        "aht_s": aht if aht is not None else np.nan,
        "_row": table.row_of(np.arange(len(starts))), "_column": "",
    })
    if handled is not None:
        frame["handled"] = handled
    if abandoned is not None:
        frame["abandoned"] = abandoned
    for column, values in _queue_measures(table, mapping, log, keep, decimal_comma).items():
        frame[column] = values
    frame = frame[keep]
    return _drop_missing_volume(frame, log)


def _queue_measures(table: SheetTable, mapping: ColumnMapping, log: FindingLog, keep: np.ndarray,
                    decimal_comma: bool) -> dict[str, np.ndarray]:
    """The optional waiting times (seconds) and agents staffed, by History column name.

    ``asa_s`` and ``abandon_wait_s`` are averages per interval (of the answered, of the
    abandoned); ``wait_s_total`` is all callers' waiting time added up; ``agents`` the agents
    staffed on average. A "total" ASA column is refused rather than divided by a guess.
    """
    out: dict[str, np.ndarray] = {}
    for role, column in (("asa", "asa_s"), ("abandon_wait", "abandon_wait_s"), ("wait_total", "wait_s_total")):
        header = getattr(mapping, role)
        if not header:
            continue
        values = table.data[table.column(header)]
        seconds, bad, how = parse_durations(values, unit_of(header))
        _report_bad(log, table, bad & keep, header, "a waiting time (seconds, minutes, mm:ss or hh:mm:ss)", values)
        if how != "seconds":
            log.info(f"waiting times read as {how}", column=header)
        negative = keep & (seconds < 0)
        if negative.any():
            row = int(table.row_of(np.flatnonzero(negative)[0]))
            log.error(f"negative waiting time in {int(negative.sum())} cell(s)", row=row, column=header)
        limit = MAX_HANDLE_S * (1000 if role == "wait_total" else 1)
        absurd = keep & ~bad & (np.nan_to_num(seconds, nan=0.0) > limit)
        if absurd.any():
            first = np.flatnonzero(absurd)[0]
            log.error(f"waiting time of {seconds[first]:g} s in {int(absurd.sum())} cell(s) is beyond any queue's",
                      row=int(table.row_of(first)), column=header, action="correct the cells (or the unit)")
        out[column] = seconds
    if mapping.agents:
        numbers = _volume(table, mapping.agents, log, keep, decimal_comma, mapping.decimal)
        out["agents"] = numbers
    if out:
        log.info("waiting times and agents imported: " + ", ".join(
            f'{what} from "{getattr(mapping, role)}"' for role, column, what in
            (("asa", "asa_s", "ASA"), ("abandon_wait", "abandon_wait_s", "time to abandon"),
             ("wait_total", "wait_s_total", "total wait"), ("agents", "agents", "agents staffed"))
            if column in out), action="used to estimate the callers' patience (Staffing page)")
    return out


def _check_aht_with_contacts(table: SheetTable, log: FindingLog, keep: np.ndarray, contacts: np.ndarray,
                             aht: np.ndarray, column: str | None) -> None:
    """Rows with contacts but a handle time of zero or none: the workload there would be zero."""
    empty = keep & (contacts > 0) & (np.isnan(aht) | (aht == 0))
    if empty.any():
        first = np.flatnonzero(empty)[0]
        log.warning(f"{int(empty.sum())} row(s) have contacts but a handle time of 0 s or none "
                    f"(first on row {int(table.row_of(first))})", row=int(table.row_of(first)), column=column,
                    action="kept; their workload counts as zero unless an AHT is set for the queue — check the "
                           "export")


def _drop_missing_volume(frame: pd.DataFrame, log: FindingLog) -> pd.DataFrame:
    """Rows whose volume cell is empty ("", "-", "n/a") are counted as 0 and said so."""
    empty = frame["offered"].isna().to_numpy()
    if empty.any() and not log.has_errors:
        first = int(frame["_row"].to_numpy()[np.flatnonzero(empty)[0]])
        log.info(f"{int(empty.sum())} empty volume cell(s) read as 0 (first on row {first})", row=first,
                 action="counted as 0 contacts")
        frame = frame.assign(offered=frame["offered"].fillna(0.0))
    return frame.reset_index(drop=True)


def _build_wide_interval(table: SheetTable, mapping: ColumnMapping, log: FindingLog, default_queue: str,
                         decimal_comma: bool) -> pd.DataFrame:
    keep = _skip_rows(table, mapping, log, [mapping.date])
    dates, bad = parse_datetimes(table.data[table.column(mapping.date)])
    _report_bad(log, table, bad & keep, mapping.date, "a date", table.data[table.column(mapping.date)])
    dates = dates.astype("datetime64[D]").astype("datetime64[ns]")
    queue = _queues(table, mapping, keep, default_queue)
    rows = table.row_of(np.arange(len(dates)))
    pieces = []
    for header in mapping.interval_columns:
        minutes = time_text_minutes(header)
        if np.isnan(minutes):
            log.fail(f'interval column "{header}" does not name a time of day', column=header)
        numbers = _volume(table, header, log, keep, decimal_comma, mapping.decimal)
        start = dates + np.timedelta64(int(round(minutes * 60)), "s")
        pieces.append(pd.DataFrame({"queue": queue, "start": start, "offered": numbers, "aht_s": np.nan,
                                    "_row": rows, "_column": header, "_keep": keep}))
    log.info(f"one column per interval ({mapping.interval_columns[0]} … {mapping.interval_columns[-1]}), "
             "read as offered volume")
    frame = pd.concat(pieces, ignore_index=True)
    frame = frame[frame["_keep"].to_numpy()].drop(columns="_keep")
    empty = frame["offered"].isna().to_numpy()
    frame = frame[~empty]  # a blank interval cell in a wide report means closed
    return frame.reset_index(drop=True)
