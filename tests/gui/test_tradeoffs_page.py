"""The Trade-offs page driven through its real sliders, tabs and buttons."""

import pytest
from PySide6.QtCore import Qt

from wfm_desktop.core.errors import WfmError
from wfm_desktop.gui.main_window import PAGES
from wfm_desktop.gui.pages.tradeoffs import TradeoffsPage
from wfm_desktop.plots.tradeoffs import NORMAL, PRESENTATION


@pytest.fixture
def page(qtbot, main_window):
    main_window.show_page("Trade-offs")
    page = main_window.page("Trade-offs")
    assert isinstance(page, TradeoffsPage)
    _settle(qtbot, page)
    return page


def _settle(qtbot, page):
    """Wait until every slider move has been computed and shown."""
    qtbot.waitUntil(lambda: page.result is not None and not page.runner.busy and not page._timer.isActive()
                    and not page._pending, timeout=10_000)


def _move(qtbot, page, key, value):
    """Drag a slider to `value` (through its QSlider position) and wait for the answer."""
    slider = page.sliders[key]
    slider.slider.setValue(round((value - slider.minimum) / slider.step))
    _settle(qtbot, page)


def test_registered_after_the_calculator():
    names = [cls for _module, cls in PAGES]
    assert names.index("TradeoffsPage") == names.index("CalculatorPage") + 1


def test_starts_on_the_published_80_20_example(page):
    f = page.figures
    assert (f["agents_net"].text(), f["agents_gross"].text()) == ("14", "20")
    assert f["service_level"].text() == "88.8%"
    assert f["asa_s"].text() == "7.8 s"
    assert f["abandon_rate"].text() == "—"
    assert f["cost_per_hour"].text() == "500"  # 20 gross × 25 per hour
    assert f["cost_per_contact"].text() == "2.50"
    assert "Erlang C" in page.model_label.text()


def test_slider_and_spin_box_are_linked(qtbot, page):
    contacts = page.sliders["contacts"]
    contacts.slider.setValue(contacts.slider.value() + 20)  # 20 steps of 5 contacts
    assert contacts.spin.value() == 200
    contacts.spin.setValue(250)
    assert contacts.slider.value() == 50
    _settle(qtbot, page)
    assert page.figures["workload_erlangs"].text() == "25.00"


def test_keyboard_on_a_slider_moves_the_numbers(qtbot, page):
    aht = page.sliders["aht_s"]
    aht.slider.setFocus()
    for _ in range(4):
        qtbot.keyClick(aht.slider, Qt.Key.Key_Right)
    assert aht.value() == 200
    _settle(qtbot, page)
    assert page.figures["workload_erlangs"].text() == "11.11"  # 100 × 200 s ÷ 1800 s
    assert int(page.figures["agents_net"].text()) == 15


def test_deflection_lowers_the_contacts_and_the_agents(qtbot, page):
    _move(qtbot, page, "deflection", 30)
    assert page.result.summary.contacts_to_agents == pytest.approx(70.0)
    assert page.figures["workload_erlangs"].text() == "7.00"
    assert int(page.figures["agents_net"].text()) < 14


def test_patience_switches_to_erlang_a(qtbot, page):
    _move(qtbot, page, "patience_s", 60)
    assert page.figures["abandon_rate"].text().endswith("%")
    assert "Erlang A" in page.model_label.text()
    assert page.charts["curves"].chart.ab_line.get_visible()


def test_occupancy_cap_and_shrinkage(qtbot, page):
    _move(qtbot, page, "occupancy_cap", 70)
    assert page.figures["agents_net"].text() == "15"
    _move(qtbot, page, "shrinkage", 40)
    assert page.figures["agents_gross"].text() == "25"  # 15 ÷ 0.6


def test_rapid_moves_are_coalesced_and_the_newest_wins(qtbot, page):
    submitted = []
    page.runner.started.connect(lambda: submitted.append(1))
    contacts = page.sliders["contacts"]
    for position in range(20, 221):
        contacts.slider.setValue(position)
    _settle(qtbot, page)
    assert page.result.summary.contacts == 1100.0
    assert page.figures["workload_erlangs"].text() == "110.00"
    assert len(submitted) < 20  # 201 moves, a handful of computations


def test_chart_is_redrawn_after_a_move(qtbot, page):
    with qtbot.waitSignal(page.chart_drawn, timeout=10_000) as blocker:
        page.sliders["sl_target"].slider.setValue(40)  # 90 %
    assert blocker.args == ["curves"]
    _settle(qtbot, page)
    chart = page.charts["curves"].chart
    assert list(chart.sl_target.get_ydata()) == [0.9, 0.9]
    assert chart.required_text.get_text() == f"required {page.result.summary.agents_net}"


def test_other_charts_are_computed_when_their_tab_is_shown(qtbot, page):
    page.tabs.setCurrentIndex(2)
    _settle(qtbot, page)
    assert page.current_view == "pooling" and page.result.pooling is not None
    _move(qtbot, page, "pools", 4)
    assert "4 pools" in page.charts["pooling"].chart.title.get_text()
    page.tabs.setCurrentIndex(1)
    _settle(qtbot, page)
    assert "Target 80%: 14 net, 20 gross, cost 500/h" in page.charts["target"].chart.note.get_text()


def test_scenario_cards_show_a_and_b_with_differences(qtbot, page):
    page.capture_buttons["A"].click()
    card_a, card_b = page.cards.card_a, page.cards.card_b
    assert card_a.values["agents_net"].text() == "14"
    assert "100 contacts / 30 min" in card_a.inputs.text()
    _move(qtbot, page, "deflection", 30)
    qtbot.mouseClick(page.capture_buttons["B"], Qt.MouseButton.LeftButton)
    assert "deflection 30%" in card_b.inputs.text()
    b_net = int(card_b.values["agents_net"].text())
    assert b_net < 14
    assert card_b.differences["agents_net"].text() == f"{b_net - 14:+d}"
    assert card_b.differences["contacts_to_agents"].text() == "-30.0"
    assert card_b.differences["abandon_rate"].text() == "—"


def test_presentation_mode_enlarges_fonts_and_lines(qtbot, page):
    label = page.figures["agents_net"]
    label.ensurePolished()
    normal_size = label.font().pointSizeF()
    slider_label = page.sliders["contacts"].label
    slider_label.ensurePolished()
    normal_slider_size = slider_label.font().pointSizeF()
    page.presentation_button.click()
    assert page.presentation and page.presentation_action.isChecked()
    label.ensurePolished()
    slider_label.ensurePolished()
    assert label.font().pointSizeF() > normal_size
    assert slider_label.font().pointSizeF() > normal_slider_size
    chart = page.charts["curves"].chart
    assert chart.theme is PRESENTATION and chart.sl_line.get_linewidth() == PRESENTATION.line_width
    _settle(qtbot, page)
    assert len(chart.sl_line.get_xdata()) > 0  # rebuilt chart shows the data again
    page.presentation_action.trigger()  # the View-menu route switches it back
    assert not page.presentation and not page.presentation_button.isChecked()
    label.ensurePolished()
    assert label.font().pointSizeF() == normal_size
    assert page.charts["curves"].chart.theme is NORMAL


def test_save_chart_as_png(qtbot, page, tmp_path):
    path = tmp_path / "curves.png"
    page.save_chart_png(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(WfmError, match="already exists"):
        page.save_chart_png(str(path))
    page.save_chart_png(str(path), "pooling", force=True)
    assert path.stat().st_size > 1000
    with pytest.raises(WfmError, match="chart"):
        page.save_chart_png(str(tmp_path / "x.png"), "bogus")


def test_save_button_is_disabled_on_the_scenarios_tab(qtbot, page):
    page.tabs.setCurrentIndex(3)
    assert page.current_view is None and not page.save_button.isEnabled()
    page.tabs.setCurrentIndex(0)
    assert page.save_button.isEnabled()


def test_reset_restores_the_example(qtbot, page):
    _move(qtbot, page, "contacts", 500)
    page.reset_example()
    _settle(qtbot, page)
    assert page.figures["agents_net"].text() == "14"


def test_moves_that_keep_the_limits_blit_instead_of_redrawing(qtbot, page):
    chart = page.charts["curves"]
    _move(qtbot, page, "hourly_cost", 30)  # cost does not move the curves: same limits
    full, blits = chart.full_draws, chart.blits
    for cost in (31, 32, 33):
        _move(qtbot, page, "hourly_cost", cost)
    qtbot.waitUntil(lambda: chart.blits >= blits + 3, timeout=10_000)
    assert chart.full_draws == full
    assert all(artist.get_animated() for artist in chart.chart.animated)


def test_exported_png_contains_the_moving_artists(qtbot, page, tmp_path):
    from matplotlib.image import imread

    chart = page.charts["curves"]
    path = tmp_path / "curves.png"
    page.save_chart_png(str(path))
    pixels = imread(str(path))[:, :, :3]
    blue = (abs(pixels[:, :, 0] - 0x1F / 255) < 0.05) & (abs(pixels[:, :, 1] - 0x6F / 255) < 0.05) & \
        (abs(pixels[:, :, 2] - 0xB2 / 255) < 0.05)
    assert blue.sum() > 500  # the service-level line (animated on screen) is in the file
    assert all(artist.get_animated() for artist in chart.chart.animated)


@pytest.mark.parametrize("patience", [0, 90])
def test_zero_contacts_and_the_largest_centre_show_every_chart(qtbot, page, patience):
    _move(qtbot, page, "patience_s", patience)
    for contacts in (0, 2000):
        _move(qtbot, page, "contacts", contacts)
        _move(qtbot, page, "aht_s", 1200)
        for tab in range(3):
            page.tabs.setCurrentIndex(tab)
            _settle(qtbot, page)
        expected_net = "0" if contacts == 0 else None
        if expected_net:
            assert page.figures["agents_net"].text() == "0"
            assert page.figures["cost_per_contact"].text() == "—"
        else:
            assert int(page.figures["agents_net"].text().replace(",", "")) > 1000
        assert not page.message.isVisible()


def test_a_quick_drag_ends_with_the_last_move_on_the_figures_and_the_chart(qtbot, page, monkeypatch):
    """The figures follow the newest move first; the chart, skipped while moves keep coming, shows the
    last one at the end (issue 20: the figures lagged a quick drag)."""
    from PySide6.QtWidgets import QApplication

    from wfm_desktop.gui.pages import tradeoffs

    monkeypatch.setattr(tradeoffs, "CHART_EVERY_MS", 10_000)  # never "due" during this drag
    slider = page.sliders["contacts"]
    chart = page.charts["curves"]
    drawn_before = chart.full_draws + chart.blits
    for position in range(slider.slider.value() + 1, slider.slider.value() + 40):
        slider.slider.setValue(position)
        QApplication.processEvents()
    last = slider.value()
    _settle(qtbot, page)
    qtbot.waitUntil(lambda: chart.tag == last, timeout=10_000)
    assert page.result.summary.contacts == last
    assert page.figures["workload_erlangs"].text() == f"{last * 180 / 1800:,.2f}"  # AHT 180 s, 30 minutes
    assert chart.full_draws + chart.blits > drawn_before
