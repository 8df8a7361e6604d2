"""The coverage chart draws on a plain matplotlib Axes (no Qt)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from wfm_desktop.plots.coverage import draw_coverage  # noqa: E402


def test_draws_required_scheduled_and_shades_under_coverage(tmp_path):
    starts = pd.date_range("2026-01-05", periods=2 * 96, freq="15min")
    req = np.where((starts.hour >= 8) & (starts.hour < 18), 5.0, 0.0)
    sched = np.where((starts.hour >= 9) & (starts.hour < 18), 6.0, 0.0)
    cov = pd.DataFrame({"start": starts, "required": req, "scheduled": sched})
    fig = Figure()
    ax = fig.add_subplot()
    draw_coverage(ax, cov, "2026-01-05")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Under-coverage", "Over-coverage", "Required", "Scheduled"]
    assert "under 5.0 h, over 9.0 agent-hours" in ax.get_title()
    assert "Monday" in ax.get_title()
    fig.savefig(tmp_path / "c.png")
    empty = Figure().add_subplot()
    draw_coverage(empty, cov, "2026-02-01")
    assert not empty.axison


def test_a_single_short_interval_is_shaded():
    starts = pd.date_range("2026-01-05", periods=96, freq="15min")
    req = np.where((starts.hour >= 8) & (starts.hour < 18), 5.0, 0.0)
    sched = req.copy()
    sched[40] = 4.0  # one 15-minute interval short
    fig = Figure()
    ax = fig.add_subplot()
    draw_coverage(ax, pd.DataFrame({"start": starts, "required": req, "scheduled": sched}), "2026-01-05")
    under = ax.collections[0]  # the first fill is the under-coverage
    assert under.get_label() == "Under-coverage"
    extents = under.get_paths()[0].get_extents()
    assert extents.width > 0 and extents.height == 1.0


def test_hour_labels_of_a_whole_day_do_not_overlap_on_a_narrow_chart():
    starts = pd.date_range("2026-01-05", periods=96, freq="15min")
    cov = pd.DataFrame({"start": starts, "required": np.full(96, 3.0), "scheduled": np.full(96, 3.0)})
    for width_in in (5.0, 12.0):
        fig = Figure(figsize=(width_in, 3))
        ax = fig.add_subplot()
        draw_coverage(ax, cov, "2026-01-05")
        fig.canvas.draw()
        boxes = [t.get_window_extent() for t in ax.get_xticklabels() if t.get_text()]
        assert len(boxes) >= 4
        assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:])), width_in
