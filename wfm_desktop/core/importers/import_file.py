"""The import engine: :func:`import_history` reads one spreadsheet into the canonical History.

Reading (:mod:`.readers`), the header and layout (:mod:`.layouts`), the columns
(:mod:`.columns`, :mod:`.mapping`), the long table (:mod:`.build`) and the checks
(:mod:`.validation`) are their own modules; this one runs them in order, works out the
interval length (mixed lengths are rolled up to the coarsest) and rolls the result up to
the planning interval when asked. Findings go to a :class:`~.findings.FindingLog`; errors
raise :class:`~.findings.ImportFailed` with the raw rows attached for the GUI's preview.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from wfm_desktop.core import sandbox
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.granularity import QUEUE_MEASURES, SOURCE_LENGTHS, detect_interval, regrid
from wfm_desktop.core.history.table import DAILY, PLANNING_INTERVALS, History, rollup
from wfm_desktop.core.importers.build import build_long
from wfm_desktop.core.importers.canonical import frame_from_canonical_text, is_canonical_header
from wfm_desktop.core.importers.columns import parse_datetimes, role_of
from wfm_desktop.core.importers.findings import Finding, FindingLog, ImportFailed, format_report
from wfm_desktop.core.importers.layouts import (
    cut_table, default_queue_name, detect_layout, find_header, header_top, title_date_text, title_dates,
)
from wfm_desktop.core.importers.mapping import COLUMN_FIELDS, ColumnMapping
from wfm_desktop.core.importers.readers import RawSheet, open_sheets, preview_frame
from wfm_desktop.core.importers.validation import (
    check_coverage, check_interval_spikes, check_outliers, merge_duplicates, snap_to_grid,
)
from wfm_desktop.core.progress import check_cancel, report


@dataclass(frozen=True)
class ImportResult:
    """What an import produced and found."""

    history: History
    findings: list[Finding]
    mapping: ColumnMapping
    source_sha256: str
    sheets: list[str]
    raw_preview: pd.DataFrame
    used_sheets: list[str] = field(default_factory=list)
    source_interval_min: int = 0
    previews: dict[str, pd.DataFrame] = field(default_factory=dict)  # first raw rows of each used sheet

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def report(self) -> str:
        """The validation report as text (what the CLI prints)."""
        return format_report(self.findings)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _as_mapping(mapping) -> ColumnMapping:
    if mapping is None:
        return ColumnMapping()
    if isinstance(mapping, ColumnMapping):
        return mapping
    if isinstance(mapping, dict):
        return ColumnMapping(**mapping)
    return ColumnMapping.from_pairs(list(mapping))


def _is_empty(raw: RawSheet) -> bool:
    return not any(v is not None and v != "" for row in raw.rows for v in row)


def import_history(path, *, sheet: str | None = None, mapping=None, interval_min: int | None = None,
                   progress=None, cancel=None) -> ImportResult:
    """Read `path` into the canonical History; see the module docstring.

    `mapping` is a ColumnMapping (or ``["field=Column", ...]`` pairs); fields it
    sets replace what detection finds. `interval_min` (15, 30 or 60) rolls the
    history up (or splits it, with a warning) to that planning interval.
    """
    path = Path(path)
    if interval_min is not None and interval_min not in PLANNING_INTERVALS:
        raise WfmError(f"planning interval {interval_min} min: choose 15, 30 or 60")
    user_mapping = _as_mapping(mapping)
    if sandbox.in_child():
        return _import_file((path, sheet, user_mapping, interval_min), progress)
    try:
        return sandbox.run_limited(_import_file, (path, sheet, user_mapping, interval_min), what=path.name,
                                   progress=progress, cancel=cancel)
    except sandbox.ReaderFailed as exc:  # the reader process failed or was stopped: one error finding naming the file
        raise ImportFailed(str(exc), [Finding("error", path.name, None, None, None, str(exc))]) from None


def _import_file(args, progress) -> ImportResult:
    """The import itself; runs in the reader child process (see :mod:`wfm_desktop.core.sandbox`)."""
    path, sheet, user_mapping, interval_min = args
    log = FindingLog(path.name)
    seen: dict = {}
    try:
        result = _import(path, sheet, user_mapping, interval_min, progress, None, log, seen)
        result.history.warm()  # its totals and checksum come back with it, worked out in this process
        return result
    except ImportFailed as exc:
        # the GUI shows the raw rows next to the errors, so a click can point at the bad cell
        exc.sheets = seen.get("names", [])
        exc.raw_preview = preview_frame(seen["rows"]) if "rows" in seen else None
        exc.preview_sheet = seen.get("sheet")
        exc.mapping = seen.get("mapping")
        raise


def _import(path: Path, sheet, user_mapping: ColumnMapping, interval_min, progress, cancel, log: FindingLog,
            seen: dict) -> ImportResult:
    report(progress, 0.0, f"reading {path.name}")
    names, sheets = open_sheets(path, log, sheet=sheet)
    seen["names"] = names
    if sheets:
        first = next((raw for raw in sheets if not _is_empty(raw)), sheets[0])
        seen["rows"], seen["sheet"] = first.rows[:200], first.name
    sha = _sha256(path)
    check_cancel(cancel)
    report(progress, 0.3, "finding the columns")
    is_workbook = all(raw.complete for raw in sheets)

    if not is_workbook and is_canonical_header(sheets[0].text_options["text"][:500].split("\n", 1)[0]):
        frame, source_min = frame_from_canonical_text(sheets[0].text_options["text"], path.name)
        used = ColumnMapping(layout="long", header_row=1, timestamp="start", queue="queue", offered="offered",
                             aht="aht_s", aht_unit="s",
                             handled="handled" if "handled" in frame.columns else None,
                             abandoned="abandoned" if "abandoned" in frame.columns else None,
                             **{role: column for role, column in (("asa", "asa_s"), ("abandon_wait", "abandon_wait_s"),
                                                                  ("wait_total", "wait_s_total"), ("agents", "agents"))
                                if column in frame.columns},
                             duplicates=user_mapping.duplicates)
        log.info(f"canonical history file ({source_min}-minute intervals)")
        return _finish(frame, source_min, log, used, sha, names, preview_frame(sheets[0].rows), [names[0]],
                       interval_min, progress, cancel)

    headers = {raw.name: find_header(raw.rows, user_mapping) for raw in sheets if not _is_empty(raw)}
    dates = title_dates({name: text for name, text in (
        (raw.name, title_date_text(raw.rows[:header_top(raw.rows, headers[raw.name])] if headers.get(raw.name)
                                   else []))
        for raw in sheets if raw.name in headers) if text is not None})
    candidates = []
    for raw in sheets:
        log.sheet = raw.name if is_workbook else None
        if _is_empty(raw):
            if len(sheets) > 1 and sheet is None:
                log.info("the sheet is empty", action="skipped")
                continue
            log.fail("the sheet is empty: there is nothing to import")
        header_index = headers[raw.name]
        try:
            if header_index is None and user_mapping.header_row is None and not _data_without_header(raw):
                log.fail("no header row found: the columns need names such as Date, Interval, Offered "
                         "(or map them, e.g. --map date=A --map offered=C --map header_row=0)")
            table = cut_table(raw, header_index, log)
            detected = detect_layout(table, user_mapping, log, title_date=dates.get(raw.name))
            _warn_unmapped(table, detected, log)
        except ImportFailed:
            if len(sheets) > 1 and sheet is None:
                log.findings[-1] = Finding("info", log.file, raw.name, None, None,
                                           f"skipped: {log.findings[-1].message}", "not imported")
                continue
            raise
        if header_index is None:
            log.info("the sheet has no header row; columns were recognised by their contents",
                     action=detected.describe())
        elif header_index - table.header_rows + 1 > 0:
            top = header_index - table.header_rows + 1
            log.info(f"the header is on row {top + 1}; rows above it were skipped (titles)", row=top + 1)
        candidates.append((raw, table, _with_header_row(detected, header_index)))
        check_cancel(cancel)
    log.sheet = None
    if not candidates:
        log.fail("no sheet has recognisable columns (Date, Interval, Offered …); choose the sheet and map the "
                 "columns (e.g. --sheet Data --map offered=\"Calls\")")
    chosen = _choose_sheets(candidates, sheet, log)
    report(progress, 0.45, "reading the rows")
    frames = []
    report_dates = {c[2].report_date for c in chosen}
    per_day_sheets = len(chosen) > 1 and None not in report_dates and len(report_dates) == len(chosen)
    for raw, table, detected in chosen:
        log.sheet = raw.name if is_workbook else None
        queue = default_queue_name(raw.name, path.name.split(".")[0], len(chosen), is_workbook)
        if per_day_sheets:  # one sheet per day, not per queue
            queue = path.name.split(".")[0]
        decimal_comma = raw.text_options.get("decimal") == ","
        seen["rows"], seen["sheet"], seen["mapping"] = raw.rows[:200], raw.name, detected
        frames.append(build_long(table, detected, log, default_queue=queue, decimal_comma=decimal_comma))
        check_cancel(cancel)
    log.sheet = None
    log.raise_if_errors()
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame = frame[~frame["start"].isna()]
    if frame.empty:
        log.fail("no rows with a date and a volume were found below the header")
    used = chosen[0][2]
    try:
        source_min, counts = detect_interval(frame)
    except WfmError as exc:
        log.fail(str(exc))
        raise
    frame, source_min = _mixed_lengths(frame, source_min, counts, log)
    result = _finish(frame, source_min, log, used, sha, names, preview_frame(chosen[0][0].rows),
                     [c[0].name for c in chosen], interval_min, progress, cancel)
    if len(chosen) > 1:
        result.previews.update({raw.name: preview_frame(raw.rows) for raw, _t, _m in chosen[1:]})
    return result


_MEASURE_ROLES = ("offered", "handled", "abandoned", "aht", "talk", "hold", "wrap", "asa", "abandon_wait", "wait_total",
                  "agents")


def _warn_unmapped(table, mapping: ColumnMapping, log: FindingLog) -> None:
    """A warning for each column named like a measure that was not imported (e.g. a second AHT column)."""
    if mapping.layout not in ("long", "daily"):
        return
    used = {getattr(mapping, name) for name in COLUMN_FIELDS}
    for header in table.headers:
        role = role_of(header)
        if role not in _MEASURE_ROLES or header in used:
            continue
        if role in ("talk", "hold", "wrap") and mapping.aht:
            continue  # parts of the handle time, which is read from its own column
        chosen = getattr(mapping, role)
        log.warning(f'column "{header}" looks like {role} but was not imported'
                    + (f' (the {role} read is "{chosen}")' if chosen else ""), column=header,
                    action=f'to import it instead, map it: --map {role}="{header}"')


def _with_header_row(mapping: ColumnMapping, header_index: int | None) -> ColumnMapping:
    return replace(mapping, header_row=0 if header_index is None else header_index + 1)


def _data_without_header(raw: RawSheet) -> bool:
    """True when the first non-empty row already holds data (a date and a number)."""
    for row in raw.rows[:30]:
        cells = [v for v in row if v is not None]
        if not cells:
            continue
        dates, _ = parse_datetimes(pd.Series([c for c in cells], dtype=object))
        numbers = pd.to_numeric(pd.Series([c for c in cells], dtype=object), errors="coerce")
        return bool((~np.isnat(dates)).any() and numbers.notna().any())
    return False


def _choose_sheets(candidates, sheet, log: FindingLog):
    """One sheet, or all of them when they share a layout (one sheet per queue)."""
    if sheet is not None or len(candidates) == 1:
        return candidates[:1]
    first = candidates[0][2]
    same = [c for c in candidates if c[2].layout == first.layout and bool(c[2].queue) == bool(first.queue)]
    if len(same) == len(candidates):
        names = ", ".join(c[0].name for c in candidates)
        how = "their queue columns" if first.queue else "the sheet names as queue names"
        log.info(f"{len(candidates)} sheets with the same layout were combined ({names}), using {how}",
                 action="use --sheet NAME to import only one")
        return candidates
    log.info(f'several sheets hold data; imported "{candidates[0][0].name}"',
             action="use --sheet NAME to choose another: " + ", ".join(c[0].name for c in candidates[1:]))
    return candidates[:1]


def _mixed_lengths(frame: pd.DataFrame, source_min: int, counts: dict[int, int], log: FindingLog):
    """Days at different interval lengths: roll everything up to the coarsest (exact) when it can."""
    lengths = sorted(k for k in counts if k in SOURCE_LENGTHS and k >= source_min)
    if source_min == DAILY or len(lengths) <= 1:
        return frame, source_min
    coarse = lengths[-1]
    detail = ", ".join(f"{counts[k]} queue-day(s) at {k} min" for k in lengths)
    if all(coarse % k == 0 for k in lengths):
        log.warning(f"mixed interval lengths: {detail}",
                    action=f"everything rolled up to {coarse}-minute intervals (totals exact)")
        extra = frame[["_row"]].assign(queue=frame["queue"], start=frame["start"].dt.floor(f"{coarse}min"))
        rolled, _ = regrid(frame, source_min, coarse)
        rows = extra.groupby(["queue", "start"], sort=True)["_row"].min().to_numpy()
        return rolled.assign(_row=rows, _column=""), coarse
    log.fail(f"mixed interval lengths that do not fit together: {detail}; import them separately")
    raise AssertionError


def _finish(frame, source_min, log, used, sha, names, preview, used_sheets, interval_min, progress, cancel):
    report(progress, 0.6, "checking the data")
    frame = snap_to_grid(frame, source_min, log)
    frame = merge_duplicates(frame, log, policy=used.duplicates)
    log.raise_if_errors()
    check_cancel(cancel)
    check_coverage(frame, source_min, log)
    check_outliers(frame, log)
    check_interval_spikes(frame, source_min, log)
    check_cancel(cancel)
    columns = ["queue", "start", "offered", "aht_s"] + [c for c in ("handled", "abandoned") + QUEUE_MEASURES
                                                        if c in frame.columns]
    canonical = frame[columns].sort_values(["queue", "start"], kind="stable").reset_index(drop=True)
    canonical["queue"] = canonical["queue"].astype(str)
    canonical["start"] = canonical["start"].astype("datetime64[ns]")
    for c in columns[2:]:
        canonical[c] = canonical[c].astype(float)
    history = History(canonical, source_min, source=log.file)
    if source_min == DAILY:
        log.info("the file holds daily totals only", action="only daily forecasting is possible")
    report(progress, 0.85, "rolling up")
    if interval_min is not None and interval_min != source_min:
        if source_min == DAILY:
            log.warning(f"daily totals cannot be split into {interval_min}-minute intervals",
                        action="kept as daily totals; only daily forecasting is possible")
        else:
            history = rollup(history, interval_min)
            if interval_min % source_min == 0:
                log.info(f"{source_min}-minute intervals rolled up to {interval_min} minutes",
                         action="totals preserved exactly")
            else:
                log.warning(f"{source_min}-minute intervals do not fit {interval_min}-minute planning intervals",
                            action="split in proportion to overlap; daily totals are exact, the shape inside "
                                   "each source interval is assumed even")
    report(progress, 1.0, "done")
    return ImportResult(history=history, findings=list(log.findings), mapping=used, source_sha256=sha,
                        sheets=names, raw_preview=preview, used_sheets=used_sheets,
                        source_interval_min=source_min, previews={used_sheets[0]: preview} if used_sheets else {})
