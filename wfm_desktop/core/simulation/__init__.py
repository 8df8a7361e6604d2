"""Discrete-event simulation of the queues: the plan's promise checked against a model with randomness.

:func:`~wfm_desktop.core.simulation.simulate.simulate_intervals` takes an interval table
(queue, start, contacts, aht_s, agents) and returns per interval and per day the
simulated service level, ASA, abandonment and occupancy with confidence intervals.
The event loop (:mod:`~wfm_desktop.core.simulation.kernel`) is compiled with numba on first use.
See docs/simulation.md.
"""
