"""A plan saved by an older release: its changes of convention are shown to the planner (issue #21).

Opening the committed old plan (tests/data/old_release/release_1.wfmplan) opens a non-modal dialog
listing every change (this release's CONVENTION_CHANGES since its version, then the notes its
migration wrote), reachable again from File ▸ What changed… and from the Data page's link; a plan
of this release lists none.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QDialog

from wfm_desktop.core.plan import migrations
from wfm_desktop.core.plan.file_format import SCHEMA_VERSION, load_plan
from wfm_desktop.gui.dialogs.convention_changes import TITLE

OLD = Path(__file__).parents[1] / "data" / "old_release" / "release_1.wfmplan"
WAIT_MS = 60_000


def _expected() -> list[str]:
    """The changes the old plan must list, worked out from the file and the migrations' table."""
    document = load_plan(OLD)  # migrated to this release's version on reading: the notes it wrote
    assert document.schema_version < SCHEMA_VERSION  # saved by an older release
    since = [c.text for c in migrations.CONVENTION_CHANGES if c.since > document.schema_version]
    return since + [str(n) for n in document.settings.get("migration_notes") or []]


def _open(qtbot, window, path) -> None:
    with qtbot.waitSignal(window.documents.opened, timeout=WAIT_MS):
        window.documents.open(path)


def test_opening_an_old_plan_lists_each_change_in_a_dialog_reachable_again(qtbot, main_window, tmp_path):
    path = tmp_path / "release_1.wfmplan"
    shutil.copyfile(OLD, path)
    expected = _expected()
    assert len(expected) >= len(migrations.CONVENTION_CHANGES) + 1  # every change since version 1 and a note
    assert not main_window.changes_action.isEnabled()  # a new plan: nothing to list
    with qtbot.waitSignal(main_window.documents.convention_changes, timeout=WAIT_MS) as signal:
        main_window.documents.open(path)
    assert signal.args[0] == expected
    dialog = main_window._convention_changes_dialog
    assert isinstance(dialog, QDialog) and dialog.isVisible() and not dialog.isModal()
    assert dialog.windowTitle() == TITLE and dialog.changes() == expected
    assert "release_1.wfmplan" in dialog.intro.text()
    shown = dialog.list.toPlainText()
    for change in expected:
        assert change in shown
    assert (f"saved by an earlier release: {len(expected)} changes in how its figures are computed"
            in main_window.statusBar().currentMessage())
    # Non-modal: the window goes on working while it is open; closed, it can be opened again twice over.
    main_window.show_page("Forecast")
    assert main_window.stack.currentWidget() is main_window.page("Forecast")
    dialog.close()
    assert not dialog.isVisible()
    assert main_window.changes_action.isEnabled()
    main_window.changes_action.trigger()
    assert dialog.isVisible() and dialog.changes() == expected
    dialog.close()
    data = main_window.page("Data")
    assert data.changes_button.isVisibleTo(data)
    data.changes_button.click()
    assert dialog.isVisible() and dialog.changes() == expected
    assert main_window._convention_changes_dialog is dialog  # one dialog per window, reused
    dialog.close()


def test_a_plan_of_this_release_lists_no_changes(qtbot, main_window, tmp_path):
    path = tmp_path / "new.wfmplan"
    with qtbot.waitSignal(main_window.documents.saved, timeout=WAIT_MS):
        main_window.documents.save_as(path)
    received = []
    main_window.documents.convention_changes.connect(received.append)
    _open(qtbot, main_window, path)
    assert received == [] and not main_window.changes_action.isEnabled()
    assert not main_window.page("Data").changes_button.isVisibleTo(main_window.page("Data"))
    assert getattr(main_window, "_convention_changes_dialog", None) is None
    assert main_window.show_convention_changes() is None  # says so in the status bar instead
    assert "nothing changed" in main_window.statusBar().currentMessage()
