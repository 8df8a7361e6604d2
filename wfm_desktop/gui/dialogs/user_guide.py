"""Help ▸ User guide (F1): the Markdown documentation, read inside the app.

A non-modal window with a :class:`QTextBrowser` that renders ``docs/user-guide.md``
(found by :func:`wfm_desktop.resources.docs_path`, so it works from a source
checkout and from the frozen app, which ships ``docs/`` as ``resources/docs/``).
Links to the other ``docs/*.md`` pages open in the same browser; Back and Home
buttons move through them; web links open in the system browser.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from wfm_desktop.resources import docs_path

GUIDE = "user-guide.md"


class UserGuide(QDialog):
    """The user guide's window; :meth:`show_page` opens another page of ``docs/``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("wfm_desktop — User guide")
        self.setObjectName("user_guide")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setOpenLinks(True)
        back = QPushButton("Back")
        back.setShortcut(QKeySequence.StandardKey.Back)
        back.setToolTip("The page you read before (Alt+Left)")
        back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(back.setEnabled)
        back.setEnabled(False)
        home = QPushButton("Contents")
        home.setToolTip("Back to the start of the user guide")
        home.clicked.connect(lambda: self.show_page(GUIDE))
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addWidget(home)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.fontMetrics().height() * 42)
        self.show_page(GUIDE)

    def show_page(self, name: str) -> None:
        """Show ``docs/<name>`` (raises WfmError when the documentation is not installed)."""
        path = docs_path(name)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)

    def page_title(self) -> str:
        """The first heading of the page on screen."""
        return self.browser.document().toPlainText().strip().splitlines()[0] if self.browser.document() else ""
