"""What is computed differently since an opened plan was saved (an older release's plan).

A plan saved by an older release opens with the same inputs, but some of its figures follow this
release's conventions (:data:`wfm_desktop.core.plan.migrations.CONVENTION_CHANGES`, and the notes
its migration wrote, e.g. which contracted week it now uses). The planner must see them: the
window opens this non-modal dialog when such a plan is opened, and it can be opened again later
(File ▸ What changed since this plan was saved…, or the link on the Data page). One dialog per
window, reused.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

TITLE = "What changed since this plan was saved"
MENU_TEXT = "What changed since this plan was saved…"


class ConventionChangesDialog(QDialog):
    """Lists each change; non-modal (the planner can keep working and read it beside the plan)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("convention_changes")
        self.setWindowTitle(TITLE)
        self.setModal(False)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.list = QTextBrowser()
        self.list.setOpenLinks(False)
        self.list.setMinimumSize(680, 300)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self._changes: list[str] = []

    def set_changes(self, changes: list[str], plan_name: str = "") -> None:
        self._changes = [str(c) for c in changes]
        name = f"<b>{html.escape(plan_name)}</b>" if plan_name else "This plan"
        self.intro.setText(
            f"{name} was saved by an earlier release of wfm_desktop. It opens with the same inputs, "
            f"but {'this figure is' if len(self._changes) == 1 else 'these figures are'} now computed "
            "differently, so some numbers may differ from the ones it showed then:")
        self.list.setHtml("<ul>" + "".join(f"<li style='margin-bottom:6px'>{html.escape(c)}</li>"
                                          for c in self._changes) + "</ul>")

    def changes(self) -> list[str]:
        """The changes listed, in order."""
        return list(self._changes)


def show_convention_changes(window: QWidget, changes: list[str], plan_name: str = "") -> ConventionChangesDialog:
    """Show (or bring forward) `window`'s dialog listing `changes`; returns it."""
    dialog = getattr(window, "_convention_changes_dialog", None)
    if dialog is None:
        dialog = ConventionChangesDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        window._convention_changes_dialog = dialog
    dialog.set_changes(changes, plan_name)
    dialog.show()
    dialog.raise_()
    return dialog
