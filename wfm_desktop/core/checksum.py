"""A table's checksum: what a plan's fingerprints and its schedule cache compare.

Kept apart from the scheduling modules so that a plan can fingerprint its history (on every
import, at start-up too) without importing the solver's.
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd


def frame_checksum(frame: pd.DataFrame | None) -> str:
    """SHA-256 of a table's columns and values (row order counts; the index does not)."""
    if frame is None:
        return ""
    digest = hashlib.sha256()
    digest.update(json.dumps([str(c) for c in frame.columns]).encode())
    # Normalise types a CSV round trip changes (datetime unit, int vs float, text dtype), not values.
    columns = {}
    for column in frame.columns:
        values = frame[column].reset_index(drop=True)
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.astype("datetime64[ns]")
        elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            values = values.astype("float64")
        elif isinstance(values.dtype, pd.StringDtype):  # every value is text already: no str() per value
            values = values.astype(object).where(values.notna(), "")
        else:
            values = values.astype(object).map(lambda v: "" if v is None or v != v else str(v))
        columns[str(column)] = values
    normal = pd.DataFrame(columns)
    digest.update(pd.util.hash_pandas_object(normal, index=False).to_numpy().tobytes())
    return digest.hexdigest()
