"""Help ▸ User guide (F1): the Markdown documentation, read inside the app.

A non-modal window with a :class:`QTextBrowser` that renders ``docs/user-guide.md``
(found by :func:`wfm_desktop.resources.docs_path`, so it works from a source
checkout and from the frozen app, which ships ``docs/`` as ``resources/docs/``).
Links to the other ``docs/*.md`` pages open in the same browser; Back and Home
buttons move through them; web links open in the system browser.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QTextCursor, QTextDocument
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
        self.browser.setOpenLinks(False)  # links are followed by _follow (Markdown headings have no anchors)
        self.browser.anchorClicked.connect(self._follow)
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

    def _follow(self, url: QUrl) -> None:
        """A link: "#heading" scrolls to that heading, a ``.md`` page opens here, a web address outside."""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        if url.hasFragment() and (not url.path() or url.path() == self.browser.source().path()):
            self.scroll_to_heading(url.fragment())
            return
        self.browser.setSource(self.browser.source().resolved(url), QTextDocument.ResourceType.MarkdownResource)

    def scroll_to_heading(self, slug: str) -> bool:
        """Scroll to the heading whose GitHub-style slug is `slug` ("the-workflow-page-by-page")."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and _slug(block.text()) == slug:
                cursor = QTextCursor(block)
                self.browser.setTextCursor(cursor)
                self.browser.verticalScrollBar().setValue(
                    int(self.browser.document().documentLayout().blockBoundingRect(block).top()))
                return True
            block = block.next()
        return False

    def page_title(self) -> str:
        """The first heading of the page on screen."""
        return self.browser.document().toPlainText().strip().splitlines()[0] if self.browser.document() else ""


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    kept = "".join(ch for ch in heading.strip().lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")
