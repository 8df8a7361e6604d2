"""Frozen entry point of `wfm-desktop-gui` (windowed: no console on Windows)."""

import sys

from wfm_desktop.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
