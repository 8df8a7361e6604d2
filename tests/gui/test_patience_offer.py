"""The Staffing page offers the callers' patience estimated from the history, and its button sets it."""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from tests.core.importers.test_queue_measures import simulated  # noqa: F401 - the simulated ACD history
from tests.core.plan.test_pipeline import _fake_forecast
from wfm_desktop.core.history.table import History
from wfm_desktop.core.simulation.patience import queue_patience
from wfm_desktop.gui.widgets.patience_offer import PREFIX


@pytest.fixture
def history(simulated):  # noqa: F811
    """Voice with waiting times and abandons; Chat with neither (its patience cannot be estimated)."""
    voice = simulated[["start", "offered", "handled", "abandoned", "aht_s", "asa_s", "abandon_wait_s"]].assign(
        queue="Voice")
    chat = simulated[["start", "offered", "aht_s"]].assign(queue="Chat")
    return History(pd.concat([chat, voice], ignore_index=True), 15)


@pytest.fixture
def page(qtbot, main_window, history):
    main_window.show_page("Staffing")
    page = main_window.page("Staffing")
    main_window.plan.set_result("history", history)
    with qtbot.waitSignal(page.shown, timeout=10_000):
        main_window.plan.set_result("forecast", _fake_forecast())
    return page


def _shown(qtbot, page, queue):
    offer = page.patience_offer
    if offer.label.text().startswith(PREFIX + "working") or offer._queue != queue:
        with qtbot.waitSignal(offer.shown, timeout=20_000):
            page.queue.setCurrentText(queue)
    qtbot.waitUntil(lambda: not offer.label.text().startswith(PREFIX + "working"), timeout=20_000)
    return offer


def test_the_estimate_is_offered_and_the_button_makes_it_the_queues_patience(qtbot, page, history):
    expected = queue_patience(history, "Voice")
    offer = _shown(qtbot, page, "Voice")
    assert offer.label.text() == PREFIX + expected.summary()
    assert "from waiting times" in offer.label.text() and "abandons)" in offer.label.text()
    assert offer.label.toolTip() == expected.text() and offer.button.isEnabled()
    assert page.result.settings.for_queue("Voice").patience_s is None  # Erlang C until the planner chooses
    with qtbot.waitSignal(page.shown, timeout=10_000):
        qtbot.mouseClick(offer.button, Qt.MouseButton.LeftButton)
    assert page.patience.value() == round(expected.patience_s)
    assert page.result.settings.for_queue("Voice").patience_s == round(expected.patience_s)
    assert "abandon_rate" in page.result.requirements.columns  # Erlang A now


def test_a_queue_without_abandons_says_why_in_the_tooltip_not_a_dialog(qtbot, page):
    offer = _shown(qtbot, page, "Chat")
    assert offer.label.text() == PREFIX + "not available (hover for why)"
    assert "no abandoned counts" in offer.label.toolTip()
    assert not offer.button.isEnabled()

