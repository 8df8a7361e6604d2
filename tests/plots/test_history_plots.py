"""The history charts draw what they say, without Qt."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from wfm_desktop.core.history.table import DAILY, History  # noqa: E402
from wfm_desktop.plots.history import draw_daily_volume, draw_weekday_heatmap, weekday_profile  # noqa: E402


def _history():
    starts = pd.date_range("2024-01-01 08:00", "2024-01-21 17:45", freq="15min")
    starts = starts[(starts.hour >= 8) & (starts.hour < 18)]
    frame = pd.DataFrame({"queue": "Q", "start": starts, "offered": (starts.day_of_week + 1).astype(float),
                          "aht_s": 200.0})
    return History(frame, 15)


def test_weekday_profile_is_the_mean_per_weekday_and_time():
    profile = weekday_profile(_history())
    assert profile.loc[0, 8 * 60] == 1.0 and profile.loc[6, 17 * 60 + 45] == 7.0
    assert list(profile.index) == list(range(7))


def test_daily_volume_draws_a_line_and_average_per_queue():
    fig = Figure()
    ax = fig.add_subplot()
    draw_daily_volume(ax, _history())
    daily, smooth = ax.lines
    assert len(daily.get_xdata()) == 21 and daily.get_ydata()[0] == 40.0
    assert np.isnan(smooth.get_ydata()[0]) and smooth.get_ydata()[3] == 160.0  # 7-day mean (1..7 × 40), no partial windows


def test_heatmap_shows_a_message_for_daily_history():
    daily = History(pd.DataFrame({"queue": "Q", "start": pd.date_range("2024-01-01", periods=3), "offered": 1.0,
                                  "aht_s": np.nan}), DAILY)
    fig = Figure()
    ax = draw_weekday_heatmap(fig, daily)
    assert "Daily totals only" in ax.texts[0].get_text()
    fig2 = Figure()
    ax2 = draw_weekday_heatmap(fig2, _history())
    assert ax2.images and ax2.get_yticklabels()[0].get_text() == "Mon"
