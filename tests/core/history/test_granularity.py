"""Interval detection and roll-up/split: exact totals, volume-weighted AHT."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.table import DAILY, History
from wfm_desktop.core.importers import rollup
from wfm_desktop.core.history.granularity import detect_interval


def _history(step_min, values, *, aht=None, handled=None, start="2024-05-06 08:00", queue="Q"):
    starts = pd.date_range(start, periods=len(values), freq=f"{step_min}min")
    frame = pd.DataFrame({"queue": queue, "start": starts.astype("datetime64[ns]"),
                          "offered": np.asarray(values, dtype=float),
                          "aht_s": np.asarray(aht if aht is not None else [np.nan] * len(values), dtype=float)})
    if handled is not None:
        frame["handled"] = np.asarray(handled, dtype=float)
    return History(frame, step_min)


@pytest.mark.parametrize("step", [5, 6, 10, 15, 30, 60])
def test_detects_each_interval_length(step):
    h = _history(step, range(1, 9))
    assert detect_interval(h.frame)[0] == step


def test_detects_daily_and_rejects_odd_lengths():
    days = pd.DataFrame({"queue": "Q", "start": pd.date_range("2024-01-01", periods=5), "offered": 1.0})
    assert detect_interval(days)[0] == DAILY
    odd = _history(15, range(4)).frame.assign(start=pd.date_range("2024-01-01 08:00", periods=4, freq="20min"))
    with pytest.raises(WfmError, match="20 minutes apart"):
        detect_interval(odd)


def test_six_minute_data_rolls_up_exactly_to_30_and_60():
    h = _history(6, np.arange(1, 21), start="2024-05-06 08:00")  # 08:00 .. 09:54
    thirty = rollup(h, 30).frame
    assert thirty["offered"].tolist() == [sum(range(1, 6)), sum(range(6, 11)), sum(range(11, 16)), sum(range(16, 21))]
    assert thirty["start"].dt.strftime("%H:%M").tolist() == ["08:00", "08:30", "09:00", "09:30"]
    sixty = rollup(h, 60).frame
    assert sixty["offered"].tolist() == [sum(range(1, 11)), sum(range(11, 21))]


def test_aht_is_weighted_by_handled_volume_when_rolling_up():
    h = _history(15, [10, 30], aht=[100, 200], handled=[10, 10])
    out = rollup(h, 30).frame.iloc[0]
    assert out["offered"] == 40 and out["handled"] == 20 and out["aht_s"] == pytest.approx(150)
    h2 = _history(15, [10, 30], aht=[100, 200])
    assert rollup(h2, 30).frame["aht_s"].iloc[0] == pytest.approx((10 * 100 + 30 * 200) / 40)


def test_ten_minute_data_is_split_proportionally_into_15():
    h = _history(10, [30, 60, 90], start="2024-05-06 08:00")  # 08:00, 08:10, 08:20 → 08:00-08:30
    out = rollup(h, 15)
    frame = out.frame
    # 08:00-08:15 gets all of 08:00 and half of 08:10; 08:15-08:30 the other half and all of 08:20
    assert frame["offered"].tolist() == pytest.approx([30 + 30, 30 + 90])
    assert any("split proportionally" in n for n in out.notes)


def test_hourly_data_split_into_quarters_keeps_daily_totals():
    h = _history(60, [7, 11, 13], aht=[100, 200, 300])
    out = rollup(h, 15).frame
    assert len(out) == 12 and out["offered"].sum() == 31
    assert out["offered"].iloc[:4].tolist() == pytest.approx([1.75] * 4)
    assert out["aht_s"].iloc[4:8].tolist() == pytest.approx([200] * 4)


def test_daily_history_cannot_be_split():
    days = History(pd.DataFrame({"queue": "Q", "start": pd.date_range("2024-01-01", periods=3), "offered": 1.0,
                                 "aht_s": np.nan}), DAILY)
    with pytest.raises(WfmError, match="daily totals only"):
        rollup(days, 30)
    with pytest.raises(WfmError, match="choose 15, 30 or 60"):
        rollup(days, 45)


@settings(max_examples=40, deadline=None)
@given(source=st.sampled_from([5, 6, 10, 15, 30, 60]), target=st.sampled_from([15, 30, 60]),
       counts=st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=60),
       offset_slots=st.integers(min_value=0, max_value=30))
def test_daily_totals_are_preserved_for_every_source_and_target(source, target, counts, offset_slots):
    start = pd.Timestamp("2024-05-06") + pd.Timedelta(minutes=source * offset_slots)
    h = _history(source, counts, start=str(start))
    out = rollup(h, target)
    before = h.daily().set_index("date")["offered"]
    after = out.daily().set_index("date")["offered"]
    assert np.allclose(before.to_numpy(), after.reindex(before.index).to_numpy(), rtol=0, atol=1e-9)
    if target % source == 0:
        assert np.array_equal(before.to_numpy(), after.to_numpy())  # exact, not approximately
    assert (out.frame["start"].dt.minute % target == 0).all()
    assert (out.frame["offered"] >= -1e-9).all()
