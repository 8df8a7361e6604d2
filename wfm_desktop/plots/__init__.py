"""Matplotlib figures drawn on a given Axes or Figure. Never imports Qt."""
