"""The agents file: every column read, and bad cells named by file, row and column."""

import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.scheduling.roster_agents import Agent, agents_from_frame, agents_to_frame, read_agents

GOOD = """name,contract,min_hours,max_hours,time_off,unavailable,preferred_start,preferred_days_off
Ann,full,32,40,2026-01-12; 2026-01-14..2026-01-16,Mon 00:00-12:00,07:00-09:00,"Sat,Sun"
Bob,part,,20,,Sat; Mon-Fri 18:00-24:00,,Wed-Thu
Cy,,,,,,,
"""


def test_every_column_is_read(tmp_path):
    path = tmp_path / "agents.csv"
    path.write_text(GOOD, encoding="utf-8")
    ann, bob, cy = read_agents(path)
    day = pd.Timestamp
    assert ann == Agent("Ann", "full", 32.0, 40.0,
                        (day("2026-01-12"), day("2026-01-14"), day("2026-01-15"), day("2026-01-16")),
                        ((0, 0, 720),), (420, 540), (5, 6))
    assert bob.unavailable == ((5, 0, 1440), *((wd, 1080, 1440) for wd in range(5)))
    assert bob.preferred_days_off == (2, 3) and bob.min_hours_per_week is None and bob.max_hours_per_week == 20
    assert cy == Agent("Cy")
    # the table round-trips (the plan keeps it)
    assert agents_from_frame(agents_to_frame([ann, bob, cy])) == [ann, bob, cy]


def test_an_excel_agents_file_and_a_list_of_names(tmp_path):
    xlsx = tmp_path / "agents.xlsx"
    pd.DataFrame({"Name": ["Ann", "Bob"], "Time off": [pd.Timestamp("2026-01-12"), None]}).to_excel(xlsx, index=False)
    ann, bob = read_agents(xlsx)
    assert ann.time_off == (pd.Timestamp("2026-01-12"),) and bob.time_off == ()
    names = tmp_path / "names.txt"
    names.write_text("Zoë\nYann\n\n", encoding="utf-8")
    assert [a.name for a in read_agents(names)] == ["Zoë", "Yann"]


@pytest.mark.parametrize("row, column, message", [
    ("Ann,full,abc,,,,,", "min_hours", "'abc' is not a number"),
    ("Ann,temp,,,,,,", "contract", "'temp' is not one of any, full, part"),
    ("Ann,,,,2026-13-01,,,", "time_off", "is not a date"),
    ("Ann,,,,,Mon 25:00-26:00,,", "unavailable", "is not a time of day"),
    ("Ann,,,,,Funday,,", "unavailable", "is not a weekday"),
    ("Ann,,,,,,09:00-07:00,", "preferred_start", "must end after it starts"),
    ("Ann,,40,30,,,,", "max_hours", "min_hours is more than max_hours"),
    (",,,,,,,Sat", "name", "the name is empty"),
])
def test_bad_cells_name_file_row_and_column(tmp_path, row, column, message):
    path = tmp_path / "team.csv"
    path.write_text(GOOD.splitlines()[0] + "\nCy,,,,,,,\n" + row + "\n", encoding="utf-8")
    with pytest.raises(WfmError) as info:
        read_agents(path)
    text = str(info.value)
    assert text.startswith(f"agents file team.csv, row 3, column '{column}': ") and message in text


def test_duplicates_and_unknown_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("name\nAnn\nAnn\n", encoding="utf-8")
    with pytest.raises(WfmError, match=r"row 3, column 'name': 'Ann' is already on row 2"):
        read_agents(path)
    path.write_text("name,shoe_size\nAnn,42\n", encoding="utf-8")
    with pytest.raises(WfmError, match="unknown column\\(s\\) shoe_size"):
        read_agents(path)
    with pytest.raises(WfmError, match="does not exist"):
        read_agents(tmp_path / "missing.csv")
