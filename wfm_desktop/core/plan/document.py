"""A plan's content ⇄ the :class:`~wfm_desktop.core.plan.file_format.PlanDocument` saved in a ``.wfmplan``.

What a plan holds (see ``wfm_desktop/gui/plan_controller.py``):

* **inputs** — every setting a planner edits, keyed by name (``"forecast/settings"``,
  ``"schedule/templates"``, ...): JSON-able values or DataFrames;
* the **history** — the imported volumes (a :class:`~wfm_desktop.core.history.table.History`).
  The data itself is stored, not only a reference to the source spreadsheet, so a plan
  opens on another PC; the ``history_import`` input still records the source's path
  and SHA-256 checksum;
* the **results cache** — results that cannot be recomputed exactly (a time-limited
  schedule solve), JSON-able values or DataFrames.

Layout of the document's settings (plain JSON)::

    {"inputs":  {key: value, ...},
     "cache":   {key: value, ...},
     "history": {"table": "history", "interval_min": 15, "source": "...", "notes": [...]} | null}

A DataFrame anywhere inside an input or cache value (at the top or nested in dicts and
lists) becomes a table of the document and is replaced in the JSON by a marker
``{"__table__": NAME}`` (plus ``"index"`` when its index is not the default 0..n-1).
Table names are made from the key (``"schedule/templates"`` → ``input-schedule_templates``)
because plan files allow only letters, digits, ``_`` and ``-`` in names; the marker, not
the name, maps a table back to its key, so any key survives — including keys this
version of the app does not know (a plan saved by a newer version keeps them).

Every number comes back bit-for-bit (the plan file writes floats with 17 digits).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.table import History
from wfm_desktop.core.plan.file_format import PlanDocument

TABLE_MARK = "__table__"
HISTORY_TABLE = "history"


def to_document(inputs: dict[str, Any], history: History | None, cache: dict[str, Any] | None = None
                ) -> PlanDocument:
    """Build the document saved for a plan with these `inputs`, `history` and results `cache`."""
    tables: dict[str, pd.DataFrame] = {}
    settings: dict[str, Any] = {
        "inputs": {str(k): _encode(v, f"input-{_slug(k)}", tables, f"input {k!r}") for k, v in sorted(inputs.items())},
        "cache": {str(k): _encode(v, f"cache-{_slug(k)}", tables, f"cache {k!r}")
                  for k, v in sorted((cache or {}).items())},
        "history": None,
    }
    if history is not None:
        tables[HISTORY_TABLE] = history.frame.reset_index(drop=True)
        settings["history"] = {"table": HISTORY_TABLE, "interval_min": int(history.interval_min),
                               "source": str(history.source), "notes": [str(n) for n in history.notes]}
    return PlanDocument(settings=settings, tables=tables)


def from_document(document: PlanDocument) -> tuple[dict[str, Any], History | None, dict[str, Any]]:
    """The plan's ``(inputs, history, cache)`` from a loaded document (WfmError when inconsistent)."""
    settings = document.settings if isinstance(document.settings, dict) else {}
    tables = document.tables
    inputs = {str(k): _decode(v, tables) for k, v in _mapping(settings, "inputs").items()}
    cache = {str(k): _decode(v, tables) for k, v in _mapping(settings, "cache").items()}
    history = None
    meta = settings.get("history")
    if meta is not None:
        if not isinstance(meta, dict) or meta.get("table") not in tables:
            raise WfmError("the plan is damaged — its history table is missing")
        try:
            history = History(tables[meta["table"]], int(meta.get("interval_min", 0)), str(meta.get("source", "")),
                              tuple(str(n) for n in meta.get("notes", [])))
        except (TypeError, ValueError) as exc:
            raise WfmError(f"the plan is damaged — its history cannot be read ({exc})") from None
    return inputs, history, cache


# --------------------------------------------------------------------------- encoding


def _slug(key: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", str(key)).strip("_")
    return slug or "value"


def _encode(value: Any, name: str, tables: dict[str, pd.DataFrame], where: str) -> Any:
    """`value` as JSON, its DataFrames moved to `tables` under names starting with `name`."""
    if isinstance(value, pd.DataFrame):
        return _store_table(value, name, tables, where)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise WfmError(f"plan {where}: key {key!r} is not text and cannot be saved")
            out[key] = _encode(item, name, tables, where)
        return out
    if isinstance(value, (list, tuple)):
        return [_encode(item, name, tables, where) for item in value]
    if isinstance(value, pd.Series):
        raise WfmError(f"plan {where}: a pandas Series cannot be saved; store a DataFrame")
    return value


def _store_table(frame: pd.DataFrame, name: str, tables: dict[str, pd.DataFrame], where: str) -> dict[str, Any]:
    if isinstance(frame.columns, pd.MultiIndex) or not all(isinstance(c, str) for c in frame.columns):
        raise WfmError(f"plan {where}: table columns must be single text names, not {list(frame.columns)!r}")
    unique = name
    number = 2
    while unique in tables or unique == HISTORY_TABLE:
        unique = f"{name}-{number}"
        number += 1
    marker: dict[str, Any] = {TABLE_MARK: unique}
    index = frame.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        tables[unique] = frame
        return marker
    names = [n if n is not None else f"level_{i}" for i, n in enumerate(index.names)]
    if any(not isinstance(n, str) or n in frame.columns for n in names):
        raise WfmError(f"plan {where}: table index names {names!r} clash with its columns")
    stored = frame.copy()
    stored.index = stored.index.set_names(names)
    tables[unique] = stored.reset_index()
    marker["index"] = names
    marker["index_names"] = list(index.names)
    return marker


def _mapping(settings: dict[str, Any], key: str) -> dict[str, Any]:
    value = settings.get(key) or {}
    if not isinstance(value, dict):
        raise WfmError(f"the plan is damaged — its {key} are not a table of names")
    return value


def _decode(value: Any, tables: dict[str, pd.DataFrame]) -> Any:
    if isinstance(value, dict):
        if TABLE_MARK in value:
            name = value[TABLE_MARK]
            if name not in tables:
                raise WfmError(f"the plan is damaged — table {name!r} is missing")
            frame = tables[name]
            if "index" in value:
                frame = frame.set_index(list(value["index"]))
                frame.index = frame.index.set_names(value.get("index_names", value["index"]))
            return frame
        return {k: _decode(v, tables) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v, tables) for v in value]
    return value


def encode(value: Any, name: str, tables: dict[str, pd.DataFrame], where: str) -> Any:
    """`value` as JSON with its DataFrames moved into `tables` (names starting with `name`)."""
    return _encode(value, name, tables, where)


def decode(value: Any, tables: dict[str, pd.DataFrame]) -> Any:
    """Inverse of :func:`encode`."""
    return _decode(value, tables)
