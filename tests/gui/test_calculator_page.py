"""The Calculator page driven through its real widgets."""

import pytest

from wfm_desktop.gui.pages.calculator import CalculatorPage


@pytest.fixture
def page(main_window):
    main_window.show_page("Calculator")
    page = main_window.page("Calculator")
    assert isinstance(page, CalculatorPage)
    return page


def _set_and_wait(qtbot, page, widget, value):
    with qtbot.waitSignal(page.runner.done, timeout=5000):
        widget.setValue(value)


def test_published_80_20_example(qtbot, page):
    page.reset_example()
    qtbot.waitUntil(lambda: page.result is not None and page.figures["agents_net"].text() == "14", timeout=5000)
    assert page.figures["agents_gross"].text() == "20"
    assert page.figures["service_level"].text() == "88.8%"
    assert page.figures["asa"].text() == "7.8 s"
    assert page.figures["abandon"].text() == "—"
    # The table lists N around the answer with the published SL values.
    frame = page.model.frame()
    sl = dict(zip(frame["agents"], frame["service_level"]))
    assert round(sl[11], 4) == 0.3896 and round(sl[13], 4) == 0.7956


def test_occupancy_cap_raises_the_requirement(qtbot, page):
    page.reset_example()
    qtbot.waitUntil(lambda: page.figures["agents_net"].text() == "14", timeout=5000)
    _set_and_wait(qtbot, page, page.occupancy, 70)
    assert page.figures["agents_net"].text() == "15"
    assert page.figures["agents_gross"].text() == "22"


def test_patience_switches_to_erlang_a(qtbot, page):
    page.reset_example()
    qtbot.waitUntil(lambda: page.figures["agents_net"].text() == "14", timeout=5000)
    _set_and_wait(qtbot, page, page.patience, 60)
    assert page.result.abandon_rate is not None
    assert page.figures["abandon"].text().endswith("%")
    assert int(page.figures["agents_net"].text()) <= 14
    assert "Erlang A" in page.method.text()
    assert "abandon_rate" in page.model.frame().columns


def test_rapid_changes_show_only_the_last_answer(qtbot, page):
    page.reset_example()
    for contacts in range(100, 400, 10):
        page.contacts.setValue(contacts)
    qtbot.waitUntil(lambda: page.result is not None and page.result.workload_erlangs == pytest.approx(390 * 180 / 1800),
                    timeout=5000)
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=5000)
    assert page.result.workload_erlangs == pytest.approx(39.0)


def test_inputs_are_remembered(qtbot, main_window, settings):
    page = main_window.page("Calculator")
    page.contacts.setValue(250)
    main_window.close()
    assert settings.get("calculator/contacts") == 250.0
