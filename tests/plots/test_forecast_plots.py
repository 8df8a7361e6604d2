import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from tests.core.forecast.builders import interval_history  # noqa: E402
from wfm_desktop.core.forecast import ForecastSettings, run_forecast  # noqa: E402
from wfm_desktop.plots.forecast import draw_forecast, draw_intraday_profile  # noqa: E402


def _result():
    history = interval_history("2024-01-01", 7 * 8, queues=("A", "B"), interval_min=60)
    return run_forecast(history, ForecastSettings(method="weekday_avg", horizon_days=14, folds=2))


def test_forecast_chart_draws_history_forecast_and_band_for_one_queue(tmp_path):
    result = _result()
    fig = Figure()
    ax = fig.add_subplot()
    draw_forecast(ax, result.history_daily, result.daily, "B", level=0.8)
    labels = [line.get_label() for line in ax.get_lines()]
    assert "History" in labels and "Forecast" in labels
    assert len(ax.collections) >= 1  # the interval band
    forecast_line = next(line for line in ax.get_lines() if line.get_label() == "Forecast")
    assert max(forecast_line.get_ydata()) == result.daily[result.daily["queue"] == "B"]["contacts"].max()
    assert ax.get_title(loc="left") == "B: daily contacts"
    fig.savefig(tmp_path / "forecast.png")


def test_profile_chart_has_one_line_per_open_weekday_and_says_when_there_is_none():
    result = _result()
    fig = Figure()
    ax = fig.add_subplot()
    draw_intraday_profile(ax, result.profiles, "A")
    assert [line.get_label() for line in ax.get_lines()] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    empty = Figure().add_subplot()
    draw_intraday_profile(empty, pd.DataFrame(columns=result.profiles.columns), "A")
    assert "daily totals only" in empty.texts[0].get_text()
