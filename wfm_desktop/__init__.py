"""wfm_desktop: a desktop workforce planner for contact centres."""

__version__ = "0.1.0"
