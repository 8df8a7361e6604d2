"""``--patience-s S|history``: callers' patience in seconds, or estimated per queue from the history.

``plan``, ``staff`` and ``simulate`` accept it. With ``history`` each queue gets the estimate of
:func:`wfm_desktop.core.simulation.patience.queue_patience` (from waiting times, or from counts
and agents by simulation), said on stderr with its interval; a queue whose history cannot give
one is said too and keeps Erlang C (no abandonment). When no queue can, the command stops and
says why.
"""

from __future__ import annotations

import argparse
import sys

HISTORY = "history"
HELP = ("mean caller patience in seconds (Erlang A: callers abandon), or 'history' for each queue's "
        "patience estimated from the history's waiting times or agents (docs/simulation.md)")


def patience_value(text: str) -> float | str:
    """argparse type: seconds, or the word ``history``."""
    if text.strip().lower() == HISTORY:
        return HISTORY
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"give seconds (e.g. 180) or 'history', not {text!r}") from None


def number(value) -> float | None:
    """The option as a number (None for ``history`` or not given)."""
    return None if value is None or value == HISTORY else float(value)


def estimated(source, queues, *, where: str) -> dict[str, float]:
    """Each queue's patience from `source` (a History or an interval table); notes on stderr."""
    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.core.simulation.patience import history_patience

    found = history_patience(source, queues)
    out: dict[str, float] = {}
    for queue, estimate in found.items():
        if isinstance(estimate, str):
            print(f"note: {queue}: no patience from the history ({estimate}); Erlang C, no abandonment",
                  file=sys.stderr)
        else:
            print(f"note: {queue}: patience from the history: {estimate.summary()}", file=sys.stderr)
            out[queue] = round(estimate.patience_s, 1)
    if not out:
        raise WfmError(f"--patience-s history: {where} cannot give the callers' patience: "
                       + "; ".join(f"{q}: {why}" for q, why in found.items()))
    return out
