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


def _drawn_ticks(fig):
    """(x labels, y labels) the rendered chart shows: visible, non-empty, inside the axes' view."""
    ax = fig.axes[0]
    shown = []
    for axis, labels in ((ax.xaxis, ax.get_xticklabels()), (ax.yaxis, ax.get_yticklabels())):
        low, high = sorted(axis.get_view_interval())
        index = 0 if axis is ax.xaxis else 1
        shown.append([(t.get_text(), round(float(t.get_position()[index]), 6)) for t in labels
                      if t.get_visible() and t.get_text() and low <= t.get_position()[index] <= high])
    return shown


def test_daily_chart_with_fixed_ticks_shows_the_ticks_it_would_work_out(monkeypatch):
    """The daily chart's ticks are worked out once before layout (style.fix_ticks_when_drawn): the
    rendered chart shows the same labels at the same places as when every pass works them out,
    at small and large sizes and in presentation mode (which asks a date axis for fewer ticks)."""
    from wfm_desktop.gui.widgets.mpl_canvas import render_figure  # Agg only; Qt is not started
    from wfm_desktop.plots import history as history_plots

    starts = pd.date_range("2024-01-01", "2025-12-31", freq="D")
    volume = 2000 + 800 * np.sin(np.arange(len(starts)) / 40.0)
    frame = pd.DataFrame({"queue": np.repeat(["Sales", "Support"], len(starts)), "start": np.tile(starts, 2),
                          "offered": np.concatenate([volume, volume * 1.7]), "aht_s": 240.0})
    history = History(frame, DAILY)

    def draw(fig):
        history_plots.draw_daily_volume(fig.add_subplot(), history)

    for width, height in ((400, 180), (900, 320), (1900, 700)):
        for presentation in (False, True):
            fixed = render_figure(draw, width, height, 1.0, presentation)[0]
            assert type(fixed.axes[0].xaxis.get_major_locator()).__name__ == "FixedLocator"
            with monkeypatch.context() as patch:
                patch.setattr(history_plots.style, "fix_ticks_when_drawn", lambda ax: None)
                worked_out = render_figure(draw, width, height, 1.0, presentation)[0]
            assert type(worked_out.axes[0].xaxis.get_major_locator()).__name__ != "FixedLocator"
            x_fixed, y_fixed = _drawn_ticks(fixed)
            assert [x_fixed, y_fixed] == _drawn_ticks(worked_out), (width, height, presentation)
            assert len(x_fixed) >= 3 and len(y_fixed) >= 3, (width, height, presentation)
