"""dmgbuild settings for the macOS disk image of wfm_desktop.

Run from the repository root after ``python installer/build.py`` has made
``dist/wfm_desktop.app``::

    pip install dmgbuild
    dmgbuild -s installer/macos/dmg_settings.py \
        "wfm_desktop 0.1.0" dist/installer/wfm_desktop-0.1.0-macos.dmg

The image shows the app beside a link to /Applications: the user drags one onto
the other. ``-D app=PATH`` picks another bundle. dmgbuild runs this file with a
``defines`` dict (the ``-D`` values); paths are relative to the current folder.
"""

import os.path

application = defines.get("app", "dist/wfm_desktop.app")  # noqa: F821 - given by dmgbuild
appname = os.path.basename(application)

# Compressed read-only image (zlib): opens on every supported macOS version.
format = defines.get("format", "UDZO")  # noqa: F821
filesystem = "HFS+"
size = None  # dmgbuild sizes the image from its contents

files = [application]
symlinks = {"Applications": "/Applications"}
hide_extensions = [appname]

# The volume's icon when mounted: the app icon rendered from resources/icon.svg.
icon = defines.get("icon", "resources/icons/wfm_desktop.icns")  # noqa: F821

# The Finder window: app on the left, Applications on the right.
background = "builtin-arrow"
window_rect = ((200, 160), (640, 360))
default_view = "icon-view"
show_status_bar = False
show_tab_view = False
show_toolbar = False
show_pathbar = False
show_sidebar = False
icon_size = 128
text_size = 13
icon_locations = {
    appname: (160, 170),
    "Applications": (480, 170),
}
