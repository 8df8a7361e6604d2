import datetime as dt

import pandas as pd
import pytest

from tests.core.forecast.builders import daily_history
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast import ForecastSettings, run_forecast


def _settings(**kwargs):
    return ForecastSettings(method="seasonal_naive", horizon_days=7, folds=0, **kwargs)


def test_growth_then_deflection_multiply_every_day_and_are_recorded():
    history = daily_history("2024-01-01", 7 * 6, noise=0.05)
    plain = run_forecast(history, _settings())
    adjusted = run_forecast(history, _settings(growth=0.10, deflection=0.20))
    for column in ("contacts", "lower", "upper", "point"):
        assert adjusted.daily[column].to_numpy() == pytest.approx(plain.daily[column].to_numpy() * 1.1 * 0.8)
    table = adjusted.adjustments
    assert list(table["kind"]) == ["growth", "deflection"]
    growth, deflection = table.iloc[0], table.iloc[1]
    assert growth["contacts_after"] == pytest.approx(growth["contacts_before"] * 1.1)
    assert deflection["contacts_before"] == pytest.approx(growth["contacts_after"])
    assert deflection["contacts_after"] == pytest.approx(deflection["contacts_before"] * 0.8)


def test_override_replaces_the_day_after_all_other_adjustments():
    history = daily_history("2024-01-01", 7 * 6, noise=0.05)
    day = dt.date(2024, 2, 12)
    result = run_forecast(history, _settings(growth=0.5, overrides={("Q", day): 777.0}))
    row = result.daily[result.daily["date"] == pd.Timestamp(day)].iloc[0]
    assert row["contacts"] == 777.0
    assert row["lower"] <= 777.0 <= row["upper"]
    other = result.daily[result.daily["date"] == pd.Timestamp("2024-02-13")].iloc[0]
    assert other["contacts"] != 777.0
    record = result.adjustments[result.adjustments["kind"] == "override"].iloc[0]
    assert record["contacts_after"] == 777.0 and record["date"] == pd.Timestamp(day)
    # a closed day can be opened by an override
    saturday = run_forecast(history, _settings(overrides={("Q", dt.date(2024, 2, 10)): 50.0}))
    assert saturday.daily.iloc[0]["contacts"] == 50.0


def test_override_outside_the_horizon_or_for_an_unknown_queue_is_rejected():
    history = daily_history("2024-01-01", 7 * 6)
    with pytest.raises(WfmError, match="outside the forecast horizon"):
        run_forecast(history, _settings(overrides={("Q", dt.date(2025, 1, 1)): 1.0}))
    with pytest.raises(WfmError, match="no such queue"):
        run_forecast(history, _settings(overrides={("Nope", dt.date(2024, 2, 12)): 1.0}))
    with pytest.raises(WfmError, match="0 or more"):
        _settings(overrides={("Q", dt.date(2024, 2, 12)): -1.0})
