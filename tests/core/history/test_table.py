import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.table import History, daily_totals


def _frame():
    start = pd.to_datetime(["2024-01-01 08:00", "2024-01-01 08:15", "2024-01-02 08:00", "2024-01-01 08:00"])
    return pd.DataFrame(
        {
            "queue": ["A", "A", "A", "B"],
            "start": start,
            "offered": [10.0, 30.0, 5.0, 7.0],
            "aht_s": [100.0, 200.0, np.nan, 60.0],
        }
    )


def test_daily_totals_sum_volume_and_weight_aht_by_volume():
    daily = daily_totals(_frame())
    a1 = daily[(daily["queue"] == "A") & (daily["date"] == pd.Timestamp("2024-01-01"))].iloc[0]
    assert a1["offered"] == 40.0
    assert a1["aht_s"] == pytest.approx((10 * 100 + 30 * 200) / 40)
    a2 = daily[(daily["queue"] == "A") & (daily["date"] == pd.Timestamp("2024-01-02"))].iloc[0]
    assert a2["offered"] == 5.0 and np.isnan(a2["aht_s"])


def test_history_validates_columns_and_interval():
    with pytest.raises(WfmError, match="missing column"):
        History(_frame().drop(columns=["offered"]), 15)
    with pytest.raises(WfmError, match="interval length 7"):
        History(_frame(), 7)
    h = History(_frame(), 15)
    assert h.queues == ["A", "B"] and not h.is_daily


def test_rolled_up_is_the_importers_exact_rollup():
    h = History(_frame().iloc[:2].reset_index(drop=True), 15)
    half_hour = h.rolled_up(30).frame
    assert half_hour["offered"].tolist() == [40.0]
    assert half_hour["aht_s"].iloc[0] == pytest.approx((10 * 100 + 30 * 200) / 40)
