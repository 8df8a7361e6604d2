"""The chart widget: a message painted by Qt when there is nothing to draw, charts rendered on the chart thread."""

from __future__ import annotations

from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget


def _dark_pixels(chart) -> int:
    image = chart.canvas.grab().toImage()
    return sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
               if image.pixelColor(x, y).lightness() < 200)


def test_a_message_is_painted_without_a_render_and_a_drawing_replaces_it(qtbot):
    chart = ChartWidget(figsize=(4.0, 3.0))
    qtbot.addWidget(chart)
    chart.resize(400, 300)
    chart.show()
    qtbot.waitExposed(chart)
    chart.show_message("Open a file to see its daily volumes")
    assert not chart.busy and chart.canvas.image is None
    assert _dark_pixels(chart) > 0  # the grey text is on the white canvas
    chart.show_message("")
    assert _dark_pixels(chart) == 0

    def draw(fig):
        fig.add_subplot().plot([0, 1, 2], [0, 2, 1], color="black")

    with qtbot.waitSignal(chart.rendered, timeout=30_000):
        chart.redraw(draw)
    assert chart.canvas.image is not None and chart.canvas.message == ""
    assert _dark_pixels(chart) > 0
    # a message after a drawing: the image goes, nothing is left to render at the next resize
    chart.show_message("Nothing imported")
    assert chart.canvas.image is None and not chart.busy
    chart.resize(500, 300)
    assert chart.settled and chart.canvas.image is None  # no redraw waits for the resize
