"""The bundled sample history: found, importable, realistic, and reproducible."""

import subprocess
import sys

import holidays
import pandas as pd
import pytest

from tests.conftest import REPO
from wfm_desktop.core.importers import import_history
from wfm_desktop.core.history.sample import sample_history_path


@pytest.fixture(scope="module")
def sample():
    return import_history(sample_history_path())


def test_sample_is_two_years_of_15_minute_history_for_three_queues(sample):
    h = sample.history
    assert h.interval_min == 15 and h.queues == ["Chat", "Sales voice", "Support voice"]
    assert h.frame["start"].min() == pd.Timestamp("2024-01-01 08:00")
    assert h.frame["start"].max().normalize() == pd.Timestamp("2025-12-31")
    assert h.frame["aht_s"].notna().mean() > 0.95 and not sample.errors
    assert sample_history_path().stat().st_size < 6_000_000


def test_sample_has_weekly_intraday_yearly_patterns_holidays_and_growth(sample):
    daily = sample.history.daily()
    support = daily[daily["queue"] == "Support voice"].set_index("date")["offered"]
    by_weekday = support.groupby(support.index.day_of_week).mean()
    assert by_weekday.idxmax() == 0 and 6 not in by_weekday.index  # Monday busiest, closed Sunday
    assert support["2025"].mean() > support["2024"].mean() * 1.04  # growth
    assert support[support.index.month == 1].mean() > support[support.index.month == 7].mean()  # season
    us = holidays.US(years=[2024, 2025])
    closed = [d for d in us if pd.Timestamp(d).day_of_week < 5]
    assert not set(pd.to_datetime(closed)) & set(support.index)  # voice closed on public holidays
    frame = sample.history.for_queue("Support voice")
    hourly = frame.groupby(frame["start"].dt.hour)["offered"].mean()
    assert hourly.idxmax() in (10, 11) and hourly[20] < hourly[10] / 2
    aht = frame.groupby(frame["start"].dt.hour)["aht_s"].mean()
    assert aht[20] > aht[8] * 1.05  # longer calls in the evening


@pytest.mark.slow
def test_generator_reproduces_the_committed_file(tmp_path):
    out = tmp_path / "again.csv"
    subprocess.run([sys.executable, str(REPO / "resources" / "sample" / "make_sample.py"), "-o", str(out)],
                   check=True, capture_output=True, timeout=300)
    assert out.read_bytes() == sample_history_path().read_bytes()
