"""A side panel of inputs that scrolls vertically and is never narrower than what it holds."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget


class SidePanel(QScrollArea):
    """A vertical-only scroll area around `content`: as short as the window needs (it scrolls), and at least
    as wide as the content's own minimum, so nothing in it is cut off on the right (no horizontal bar)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        width = content.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(max(hint.width(), width), hint.height())

    @classmethod
    def around(cls, inner: QWidget) -> SidePanel:
        """A frameless panel holding `inner` edge to edge: a tab that scrolls rather than squeeze its charts."""
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(inner)
        panel = cls(content)
        panel.setFrameShape(cls.Shape.NoFrame)
        return panel
