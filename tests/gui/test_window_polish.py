"""Window-wide presentation mode, Go-to shortcuts, the user guide and the About box."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget


def _point_size(widget):
    widget.ensurePolished()
    return widget.font().pointSizeF()


def test_presentation_mode_enlarges_every_page_the_navigation_and_charts(qtbot, main_window):
    action = main_window.presentation_action
    assert action.shortcut() == QKeySequence("F5") and action in main_window.view_menu.actions()
    labels = {page.title: page.findChildren(QLabel)[0] for page in main_window.pages}
    normal = {title: _point_size(w) for title, w in labels.items()}
    nav_normal = _point_size(main_window.nav)
    nav_width = main_window.nav.width()
    charts = main_window.findChildren(ChartWidget)
    assert charts
    chart = charts[0]
    chart.redraw(lambda fig: fig.add_subplot().set_title("Title"))
    title_normal = max(chart.font_sizes())

    action.trigger()
    assert main_window.presentation and action.isChecked()
    assert all(_point_size(w) > normal[t] for t, w in labels.items())
    assert _point_size(main_window.nav) > nav_normal and main_window.nav.width() > nav_width
    assert all(c.presentation for c in charts)
    assert max(chart.font_sizes()) > title_normal  # the last drawing was redrawn larger
    chart.redraw(lambda fig: fig.add_subplot().set_title("Title"))
    assert max(chart.font_sizes()) > title_normal  # and every new drawing too
    tradeoffs = main_window.page("Trade-offs")
    assert tradeoffs.presentation and tradeoffs.presentation_button.isChecked()

    action.trigger()
    assert not main_window.presentation and not tradeoffs.presentation
    assert all(_point_size(w) == normal[t] for t, w in labels.items())
    assert max(chart.font_sizes()) == title_normal


def test_trade_offs_button_drives_the_window_wide_mode(qtbot, main_window):
    tradeoffs = main_window.page("Trade-offs")
    tradeoffs.presentation_button.click()
    assert main_window.presentation and main_window.presentation_action.isChecked()
    data_charts = main_window.page("Data").findChildren(ChartWidget)
    assert all(c.presentation for c in data_charts)
    tradeoffs.presentation_button.click()
    assert not main_window.presentation


def test_ctrl_number_goes_to_each_page(qtbot, main_window):
    assert len(main_window.go_actions) == len(main_window.pages)
    for i, action in enumerate(main_window.go_actions):
        assert action.shortcut() == QKeySequence(f"Ctrl+{i + 1}")
        assert main_window.pages[i].title in action.text()
    qtbot.keyClick(main_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert main_window.stack.currentWidget() is main_window.pages[2]
    main_window.go_actions[0].trigger()
    assert main_window.stack.currentIndex() == 0


def test_navigation_width_follows_the_font(qtbot, main_window):
    metrics = main_window.nav.fontMetrics()
    widest = max(metrics.horizontalAdvance(p.title) for p in main_window.pages)
    assert main_window.nav.width() > widest


def test_f1_opens_the_user_guide_with_terms_and_links(qtbot, main_window):
    assert main_window.user_guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    guide = main_window.show_user_guide()
    qtbot.waitExposed(guide)
    text = guide.browser.toPlainText()
    assert guide.page_title() == "wfm_desktop user guide"
    for term in ("Shrinkage", "Occupancy", "Erlang C", "Erlang A", "WAPE", "Ctrl+1", "F5"):
        assert term in text, term
    html = guide.browser.toHtml()
    assert "staffing.md" in html  # links to the other documents
    guide.show_page("staffing.md")
    assert "Erlang" in guide.browser.toPlainText()
    assert main_window.show_user_guide() is guide  # one window, reused
    guide.close()


def test_about_names_versions_and_the_log_file(qtbot, main_window, tmp_path):
    from wfm_desktop.gui.logs import log, setup_logging

    log_file = setup_logging(tmp_path / "logs")
    try:
        box = main_window.show_about()
        assert "Python 3." in box.text() and "Qt 6." in box.text() and "PySide6" in box.text()
        assert str(log_file) in box.text()
        box.close()
    finally:
        for handler in [h for h in log.handlers if getattr(h, "_wfm_desktop", False)]:
            log.removeHandler(handler)
            handler.close()


def test_user_guide_contents_links_scroll_to_their_heading(qtbot, main_window):
    from PySide6.QtCore import QUrl

    guide = main_window.show_user_guide()
    guide.resize(500, 300)
    bar = guide.browser.verticalScrollBar()
    bar.setValue(0)
    guide.browser.anchorClicked.emit(QUrl("#keyboard-shortcuts"))
    assert bar.value() > 0
    assert guide.browser.textCursor().block().text() == "Keyboard shortcuts"
    guide.browser.anchorClicked.emit(QUrl("budget.md"))
    assert guide.browser.source().fileName() == "budget.md"
    guide.close()
