"""The generated corpus: every layout written in every format imports to the same volumes."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.history.table import DAILY
from wfm_desktop.core.importers import import_history

from .builders import hhmm, volumes, wide_interval_frame

VOL = volumes(days=8, queues=("Sales", "Support"), step_min=30, seed=3)


def _layout(name: str) -> pd.DataFrame:
    if name == "long_timestamp":
        return pd.DataFrame({"Interval Start": VOL["start"].dt.strftime("%Y-%m-%d %H:%M"), "Split": VOL["queue"],
                             "Contacts": VOL["offered"], "Avg Handle Time": VOL["aht_s"]})
    if name == "long_date_time":
        return pd.DataFrame({"Date": VOL["start"].dt.strftime("%m/%d/%Y"), "Time": VOL["start"].map(hhmm),
                             "Queue": VOL["queue"], "Answered": VOL["handled"], "Abandoned": VOL["abandoned"]})
    if name == "wide_interval":
        return wide_interval_frame(VOL)
    if name == "wide_queue":
        wide = VOL.pivot_table(index="start", columns="queue", values="offered").reset_index()
        return wide.assign(start=wide["start"].dt.strftime("%d.%m.%Y %H:%M")).rename(columns={"start": "Period Start"})
    if name == "daily":
        daily = VOL.groupby(["queue", VOL["start"].dt.normalize()])["offered"].sum().reset_index()
        return pd.DataFrame({"Day": daily["start"].dt.strftime("%Y-%m-%d"), "Skill": daily["queue"],
                             "Calls Offered": daily["offered"]})
    raise AssertionError(name)


def _write(frame: pd.DataFrame, fmt: str, folder) -> object:
    if fmt == "csv":
        path = folder / "corpus.csv"
        frame.to_csv(path, index=False)
    elif fmt == "csv_semicolon":
        path = folder / "corpus.csv"
        frame.to_csv(path, index=False, sep=";", decimal=",", encoding="cp1252")
    elif fmt == "xlsx":
        path = folder / "corpus.xlsx"
        frame.to_excel(path, index=False, sheet_name="Report")
    elif fmt == "ods":
        path = folder / "corpus.ods"
        frame.to_excel(path, index=False, sheet_name="Report", engine="odf")
    else:
        raise AssertionError(fmt)
    return path


@pytest.mark.parametrize("fmt", ["csv", "csv_semicolon", "xlsx", "ods"])
@pytest.mark.parametrize("layout", ["long_timestamp", "long_date_time", "wide_interval", "wide_queue", "daily"])
def test_every_layout_in_every_format(tmp_path, layout, fmt):
    result = import_history(_write(_layout(layout), fmt, tmp_path))
    h = result.history
    expected_layout = "long" if layout.startswith("long") else layout
    assert result.mapping.layout == expected_layout
    assert h.queues == ["Sales", "Support"]
    assert h.interval_min == (DAILY if layout == "daily" else 30)
    daily = h.daily().set_index(["queue", "date"])["offered"]
    want = VOL.groupby(["queue", VOL["start"].dt.normalize()])["offered"].sum().astype(float)
    assert np.array_equal(daily.to_numpy(), want.to_numpy())
    if layout == "long_timestamp":
        assert np.allclose(h.frame["aht_s"], VOL.sort_values(["queue", "start"])["aht_s"])
    if layout == "long_date_time":
        assert h.frame["handled"].sum() == VOL["handled"].sum()
        assert h.frame["abandoned"].sum() == VOL["abandoned"].sum()
    assert not result.errors
