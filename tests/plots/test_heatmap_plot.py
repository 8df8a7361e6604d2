"""The staffing heat map: its title stays inside a narrow figure; presentation mode enlarges its weekdays."""

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from wfm_desktop.plots.requirements import draw_heatmap
from wfm_desktop.plots.style import PRESENTATION_FONT_SCALE, apply_presentation


def _requirements() -> pd.DataFrame:
    starts = pd.date_range("2026-01-05", periods=7 * 48, freq="30min")
    return pd.DataFrame({"queue": "Calls", "start": starts,
                         "agents_gross": np.sin(np.arange(len(starts)) / 8) ** 2 * 40})


def _heatmap(width_in: float, presentation: bool = False):
    figure = Figure(figsize=(width_in, 3.6), layout="constrained", dpi=100)
    FigureCanvasAgg(figure)
    draw_heatmap(figure.add_subplot(), _requirements(), "Calls")
    if presentation:
        apply_presentation(figure)
    figure.canvas.draw()
    return figure, figure.axes[0]


def test_the_title_stays_inside_a_narrow_chart():
    for presentation in (False, True):
        figure, ax = _heatmap(4.6, presentation)
        box = ax.title.get_window_extent(figure.canvas.get_renderer())
        assert box.x0 >= 0 and box.x1 <= figure.bbox.width, presentation  # it ran past the left edge


def test_presentation_mode_enlarges_the_weekday_labels():
    _, plain = _heatmap(6.5)
    _, shown = _heatmap(6.5, presentation=True)
    assert [t.get_text() for t in shown.get_yticklabels()] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    before, after = plain.get_yticklabels()[0].get_fontsize(), shown.get_yticklabels()[0].get_fontsize()
    assert after == before * PRESENTATION_FONT_SCALE


def test_presentation_text_grows_only_as_far_as_the_chart_has_room():
    from wfm_desktop.plots.style import ROOMY_IN, SMALL_IN

    sizes = {}
    for height in (SMALL_IN, (SMALL_IN + ROOMY_IN) / 2, ROOMY_IN, 2 * ROOMY_IN):
        figure = Figure(figsize=(6.5, height), layout="constrained", dpi=100)
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        ax.plot([0, 1], [0, 1])
        ax.set_title("Title", fontsize=10)
        apply_presentation(figure)
        sizes[height] = ax.title.get_fontsize()
    assert sizes[SMALL_IN] == 10  # a strip of a chart keeps its text
    assert sizes[(SMALL_IN + ROOMY_IN) / 2] == 10 * (1 + (PRESENTATION_FONT_SCALE - 1) / 2)
    assert sizes[ROOMY_IN] == sizes[2 * ROOMY_IN] == 10 * PRESENTATION_FONT_SCALE


def test_two_charts_stacked_in_one_figure_count_half_its_height_each():
    from wfm_desktop.plots.style import ROOMY_IN

    figure = Figure(figsize=(6.5, ROOMY_IN), layout="constrained", dpi=100)
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1)
    top.set_ylabel("FTE", fontsize=10)
    bottom.set_ylabel("Cost", fontsize=10)
    apply_presentation(figure)
    assert top.yaxis.label.get_fontsize() < 10 * PRESENTATION_FONT_SCALE  # not the whole scale: half the room
