"""The application's windows carry the wfm_desktop icon (resources/icons/wfm_desktop.png)."""

from wfm_desktop.gui.app import create_application


def test_window_icon_is_set(qapp):
    app = create_application()
    assert app is qapp
    icon = app.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(32, 32).toImage().pixelColor(16, 4).alpha() > 0
