"""Stable fingerprints of plan values: the same value gives the same text in any session.

A stage's fingerprint is a hash of what it reads (see :mod:`wfm_desktop.core.plan.stages`):
input values (plain JSON-able data or DataFrames) and the fingerprints of the upstream
results. Plain data is hashed as canonical JSON (sorted keys, floats as ``repr``, ints and
floats that are equal hashed alike, NaN as null), tables by
:func:`~wfm_desktop.core.checksum.frame_checksum` (values and column names; a CSV
round trip of a plan file gives the same fingerprint). A dict that carries its tables' checksum as
``content_sha256`` (a forecast snapshot, the actuals: :mod:`wfm_desktop.core.forecast.snapshots`)
is hashed by that checksum and its other plain entries, without hashing its tables again.

    >>> fingerprint({"b": 1, "a": [1.0, None]}) == fingerprint({"a": [1, None], "b": 1.0})
    True
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from wfm_desktop.core.checksum import frame_checksum


def _plain(value: Any) -> Any:
    if isinstance(value, pd.DataFrame):
        return {"__frame__": frame_checksum(value)}
    if isinstance(value, pd.Series):
        return {"__frame__": frame_checksum(value.to_frame())}
    if isinstance(value, dict):
        if isinstance(value.get("content_sha256"), str):
            return {str(k): _plain(v) for k, v in value.items() if not isinstance(v, pd.DataFrame)}
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isnan(number):
            return None
        return int(number) if number.is_integer() and abs(number) < 2**53 else repr(number)
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()
    return repr(value)


def fingerprint(value: Any) -> str:
    """SHA-256 (hex, first 32 digits) of `value`'s canonical form."""
    text = json.dumps(_plain(value), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def combine(parts: dict[str, str]) -> str:
    """One fingerprint of named component fingerprints (order-independent)."""
    return fingerprint({str(k): str(v) for k, v in parts.items()})
