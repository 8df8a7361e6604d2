"""The post-mortem waterfall: each cause's bar in order, labels that do not overlap on a narrow chart."""

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from wfm_desktop.plots.simulation import draw_post_mortem  # noqa: E402


def test_waterfall_steps_add_up_and_labels_do_not_overlap():
    period = {"promised": 0.858, "staffing": 0.031, "volume": -0.098, "shape": -0.001, "aht": -0.004,
              "achieved": 0.786, "perfect": 0.952}
    figure = Figure(figsize=(5.0, 3.0), layout="constrained")
    ax = figure.add_subplot()
    draw_post_mortem(ax, period, target=0.8)
    figure.canvas.draw()
    bars = ax.patches
    assert len(bars) == 7
    # promised + every cause lands on achieved (to rounding), the bars in the order
    level = period["promised"] + period["staffing"] + period["volume"] + period["shape"] + period["aht"]
    assert abs(level - period["achieved"]) < 1e-9
    assert abs(bars[4].get_y() - min(level, level - period["aht"])) < 1e-9
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    assert [t.get_text().replace("\n", " ") for t in labels] == [
        "Promised", "Staffing", "Daily volume", "Intraday shape", "AHT", "Achieved", "Perfect forecast"]
    boxes = [t.get_window_extent() for t in labels]
    assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:]))
