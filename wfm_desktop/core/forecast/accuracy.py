"""Forecast against actuals: WAPE and bias of volume and handle time by month, week, day and interval.

    report = accuracy_report(forecast_daily, actuals, forecast_intervals=intervals)
    report.summary     # per queue: the whole compared period
    report.by_month, report.by_week, report.by_day, report.by_interval
    report.worst_days, report.worst_intervals

The forecast is plain frames (what the forecast CSVs hold, or a forecast kept in a plan):
daily ``queue, date, contacts[, aht_s]`` and optionally intervals ``queue, start, contacts[,
aht_s]``; the actuals are a :class:`History` from the same importer as the history.

Measures (a = actual contacts, f = forecast contacts, over the rows of a group):

* volume **WAPE** = Σ|f − a| / Σa over the group's days (for a day: over its intervals;
  the queue summary also gives the interval WAPE over all intervals);
* volume **bias** = Σ(f − a) / Σa (positive = the forecast was too high);
* **AHT WAPE** = Σ a·|AHT_f − AHT_a| / Σ a·AHT_a and **AHT bias** = Σ a·(AHT_f − AHT_a) / Σ a·AHT_a
  over the days (or intervals) where both handle times are known: errors weighted by the
  actual contacts, so they read as a share of the actual workload.

Quality (the bands planners publish): daily WAPE under 10% is *excellent*, 10–15% *acceptable*,
above 15% *poor*; 30-minute interval WAPE under 15% excellent, 15–25% acceptable, above 25% poor.
The summary says each queue's band (``daily_band``, ``interval_band``) and :func:`poor_queues`
lists the queues to flag.

Compared days: from the later of the two first days to the earlier of the two last days, per
queue. Inside that window a day with forecast contacts that the actuals do not list counts as 0
actual contacts (the notes say how many); a day with neither (closed on both sides) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.table import History, daily_totals, interval_totals

WORST_ROWS = 10
DAILY_BANDS = (0.10, 0.15)  # excellent below, acceptable up to, poor above (daily WAPE)
INTERVAL_BANDS = (0.15, 0.25)  # the same for the interval WAPE (30-minute intervals)
MEASURE_COLUMNS = ["actual", "forecast", "wape", "bias", "aht_actual_s", "aht_forecast_s", "aht_wape", "aht_bias"]


@dataclass(frozen=True)
class AccuracyReport:
    summary: pd.DataFrame  # queue, first_day, last_day, days, + MEASURE_COLUMNS, interval_wape
    by_month: pd.DataFrame  # queue, month, + MEASURE_COLUMNS (wape over the month's days)
    by_week: pd.DataFrame  # queue, week (the Monday), + MEASURE_COLUMNS
    by_day: pd.DataFrame  # queue, date, + MEASURE_COLUMNS (wape over the day's intervals; NaN for daily), error
    by_interval: pd.DataFrame  # queue, start, actual, forecast, error, aht_actual_s, aht_forecast_s
    worst_days: pd.DataFrame
    worst_intervals: pd.DataFrame
    notes: tuple[str, ...] = field(default=())


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator > 0 else float("nan")


def _measures(rows: pd.DataFrame, wape_of: pd.Series | None = None) -> dict:
    """Volume and AHT measures of `rows` (columns actual, forecast, aht_actual_s, aht_forecast_s)."""
    a, f = rows["actual"].to_numpy(float), rows["forecast"].to_numpy(float)
    aht_a, aht_f = rows["aht_actual_s"].to_numpy(float), rows["aht_forecast_s"].to_numpy(float)
    known = ~np.isnan(aht_a) & ~np.isnan(aht_f) & (a > 0)
    workload = float(np.sum(a[known] * aht_a[known]))
    return {
        "actual": float(a.sum()),
        "forecast": float(f.sum()),
        "wape": _ratio(np.abs(f - a).sum(), a.sum()) if wape_of is None else float(wape_of),
        "bias": _ratio((f - a).sum(), a.sum()),
        "aht_actual_s": _ratio(workload, a[known].sum()),
        "aht_forecast_s": _ratio(np.sum(a[known] * aht_f[known]), a[known].sum()),
        "aht_wape": _ratio(np.sum(a[known] * np.abs(aht_f[known] - aht_a[known])), workload),
        "aht_bias": _ratio(np.sum(a[known] * (aht_f[known] - aht_a[known])), workload),
    }


def _grouped(days: pd.DataFrame, key: str) -> pd.DataFrame:
    rows = [{"queue": queue, key: value, **_measures(group)} for (queue, value), group in days.groupby(["queue", key])]
    return pd.DataFrame(rows, columns=["queue", key, *MEASURE_COLUMNS])


def _check_forecast(frame: pd.DataFrame, when: str, what: str) -> pd.DataFrame:
    missing = [c for c in ("queue", when, "contacts") if c not in frame.columns]
    if missing:
        raise WfmError(f"{what}: missing column(s) {', '.join(missing)}")
    out = frame.copy()
    out["queue"] = out["queue"].astype(str)
    out[when] = pd.to_datetime(out[when])
    out["contacts"] = pd.to_numeric(out["contacts"], errors="coerce").fillna(0.0)
    if "aht_s" not in out.columns:
        out["aht_s"] = np.nan
    return out


def _interval_length_min(starts: pd.Series) -> int:
    steps = np.diff(np.sort(starts.unique()).astype("datetime64[m]").astype(np.int64))
    steps = steps[steps > 0]
    if len(steps) == 0:
        raise WfmError("interval forecast: cannot tell the interval length from a single interval")
    return int(np.min(steps))


def accuracy_report(
    forecast_daily: pd.DataFrame | None,
    actuals: History,
    *,
    forecast_intervals: pd.DataFrame | None = None,
    worst: int = WORST_ROWS,
) -> AccuracyReport:
    """Compare a forecast with what happened (see the module docstring for the measures)."""
    if forecast_daily is None and forecast_intervals is None:
        raise WfmError("accuracy: give a daily or an interval forecast")
    if actuals.frame.empty:
        raise WfmError("accuracy: the actuals hold no rows")
    intervals = None
    if forecast_intervals is not None and len(forecast_intervals):
        intervals = _check_forecast(forecast_intervals, "start", "interval forecast")
    if forecast_daily is None:
        frame = intervals.rename(columns={"contacts": "offered"})
        forecast_daily = daily_totals(frame).rename(columns={"offered": "contacts"})
    daily = _check_forecast(forecast_daily, "date", "daily forecast")
    daily["date"] = daily["date"].dt.normalize()
    notes = []

    actual_days = actuals.daily().rename(columns={"offered": "actual", "aht_s": "aht_actual_s"})
    day_rows, interval_rows = [], []
    summaries = []
    for queue, q_forecast in daily.groupby("queue"):
        q_actual = actual_days[actual_days["queue"] == queue]
        if q_actual.empty:
            notes.append(f"{queue}: no actuals for this queue; not compared.")
            continue
        first = max(q_forecast["date"].min(), q_actual["date"].min())
        last = min(q_forecast["date"].max(), q_actual["date"].max())
        if first > last:
            notes.append(f"{queue}: the forecast ({q_forecast['date'].min():%Y-%m-%d} to {q_forecast['date'].max():%Y-%m-%d}) "
                         "and the actuals do not overlap; not compared.")
            continue
        window = q_forecast[(q_forecast["date"] >= first) & (q_forecast["date"] <= last)]
        merged = window[["queue", "date", "contacts", "aht_s"]].merge(
            q_actual[["date", "actual", "aht_actual_s"]], on="date", how="left"
        )
        # a day both sides agree is closed (forecast 0, no actuals) is not compared
        merged = merged[merged["actual"].notna() | (merged["contacts"] > 0)]
        absent = int(merged["actual"].isna().sum())
        if absent:
            notes.append(f"{queue}: {absent} day(s) with forecast contacts have no actuals; counted as 0 actual contacts.")
        merged["actual"] = merged["actual"].fillna(0.0)
        merged = merged.rename(columns={"contacts": "forecast", "aht_s": "aht_forecast_s"})
        day_rows.append(merged)
        if intervals is not None:
            interval_rows.append(_interval_rows(queue, intervals, actuals, first, last))
    if not day_rows:
        raise WfmError("accuracy: no queue has both forecast and actuals on the same days; "
                       + " ".join(notes))
    days = pd.concat(day_rows, ignore_index=True).sort_values(["queue", "date"], kind="stable", ignore_index=True)
    days["month"] = days["date"].dt.strftime("%Y-%m")
    days["week"] = days["date"] - pd.to_timedelta(days["date"].dt.day_of_week, unit="D")
    by_interval = pd.concat(interval_rows, ignore_index=True) if interval_rows else pd.DataFrame(
        columns=["queue", "start", "actual", "forecast", "error", "aht_actual_s", "aht_forecast_s"])

    a, f = days["actual"].to_numpy(float), days["forecast"].to_numpy(float)
    aht_a, aht_f = days["aht_actual_s"].to_numpy(float), days["aht_forecast_s"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        by_day = pd.DataFrame({
            "queue": days["queue"], "date": days["date"], "actual": a, "forecast": f, "wape": np.nan,
            "bias": np.where(a > 0, (f - a) / a, np.nan), "aht_actual_s": aht_a, "aht_forecast_s": aht_f,
            "aht_wape": np.abs(aht_f - aht_a) / aht_a, "aht_bias": (aht_f - aht_a) / aht_a,
        })
    by_day["error"] = by_day["forecast"] - by_day["actual"]
    if len(by_interval):
        per_day = by_interval.assign(date=by_interval["start"].dt.normalize(), abs_error=by_interval["error"].abs())
        sums = per_day.groupby(["queue", "date"])[["abs_error", "actual"]].sum()
        wape = (sums["abs_error"] / sums["actual"].where(sums["actual"] > 0)).rename("interval_wape")
        by_day = by_day.merge(wape.reset_index(), on=["queue", "date"], how="left")
        by_day["wape"] = by_day.pop("interval_wape")

    summary_rows = []
    for queue, group in days.groupby("queue"):
        record = {"queue": queue, "first_day": group["date"].min(), "last_day": group["date"].max(),
                  "days": len(group), **_measures(group)}
        q_intervals = by_interval[by_interval["queue"] == queue]
        record["interval_wape"] = (_ratio(q_intervals["error"].abs().sum(), q_intervals["actual"].sum())
                                   if len(q_intervals) else float("nan"))
        summary_rows.append(record)
    summary = pd.DataFrame(summary_rows)
    summary["daily_band"] = summary["wape"].map(lambda v: band(v, DAILY_BANDS))
    summary["interval_band"] = summary["interval_wape"].map(lambda v: band(v, INTERVAL_BANDS))

    worst_days = by_day.reindex(by_day["error"].abs().sort_values(ascending=False).index).groupby("queue").head(worst)
    worst_intervals = (by_interval.reindex(by_interval["error"].abs().sort_values(ascending=False).index)
                       .groupby("queue").head(worst) if len(by_interval) else by_interval)
    return AccuracyReport(
        summary=summary,
        by_month=_grouped(days, "month"),
        by_week=_grouped(days, "week"),
        by_day=by_day,
        by_interval=by_interval,
        worst_days=worst_days.reset_index(drop=True),
        worst_intervals=worst_intervals.reset_index(drop=True),
        notes=tuple(notes),
    )


def band(wape: float, bands: tuple[float, float]) -> str:
    """'excellent', 'acceptable' or 'poor' for a WAPE by the planners' bands; '' when not known."""
    if wape is None or wape != wape:
        return ""
    return "excellent" if wape < bands[0] else ("acceptable" if wape <= bands[1] else "poor")


def poor_queues(report: AccuracyReport) -> str | None:
    """The quality flag of a report: which queues' daily or interval WAPE is poor (None: none)."""
    parts = []
    for row in report.summary.itertuples(index=False):
        if row.daily_band == "poor":
            parts.append(f"{row.queue}: daily WAPE {row.wape:.1%} (poor above {DAILY_BANDS[1]:.0%})")
        elif row.interval_band == "poor":
            parts.append(f"{row.queue}: interval WAPE {row.interval_wape:.1%} (poor above {INTERVAL_BANDS[1]:.0%})")
    return "; ".join(parts) or None


def _interval_rows(queue: str, intervals: pd.DataFrame, actuals: History, first, last) -> pd.DataFrame:
    """Interval rows of one queue inside [first, last]: the actuals rolled up to the forecast's intervals."""
    q_forecast = intervals[(intervals["queue"] == queue) & (intervals["start"] >= first)
                           & (intervals["start"] < last + pd.Timedelta(days=1))]
    if q_forecast.empty or actuals.is_daily:
        return pd.DataFrame(columns=["queue", "start", "actual", "forecast", "error", "aht_actual_s", "aht_forecast_s"])
    length = _interval_length_min(q_forecast["start"])
    if length % actuals.interval_min:
        raise WfmError(f"actuals in {actuals.interval_min}-minute intervals cannot be compared with a {length}-minute "
                       "interval forecast; use actuals at the forecast's interval or finer")
    frame = actuals.frame[actuals.frame["queue"].astype(str) == queue]
    rolled = interval_totals(frame, length).rename(columns={"offered": "actual", "aht_s": "aht_actual_s"})
    merged = q_forecast[["start", "contacts", "aht_s"]].merge(rolled[["start", "actual", "aht_actual_s"]], on="start",
                                                                how="outer")
    merged = merged[(merged["start"] >= first) & (merged["start"] < last + pd.Timedelta(days=1))]
    merged["actual"] = merged["actual"].fillna(0.0)
    merged["contacts"] = merged["contacts"].fillna(0.0)
    out = pd.DataFrame({
        "queue": queue,
        "start": merged["start"],
        "actual": merged["actual"],
        "forecast": merged["contacts"],
        "error": merged["contacts"] - merged["actual"],
        "aht_actual_s": merged["aht_actual_s"],
        "aht_forecast_s": merged["aht_s"],
    })
    return out.sort_values("start", ignore_index=True)


def long_table(report: AccuracyReport) -> pd.DataFrame:
    """Every level in one table (the CSV output): level, queue, period, and the measures.

    ``period`` is the month (YYYY-MM), the week's Monday, the day (YYYY-MM-DD), the interval
    start (YYYY-MM-DD HH:MM) or the compared span for the queue summary.
    """
    parts = []
    summary = report.summary.assign(
        level="queue",
        period=report.summary["first_day"].dt.strftime("%Y-%m-%d") + " to " + report.summary["last_day"].dt.strftime("%Y-%m-%d"),
    )
    parts.append(summary)
    parts.append(report.by_month.assign(level="month", period=report.by_month["month"]))
    parts.append(report.by_week.assign(level="week", period=pd.to_datetime(report.by_week["week"]).dt.strftime("%Y-%m-%d")))
    parts.append(report.by_day.assign(level="day", period=report.by_day["date"].dt.strftime("%Y-%m-%d")))
    if len(report.by_interval):
        intervals = report.by_interval
        parts.append(intervals.assign(level="interval", period=intervals["start"].dt.strftime("%Y-%m-%d %H:%M")))
    columns = ["level", "queue", "period", *MEASURE_COLUMNS, "error", "interval_wape"]
    frame = pd.concat([p.reindex(columns=columns) for p in parts if len(p)], ignore_index=True)
    return frame


def read_forecast_csv(path) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """(daily, intervals) from a forecast CSV as `wfm-desktop forecast` writes it; one of them is None."""
    from pathlib import Path

    suffix = Path(path).suffix.lower()
    if suffix == ".wfmplan":
        raise WfmError(f"{path}: a plan file holds forecast snapshots, not a forecast CSV; compare them with "
                       "`wfm-desktop accuracy PLAN.wfmplan ACTUALS`")
    try:
        frame = pd.read_csv(path)
    except FileNotFoundError as exc:
        raise WfmError(f"{path}: forecast file not found") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise WfmError(f"{path}: cannot be read as a forecast CSV ({exc})") from exc
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if {"queue", "date", "contacts"} <= set(frame.columns):
        return frame, None
    if {"queue", "start", "contacts"} <= set(frame.columns):
        return None, frame
    raise WfmError(f"{path}: a forecast needs columns queue,date,contacts (daily) or queue,start,contacts (intervals)")


SHEETS = (
    ("Summary", "summary"), ("Months", "by_month"), ("Weeks", "by_week"), ("Days", "by_day"),
    ("Intervals", "by_interval"), ("Worst days", "worst_days"), ("Worst intervals", "worst_intervals"),
)
PERCENT_COLUMNS = {"wape", "bias", "aht_wape", "aht_bias", "interval_wape"}


def write_accuracy(report: AccuracyReport, path, *, force: bool = False):
    """Write `report` to ``.xlsx`` (one sheet per level, plus the worst days and intervals) or ``.csv``
    (:func:`long_table`). Atomic; an existing file is kept unless `force`."""
    from pathlib import Path

    from wfm_desktop.core.files import write_atomic

    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        table = long_table(report)
        return write_atomic(path, lambda tmp: table.to_csv(tmp, index=False, float_format="%.6g"), force=force)
    if suffix != ".xlsx":
        raise WfmError(f"{path}: write the accuracy report as .xlsx or .csv")
    return write_atomic(path, lambda tmp: _write_xlsx(report, tmp), force=force)


def _write_xlsx(report: AccuracyReport, target) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, name in SHEETS:
        frame = getattr(report, name)
        sheet = book.create_sheet(title)
        sheet.append([_header(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for number, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(number)
            style = "0.0%" if column in PERCENT_COLUMNS else ("0.0" if column.endswith("_s") or column in (
                "actual", "forecast", "error") else DATE_FORMATS.get(column))
            width = 18 if column == "start" else 12
            sheet.column_dimensions[letter].width = max(width, len(_header(column)) + 2)
            if style:
                for cell in sheet[letter][1:]:
                    cell.number_format = style
        sheet.freeze_panes = "A2"
        _page_setup(sheet)
    _add_charts(book, report)
    notes = book.create_sheet("Notes")
    notes.append(["Note"])
    for note in report.notes or ("Every queue was compared on every forecast day.",):
        notes.append([note])
    notes.column_dimensions["A"].width = 100
    book.save(target)


DATE_FORMATS = {"date": "yyyy-mm-dd", "week": "yyyy-mm-dd", "first_day": "yyyy-mm-dd", "last_day": "yyyy-mm-dd",
                "start": "yyyy-mm-dd hh:mm"}


def _page_setup(sheet) -> None:
    """Landscape, as wide as one page, header row repeated."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _add_charts(book, report: AccuracyReport) -> None:
    """A Charts sheet: per queue, forecast and actual contacts by day (lines over the Days sheet's rows)."""
    from openpyxl.chart import LineChart, Reference
    from openpyxl.chart.series import SeriesLabel

    if report.by_day.empty:
        return
    days = book["Days"]
    columns = list(report.by_day.columns)
    date_col = columns.index("date") + 1
    sheet = book.create_sheet("Charts", index=1)
    sheet.append(["Forecast and actual contacts per day, per queue (the numbers are on the Days sheet)"])
    rows: dict[str, list[int]] = {}
    for number, queue in enumerate(report.by_day["queue"].astype(str), start=2):
        rows.setdefault(queue, []).append(number)
    anchor = 3
    for queue, numbers in rows.items():
        first, last = min(numbers), max(numbers)  # the Days sheet lists each queue's days together, in order
        chart = LineChart()
        chart.title = f"{queue}: forecast and actual contacts per day"
        chart.y_axis.title = "Contacts"
        chart.x_axis.number_format = "yyyy-mm-dd"
        chart.height, chart.width = 7.5, 24
        for name, title in (("actual", "Actual"), ("forecast", "Forecast")):
            chart.add_data(Reference(days, min_col=columns.index(name) + 1, min_row=first, max_row=last))
            chart.series[-1].tx = SeriesLabel(v=title)
            chart.series[-1].smooth = False
        chart.set_categories(Reference(days, min_col=date_col, min_row=first, max_row=last))
        sheet.add_chart(chart, f"A{anchor}")
        anchor += 16
    _page_setup(sheet)


def _header(column: str) -> str:
    names = {"wape": "WAPE", "bias": "Bias", "aht_wape": "AHT WAPE", "aht_bias": "AHT bias",
             "aht_actual_s": "AHT actual (s)", "aht_forecast_s": "AHT forecast (s)", "interval_wape": "Interval WAPE",
             "first_day": "First day", "last_day": "Last day", "daily_band": "Daily band",
             "interval_band": "Interval band"}
    return names.get(column, column.replace("_", " ").capitalize())


def _cell(value):
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value
