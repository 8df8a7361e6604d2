"""The template editor: breaks as rows (name, length, paid, earliest and latest start), one shift on a
time line, and the Breaks cell (the CSV/JSON text) written from the rows."""

import pytest
from PySide6.QtCore import Qt

from wfm_desktop.core.scheduling.templates import template_from_record, templates_to_csv
from wfm_desktop.gui.widgets.template_editor import TemplateDetails, TemplateEditor

FULL = {"name": "Full 8h", "start_earliest": "07:00", "start_latest": "12:00", "start_step_min": 30,
        "paid_length_min": 480, "breaks": "break1 15 paid 1:30-2:30; lunch 30 unpaid 3:00-5:00; break2 15 paid 5:30-6:30",
        "weekdays": "Mon-Sun", "contract": "full", "cost_per_hour": 20}
PART = {"name": "Part 4h", "start_earliest": "08:00", "start_latest": "17:00", "start_step_min": 60,
        "paid_length_min": 240, "breaks": "", "weekdays": "Mon-Fri", "contract": "part", "cost_per_hour": 22}
BREAKS_COL = 5


@pytest.fixture
def editor(qtbot):
    table = TemplateEditor()
    table.set_templates([template_from_record(FULL, "t"), template_from_record(PART, "t")])
    details = TemplateDetails(table)
    host = details  # the details hold the table by reference; show both
    qtbot.addWidget(table)
    qtbot.addWidget(host)
    table.selectRow(0)
    return table, details


def test_the_breaks_cell_becomes_rows(editor):
    table, details = editor
    rows = details.rows
    assert rows.rowCount() == 3
    assert [rows.item(r, 0).text() for r in range(3)] == ["break1", "lunch", "break2"]
    assert [rows.item(r, 1).text() for r in range(3)] == ["15", "30", "15"]
    assert [rows.item(r, 2).checkState() for r in range(3)] == [Qt.CheckState.Checked, Qt.CheckState.Unchecked,
                                                                Qt.CheckState.Checked]
    assert [(rows.item(r, 3).text(), rows.item(r, 4).text()) for r in range(3)] == [
        ("1:30", "2:30"), ("3:00", "5:00"), ("5:30", "6:30")]
    assert details.title.text() == "Breaks of Full 8h"
    preview = details.preview.template
    assert preview.name == "Full 8h" and preview.span_min == 510  # 8:30 from start to end (unpaid lunch)


def test_editing_a_row_writes_the_breaks_cell_and_the_file_form_is_unchanged(editor, qtbot):
    table, details = editor
    with qtbot.waitSignal(table.edited):
        details.rows.item(1, 1).setText("45")  # lunch 45 minutes: starting at 5:00 it runs into break2's window
    assert table.item(0, BREAKS_COL).text() == (
        "break1 15 paid 1:30-2:30; lunch 45 unpaid 3:00-5:00; break2 15 paid 5:30-6:30")
    assert "windows of breaks 'lunch' (3:00-5:00) and 'break2' (5:30-6:30) overlap" in details.problem.text()
    with qtbot.waitSignal(table.edited):
        details.rows.item(1, 4).setText("4:30")
    assert details.problem.text() == ""
    with qtbot.waitSignal(table.edited):
        details.rows.item(1, 2).setCheckState(Qt.CheckState.Checked)  # lunch paid
    templates = table.templates()
    assert templates[0].breaks[1].paid and templates[0].breaks[1].length_min == 45
    assert details.preview.template.span_min == 480
    csv = templates_to_csv(templates)
    assert "lunch 45 paid 3:00-4:30" in csv and "Part 4h" in csv


def test_add_and_remove_breaks_on_the_selected_template(editor, qtbot):
    table, details = editor
    table.selectRow(1)
    assert details.rows.rowCount() == 0 and details.title.text() == "Breaks of Part 4h"
    with qtbot.waitSignal(table.edited):
        qtbot.mouseClick(details.add_button, Qt.MouseButton.LeftButton)
    assert table.item(1, BREAKS_COL).text() == "break1 15 paid 2:00-2:30"
    assert table.templates()[1].breaks[0].earliest_min == 120
    details.rows.selectRow(0)
    with qtbot.waitSignal(table.edited):
        qtbot.mouseClick(details.remove_button, Qt.MouseButton.LeftButton)
    assert table.item(1, BREAKS_COL).text() == ""
    table.selectRow(0)  # the first template's rows again, untouched
    assert details.rows.rowCount() == 3


def test_a_bad_row_is_named_and_not_written(editor):
    table, details = editor
    before = table.item(0, BREAKS_COL).text()
    details.rows.item(0, 3).setText("soon")
    assert "break row 1" in details.problem.text() and "'soon' is not a duration" in details.problem.text()
    assert table.item(0, BREAKS_COL).text() == before  # the template keeps its last good breaks
    assert details.preview.template is None
    details.rows.item(0, 3).setText("1:45")
    assert details.problem.text() == "" and "break1 15 paid 1:45-2:30" in table.item(0, BREAKS_COL).text()
    details.rows.item(0, 0).setText("coffee break")
    assert "one word" in details.problem.text()


def test_typing_the_breaks_cell_and_reloading_refresh_the_rows(editor, qtbot):
    table, details = editor
    table.item(0, BREAKS_COL).setText("lunch 60 unpaid 4:00-4:30")
    assert details.rows.rowCount() == 1 and details.rows.item(0, 1).text() == "60"
    table.set_templates([template_from_record(PART, "t")])
    assert details.rows.rowCount() == 0 and details.title.text() == "Breaks of Part 4h"


def test_the_preview_is_drawn(editor, tmp_path):
    table, details = editor
    details.resize(900, 220)
    image = details.grab()
    image.save(str(tmp_path / "template_details.png"))
    assert image.width() == 900 and not image.isNull()
