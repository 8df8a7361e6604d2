"""What every page of the main window is given and offers.

A page is a QWidget for one step of the flow (Data, Forecast, Staffing, ...).
It receives an :class:`AppContext` — the shared plan, the preferences and a way
to talk to the status bar and show errors — and nothing else: no global main
window, no global plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from wfm_desktop.gui.plan_controller import PlanController
from wfm_desktop.gui.settings import Settings


@dataclass
class AppContext:
    plan: PlanController
    settings: Settings
    status: Callable[[str], None]  # show a short message in the status bar
    show_error: Callable[[str, BaseException, str], None]  # (title, exception, details)


class Page(QWidget):
    """Base class of the main window's pages.

    Subclasses set :attr:`title` (the navigation label) and :attr:`tooltip`, and
    build their widgets in ``__init__(ctx)``.
    """

    title: str = ""
    tooltip: str = ""

    presentation_requested = Signal(bool)
    """The page asks for the window-wide presentation mode (e.g. a button of its own)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def set_presentation_mode(self, on: bool) -> None:
        """Switch the page's charts to the projector style (the window sets fonts and colours).

        Pages with more to change (the Trade-offs page) extend this.
        """
        from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget

        for chart in self.findChildren(ChartWidget):
            chart.set_presentation(on)

    def shutdown(self) -> None:
        """Called when the window closes: cancel running work, save page settings."""
