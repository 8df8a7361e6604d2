"""The import's column mapping: the optional columns fold away under "More columns" unless the import found one."""

from __future__ import annotations

from wfm_desktop.core.importers import ColumnMapping
from wfm_desktop.gui.widgets.mapping_editor import MORE_FIELDS, MappingEditor


def test_optional_columns_are_folded_until_asked_for_or_found(qtbot):
    editor = MappingEditor()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    headers = ["Date", "Calls", "ASA (s)"]
    editor.set_mapping(ColumnMapping(date="Date", offered="Calls"), headers)
    assert not editor.more.isChecked()
    assert not any(editor.boxes[name].isVisible() for name in MORE_FIELDS)
    assert editor.boxes["offered"].isVisible()
    folded_height = editor.sizeHint().height()
    editor.more.click()
    assert all(editor.boxes[name].isVisible() for name in MORE_FIELDS)
    assert editor.sizeHint().height() > folded_height
    editor.more.click()
    assert not editor.boxes["asa"].isVisible()
    # an import that found a waiting-time column shows it, and the mapping reads it back
    editor.set_mapping(ColumnMapping(date="Date", offered="Calls", asa="ASA (s)"), headers)
    assert editor.more.isChecked() and editor.boxes["asa"].isVisible()
    assert editor.boxes["asa"].currentText() == "ASA (s)"
    assert editor.mapping().asa == "ASA (s)"
