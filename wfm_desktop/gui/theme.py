"""Text colours that stay readable on a light desktop, a dark desktop and in presentation mode.

Pages never hard-code a text colour. A label that is an error message, a muted
note or an accent (e.g. where the numbers come from) gets a *role*
(:func:`set_role`); the main window's style sheet (:func:`role_stylesheet`)
colours each role for the current palette — dark red / grey / dark blue on a
light background, light red / light grey / light blue on a dark one — and, in
presentation mode, for black on white. Rich text that must colour a part of
itself uses :func:`error_html`.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

ROLES: dict[str, tuple[str, str]] = {
    # role: (colour on a light background, colour on a dark background)
    "error": ("#b8323a", "#ff8a8a"),
    "warning": ("#9a5b00", "#ffc266"),
    "muted": ("#555555", "#b4b4b4"),
    "accent": ("#1f4e78", "#8ab4f8"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window background is dark (a dark desktop theme)."""
    if palette is None:
        app = QApplication.instance()
        palette = app.palette() if app is not None else QPalette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colour(role: str, *, dark: bool | None = None) -> str:
    """The text colour of `role` for a dark or light background (default: the app's palette)."""
    light_colour, dark_colour = ROLES[role]
    return dark_colour if (is_dark() if dark is None else dark) else light_colour


def role_stylesheet(*, dark: bool, presentation: bool = False) -> str:
    """Style-sheet rules colouring labels by role (presentation mode is always black on white)."""
    rules = []
    for role in ROLES:
        rules.append(f'QLabel[role="{role}"] {{ color: {colour(role, dark=dark and not presentation)}; }}')
    return "\n".join(rules)


def set_role(widget: QWidget, role: str | None) -> None:
    """Give `widget` a colour role ("error", "warning", "muted", "accent") or none, and restyle it."""
    if role is not None and role not in ROLES:
        raise ValueError(f"unknown colour role {role!r}: use one of {', '.join(ROLES)}")
    widget.setProperty("role", role or "")
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def error_html(text: str) -> str:
    """`text` (HTML-escaped) as an error-coloured span, for labels that show rich text."""
    import html

    return f"<span style='color:{colour('error')}'>{html.escape(text)}</span>"
