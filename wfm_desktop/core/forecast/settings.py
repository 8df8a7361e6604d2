"""What a forecast is asked to do (:class:`ForecastSettings`, :class:`Event`) and what it
returns (:class:`ForecastResult`).

Settings are validated up front so that a planner sees one clear message
(:class:`~wfm_desktop.core.errors.WfmError`) before any model is fitted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast.cleaning import FINDING_COLUMNS, Period

METHODS = ("seasonal_naive", "weekday_avg", "weekday_level", "ets", "mstl", "harmonic")
"""The single forecasting methods, simplest first (ties in Auto go to the simpler one)."""

COMBO = "combo"
"""The equal-weight combination of the best single methods of the backtest (:mod:`.combine`)."""

METHOD_CHOICES = ("auto",) + METHODS + (COMBO,)
MAX_HORIZON_DAYS = 52 * 7
MAX_FOLD_DAYS = 28


@dataclass(frozen=True)
class Event:
    """A special day the planner knows about.

    ``closed=True`` forecasts 0 contacts that day; otherwise the forecast of
    that day is multiplied by ``factor`` (1.3 = 30% more than a normal day of
    that weekday). ``queue=None`` applies the event to every queue. An event
    wins over a public holiday on the same date.
    """

    date: dt.date
    closed: bool = False
    factor: float = 1.0
    label: str = ""
    queue: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.date, pd.Timestamp):
            object.__setattr__(self, "date", self.date.date())
        elif isinstance(self.date, dt.datetime):
            object.__setattr__(self, "date", self.date.date())
        if not isinstance(self.date, dt.date):
            raise WfmError(f"event {self.label!r}: date {self.date!r} is not a date")
        if not self.closed and not (0.0 <= float(self.factor) <= 100.0):
            raise WfmError(f"event {self.label!r} on {self.date}: factor {self.factor} must be between 0 and 100")

    @property
    def effective_factor(self) -> float:
        return 0.0 if self.closed else float(self.factor)


@dataclass(frozen=True)
class ForecastSettings:
    """Everything that decides a forecast.

    method:          "auto" (pick per queue by backtest), one of :data:`METHODS`, or "combo"
                     (mean of the two single methods with the best backtest).
    horizon_days:    days to forecast, 1 to 364 (1–52 weeks).
    start:           first forecast day; None = the day after the history ends. A start
                     inside the history forecasts from there, using only the days before it.
    level:           central coverage of the prediction interval (0.8 = 10th–90th percentile).
    weeks:           weeks averaged by ``weekday_avg``.
    folds:           rolling-origin backtest folds (0 = no backtest).
    country:         public-holiday calendar code for the ``holidays`` package ("US", "GB",
                     "DE", "US-CA" for a subdivision), or None.
    events:          the planner's special days.
    growth:          volume uplift applied to every forecast day (0.05 = +5%).
    deflection:      share of contacts taken away by self-service or a chatbot (0.1 = −10%).
    overrides:       {(queue, date): contacts} replacing the day's forecast, applied last.
    profile_weeks:   the most recent weeks the intraday and AHT profiles are built from (the shape
                     backtest may choose fewer, see :mod:`.shapes`).
    percentile:      None = staff on the point forecast; 0.7 = ``contacts`` is the 70th
                     percentile of the forecast distribution.
    interval_min:    planning interval of the intraday forecast (15, 30 or 60); None = the
                     history's interval when it is a planning interval, else 30.
    aht_min_contacts: contacts an interval needs before its own AHT is trusted; thinner cells
                     are blended towards the weekday-free AHT of that time of day.
    clean_history:   find abnormal days and weeks (festivals, outages, campaigns) and keep them
                     out of fitting, weekday averages and profiles (:mod:`.cleaning`).
    keep_periods:    detected abnormal periods the planner keeps in (any overlap keeps a period).
    exclude_periods: the planner's own periods to keep out, whatever the detection says.
    """

    method: str = "auto"
    horizon_days: int = 28
    start: dt.date | None = None
    level: float = 0.8
    weeks: int = 6
    folds: int = 4
    country: str | None = None
    events: tuple[Event, ...] = ()
    growth: float = 0.0
    deflection: float = 0.0
    overrides: Mapping[tuple[str, dt.date], float] = field(default_factory=dict)
    profile_weeks: int = 26
    percentile: float | None = None
    interval_min: int | None = None
    aht_min_contacts: float = 30.0
    clean_history: bool = True
    keep_periods: tuple[Period, ...] = ()
    exclude_periods: tuple[Period, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", tuple(self.events))
        object.__setattr__(self, "keep_periods", tuple(self.keep_periods))
        object.__setattr__(self, "exclude_periods", tuple(self.exclude_periods))
        if self.method not in METHOD_CHOICES:
            raise WfmError(f"forecast method {self.method!r} is not one of {', '.join(METHOD_CHOICES)}")
        if not (1 <= int(self.horizon_days) <= MAX_HORIZON_DAYS):
            raise WfmError(f"horizon {self.horizon_days} days: choose 1 to {MAX_HORIZON_DAYS} days (52 weeks)")
        if not (0.0 < float(self.level) < 1.0):
            raise WfmError(f"prediction interval level {self.level}: give a fraction between 0 and 1, e.g. 0.8")
        if int(self.weeks) < 1:
            raise WfmError(f"weekday average weeks {self.weeks}: must be at least 1")
        if not (0 <= int(self.folds) <= 12):
            raise WfmError(f"backtest folds {self.folds}: choose 0 to 12")
        if not (-1.0 < float(self.growth) <= 1.0):
            raise WfmError(f"growth {self.growth}: give a fraction above -1 and at most 1 (0.05 = +5%)")
        if not (0.0 <= float(self.deflection) < 1.0):
            raise WfmError(f"deflection {self.deflection}: give a fraction from 0 to below 1 (0.1 = 10%)")
        if int(self.profile_weeks) < 1:
            raise WfmError(f"profile weeks {self.profile_weeks}: must be at least 1")
        if self.percentile is not None and not (0.0 < float(self.percentile) < 1.0):
            raise WfmError(f"percentile {self.percentile}: give a fraction between 0 and 1, e.g. 0.7")
        if self.interval_min is not None and self.interval_min not in (15, 30, 60):
            raise WfmError(f"planning interval {self.interval_min} min: choose 15, 30 or 60")
        if self.start is not None:
            start = self.start
            if isinstance(start, (pd.Timestamp, dt.datetime)):
                start = start.date()
            object.__setattr__(self, "start", start)
        for key, value in dict(self.overrides).items():
            if not (isinstance(key, tuple) and len(key) == 2):
                raise WfmError(f"override {key!r}: expected (queue, date)")
            if not (float(value) >= 0.0):
                raise WfmError(f"override for {key[0]} on {key[1]}: contacts {value} must be 0 or more")

    @property
    def fold_days(self) -> int:
        """Length of each backtest fold: the horizon, capped at 4 weeks."""
        return min(int(self.horizon_days), MAX_FOLD_DAYS)


@dataclass(frozen=True)
class ForecastResult:
    """A forecast and everything needed to judge and trace it.

    daily:        queue, date, contacts, lower, upper, aht_s, method, point — all adjustments
                  applied; ``contacts`` is the point forecast, or the chosen percentile.
    intraday:     queue, start, contacts, aht_s per planning interval (empty for daily history).
    profiles:     queue, weekday (0 = Monday), slot_min, time, share — shares sum to 1 per
                  queue and weekday.
    aht_profile:  queue, weekday, slot_min, time, aht_s, weight_contacts.
    backtest:     queue, method, wape, bias, folds, days, chosen (``method`` of the combination
                  names its members: ``combo(a+b)``).
    adjustments:  queue, date, kind, label, value, contacts_before, contacts_after.
    history_daily: queue, date, offered, special — the daily history the models saw.
    notes:        plain-language remarks (methods skipped, fallbacks used, ...).
    findings:     abnormal periods found in the history and the planner's excluded periods:
                  queue, start, end, days, kind (abnormal, recurring, user), change (fraction of
                  normal volume), expected_per_day, actual_per_day, excluded, note.
    """

    daily: pd.DataFrame
    intraday: pd.DataFrame
    profiles: pd.DataFrame
    aht_profile: pd.DataFrame
    backtest: pd.DataFrame
    adjustments: pd.DataFrame
    history_daily: pd.DataFrame
    settings: ForecastSettings
    interval_min: int | None
    notes: tuple[str, ...] = ()
    findings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FINDING_COLUMNS))


def _periods_to_list(periods: tuple[Period, ...]) -> list[dict]:
    return [{"start": p.start.isoformat(), "end": p.end.isoformat(), "queue": p.queue, "label": p.label}
            for p in periods]


def _periods_from_list(items) -> tuple[Period, ...]:
    return tuple(Period(dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"]), p.get("queue"),
                        str(p.get("label", ""))) for p in items)


def settings_to_dict(settings: ForecastSettings) -> dict:
    """Plain JSON-able form of `settings` (dates as ISO text), for the plan file."""
    return {
        "method": settings.method,
        "horizon_days": int(settings.horizon_days),
        "start": settings.start.isoformat() if settings.start else None,
        "level": float(settings.level),
        "weeks": int(settings.weeks),
        "folds": int(settings.folds),
        "country": settings.country,
        "events": [
            {"date": e.date.isoformat(), "closed": bool(e.closed), "factor": float(e.factor), "label": e.label,
             "queue": e.queue}
            for e in settings.events
        ],
        "growth": float(settings.growth),
        "deflection": float(settings.deflection),
        "overrides": [
            {"queue": str(q), "date": pd.Timestamp(d).date().isoformat(), "contacts": float(v)}
            for (q, d), v in sorted(settings.overrides.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1])))
        ],
        "profile_weeks": int(settings.profile_weeks),
        "percentile": None if settings.percentile is None else float(settings.percentile),
        "interval_min": settings.interval_min,
        "aht_min_contacts": float(settings.aht_min_contacts),
        "clean_history": bool(settings.clean_history),
        "keep_periods": _periods_to_list(settings.keep_periods),
        "exclude_periods": _periods_to_list(settings.exclude_periods),
    }


def settings_from_dict(data: dict) -> ForecastSettings:
    """Inverse of :func:`settings_to_dict`; unknown keys are an error naming them."""
    known = set(ForecastSettings.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        raise WfmError(f"forecast settings: unknown field(s) {', '.join(unknown)}")
    values = dict(data)
    try:
        if values.get("start"):
            values["start"] = dt.date.fromisoformat(values["start"])
        values["events"] = tuple(
            Event(dt.date.fromisoformat(e["date"]), bool(e.get("closed", False)), float(e.get("factor", 1.0)),
                  str(e.get("label", "")), e.get("queue"))
            for e in values.get("events", ())
        )
        values["overrides"] = {
            (str(o["queue"]), dt.date.fromisoformat(o["date"])): float(o["contacts"]) for o in values.get("overrides", ())
        }
        for name in ("keep_periods", "exclude_periods"):
            values[name] = _periods_from_list(values.get(name, ()))
    except (KeyError, TypeError, ValueError) as exc:
        raise WfmError(f"forecast settings: cannot read events, overrides or periods ({exc})") from exc
    return ForecastSettings(**values)
