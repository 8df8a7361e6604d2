"""`python -m wfm_desktop` runs the command line (no arguments opens the GUI)."""

from wfm_desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
