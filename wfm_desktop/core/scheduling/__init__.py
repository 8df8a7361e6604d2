"""Scheduling: shift templates, the shift-mix model, the solver process, rosters, results and files."""
