"""The step list shows each step's state and the plan's key figure under its name."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from wfm_desktop.gui.step_states import FIGURE_ROLE, STATE_ROLE, StepDelegate, key_figure, step_line


class FakePlan:
    def __init__(self, results):
        self.results = results

    def result(self, stage):
        return self.results.get(stage)


def test_key_figures_of_each_step():
    days = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=730).repeat(3)})
    history = SimpleNamespace(queues=["Sales", "Support", "Chat"], daily=lambda: days)  # History.daily()
    forecast = SimpleNamespace(daily=pd.DataFrame({"date": pd.date_range("2025-01-01", periods=91)}),
                               backtest=pd.DataFrame({"wape": [0.05, 0.30, 0.07], "chosen": [True, False, True]}))
    weekly = pd.DataFrame({"queue": ["A", "A", "B"], "fte": [10.0, 20.0, 5.0], "weeks": [1.0, 1.0, 2.0]})
    plan = FakePlan({"history": history, "forecast": forecast, "requirements": SimpleNamespace(weekly=weekly),
                     "schedule": {"schedule": SimpleNamespace(summary={"shifts": 1234, "under_h": 0.75}),
                                  "roster": None}})
    assert key_figure(plan, "history") == "3 queues, 730 days"
    assert key_figure(plan, "forecast") == "13 weeks, WAPE 6.0%"  # the methods used: (5% + 7%) ÷ 2
    assert key_figure(plan, "requirements") == "20.0 FTE"  # A: (10 + 20) ÷ 2 weeks = 15; B: 5
    assert key_figure(plan, "schedule") == "1,234 shifts, 0.8 h under"
    assert key_figure(plan, "budget") == ""  # not computed yet
    assert step_line("up to date", "20.0 FTE") == "20.0 FTE"
    assert step_line("out of date", "20.0 FTE") == "Out of date · 20.0 FTE"
    assert step_line("not run", "") == "Not run"


def test_the_window_shows_states_and_figures_in_two_lines(main_window):
    nav = main_window.nav
    assert isinstance(nav.itemDelegate(), StepDelegate)
    data = nav.item(0)
    assert data.data(STATE_ROLE) == "not run" and data.data(FIGURE_ROLE) == "Not run"
    titles = [p.title for p in main_window.pages]
    calculator = nav.item(titles.index("Calculator"))
    assert calculator.data(FIGURE_ROLE) == "one interval" and calculator.data(STATE_ROLE) is None
    one_line = nav.fontMetrics().height()
    assert nav.visualItemRect(data).height() >= one_line * 1.6
    # the longest line fits the list's width (nothing elided in normal mode)
    width = nav.viewport().width()
    assert all(nav.fontMetrics().horizontalAdvance(t) < width for t in titles)


def _chart_text(chart) -> str:
    return "\n".join(t.get_text() for ax in chart.figure.axes for t in ax.texts)


def test_the_forecast_chart_says_what_to_do_before_the_first_run(main_window):
    page = main_window.page("Forecast")
    assert page.result is None
    text = _chart_text(page.chart)
    assert text.startswith("No forecast yet.") and "Data page" in text and "Run forecast" in text
