"""The forecast engine: :func:`run_forecast` forecasts every queue of a history.

Steps for each queue (see the modules for the maths):

1. the open-day series (:mod:`.series`): open weekdays found from the data;
   special days (:mod:`.special_days`), missing and zero days are gaps; so are
   abnormal periods and the planner's excluded periods (:mod:`.cleaning`);
2. rolling-origin backtest of every method with enough history, plus the
   combination of the best two (:mod:`.combine`); Auto picks the lowest WAPE
   (:mod:`.backtest`);
3. the chosen method (or the combination's members, averaged) forecasts the open
   days of the horizon (:mod:`.methods`);
   closed weekdays are 0; prediction intervals come from the backtest errors;
4. special days, growth, deflection, overrides (:mod:`.adjust`);
5. intraday and AHT profiles, interval forecast = daily × share (:mod:`.profiles`).
"""

from __future__ import annotations

import contextlib

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast import adjust
from wfm_desktop.core.forecast.backtest import (
    applicable_methods,
    backtest_rows,
    choose_method,
    comparable,
    interval_multipliers,
    log_errors,
    run_backtest,
)
from wfm_desktop.core.forecast.cleaning import FINDING_COLUMNS, apply_choices, detect_abnormal
from wfm_desktop.core.forecast.combine import combo_label, with_combo
from wfm_desktop.core.forecast.methods import MethodNotApplicable, forecast_method
from wfm_desktop.core.forecast.profiles import (
    AHT_COLUMNS,
    PROFILE_COLUMNS,
    build_profiles,
    daily_aht_by_weekday,
    daily_history_aht,
    expand_intraday,
    planning_interval,
    shape_recipe,
)
from wfm_desktop.core.forecast.series import QueueSeries, build_queue_series
from wfm_desktop.core.forecast.settings import COMBO, ForecastResult, ForecastSettings
from wfm_desktop.core.forecast.special_days import (
    holiday_calendar,
    learn_holiday_factors,
    resolve_factor,
    specials_for_queue,
)
from wfm_desktop.core.history.table import History, interval_totals
from wfm_desktop.core.progress import CancelFn, ProgressFn, check_cancel, report

DAILY_COLUMNS = ["queue", "date", "contacts", "lower", "upper", "aht_s", "method", "point"]
BACKTEST_COLUMNS = ["queue", "method", "wape", "bias", "folds", "days", "chosen"]


def run_forecast(
    history: History,
    settings: ForecastSettings,
    *,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> ForecastResult:
    """Forecast every queue of `history` as `settings` say; mutates nothing it is given."""
    with _blas_single_thread():
        return _run(history, settings, progress, cancel)


@contextlib.contextmanager
def _blas_single_thread():
    """Run BLAS on one thread while fitting.

    The model fits solve tiny optimisation problems (4 to 13 parameters);
    multi-threaded OpenBLAS only spins on them, and on a busy machine that made
    ETS fits 5–8 times slower. Without threadpoolctl installed, nothing changes.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _run(history: History, settings: ForecastSettings, progress: ProgressFn, cancel: CancelFn) -> ForecastResult:
    if history.frame.empty:
        raise WfmError("history: no rows to forecast from")
    report(progress, 0.0, "Preparing history")
    daily_all = history.daily()
    history_end = daily_all["date"].max()
    start = pd.Timestamp(settings.start) if settings.start is not None else history_end + pd.Timedelta(days=1)
    end = min(history_end, start - pd.Timedelta(days=1))
    notes: list[str] = list(history.notes)
    if start <= history_end:
        notes.append(f"Forecast starts {start.date()}, inside the history: only days up to {end.date()} were used.")
    if end < daily_all["date"].min():
        raise WfmError(f"forecast start {start.date()}: there is no history before that day")
    horizon = pd.date_range(start, periods=settings.horizon_days, freq="D")
    daily_all = daily_all[daily_all["date"] <= end]

    years = range(int(daily_all["date"].min().year), int(horizon[-1].year) + 1)
    holidays_by_date, holiday_periods, calendar_notes = holiday_calendar(settings.country, years)
    notes.extend(calendar_notes)

    interval = planning_interval(history.interval_min, settings.interval_min)
    rolled = None
    if interval is not None:
        frame = history.frame[history.frame["start"] < end + pd.Timedelta(days=1)]
        rolled = interval_totals(frame, interval)

    queues = sorted(daily_all["queue"].unique().tolist())
    daily_parts, backtest_parts, adjustment_rows = [], [], []
    profile_parts, aht_parts, history_parts, finding_parts = [], [], [], []
    for number, queue in enumerate(queues):
        check_cancel(cancel)
        base = number / len(queues)
        report(progress, base * 0.95, f"Forecasting {queue} ({number + 1} of {len(queues)})")
        q_daily = daily_all[daily_all["queue"] == queue]
        specials = specials_for_queue(queue, holidays_by_date, settings.events, holiday_periods)
        offered = pd.Series(q_daily["offered"].to_numpy(float), index=pd.DatetimeIndex(q_daily["date"]))
        series = build_queue_series(queue, offered, end, set(specials))
        # clean baselines: abnormal periods (and the planner's own) become gaps like special days
        findings = detect_abnormal(queue, series.raw, series.open_weekdays) if settings.clean_history else None
        findings, excluded = apply_choices(queue, findings, settings.keep_periods, settings.exclude_periods)
        if excluded:
            series = build_queue_series(queue, offered, end, set(specials) | excluded)
        finding_parts.append(findings)
        special_dates = set(specials) | excluded
        history_parts.append(_history_rows(queue, offered, specials, excluded))
        span_days = (end - offered.index.min()).days + 1 if len(offered) else 0
        if span_days < 7 or series.k == 0 or series.observed_days < series.k:
            notes.append(f"{queue}: too little history (needs at least one open week); not forecast.")
            continue

        # profiles (before the daily forecast: the daily AHT comes from them)
        if rolled is not None:
            q_rolled = rolled[rolled["queue"] == queue]
            recipe, shape_folds = shape_recipe(q_rolled, end, weeks=settings.profile_weeks, special_dates=special_dates)
            if shape_folds:
                notes.append(f"{queue}: intraday shape from the {recipe.describe()} (chosen by a {shape_folds}-fold "
                             "shape backtest).")
            profiles, aht_profile = build_profiles(
                queue,
                q_rolled,
                end,
                weeks=settings.profile_weeks,
                special_dates=special_dates,
                aht_min_contacts=settings.aht_min_contacts,
                recipe=recipe,
            )
            aht_by_weekday = daily_aht_by_weekday(profiles, aht_profile)
        else:
            profiles = pd.DataFrame(columns=PROFILE_COLUMNS)
            aht_profile = daily_history_aht(
                queue,
                q_daily,
                end,
                weeks=settings.profile_weeks,
                special_dates=special_dates,
                aht_min_contacts=settings.aht_min_contacts,
            )
            aht_by_weekday = dict(zip(aht_profile["weekday"].astype(int), aht_profile["aht_s"].astype(float)))
        profile_parts.append(profiles)
        aht_parts.append(aht_profile)

        def fold_progress(fraction: float, _base=base) -> None:
            report(progress, (_base + fraction / len(queues)) * 0.95, f"Backtesting {queue}")

        methods = applicable_methods(series)
        # Auto and the combination compare every method; a chosen single method is backtested alone
        # (for its table row and intervals)
        compare = settings.method in ("auto", COMBO)
        tested = methods if compare else tuple(m for m in methods if m == settings.method)
        scores, folds_run = run_backtest(
            series, tested, folds=settings.folds, fold_days=settings.fold_days, weeks=settings.weeks,
            horizon_days=settings.horizon_days, cancel=cancel,
        )
        full_scores = scores
        # methods that ran on the recent folds only are compared with the others on those folds
        scores, folds_run = comparable(scores, folds_run)
        # the combination is scored from the members' fold forecasts: no extra fits
        scores = with_combo(scores, folds_run, close_only=settings.method == "auto")
        fold_progress(0.8)
        if settings.method == COMBO:
            method = COMBO
            if COMBO not in scores:
                raise WfmError(
                    f"{queue}: method combo averages the two methods with the best backtest, and needs a backtest "
                    f"of at least two methods ({folds_run} backtest folds ran on {series.observed_days} open days; "
                    "use more history, --folds 1 or more, or another method)"
                )
        elif settings.method == "auto":
            method = choose_method(scores, folds_run) or _fallback(methods)
            if folds_run == 0:
                notes.append(f"{queue}: too little history for a backtest; Auto used {method}.")
        else:
            method = settings.method
            if method not in methods:
                raise WfmError(
                    f"{queue}: method {method} needs more history than the {series.observed_days} open days available"
                    + ({"mstl": " (mstl needs two years)", "harmonic": " (harmonic needs 15 months)"}.get(method, ""))
                )
        backtest_parts.extend(backtest_rows(queue, scores, method))

        members = scores[COMBO].members if method == COMBO else (method,)
        days = _forecast_days(series, members, horizon, settings, notes)
        days["aht_s"] = [aht_by_weekday.get(w, aht_by_weekday.get(-1, np.nan)) for w in days["date"].dt.day_of_week]
        # intervals from every backtest day the method was scored on (the combination: its compared folds)
        errors, leads, source = log_errors(full_scores.get(method, scores.get(method)), series)
        if source != "backtest":
            notes.append(f"{queue}: prediction interval from {source} (backtest too short).")
        future_leads = (days["date"] - end).dt.days.to_numpy()
        lower, upper, pct = interval_multipliers(
            errors, leads, future_leads, level=settings.level, percentile=settings.percentile, fold_days=settings.fold_days
        )
        days["lower"] = days["point"] * lower
        days["upper"] = days["point"] * upper
        days["contacts"] = days["point"] * pct if pct is not None else days["point"]

        learnt = learn_holiday_factors(offered, series.open_weekdays, specials, end.date(), excluded)
        factors = {}
        for day in horizon.date:
            special = specials.get(day)
            if special is not None:
                factor, label = resolve_factor(special, learnt)
                factors[(queue, day)] = (factor, special.kind, label)
        days, rows = adjust.apply_special_days(days, factors)
        adjustment_rows.extend(rows)
        daily_parts.append(days)
        fold_progress(1.0)

    if not daily_parts:
        raise WfmError("history: no queue has enough history to forecast (at least one full open week is needed)")
    check_cancel(cancel)
    report(progress, 0.96, "Applying adjustments")
    daily = pd.concat(daily_parts, ignore_index=True)
    daily, rows = adjust.apply_scaling(daily, growth=settings.growth, deflection=settings.deflection)
    adjustment_rows.extend(rows)
    daily, rows = adjust.apply_overrides(daily, settings.overrides)
    adjustment_rows.extend(rows)
    daily = daily[DAILY_COLUMNS]

    profiles = _concat(profile_parts, PROFILE_COLUMNS)
    aht_profile = _concat(aht_parts, AHT_COLUMNS)
    report(progress, 0.98, "Intraday forecast")
    intraday = expand_intraday(daily, profiles, aht_profile)
    # public profile tables list real weekdays only; the all-weekday fallback stays internal
    profiles = profiles[profiles["weekday"] >= 0].reset_index(drop=True)
    aht_profile = aht_profile[aht_profile["weekday"] >= 0].reset_index(drop=True)
    findings = _concat(finding_parts, FINDING_COLUMNS)
    excluded_count = int(findings["excluded"].astype(bool).sum()) if not findings.empty else 0
    if excluded_count:
        notes.append(
            f"{excluded_count} abnormal or planner-excluded period(s) kept out of fitting, weekday averages and "
            "profiles (see the findings)."
        )
    report(progress, 1.0, "Done")
    return ForecastResult(
        daily=daily.reset_index(drop=True),
        intraday=intraday,
        profiles=profiles,
        aht_profile=aht_profile,
        backtest=pd.DataFrame(backtest_parts, columns=BACKTEST_COLUMNS),
        adjustments=adjust.adjustments_frame(adjustment_rows),
        history_daily=pd.concat(history_parts, ignore_index=True),
        settings=settings,
        interval_min=interval,
        notes=tuple(notes),
        findings=findings,
    )


def _fallback(methods: tuple[str, ...]) -> str:
    return "weekday_avg" if "weekday_avg" in methods else methods[0]


def _forecast_days(
    series: QueueSeries, members: tuple[str, ...], horizon: pd.DatetimeIndex, settings: ForecastSettings,
    notes: list[str],
) -> pd.DataFrame:
    """Point forecast of every horizon day, 0 on closed weekdays.

    On open weekdays: the method's forecast, or with several `members` (the combination) the
    mean of their forecasts. A member that fails is left out (noted); if all fail, weekday_avg.
    """
    future = horizon[np.isin(horizon.day_of_week, sorted(series.open_weekdays))]
    forecasts, failed = {}, []
    for member in members:
        try:
            forecasts[member] = forecast_method(member, series, future, weeks=settings.weeks)
        except MethodNotApplicable as exc:
            failed.append(f"{member} failed ({exc})")
    if not forecasts:
        fallback = "weekday_avg"
        notes.append(f"{series.queue}: {'; '.join(failed)}; used {fallback} instead.")
        forecasts[fallback] = forecast_method(fallback, series, future, weeks=settings.weeks)
    elif failed:
        notes.append(f"{series.queue}: {'; '.join(failed)}; the combination used {'+'.join(forecasts)} only.")
    used = tuple(forecasts)
    method = combo_label(used) if len(used) > 1 else used[0]
    values = np.mean([forecasts[m] for m in used], axis=0)
    point = pd.Series(0.0, index=horizon)
    point[future] = values
    return pd.DataFrame(
        {"queue": series.queue, "date": horizon, "point": point.to_numpy(), "method": method}
    )


def _history_rows(queue: str, offered: pd.Series, specials: dict, excluded: set) -> pd.DataFrame:
    labels = [specials[d].label if d in specials else ("abnormal: left out" if d in excluded else "")
              for d in offered.index.date]
    return pd.DataFrame({"queue": queue, "date": offered.index, "offered": offered.to_numpy(), "special": labels})


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]

