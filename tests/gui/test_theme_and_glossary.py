"""Readable text colours on light and dark palettes; every table heading that is a planner term has a tip."""

import matplotlib
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from wfm_desktop.gui.glossary import TERMS, term_tip
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.theme import ROLES, colour, error_html, is_dark, role_stylesheet, set_role


def _contrast(fg: str, bg: str) -> float:
    def lum(hex_colour):
        c = QColor(hex_colour)
        channels = []
        for v in (c.redF(), c.greenF(), c.blueF()):
            channels.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_is_readable_on_light_and_dark_backgrounds(role):
    assert _contrast(colour(role, dark=False), "#efefef") >= 4.5
    assert _contrast(colour(role, dark=True), "#2b2b2b") >= 4.5


@pytest.fixture
def dark_palette(qapp):
    from tools.screenshots import dark_palette

    before = QPalette(qapp.palette())
    qapp.setPalette(dark_palette())
    yield qapp.palette()
    qapp.setPalette(before)


def test_main_window_follows_a_dark_palette(qtbot, dark_palette, settings):
    from wfm_desktop.gui.main_window import MainWindow

    assert is_dark()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert colour("error", dark=True) in window.styleSheet()
    label = QLabel("Service level must be a fraction", window)
    set_role(label, "error")
    label.ensurePolished()
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor(colour("error", dark=True))
    window.presentation_action.trigger()  # black on white whatever the desktop's theme
    label.ensurePolished()
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor(colour("error", dark=False))
    window.close()


def test_role_style_and_html():
    assert 'QLabel[role="muted"]' in role_stylesheet(dark=False)
    assert error_html("a < b") == f"<span style='color:{colour('error')}'>a &lt; b</span>"
    with pytest.raises(ValueError, match="unknown colour role"):
        set_role(QLabel(), "loud")


def test_no_page_hard_codes_a_text_colour():
    from tests.conftest import REPO

    offenders = []
    for path in (REPO / "wfm_desktop" / "gui").rglob("*.py"):
        if path.name in ("theme.py", "presentation.py", "tradeoffs_style.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "color:" in line.replace(" ", "") and "#" in line:
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, "use gui/theme.py roles instead:\n" + "\n".join(offenders)


def test_table_headings_fall_back_to_the_glossary():
    import pandas as pd

    model = DataFrameModel()
    model.set_frame(pd.DataFrame({"wape": [0.1], "x": [1]}), headers={"wape": "WAPE", "x": "Something"},
                    tooltips={"x": "own tip"})
    tip = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == term_tip("WAPE") and "Σ|forecast − actual|" in tip
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "own tip"
    assert term_tip("  Req ") == TERMS["req"] and term_tip("unknown heading") == ""


def test_editable_tables_have_heading_tips(main_window):
    forecast = main_window.page("Forecast")
    header = forecast.daily.horizontalHeaderItem
    tips = {header(i).text(): header(i).toolTip() for i in range(forecast.daily.columnCount())}
    assert all(tips.values()), tips
    staffing = main_window.page("Staffing")
    from wfm_desktop.gui.widgets.shrinkage_editor import ShrinkageEditor

    editor = staffing.findChildren(ShrinkageEditor)[0]
    assert "paid time" in editor.grid.horizontalHeaderItem(1).toolTip()


def test_presentation_widens_fixed_panels_and_restores_them(qtbot, main_window):
    schedule = main_window.page("Schedule")
    from PySide6.QtWidgets import QWidget

    limited = [w for w in schedule.findChildren(QWidget) if 0 < w.maximumWidth() < 16777215]
    before = {id(w): (w.minimumWidth(), w.maximumWidth()) for w in limited}
    assert limited
    main_window.presentation_action.trigger()
    assert all(w.maximumWidth() > before[id(w)][1] for w in limited)
    main_window.presentation_action.trigger()
    assert {id(w): (w.minimumWidth(), w.maximumWidth()) for w in limited} == before


def test_projector_charts_have_bigger_text_wrapped_titles_and_fewer_x_labels():
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from wfm_desktop.plots.style import MAX_X_LABELS, apply_presentation

    figure = Figure()
    ax = figure.add_subplot()
    ax.plot(range(30), range(30))
    ax.set_xticks(range(30))
    ax.set_title("A title")
    size = ax.title.get_fontsize()
    apply_presentation(figure)
    figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ax.title.get_fontsize() > size and ax.title.get_wrap()
    assert 0 < len(labels) <= MAX_X_LABELS and labels[0] == "0"


def test_form_labels_explain_their_fields(main_window):
    from PySide6.QtWidgets import QFormLayout

    staffing = main_window.page("Staffing")
    rows = []
    for form in staffing.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None and label.widget() and field.widget():
                rows.append((label.widget(), field.widget()))
    assert rows
    for label, field in rows:
        if field.toolTip():
            assert label.toolTip(), label.text()


def test_every_input_on_every_page_explains_itself(main_window):
    """Every field a planner sets (spin box, drop-down, text field, switch, slider) has a tooltip."""
    from PySide6.QtWidgets import (QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit, QRadioButton, QSlider,
                                   QTableWidget, QWidget)

    kinds = (QAbstractSpinBox, QComboBox, QLineEdit, QCheckBox, QRadioButton, QSlider)
    missing, checked = [], 0
    for page in main_window.pages:
        for widget in page.findChildren(QWidget):
            if not isinstance(widget, kinds):
                continue
            checked += 1
            if widget.toolTip():
                continue
            parent = widget.parentWidget()
            if isinstance(parent, (QAbstractSpinBox, QComboBox)):  # the line edit inside a spin box
                continue
            if parent is not None and isinstance(parent.parentWidget(), QTableWidget):
                continue  # an editor inside a table cell: its column heading explains it
            missing.append(f"{page.title}: {type(widget).__name__} {widget.objectName() or ''}".strip())
    assert checked > 50 and not missing, missing
