"""Frozen entry point of `wfm-desktop` (console: sub-commands, --self-test; no arguments opens the GUI)."""

import sys

from wfm_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
