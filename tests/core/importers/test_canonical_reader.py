"""The canonical history CSV reader: queue names unescaped once per name, text in a number column named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.importers.canonical import frame_from_canonical_text

HEADER = "queue,start,interval_min,offered,aht_s,handled\n"


def test_escaped_queue_names_come_back_as_written_on_every_row():
    # write_history_csv escapes names a spreadsheet would run as a formula ('=Sales); plain names stay
    rows = [("'=Sales", "2024-01-01 08:00:00", 15, 3, 200, 3), ("Chat", "2024-01-01 08:00:00", 15, 4, "", 4),
            ("'=Sales", "2024-01-01 08:15:00", 15, 5, 210, ""), ("'-1 Billing", "2024-01-01 08:15:00", 15, 0, "", 0),
            ("Chat", "2024-01-01 08:15:00", 15, 6.5, 180, 6)]
    text = HEADER + "".join(",".join(map(str, row)) + "\n" for row in rows)
    frame, interval_min = frame_from_canonical_text(text, "h.csv")
    assert interval_min == 15
    assert frame["queue"].tolist() == ["=Sales", "Chat", "=Sales", "-1 Billing", "Chat"]
    assert frame["offered"].tolist() == [3.0, 4.0, 5.0, 0.0, 6.5]
    assert np.isnan(frame["aht_s"].iloc[1]) and frame["aht_s"].iloc[4] == 180.0
    assert np.isnan(frame["handled"].iloc[2]) and frame["_row"].tolist() == [2, 3, 4, 5, 6]
    assert frame["start"].iloc[2] == pd.Timestamp("2024-01-01 08:15")


@pytest.mark.parametrize(("column", "cell", "row"), [("offered", "lots", 3), ("aht_s", "n/a", 4),
                                                     ("handled", " x ", 2)])
def test_text_in_a_number_column_is_named_by_row_and_column(column, cell, row):
    cells = {"offered": ["3", "4", "5"], "aht_s": ["200", "", "210"], "handled": ["3", "4", "5"]}
    cells[column][row - 2] = cell
    text = HEADER + "".join(f"Q,2024-01-01 08:{15 * i:02d}:00,15,{cells['offered'][i]},{cells['aht_s'][i]},"
                            f"{cells['handled'][i]}\n" for i in range(3))
    with pytest.raises(WfmError, match=f'h.csv, row {row}, column "{column}": "{cell}" is not a number'):
        frame_from_canonical_text(text, "h.csv")


def test_a_missing_volume_is_refused_but_a_blank_aht_is_unknown():
    with pytest.raises(WfmError, match='h.csv, row 3, column "offered": "" is not a number'):
        frame_from_canonical_text(HEADER + "Q,2024-01-01 08:00:00,15,3,,\nQ,2024-01-01 08:15:00,15,,,\n", "h.csv")
