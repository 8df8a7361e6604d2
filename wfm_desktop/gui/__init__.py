"""The PySide6 GUI: the only Qt code in wfm_desktop."""
