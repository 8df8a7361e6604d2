"""The budget charts draw on a plain matplotlib figure (no Qt)."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from wfm_desktop.core.budget.monthly import plan_budget  # noqa: E402
from wfm_desktop.core.budget.capacity import CapacitySettings, Hire  # noqa: E402
from wfm_desktop.core.budget.inputs import BudgetInputs  # noqa: E402
from wfm_desktop.core.budget.periods import from_table  # noqa: E402
from wfm_desktop.plots.budget import draw_capacity, draw_costs  # noqa: E402


def test_capacity_and_cost_charts(tmp_path):
    periods = from_table(pd.DataFrame({"month": pd.date_range("2027-01-01", periods=6, freq="MS"),
                                       "required_fte": [20, 20, 24, 26, 26, 26]}))
    inputs = BudgetInputs(capacity=CapacitySettings(starting_headcount=20, hires=(Hire("2027-02-01", 2),)))
    plan, budget = plan_budget(periods, inputs)
    fig = Figure(figsize=(8, 6))
    ax1, ax2 = fig.subplots(2, 1)
    hires_ax = draw_capacity(ax1, plan.frame, kind="month")
    draw_costs(ax2, budget.frame, currency="USD")
    # Hire bars: one planned and one suggested bar per month.
    assert len(hires_ax.patches) == 2 * 6
    assert plan.frame["planned_hires"].iloc[1] == hires_ax.patches[1].get_height()
    labels = [t.get_text() for t in ax1.get_legend().get_texts()]
    assert {"Required FTE", "Effective FTE", "Planned hires", "Suggested hires"} <= set(labels)
    # Stacked costs: wages, overhead, licences, training (no outsourcing/implementation here).
    cost_labels = [t.get_text() for t in ax2.get_legend().get_texts()]
    assert cost_labels == ["Wages", "Overhead", "Licences", "Training"]
    top = max(p.get_y() + p.get_height() for p in ax2.patches)
    assert abs(top - budget.frame["total"].max()) < 1e-6
    fig.savefig(tmp_path / "budget.png")


def test_capacity_chart_of_a_single_month_shows_the_required_level(tmp_path):
    periods = from_table(pd.DataFrame({"month": [pd.Timestamp("2027-01-01")], "required_fte": [25.0]}))
    plan, _budget = plan_budget(periods, BudgetInputs(capacity=CapacitySettings(starting_headcount=20)))
    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    draw_capacity(ax, plan.frame, kind="month")
    stairs = [p for p in ax.patches if p.get_label() == "Required FTE"]
    assert len(stairs) == 1
    edges = stairs[0].get_data().edges
    assert list(stairs[0].get_data().values) == [25.0] and edges[1] - edges[0] > 0.5  # a visible level
    headcount = next(line for line in ax.lines if line.get_label() == "Headcount")
    assert headcount.get_marker() == "_"
    fig.savefig(tmp_path / "one_month.png")


def test_a_narrow_capacity_chart_keeps_its_layout(tmp_path):
    """Beside the Budget inputs in a small window the chart can be ~380 px wide: the legend must fit."""
    import warnings

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    periods = from_table(pd.DataFrame({"month": pd.date_range("2027-01-01", periods=6, freq="MS"),
                                       "required_fte": [20, 20, 24, 26, 26, 26]}))
    plan, _budget = plan_budget(periods, BudgetInputs(capacity=CapacitySettings(starting_headcount=20)))
    fig = Figure(figsize=(3.8, 4.5), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    draw_capacity(ax, plan.frame, kind="month")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "constrained_layout not applied" would fail here
        fig.canvas.draw()
    assert ax.get_legend()._ncols == 2
    assert ax.get_position().width > 0.6  # the axes keep most of the width
