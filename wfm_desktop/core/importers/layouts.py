"""Find the header row and decide the layout of a sheet.

Layouts (see docs/importing.md):

* ``long`` — one row per interval: a timestamp column, or a date column plus a
  time/interval column; optional queue column;
* ``wide_interval`` — one row per day (and queue), one column per interval
  ("08:00", "08:15", … or Excel times as headers);
* ``wide_queue`` — one row per interval or day, one volume column per queue;
* ``daily`` — one row per day (and queue): daily totals only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import numpy as np
import pandas as pd

from wfm_desktop.core.importers.columns import (
    NOT_A_ROLE, VOLUME_ROLES, as_categories, is_summary_text, normalise, parse_datetimes, recognise, role_of,
    time_text_minutes,
)
from wfm_desktop.core.importers.findings import FindingLog
from wfm_desktop.core.importers.mapping import COLUMN_FIELDS, ColumnMapping
from wfm_desktop.core.importers.readers import RawSheet, column_letter, read_text_table

HEADER_SCAN_ROWS = 30
MIN_INTERVAL_COLUMNS = 4
GENERIC_SHEET_NAMES = {"sheet", "sheet1", "feuil1", "tabelle1", "blad1", "hoja1", "foglio1", "planilha1",
                       "data", "export", "report", "table1"}


class SheetTable:
    """A sheet cut below its header: ``headers`` (names) and ``data`` (positional columns).

    ``row_of(i)`` is the 1-based row number, as the planner sees it, of data row i.
    ``header_rows`` is 2 when the header spans two rows (see :func:`two_row_header`).
    """

    def __init__(self, name: str, headers: list[str], data: pd.DataFrame, first_row: int,
                 title_rows: list[list] | None = None, header_rows: int = 1):
        self.title_rows = title_rows or []  # the rows above the header (report titles)
        self.header_rows = header_rows
        self.name = name
        self.headers = headers
        self.data = data
        self.first_row = first_row

    def row_of(self, index) -> np.ndarray:
        return np.asarray(index) + self.first_row

    def column(self, name: str) -> int:
        return self.headers.index(name)

    def label(self, index: int) -> str:
        return self.headers[index]


def _cell_is_time_header(value) -> float:
    """Minutes after midnight if a header cell names an interval start, else NaN."""
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    if isinstance(value, dt.datetime):
        if value.date() in (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1)):
            return value.hour * 60 + value.minute
        return np.nan
    if isinstance(value, float) and 0 <= value < 1:
        return round(value * 1440, 6)
    if isinstance(value, str):
        return time_text_minutes(value)
    return np.nan


def _row_score(row: list, wanted: set[str]) -> int:
    text = [v for v in row if isinstance(v, str) and v.strip()]
    score = sum(1 for v in text if role_of(v) is not None)
    score += 10 * sum(1 for v in text if v.strip() in wanted)
    if sum(1 for v in row if not np.isnan(_cell_is_time_header(v))) >= MIN_INTERVAL_COLUMNS:
        score += 3
    numbers = sum(1 for v in row if isinstance(v, (int, float)) and not isinstance(v, bool) and not 0 <= v < 1)
    return score if numbers <= len(text) else 0


def find_header(rows: list[list], mapping: ColumnMapping) -> int | None:
    """0-based index of the header row, or None when the sheet has no header."""
    if mapping.header_row is not None:
        return None if mapping.header_row == 0 else mapping.header_row - 1
    wanted = {v for v in mapping.columns().values() if v}
    best, best_score = None, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = _row_score(row, wanted)
        if score > best_score:
            best, best_score = index, score
    if best is not None and two_row_header(rows, best + 1, wanted) is not None:
        return best + 1  # the header's second row: the data start below it
    return best


_NOT_A_LABEL = re.compile(r"[\d\s.,:;/\\'()%+-]*")


def _label_kind(value) -> str:
    """"blank", "time" (an interval header), "text" (a column name) or "value" (a number, a date: data)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "blank"
    if not np.isnan(_cell_is_time_header(value)):
        return "time"
    if isinstance(value, str) and not _NOT_A_LABEL.fullmatch(value.strip()):
        return "text"
    return "value"


def two_row_header(rows: list[list], index: int, wanted: set[str] | None = None) -> list[str] | None:
    """The column names of a header spanning rows `index` - 1 and `index` (0-based), or None.

    Reports often group columns under a merged title: "Calls" over "Offered" and
    "Handled", "Handle time" over "Talk (s)" and "Wrap (s)", with "Date" merged down
    over both rows. In a workbook the merged title is in its first cell and the other
    cells are blank; a CSV export writes the same blanks. Both rows must hold names
    only (no numbers or dates), with blanks showing the merge, and the combined names
    must be recognised better than either row alone. Each column is named by its
    lower cell when that is a name the importer knows ("Offered"), by the title above
    it joined with it otherwise ("Calls In"), and by the upper cell when the lower is
    blank ("Date"):

    >>> two_row_header([["Date", "Calls", None], [None, "Offered", "Handled"]], 1)
    ['Date', 'Offered', 'Handled']
    """
    if index < 1 or index >= len(rows):
        return None
    width = max(len(rows[index - 1]), len(rows[index]))
    top = [rows[index - 1][i] if i < len(rows[index - 1]) else None for i in range(width)]
    bottom = [rows[index][i] if i < len(rows[index]) else None for i in range(width)]
    kinds_top, kinds_bottom = [_label_kind(v) for v in top], [_label_kind(v) for v in bottom]
    if "value" in kinds_top or "value" in kinds_bottom or "text" not in kinds_top:
        return None
    merged = any((a == "blank") != (b == "blank") for a, b in zip(kinds_top, kinds_bottom))
    if not merged:
        return None
    names, title = [], ""
    for value, below, kind_below in zip(top, bottom, kinds_bottom):
        above = _header_text(value)
        if above:
            title = above
        elif kind_below == "blank":
            title = ""
        under = _header_text(below)
        repeated = sum(_header_text(v).lower() == under.lower() for v in bottom) > 1
        if kind_below == "blank":
            names.append(above)
        elif kind_below == "time" or not title or (role_of(under) is not None and not repeated):
            names.append(under)
        else:  # "Support Offered" beside "Sales Offered": the title tells them apart
            names.append(f"{title} {under}")
    wanted = wanted or set()
    if _row_score(names, wanted) <= max(_row_score(top, wanted), _row_score(bottom, wanted)):
        return None
    return names


def header_top(rows: list[list], header_index: int | None) -> int | None:
    """The first row of the header ending on `header_index` (one row above it for a two-row header)."""
    if header_index is not None and two_row_header(rows, header_index) is not None:
        return header_index - 1
    return header_index


def _first_nonempty(rows: list[list]) -> int:
    for index, row in enumerate(rows):
        if any(v is not None for v in row):
            return index
    return len(rows)


def cut_table(sheet: RawSheet, header_index: int | None, log: FindingLog) -> SheetTable:
    """The sheet below its header as positional columns, with header names made unique."""
    rows = sheet.rows
    combined = None
    if header_index is None:
        start = _first_nonempty(rows)
        width = max((len(r) for r in rows[start:start + 200]), default=0)
        headers = [f"Column {column_letter(i)}" for i in range(width)]
        data_start = start
    else:
        header = rows[header_index]
        combined = two_row_header(rows, header_index)
        if combined is not None:
            header = combined
            log.info(f"the header spans rows {header_index} and {header_index + 1} (merged titles over column "
                     "names): the columns were read as " + ", ".join(f'"{n}"' for n in combined if n),
                     row=header_index + 1, action="check the column names; to choose, map them (--map aht=...)")
        width = max([len(header)] + [len(r) for r in rows[header_index + 1: header_index + 200]])
        headers = []
        for i in range(width):
            value = header[i] if i < len(header) else None
            name = _header_text(value) or f"Column {column_letter(i)}"
            if name in headers:
                name = f"{name} ({column_letter(i)})"
            headers.append(name)
        data_start = header_index + 1
    if sheet.complete:
        body = rows[data_start:]
        if any(len(r) != width for r in body):
            body = [r + [None] * (width - len(r)) if len(r) < width else r[:width] for r in body]
        data = pd.DataFrame(body, columns=range(width), dtype=object) if body else pd.DataFrame(
            columns=range(width), dtype=object)
    else:
        data = read_text_table(sheet, None if header_index is None else header_index, width, log)
        if header_index is None and data_start:
            data = data.iloc[data_start:].reset_index(drop=True)
    for col in data.columns:
        data[col] = as_categories(data[col])
    spans = 2 if header_index is not None and combined is not None else 1
    top = None if header_index is None else header_index - spans + 1
    titles = rows[:top] if top else []
    return SheetTable(sheet.name, headers, data, data_start + 1, titles, spans)


def _header_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.datetime):
        if value.date() in (dt.date(1899, 12, 30), dt.date(1899, 12, 31)):
            return value.strftime("%H:%M")
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        if 0 <= value < 1:
            minutes = round(value * 1440)
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        return f"{value:g}"
    return str(value).strip()


def _resolve(table: SheetTable, name: str, field_name: str, log: FindingLog) -> int:
    """Column index of a mapped name: header text first, then a spreadsheet letter."""
    if name in table.headers:
        return table.headers.index(name)
    lowered = [h.lower() for h in table.headers]
    if name.strip().lower() in lowered:
        return lowered.index(name.strip().lower())
    letters = [column_letter(i) for i in range(len(table.headers))]
    if name.strip().upper() in letters:
        return letters.index(name.strip().upper())
    log.fail(f'the mapping says {field_name}="{name}", but there is no such column; the columns are: '
             + ", ".join(f'"{h}"' for h in table.headers))
    raise AssertionError


def _sample_values(table: SheetTable, index: int, n: int = 400) -> pd.Series:
    col = table.data[index]
    sample = col.dropna().head(n)
    return sample.astype(object) if isinstance(sample.dtype, pd.CategoricalDtype) else sample


def _times_vary(values: pd.Series) -> bool:
    parsed, _bad = parse_datetimes(values)
    ok = parsed[~np.isnat(parsed)]
    if len(ok) == 0:
        return False
    minutes = (ok - ok.astype("datetime64[D]")).astype("timedelta64[m]").astype(int)
    return bool((minutes != 0).any())


def _parses_as_datetime(values: pd.Series) -> float:
    if len(values) == 0:
        return 0.0
    parsed, _ = parse_datetimes(values)
    return float((~np.isnat(parsed)).mean())


def _numeric_share(values: pd.Series) -> float:
    if len(values) == 0:
        return 0.0
    if values.dtype.kind in "fiu":
        return 1.0
    as_num = pd.to_numeric(values, errors="coerce")
    return float(as_num.notna().mean())


def detect_layout(table: SheetTable, mapping: ColumnMapping, log: FindingLog, *,
                  title_date: str | None = None) -> ColumnMapping:
    """Complete `mapping` for this table: roles by header name and content, and the layout."""
    roles = {role: idx for role, idx in recognise(table.headers).items()}
    given = mapping.columns()
    for field_name, name in given.items():
        idx = _resolve(table, name, field_name, log)
        for role, other in list(roles.items()):  # a column explicitly mapped loses its guessed role
            if other == idx and role != field_name:
                del roles[role]
        roles[field_name] = idx

    interval_cols = list(mapping.interval_columns) or [
        h for i, h in enumerate(table.headers)
        if i not in roles.values() and not np.isnan(_cell_is_time_header(h))
    ]
    layout = mapping.layout

    # a timestamp-named column that holds only times is the time column, and vice versa
    if "timestamp" in roles and "date" in roles and "time" not in roles and "timestamp" not in given:
        values = _sample_values(table, roles["timestamp"])
        if _parses_as_datetime(values) < 0.9 or not _times_vary(values):
            roles["time"] = roles.pop("timestamp")
    if "time" in roles and "timestamp" not in roles and "time" not in given:
        values = _sample_values(table, roles["time"])  # an "Interval" column of full date-times
        if len(values) and values.dtype.kind not in "fiu" and _parses_as_datetime(values) >= 0.9 \
                and _times_vary(values):
            roles["timestamp"] = roles.pop("time")
            if "date" not in given:
                roles.pop("date", None)
    if "date" in roles and "time" not in roles and "timestamp" not in roles and "date" not in given:
        values = _sample_values(table, roles["date"])
        if _times_vary(values):
            roles["timestamp"] = roles.pop("date")
    if "timestamp" in roles and "date" not in roles and "time" not in roles and "timestamp" not in given:
        values = _sample_values(table, roles["timestamp"])
        if _parses_as_datetime(values) >= 0.9 and not _times_vary(values):
            roles["date"] = roles.pop("timestamp")
    if not any(r in roles for r in ("timestamp", "date")):
        # no recognised date column: take the first column whose cells are dates
        for i in range(len(table.headers)):
            if i in roles.values():
                continue
            values = _sample_values(table, i)
            if len(values) and values.dtype.kind not in "fiu" and _parses_as_datetime(values) >= 0.9:
                role = "timestamp" if _times_vary(values) else "date"
                roles[role] = i
                log.info(f'column "{table.headers[i]}" holds dates; read as the {role}',
                         column=table.headers[i])
                break

    if not any(r in roles for r in VOLUME_ROLES) and all(h.startswith("Column ") for h in table.headers):
        # no header row: the first numeric column is the volume
        for i, header in enumerate(table.headers):
            if i not in roles.values() and _numeric_share(_sample_values(table, i)) >= 0.9:
                roles["offered"] = i
                log.info(f"{header} holds numbers; read as offered volume", column=header)
                break

    if layout is None:
        if "date" in roles and len(interval_cols) >= MIN_INTERVAL_COLUMNS and "time" not in roles:
            layout = "wide_interval"
        elif not any(r in roles for r in VOLUME_ROLES):
            layout = "wide_queue"
        elif "timestamp" in roles or "time" in roles:
            layout = "long"
        else:
            layout = "daily"

    if layout in ("long", "daily", "wide_interval") and "queue" not in roles and not mapping.queue_name:
        guessed = _queue_by_content(table, roles, interval_cols)
        if guessed is not None:
            index, names = guessed
            roles["queue"] = index
            shown = ", ".join(f'"{n}"' for n in names[:4]) + (", …" if len(names) > 4 else "")
            log.info(f'column "{table.headers[index]}" holds {len(names)} different name'
                     f'{"s" if len(names) != 1 else ""} ({shown}); read as the queue',
                     column=table.headers[index],
                     action=f'to read another column as the queue, map it: --map queue="…"; for one queue '
                            f'named by you: --map queue_name="…"')

    queue_cols: list[str] = list(mapping.queue_columns)
    if layout == "wide_queue" and not queue_cols:
        skip = {"time", "timestamp", "date", "queue", "aht", "talk", "hold", "wrap"}
        for i, header in enumerate(table.headers):
            if any(roles.get(r) == i for r in skip) or is_summary_text(pd.Series([header], dtype=object))[0] \
                    or any(word in normalise(header) for word in NOT_A_ROLE) or "%" in header:
                continue
            values = _sample_values(table, i)
            if len(values) and _numeric_share(values) >= 0.9:
                queue_cols.append(header)
        if not queue_cols:
            found = ", ".join(f'"{h}"' for h in table.headers)
            log.fail("no volume column found: name one Offered, Calls, Contacts, Volume, Handled or "
                     f"Abandoned, or map it (e.g. --map offered=\"Column name\"); the columns are: {found}")
        if "timestamp" not in roles and "date" not in roles:
            log.fail("no date column found: name one Date or Start (or map it, e.g. --map date=\"Day\")")

    report_date = mapping.report_date
    if layout in ("long", "daily") and "timestamp" not in roles and "date" not in roles and "time" in roles \
            and report_date is None:
        report_date = title_date
        if report_date:
            log.info(f"no date column: the rows are for {report_date}, the date in the title above the table",
                     action="every row dated so (override with --map report_date=YYYY-MM-DD)")
    if layout in ("long", "daily") and "timestamp" not in roles and "date" not in roles and not (
            report_date and "time" in roles):
        log.fail("no date column found: name one Date, Start or Interval Start (or map it, "
                 "e.g. --map date=\"Day\")")
    if layout == "wide_interval":
        if "date" not in roles and "timestamp" in roles:
            roles["date"] = roles.pop("timestamp")
        if "date" not in roles:
            log.fail("one column per interval was found but no date column; name it Date or map it")
        if len(interval_cols) < 1:
            log.fail("layout wide_interval needs interval columns headed by times (08:00, 08:15, …)")

    names = {role: table.headers[idx] for role, idx in roles.items() if role in COLUMN_FIELDS}
    return replace(mapping, layout=layout, report_date=report_date if "date" not in roles else None,
                   **{f: names.get(f) for f in COLUMN_FIELDS},
                   interval_columns=tuple(interval_cols) if layout == "wide_interval" else (),
                   queue_columns=tuple(queue_cols) if layout == "wide_queue" else ())


MAX_QUEUES_GUESSED = 30


def _queue_by_content(table: SheetTable, roles: dict[str, int], interval_cols: list[str]) -> tuple[int, list[str]] | None:
    """The first unrecognised text column with few distinct values (queue, skill or site names), if any.

    A column qualifies when its cells are text (not numbers, dates or times of day), not a
    totals label, and hold at most 30 distinct names, each repeated (at most half as many
    names as cells), so that free text and identifiers are never read as queues.
    """
    taken = set(roles.values())
    for index, header in enumerate(table.headers):
        if index in taken or header in interval_cols or "%" in header \
                or any(word in normalise(header) for word in NOT_A_ROLE):
            continue
        values = _sample_values(table, index)
        if len(values) < 2 or values.dtype.kind in "fiubmM":
            continue
        text = values[values.map(lambda v: isinstance(v, str) and bool(v.strip()))]
        if len(text) < 0.9 * len(values) or _numeric_share(text) > 0.1 or is_summary_text(text).any():
            continue
        if _parses_as_datetime(text) > 0.5:
            continue
        if np.mean([not np.isnan(time_text_minutes(v.strip())) for v in text.head(50)]) > 0.5:
            continue
        names = list(dict.fromkeys(v.strip() for v in text))
        if len(names) <= MAX_QUEUES_GUESSED and len(names) <= len(text) / 2:
            return index, names
    return None


_DATE_TEXT = r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"


def title_date_text(rows: list[list]) -> object | None:
    """The one date written in the title rows ("Date: 03/04/2024", a date cell), else None."""
    import re

    found = []
    for row in rows:
        for cell in row:
            if isinstance(cell, (dt.datetime, dt.date)):
                found.append(cell)
            elif isinstance(cell, str):
                found += re.findall(_DATE_TEXT, cell)
    return found[0] if len(set(map(str, found))) == 1 else None


def title_dates(texts: dict[str, object]) -> dict[str, str]:
    """Parse the title dates of several sheets together (so 03/04 vs 04/03 is decided by all of them)."""
    if not texts:
        return {}
    names = list(texts)
    parsed, _bad = parse_datetimes(pd.Series([texts[n] for n in names], dtype=object))
    return {n: pd.Timestamp(p).date().isoformat() for n, p in zip(names, parsed) if not np.isnat(p)}


def default_queue_name(sheet_name: str, file_stem: str, sheet_count: int, is_workbook: bool) -> str:
    """The queue of a sheet without a queue column: the sheet's name, else the file's."""
    if is_workbook and (sheet_count > 1 or sheet_name.strip().lower().replace(" ", "") not in GENERIC_SHEET_NAMES):
        return sheet_name.strip()
    return file_stem
