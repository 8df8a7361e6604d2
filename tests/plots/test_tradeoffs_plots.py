"""plots.tradeoffs: the live charts update their artists in place (no Qt)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from wfm_desktop.core.staffing.calculator import IntervalInputs  # noqa: E402
from wfm_desktop.core.staffing.tradeoffs import Scenario, compute  # noqa: E402
from wfm_desktop.plots.tradeoffs import NORMAL, PRESENTATION, AgentCurvesChart, PoolingChart, TargetChart  # noqa: E402


@pytest.fixture
def result():
    return compute(Scenario(IntervalInputs(100, 30, 180, shrinkage=0.3, patience_s=60), hourly_cost=20), 4)


def _figure():
    fig = Figure(figsize=(8, 5))
    FigureCanvasAgg(fig)
    return fig


@pytest.mark.parametrize("theme", [NORMAL, PRESENTATION])
def test_agent_curves_chart_moves_its_lines(result, theme):
    fig = _figure()
    chart = AgentCurvesChart(fig, theme)
    artists = len(fig.axes[0].get_children())
    chart.update(result.curves, sl_target=0.8, answer_s=20, max_occupancy=None, asa_target_s=None)
    fig.canvas.draw()
    assert np.array_equal(chart.sl_line.get_xdata(), result.curves.agents)
    assert chart.ab_line.get_visible() and not chart.occ_cap.get_visible()
    assert chart.required_text.get_text() == f"required {result.summary.agents_net}"
    chart.update(result.curves, sl_target=0.9, answer_s=20, max_occupancy=0.85, asa_target_s=None)
    assert len(fig.axes[0].get_children()) == artists + 1  # + the legend, once; nothing rebuilt
    assert chart.occ_cap.get_visible() and list(chart.sl_target.get_ydata()) == [0.9, 0.9]
    assert chart.sl_line.get_linewidth() == theme.line_width


def test_target_chart_reads_cost_on_the_right_axis(result):
    fig = _figure()
    chart = TargetChart(fig)
    chart.update(result.target_curve, answer_s=20, hourly_cost=20)
    assert chart.ax_cost.get_ylim() == pytest.approx(tuple(20 * v for v in chart.ax.get_ylim()))
    assert "Target 80%" in chart.note.get_text()
    chart.update(result.target_curve, answer_s=20, hourly_cost=0)
    assert not chart.ax_cost.get_visible() and "cost" not in chart.note.get_text()


def test_pooling_chart_highlights_one_pool_and_the_chosen_k(result):
    fig = _figure()
    chart = PoolingChart(fig)
    chart.update(result.pooling)
    shown = [bar for bar in chart.bars if bar.get_visible()]
    assert len(shown) == 6
    assert [bar.get_height() for bar in shown] == list(result.pooling.agents_net)
    assert shown[0].get_facecolor() != shown[1].get_facecolor() != shown[3].get_facecolor()
    assert chart.title.get_text().startswith(f"One pool: {result.pooling.agents_net[0]} agents · 4 pools")


def test_sticky_limits_keep_a_view_that_still_fits():
    from wfm_desktop.plots.tradeoffs import sticky

    assert sticky((0, 100), (10, 90)) == (0, 100)  # fits and fills 80 %
    assert sticky((0, 100), (10, 110)) == (0, 120)  # leaves the view: widened by 10 % of its span (not below 0)
    assert sticky((0, 100), (10, 30)) == (8, 32)  # fills too little
    assert sticky((0, 100), (2, 60), fill=0.5) == (0, 100)  # 58 % is enough at fill 0.5
    assert sticky((0, 100), (2, 60), fill=0.6) == (0.0, pytest.approx(65.8))


def test_charts_list_their_moving_artists_and_a_static_key(result):
    for cls in (AgentCurvesChart, TargetChart, PoolingChart):
        fig = _figure()
        chart = cls(fig)
        assert chart.animated and all(a.get_animated() for a in chart.animated)
        assert isinstance(chart.static_key(), tuple)
