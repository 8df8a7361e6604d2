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


def _reference_totals(frame: pd.DataFrame, key, key_name: str) -> pd.DataFrame:
    """The totals as a pandas group-by computes them (what the chunked bincount version replaced)."""
    offered = frame["offered"].to_numpy(dtype=float)
    aht = frame["aht_s"].to_numpy(dtype=float)
    known = ~np.isnan(aht)
    work = pd.DataFrame({"queue": frame["queue"].astype(str).to_numpy(), key_name: key, "offered": offered,
                         "_weighted": np.where(known, aht * offered, 0.0), "_weight": np.where(known, offered, 0.0)})
    out = work.groupby(["queue", key_name], sort=True, as_index=False).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["aht_s"] = np.where(out["_weight"] > 0, out["_weighted"] / out["_weight"], np.nan)
    return out[["queue", key_name, "offered", "aht_s", "_weight"]]


@pytest.mark.parametrize("seed", range(6))
def test_daily_and_interval_totals_equal_a_pandas_group_by(seed, monkeypatch):
    from wfm_desktop.core.history import table
    from wfm_desktop.core.history.table import interval_totals

    monkeypatch.setattr(table, "CHUNK_ROWS", 97)  # many chunks: codes must agree across them
    rng = np.random.default_rng(seed)
    n = 2_000
    starts = pd.Timestamp("1969-12-28") + pd.to_timedelta(rng.integers(0, 20 * 96, n) * 15, unit="min")
    frame = pd.DataFrame({
        "queue": rng.choice(["Sales", "Billing", "Ünïcode", "chat 2", "=Q"], n),  # rows in any order
        "start": starts,
        "offered": np.where(rng.random(n) < 0.05, np.nan, rng.poisson(7, n).astype(float)),
        "aht_s": np.where(rng.random(n) < 0.2, np.nan, rng.uniform(60, 600, n)),
    })
    expected = _reference_totals(frame, frame["start"].dt.normalize().to_numpy(), "date")
    pd.testing.assert_frame_equal(daily_totals(frame), expected[["queue", "date", "offered", "aht_s"]],
                                  check_dtype=False, rtol=1e-12)
    for minutes in (15, 30, 60):
        expected = _reference_totals(frame, frame["start"].dt.floor(f"{minutes}min").to_numpy(), "start")
        pd.testing.assert_frame_equal(interval_totals(frame, minutes), expected, check_dtype=False, rtol=1e-12)
    # the sparse path (few rows over very many queue × key cells) gives the same
    monkeypatch.setattr(table, "DENSE_CELLS", 0)
    few = frame.iloc[::40].assign(queue=[f"Q{i}" for i in range(len(frame.iloc[::40]))])
    expected = _reference_totals(few, few["start"].dt.floor("15min").to_numpy(), "start")
    pd.testing.assert_frame_equal(interval_totals(few, 15), expected, check_dtype=False, rtol=1e-12)


def test_warm_history_keeps_its_checksum_and_totals_through_a_pickle():
    """The importer warms the history in the reader process: what it worked out travels with it,
    and the plan's history fingerprint is the one it would compute from the frame itself."""
    import pickle

    from wfm_desktop.core.checksum import frame_checksum
    from wfm_desktop.core.plan.fingerprint import fingerprint
    from wfm_desktop.core.plan.stages import _history_fingerprint

    start = pd.date_range("2026-01-05 08:00", periods=8, freq="30min")
    frame = pd.DataFrame({"queue": ["Voice"] * 8 + ["Chat"] * 8, "start": list(start) * 2,
                          "offered": np.arange(16, dtype=float), "aht_s": 200.0})
    history = History(frame, 30).warm()
    moved = pickle.loads(pickle.dumps(history))
    assert {"_checksum", "_daily", "_queues"} <= set(moved.__dict__)
    assert moved.checksum() == frame_checksum(frame)
    pd.testing.assert_frame_equal(moved.daily(), daily_totals(frame))
    assert _history_fingerprint(moved) == fingerprint({"frame": frame, "interval_min": 30})
    assert History(frame.assign(offered=frame["offered"] + 1), 30).checksum() != moved.checksum()
