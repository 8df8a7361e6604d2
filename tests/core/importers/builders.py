"""Small builders that write messy history files into a test's tmp_path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

QUEUES = ("Sales", "Support")


def volumes(days: int = 14, *, start: str = "2024-03-04", open_h: int = 8, close_h: int = 18,
            step_min: int = 15, queues=QUEUES, weekdays_only: bool = False, seed: int = 1) -> pd.DataFrame:
    """Canonical-like rows: queue, start, offered (ints), aht_s, handled, abandoned."""
    rng = np.random.default_rng(seed)
    rows = []
    for day in pd.date_range(start, periods=days, freq="D"):
        if weekdays_only and day.weekday() >= 5:
            continue
        for q in queues:
            for m in range(open_h * 60, close_h * 60, step_min):
                offered = int(rng.integers(5, 60))
                abandoned = int(rng.integers(0, 4))
                rows.append({"queue": q, "start": day + pd.Timedelta(minutes=m), "offered": offered,
                             "handled": offered - abandoned, "abandoned": abandoned,
                             "aht_s": float(rng.integers(120, 600))})
    return pd.DataFrame(rows)


def hhmm(ts: pd.Timestamp) -> str:
    return f"{ts.hour:02d}:{ts.minute:02d}"


def write_csv(path: Path, frame: pd.DataFrame, *, sep=",", encoding="utf-8", decimal=".", title_lines=()) -> Path:
    text = frame.to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\n")
    text = "".join(line + "\n" for line in title_lines) + text
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, pd.DataFrame], *, startrow: int = 0,
               titles: dict[str, list[str]] | None = None) -> Path:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False, startrow=startrow)
            if titles and name in titles:
                ws = writer.sheets[name]
                for i, text in enumerate(titles[name]):
                    ws.cell(row=i + 1, column=1, value=text)
    return path


def long_frame(vol: pd.DataFrame) -> pd.DataFrame:
    """An ACD-style long export: Date, Interval ("08:00-08:15"), Skill, Calls Offered, Abandoned, AHT (mm:ss)."""
    ends = vol["start"] + pd.Timedelta(minutes=15)
    return pd.DataFrame({
        "Date": vol["start"].dt.strftime("%d/%m/%Y"),
        "Interval": [f"{hhmm(a)}-{hhmm(b)}" for a, b in zip(vol["start"], ends)],
        "Skill": vol["queue"],
        "Calls Offered": vol["offered"],
        "Abandoned": vol["abandoned"],
        "AHT": [f"{int(s) // 60}:{int(s) % 60:02d}" for s in vol["aht_s"]],
    })


def wide_interval_frame(vol: pd.DataFrame) -> pd.DataFrame:
    """One row per day and queue, one column per interval ("08:00", "08:15", …)."""
    work = vol.assign(date=vol["start"].dt.date, slot=vol["start"].map(hhmm))
    wide = work.pivot_table(index=["date", "queue"], columns="slot", values="offered", aggfunc="sum")
    wide = wide.reset_index().rename(columns={"date": "Date", "queue": "Queue"})
    wide.columns = [str(c) for c in wide.columns]
    return wide


def excel_time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)
