"""The canonical history CSV that ``wfm-desktop import`` writes (and every command reads).

Columns ``queue,start,interval_min,offered,aht_s`` then any of
``handled,abandoned`` and the queue measures ``asa_s,abandon_wait_s,wait_s_total,agents``
(waiting times in seconds, agents staffed on average; see :mod:`~wfm_desktop.core.history.table`); ``start`` is naive local ``YYYY-MM-DD HH:MM:SS`` (daily
data: the date at 00:00 and ``interval_min`` 1440); ``aht_s`` is always there,
blank when unknown. UTF-8, comma-separated, point decimals.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from wfm_desktop.core.formula_safety import escape_frame, unescape
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import write_atomic
from wfm_desktop.core.history.table import INTERVAL_LENGTHS, History

CANONICAL_COLUMNS = ("queue", "start", "interval_min", "offered", "aht_s")
OPTIONAL = ("handled", "abandoned", "asa_s", "abandon_wait_s", "wait_s_total", "agents")
START_FORMAT = "%Y-%m-%d %H:%M:%S"


def is_canonical_header(first_line: str) -> bool:
    """True when a CSV's first line is the canonical header."""
    names = [c.strip().strip('"').lower() for c in first_line.lstrip("\ufeff").strip().split(",")]
    return tuple(names[:5]) == CANONICAL_COLUMNS and all(n in OPTIONAL for n in names[5:])


def frame_from_canonical_text(text: str, name: str) -> tuple[pd.DataFrame, int]:
    """(frame with ``_row``, interval_min) from canonical CSV text; WfmError names the bad row."""
    try:
        raw = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype={"queue": str}, keep_default_na=False,
                          na_values={"aht_s": [""], "offered": [""], **{c: [""] for c in OPTIONAL}})
    except (pd.errors.ParserError, ValueError) as exc:
        raise WfmError(f"{name}: not a valid history CSV ({str(exc).splitlines()[0]})") from exc
    raw.columns = [c.strip().lower() for c in raw.columns]
    codes, names = pd.factorize(raw["queue"])  # a few queue names over many rows: unescape each name once
    raw["queue"] = np.asarray([unescape(n) for n in names], dtype=object)[codes]  # escaped against formula injection
    starts = pd.to_datetime(raw["start"], format=START_FORMAT, errors="coerce")
    if starts.isna().any():
        i = int(np.flatnonzero(starts.isna().to_numpy())[0])
        raise WfmError(f'{name}, row {i + 2}, column "start": "{raw["start"].iloc[i]}" is not '
                       "YYYY-MM-DD HH:MM:SS")
    for column in ("interval_min", "offered", "aht_s") + tuple(c for c in OPTIONAL if c in raw.columns):
        values = pd.to_numeric(raw[column], errors="coerce")
        if pd.api.types.is_numeric_dtype(raw[column]):  # the reader parsed every cell: nothing is text
            bad = pd.Series(False, index=raw.index)
        else:
            bad = values.isna() & raw[column].notna() & (raw[column].astype(str).str.strip() != "")
        if column in ("interval_min", "offered"):  # required: a blank cell is refused too
            bad = bad | values.isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            cell = "" if pd.isna(raw[column].iloc[i]) else raw[column].iloc[i]
            raise WfmError(f'{name}, row {i + 2}, column "{column}": "{cell}" is not a number')
        raw[column] = values.astype(float)
        if column != "interval_min" and (values < 0).any():
            i = int(np.flatnonzero((values < 0).to_numpy())[0])
            raise WfmError(f'{name}, row {i + 2}, column "{column}": {values.iloc[i]:g} is negative')
    lengths = raw["interval_min"].unique()
    if len(lengths) != 1 or int(lengths[0]) not in INTERVAL_LENGTHS:
        raise WfmError(f'{name}, column "interval_min": one interval length of '
                       f"{', '.join(map(str, INTERVAL_LENGTHS))} expected, found {sorted(lengths.tolist())}")
    frame = pd.DataFrame({"queue": raw["queue"].astype(str), "start": starts.astype("datetime64[ns]"),
                          "offered": raw["offered"], "aht_s": raw["aht_s"]})
    for column in OPTIONAL:
        if column in raw.columns:
            frame[column] = raw[column]
    frame["_row"] = np.arange(len(frame)) + 2
    frame["_column"] = ""
    return frame, int(lengths[0])


def read_history_csv(path: str | Path) -> History:
    """Read a canonical history CSV (as written by :func:`write_history_csv`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise WfmError(f"{path.name}: cannot be read as a history CSV ({exc})") from exc
    first = text.split("\n", 1)[0]
    if not is_canonical_header(first):
        raise WfmError(f"{path.name}, row 1: expected the columns {','.join(CANONICAL_COLUMNS)}"
                       f"[,handled,abandoned,…], found {first.strip()[:120]!r}; import the file with "
                       "`wfm-desktop import` first")
    frame, interval_min = frame_from_canonical_text(text, path.name)
    frame = frame.drop(columns=["_row", "_column"]).sort_values(["queue", "start"], kind="stable")
    return History(frame.reset_index(drop=True), interval_min, source=path.name)


def history_to_csv_text(history: History) -> str:
    """The canonical CSV text of a history."""
    frame = history.frame
    out = pd.DataFrame({
        "queue": frame["queue"].astype(str),
        "start": frame["start"].dt.strftime(START_FORMAT),
        "interval_min": history.interval_min,
        "offered": frame["offered"].astype(float),
        "aht_s": frame["aht_s"].astype(float) if "aht_s" in frame.columns else np.nan,
    })
    for column in OPTIONAL:
        if column in frame.columns:
            out[column] = frame[column].astype(float)
    return escape_frame(out).to_csv(index=False, float_format="%.12g", lineterminator="\n")


def write_history_csv(history: History, path: str | Path, *, force: bool = False) -> Path:
    """Write `history` as canonical CSV, atomically; refuses to overwrite unless `force`."""
    text = history_to_csv_text(history)
    return write_atomic(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8", newline=""), force=force)
