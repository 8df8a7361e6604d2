"""Forecast snapshots and actuals as a plan keeps them, to compare a forecast with what happened later.

A **snapshot** is a forecast run kept under a name and the time it was taken: its daily and
interval forecast, its backtest, the settings it ran with and the history span it saw. A plan keeps
a list of them (input ``forecast/snapshots``) and the **actuals** imported since (input
``accuracy/actuals``: the History the importer made of the actuals file); the accuracy stage
compares the chosen snapshot (by name; default the latest taken) with the actuals.

Both are plain data with DataFrames, as every plan input is (the plan file keeps the frames as
tables). Each carries ``content_sha256``, a checksum of its tables taken once when it is made:
the plan's fingerprints read that instead of hashing the tables again at every edit.

    snapshots = add_snapshot(plan.input("forecast/snapshots") or [], take_snapshot(result, "March plan"))
    chosen = choose_snapshot(snapshots, None)          # the latest taken
    daily, intervals = chosen["daily"], chosen["intraday"]
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Mapping

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.table import History

DAILY_COLUMNS = ["queue", "date", "contacts", "lower", "upper", "aht_s", "method"]
INTERVAL_COLUMNS = ["queue", "start", "contacts", "aht_s"]
MAX_NAME = 80


def _checksum(*frames: pd.DataFrame) -> str:
    from wfm_desktop.core.checksum import frame_checksum

    digest = hashlib.sha256()
    for frame in frames:
        digest.update(frame_checksum(frame).encode())
    return digest.hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")


def default_name(result) -> str:
    """'Forecast from 2025-10-20 (Auto)': the first forecast day and the method asked for."""
    first = pd.Timestamp(result.daily["date"].min())
    method = result.settings.method
    return f"Forecast from {first:%Y-%m-%d} ({'Auto' if method == 'auto' else method})"


def take_snapshot(result, name: str | None = None, *, taken_at: str | None = None) -> dict[str, Any]:
    """A forecast result (:class:`~wfm_desktop.core.forecast.settings.ForecastResult`) kept as a snapshot."""
    from wfm_desktop.core.forecast.settings import settings_to_dict

    if result is None or result.daily.empty:
        raise WfmError("There is no forecast to keep: run the forecast first.")
    daily = result.daily.reindex(columns=DAILY_COLUMNS).reset_index(drop=True)
    intraday = result.intraday.reindex(columns=INTERVAL_COLUMNS).reset_index(drop=True)
    backtest = result.backtest.reset_index(drop=True)
    seen = result.history_daily
    return {
        "name": check_name(name or default_name(result)),
        "taken_at": taken_at or _now(),
        "origin": f"{pd.Timestamp(daily['date'].min()):%Y-%m-%d}",
        "last_day": f"{pd.Timestamp(daily['date'].max()):%Y-%m-%d}",
        "history_first": "" if seen.empty else f"{pd.Timestamp(seen['date'].min()):%Y-%m-%d}",
        "history_last": "" if seen.empty else f"{pd.Timestamp(seen['date'].max()):%Y-%m-%d}",
        "interval_min": result.interval_min,
        "settings": settings_to_dict(result.settings),
        "daily": daily,
        "intraday": intraday,
        "backtest": backtest,
        "content_sha256": _checksum(daily, intraday, backtest),
    }


def check_name(name: str) -> str:
    text = " ".join(str(name).split())
    if not text:
        raise WfmError("A snapshot needs a name.")
    if len(text) > MAX_NAME:
        raise WfmError(f"Snapshot name {text[:20]!r}…: at most {MAX_NAME} characters.")
    return text


def names(snapshots: list[Mapping[str, Any]] | None) -> list[str]:
    return [str(s.get("name")) for s in snapshots or ()]


def add_snapshot(snapshots: list[Mapping[str, Any]] | None, snapshot: Mapping[str, Any]) -> list[dict]:
    """A new list with `snapshot` appended; a name already used gets " (2)", " (3)", ... ."""
    current = [dict(s) for s in snapshots or ()]
    taken = set(names(current))
    name, number = snapshot["name"], 2
    while name in taken:
        name = f"{snapshot['name']} ({number})"
        number += 1
    return current + [{**snapshot, "name": name}]


def rename_snapshot(snapshots: list[Mapping[str, Any]], old: str, new: str) -> list[dict]:
    """A new list with snapshot `old` called `new` (WfmError if `new` is another snapshot's name)."""
    new = check_name(new)
    _find(snapshots, old)
    if new != old and new in names(snapshots):
        raise WfmError(f"There is already a snapshot called {new!r}.")
    return [{**s, "name": new} if s.get("name") == old else dict(s) for s in snapshots]


def delete_snapshot(snapshots: list[Mapping[str, Any]], name: str) -> list[dict]:
    _find(snapshots, name)
    return [dict(s) for s in snapshots if s.get("name") != name]


def _find(snapshots, name: str) -> Mapping[str, Any]:
    for snapshot in snapshots or ():
        if snapshot.get("name") == name:
            return snapshot
    known = ", ".join(repr(n) for n in names(snapshots)) or "none"
    raise WfmError(f"No forecast snapshot called {name!r} in the plan (snapshots: {known}).")


def choose_snapshot(snapshots: list[Mapping[str, Any]] | None, name: str | None) -> Mapping[str, Any]:
    """The snapshot called `name`, or (None) the latest taken; WfmError when the plan has none."""
    if not snapshots:
        raise WfmError("The plan keeps no forecast snapshot: keep one on the Forecast page (Accuracy tab) "
                       "or save a plan with `wfm-desktop plan ... --save PLAN.wfmplan --snapshot`.")
    if name:
        return _find(snapshots, name)
    return max(snapshots, key=lambda s: str(s.get("taken_at", "")))


def snapshot_frames(snapshot: Mapping[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(daily, intervals or None) of a snapshot, with their date columns as times."""
    daily = snapshot["daily"].copy()
    daily["date"] = pd.to_datetime(daily["date"])
    intraday = snapshot.get("intraday")
    if not isinstance(intraday, pd.DataFrame) or intraday.empty:
        return daily, None
    intraday = intraday.copy()
    intraday["start"] = pd.to_datetime(intraday["start"])
    return daily, intraday


# --------------------------------------------------------------------------- actuals


def actuals_to_input(history: History, *, path: str = "", sha256: str = "") -> dict[str, Any]:
    """Actuals as the plan keeps them (input ``accuracy/actuals``)."""
    frame = history.frame.reset_index(drop=True)
    return {"frame": frame, "interval_min": int(history.interval_min), "source": str(path or history.source),
            "sha256": sha256, "notes": [str(n) for n in history.notes], "imported_at": _now(),
            "content_sha256": _checksum(frame)}


def actuals_from_input(value: Mapping[str, Any] | None) -> History | None:
    if not value:
        return None
    frame = value["frame"]
    if "start" in frame.columns and not pd.api.types.is_datetime64_any_dtype(frame["start"]):
        frame = frame.assign(start=pd.to_datetime(frame["start"]))
    return History(frame, int(value["interval_min"]), str(value.get("source", "")),
                   tuple(str(n) for n in value.get("notes", ())))


def snapshot_summary(snapshots: list[Mapping[str, Any]] | None) -> pd.DataFrame:
    """One row per snapshot: name, taken_at, origin, last_day, queues, contacts, method(s)."""
    rows = []
    for s in snapshots or ():
        daily = s["daily"]
        rows.append({"name": s["name"], "taken_at": s.get("taken_at", ""), "origin": s.get("origin", ""),
                     "last_day": s.get("last_day", ""), "queues": int(daily["queue"].nunique()),
                     "contacts": float(daily["contacts"].sum()),
                     "method": ", ".join(sorted({str(m) for m in daily["method"].dropna().unique()}))})
    return pd.DataFrame(rows, columns=["name", "taken_at", "origin", "last_day", "queues", "contacts", "method"])
