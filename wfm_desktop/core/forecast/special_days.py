"""Special days: public holidays (country calendar) and the planner's events.

Special days are *modelled*, not learnt as normal days:

* in the history they are kept out of model fitting, backtest scoring and the
  intraday profiles (their volume would distort the weekday pattern);
* in the forecast they get their own value: an event is closed (0) or a factor
  times the normal-day forecast; a public holiday is given the factor it had in
  the history (volume on past occurrences of the same holiday divided by the
  normal volume of nearby same weekdays; missing or zero volume counts as
  closed), or is closed when it never occurred in the history.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast.settings import Event

_OBSERVED = re.compile(r"\s*\((observed|estimated)\)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class SpecialDay:
    """One special day for one queue: ``factor`` None means "learn from the history"."""

    date: dt.date
    kind: str  # "holiday", "holiday period" (a multi-day festival's intermediate days) or "event"
    label: str
    factor: float | None


def holiday_calendar(country: str | None, years: range) -> tuple[dict[dt.date, str], set[dt.date], list[str]]:
    """Holidays of `country` ("US", "GB", "US-CA" for a subdivision) in `years`.

    Returns (holidays by date, the dates among them that belong to multi-day holiday periods,
    notes). Public holidays come first; where the calendar has an "optional" category (e.g.
    the intermediate days of Passover and Sukkot in Israel), its days are added as holiday
    periods: kept out of fitting like any holiday, and forecast with the factor they had in
    the history (normal when never seen). The package's warnings (e.g. "available only from
    2001 to 2035") are caught and returned once as a note instead of printed to stderr.
    """
    if not country:
        return {}, set(), []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import holidays

        code, _, subdiv = country.strip().partition("-")
        try:
            calendar = holidays.country_holidays(code.upper(), subdiv=subdiv.upper() or None, years=list(years))
            optional = {}
            entity = type(calendar)
            if "optional" in getattr(entity, "supported_categories", ()):
                optional = holidays.country_holidays(
                    code.upper(), subdiv=subdiv.upper() or None, years=list(years), categories=("optional",)
                )
        except (NotImplementedError, KeyError) as exc:
            raise WfmError(
                f"holiday calendar {country!r} is not known; use a country code such as US, GB, DE, FR "
                "(optionally with a region, e.g. US-CA)"
            ) from exc
    by_date = {day: _base_name(name) for day, name in calendar.items()}
    periods = set()
    for day, name in optional.items():
        if day not in by_date:
            by_date[day] = _base_name(name)
            periods.add(day)
    messages = sorted({str(w.message) for w in caught if issubclass(w.category, UserWarning)})
    notes = [f"Holiday calendar {country}: {m} Holidays outside that range may be missing." for m in messages]
    return by_date, periods, notes


def _base_name(name: str) -> str:
    """Holiday name without "(observed)", so occurrences in different years match."""
    first = name.split(";")[0]
    return _OBSERVED.sub(" ", first).strip()


def specials_for_queue(
    queue: str, holidays_by_date: dict[dt.date, str], events: tuple[Event, ...], period_days: set[dt.date] = frozenset()
) -> dict[dt.date, SpecialDay]:
    """Special days of `queue`: holidays (`period_days` among them are holiday periods), overridden by events."""
    out = {
        day: SpecialDay(day, "holiday period" if day in period_days else "holiday", name, None)
        for day, name in holidays_by_date.items()
    }
    for event in events:
        if event.queue is not None and event.queue != queue:
            continue
        label = event.label or ("closed" if event.closed else f"factor {event.factor:g}")
        out[event.date] = SpecialDay(event.date, "event", label, event.effective_factor)
    return out


def learn_holiday_factors(
    offered: pd.Series,
    open_weekdays: frozenset[int],
    specials: dict[dt.date, SpecialDay],
    history_end: dt.date,
    excluded: set[dt.date] = frozenset(),
) -> dict[str, tuple[float, int]]:
    """For each holiday name seen in the history: (factor, occurrences seen).

    `offered` is the daily volume indexed by date (missing days absent). An
    occurrence counts only on an open weekday inside the history's span; its
    ratio is the day's volume (0 if missing) over the median of the same
    weekday in the 4 weeks either side (special and `excluded` days left out). The factor is
    the median ratio over occurrences.
    """
    if offered.empty:
        return {}
    first = offered.index.min().date()
    special_dates = set(specials) | set(excluded)
    by_date = {ts.date(): float(v) for ts, v in offered.items()}
    ratios: dict[str, list[float]] = {}
    for day, special in specials.items():
        if special.kind not in ("holiday", "holiday period") or not (first <= day <= history_end):
            continue
        if day.weekday() not in open_weekdays:
            continue
        neighbours = []
        for weeks in (-4, -3, -2, -1, 1, 2, 3, 4):
            other = day + dt.timedelta(weeks=weeks)
            value = by_date.get(other)
            if other not in special_dates and value is not None and value > 0:
                neighbours.append(value)
        if len(neighbours) < 2:
            continue
        normal = float(np.median(neighbours))
        ratios.setdefault(special.label, []).append(by_date.get(day, 0.0) / normal)
    return {name: (float(np.median(values)), len(values)) for name, values in ratios.items()}


def resolve_factor(special: SpecialDay, learnt: dict[str, tuple[float, int]]) -> tuple[float, str]:
    """The factor to apply on a forecast special day, and a label saying where it came from."""
    if special.factor is not None:
        return float(special.factor), special.label
    if special.label in learnt:
        factor, seen = learnt[special.label]
        factor = round(factor, 3)
        if factor < 0.05:
            return 0.0, f"{special.label} (closed in history, {seen}× seen)"
        return factor, f"{special.label} (factor {factor:g} from history, {seen}× seen)"
    if special.kind == "holiday period":
        return 1.0, f"{special.label} (holiday period, not in history: a normal day)"
    return 0.0, f"{special.label} (public holiday, not in history: closed)"


def read_events_csv(path) -> tuple[Event, ...]:
    """Read an events file: columns ``date,type,factor,label[,queue]``.

    ``type`` is ``closed`` or ``factor``; ``factor`` is required for type
    ``factor`` (1.2 = 20% more contacts than a normal day); ``queue`` empty =
    every queue. Example::

        date,type,factor,label,queue
        2024-12-24,factor,0.6,Christmas Eve,
        2024-12-25,closed,,Christmas Day,
        2025-01-06,factor,1.4,Billing run,Billing
    """
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except FileNotFoundError as exc:
        raise WfmError(f"{path}: events file not found") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise WfmError(f"{path}: cannot be read as a CSV events file ({exc})") from exc
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in ("date", "type") if c not in frame.columns]
    if missing:
        raise WfmError(f"{path}: events file needs columns date,type,factor,label (missing {', '.join(missing)})")
    events = []
    for i, row in enumerate(frame.to_dict("records"), start=2):
        where = f"{path}, row {i}"
        try:
            day = pd.Timestamp(row["date"].strip()).date()
        except (ValueError, TypeError) as exc:
            raise WfmError(f"{where}, column date: {row['date']!r} is not a date (use YYYY-MM-DD)") from exc
        kind = row["type"].strip().lower()
        label = row.get("label", "").strip()
        queue = row.get("queue", "").strip() or None
        if kind == "closed":
            events.append(Event(day, closed=True, factor=0.0, label=label, queue=queue))
        elif kind == "factor":
            text = row.get("factor", "").strip()
            try:
                factor = float(text)
            except ValueError as exc:
                raise WfmError(f"{where}, column factor: {text!r} is not a number (e.g. 1.2)") from exc
            if not 0.0 <= factor <= 100.0:
                raise WfmError(f"{where}, column factor: {factor:g} must be between 0 and 100 (1.2 = 20% more)")
            events.append(Event(day, closed=False, factor=factor, label=label, queue=queue))
        else:
            raise WfmError(f"{where}, column type: {row['type']!r} must be 'closed' or 'factor'")
    return tuple(events)
