"""Forecast daily contacts per queue, their intraday shape and handle time.

    from wfm_desktop.core.forecast import ForecastSettings, run_forecast
    result = run_forecast(history, ForecastSettings(horizon_days=28, country="US"))
    result.daily       # queue, date, contacts, lower, upper, aht_s, method, point
    result.intraday    # queue, start, contacts, aht_s
    result.backtest    # queue, method, wape, bias, folds, days, chosen

The engine is :mod:`.run` (its docstring lists the steps); this package re-exports its public API.
"""

from wfm_desktop.core.forecast.run import run_forecast
from wfm_desktop.core.forecast.settings import (
    COMBO,
    METHOD_CHOICES,
    METHODS,
    Event,
    ForecastResult,
    ForecastSettings,
    settings_from_dict,
    settings_to_dict,
)
from wfm_desktop.core.forecast.special_days import read_events_csv

__all__ = [
    "COMBO",
    "Event",
    "ForecastResult",
    "ForecastSettings",
    "METHODS",
    "METHOD_CHOICES",
    "read_events_csv",
    "run_forecast",
    "settings_from_dict",
    "settings_to_dict",
]
