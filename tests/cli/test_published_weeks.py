"""`schedule`/`plan --published SCHEDULE --lock-weeks N`: published weeks kept exactly, the rest re-planned."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.cli import main

TEMPLATES = ("name,start_earliest,start_latest,start_step_min,paid_length_min,breaks,cost_per_hour\n"
             "Day,07:00,10:00,60,480,b1 15 paid 1:30-2:30; lunch 30 unpaid 3:00-5:00,20\n")


def requirement(week2_extra=0.0):
    starts = pd.date_range("2026-01-05", periods=14 * 48, freq="30min")  # Monday, two weeks
    hour = starts.hour + starts.minute / 60
    need = np.where((hour >= 8) & (hour < 17), 4.0, 0.0)
    need = need + np.where((starts >= pd.Timestamp("2026-01-12")) & (hour >= 9) & (hour < 16), week2_extra, 0.0)
    return pd.DataFrame({"start": starts, "agents_schedule": need})


def shifts(path):
    frame = pd.read_csv(path, parse_dates=["Day", "Start", "End"])
    return frame.sort_values(["Start", "Agent", "Breaks"]).reset_index(drop=True)


def test_the_published_week_is_kept_and_the_next_is_replanned(tmp_path, capsys):
    req1, req2, tpl = tmp_path / "r1.csv", tmp_path / "r2.csv", tmp_path / "t.csv"
    requirement().to_csv(req1, index=False)
    requirement(week2_extra=3.0).to_csv(req2, index=False)  # the forecast for week 2 went up
    tpl.write_text(TEMPLATES, encoding="utf-8")
    first, second = tmp_path / "s1.csv", tmp_path / "s2.csv"
    common = ["--templates", str(tpl), "--time-limit", "20", "--agents", "12"]
    assert main(["schedule", str(req1), "-o", str(first), *common]) == 0
    assert main(["schedule", str(req2), "-o", str(second), *common, "--published", str(first),
                 "--lock-weeks", "1"]) == 0
    out = capsys.readouterr().out
    assert "published: " in out and "kept from" in out
    before, after = shifts(first), shifts(second)
    week1 = lambda f: f[f["Day"] < pd.Timestamp("2026-01-12")][["Agent", "Template", "Start", "End", "Breaks"]]  # noqa: E731
    pd.testing.assert_frame_equal(week1(before).reset_index(drop=True), week1(after).reset_index(drop=True))
    week2 = after[after["Day"] >= pd.Timestamp("2026-01-12")]
    assert len(week2) > len(before[before["Day"] >= pd.Timestamp("2026-01-12")])  # more shifts for the extra need
    assert week2["Agent"].notna().all()  # the re-planned week is rostered too


def test_lock_weeks_needs_a_published_schedule_and_a_bad_file_is_named(tmp_path, capsys):
    req, tpl = tmp_path / "r.csv", tmp_path / "t.csv"
    requirement().to_csv(req, index=False)
    tpl.write_text(TEMPLATES, encoding="utf-8")
    code = main(["schedule", str(req), "--templates", str(tpl), "-o", str(tmp_path / "s.csv"), "--lock-weeks", "1"])
    assert code != 0 and "--lock-weeks needs --published" in capsys.readouterr().err
    bad = tmp_path / "published.csv"
    bad.write_text("Shift,Template,Day,Start,End,Paid hours,Contract,Cost,Breaks\n"
                   "1,Day,2026-01-05,2026-01-05 08:00,soon,8,full,160,\n", encoding="utf-8")
    code = main(["schedule", str(req), "--templates", str(tpl), "-o", str(tmp_path / "s.csv"), "--published",
                 str(bad), "--lock-weeks", "1"])
    err = capsys.readouterr().err
    assert code != 0 and "published schedule published.csv, row 2, column 'End': 'soon' is not a date" in err


def test_plan_help_text(capsys):
    with pytest.raises(SystemExit):
        main(["plan", "--help"])
    text = capsys.readouterr().out
    for option in ("--published SCHEDULE", "--lock-weeks N", "--gap-threshold PCT", "--under-threshold PCT"):
        assert option in text
