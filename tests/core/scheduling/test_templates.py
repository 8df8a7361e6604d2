"""Shift templates: parsing, validation messages and CSV/JSON round trips."""

import json

import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.scheduling.templates import (
    check_grid, load_templates, parse_weekdays, save_templates, template_from_record, templates_from_csv,
)

HEADER = "name,start_earliest,start_latest,start_step_min,paid_length_min,breaks,weekdays,contract,min_count,max_count,cost_per_hour\n"
FULL = "Full 8h,07:00,12:00,30,480,break1 15 paid 1:30-2:30; lunch 30 unpaid 3:00-5:00; break2 15 paid 5:30-6:30,Mon-Fri,full,0,10,20\n"
PART = "Part 4h,16:00,18:00,60,240,,Sat-Sun,part,1,,22.5\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_template_fields(tmp_path):
    full, part = load_templates(write(tmp_path, "t.csv", HEADER + FULL + PART))
    assert full.start_offsets_min() == [420, 450, 480, 510, 540, 570, 600, 630, 660, 690, 720]
    assert full.paid_length_min == 480 and full.span_min == 510  # 30-min unpaid lunch lengthens the day
    assert [b.name for b in full.breaks] == ["break1", "lunch", "break2"]
    assert (full.breaks[1].earliest_min, full.breaks[1].latest_min, full.breaks[1].paid) == (180, 300, False)
    assert full.weekdays == frozenset({0, 1, 2, 3, 4}) and full.max_count == 10 and full.cost_per_hour == 20
    assert part.contract == "part" and part.min_count == 1 and part.max_count is None
    assert part.weekdays == frozenset({5, 6}) and part.breaks == ()


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_round_trip(tmp_path, suffix):
    templates = load_templates(write(tmp_path, "t.csv", HEADER + FULL + PART))
    out = save_templates(templates, tmp_path / f"copy{suffix}")
    assert load_templates(out) == templates
    with pytest.raises(WfmError, match="already exists"):
        save_templates(templates, out)


def test_table_round_trip_for_the_plan_file(tmp_path):
    from wfm_desktop.core.scheduling.templates import templates_from_frame, templates_to_frame

    templates = load_templates(write(tmp_path, "t.csv", HEADER + FULL + PART))
    frame = templates_to_frame(templates)
    assert list(frame.columns)[:2] == ["name", "start_earliest"]
    assert templates_from_frame(frame, "plan") == templates


def test_json_format(tmp_path):
    doc = {"schema": "wfm_desktop.shift_templates", "version": 1, "templates": [
        {"name": "Night", "start_earliest": "22:00", "start_latest": "22:00", "start_step_min": 60,
         "paid_length_min": 480, "weekdays": "Mon-Sun", "cost_per_hour": 25,
         "breaks": [{"name": "lunch", "length_min": 30, "paid": False, "window": "4:00-4:00"}]}]}
    (night,) = load_templates(write(tmp_path, "t.json", json.dumps(doc)))
    assert night.start_offsets_min() == [1320] and night.span_min == 510


@pytest.mark.parametrize(
    "row, message",
    [
        ("A,25:00,12:00,30,480,,Mon,full,0,,1\n", r"t.csv row 2 \(template 'A'\), field 'start_earliest': '25:00'"),
        ("A,09:00,08:00,30,480,,Mon,full,0,,1\n", r"row 2 \(template 'A'\), field 'start_latest'"),
        ("A,09:00,10:00,x,480,,Mon,full,0,,1\n", r"field 'start_step_min': 'x' is not a whole number"),
        ("A,09:00,10:00,30,480,,Funday,full,0,,1\n", r"field 'weekdays': 'Funday' is not a weekday"),
        ("A,09:00,10:00,30,480,,Mon,temp,0,,1\n", r"field 'contract'"),
        ("A,09:00,10:00,30,480,,Mon,full,3,2,1\n", r"field 'max_count': 2 is below min_count 3"),
        ("A,09:00,10:00,30,480,,Mon,full,0,,-1\n", r"field 'cost_per_hour'"),
        ("A,09:00,10:00,30,480,lunch thirty,Mon,full,0,,1\n", r"field 'breaks': 'lunch thirty' is not a break"),
        ("A,09:00,10:00,30,480,lunch 30 unpaid 7:50-8:10,Mon,full,0,,1\n", r"break 'lunch'.*end after the shift"),
        ("A,09:00,10:00,30,480,b 15 paid 1:00-2:00; l 30 unpaid 1:30-3:00,Mon,full,0,,1\n", r"overlap"),
    ],
)
def test_errors_name_file_row_and_field(tmp_path, row, message):
    with pytest.raises(WfmError, match=message):
        load_templates(write(tmp_path, "t.csv", HEADER + row))


def test_file_level_errors(tmp_path):
    with pytest.raises(WfmError, match="missing column"):
        load_templates(write(tmp_path, "t.csv", "name,start_earliest\nA,09:00\n"))
    with pytest.raises(WfmError, match="used twice"):
        load_templates(write(tmp_path, "t.csv", HEADER + FULL + FULL))
    with pytest.raises(WfmError, match="not valid JSON"):
        load_templates(write(tmp_path, "t.json", "{nope"))
    with pytest.raises(WfmError, match="not found"):
        load_templates(tmp_path / "missing.csv")


def test_weekdays():
    assert parse_weekdays("Sat-Mon", "w") == frozenset({5, 6, 0})
    assert parse_weekdays("mon, wed;fri", "w") == frozenset({0, 2, 4})
    assert parse_weekdays("all", "w") == frozenset(range(7))


def test_grid_check_names_the_field():
    t = template_from_record({"name": "A", "start_earliest": "09:10", "start_latest": "10:00", "start_step_min": 30,
                              "paid_length_min": 240}, "x")
    with pytest.raises(WfmError, match="template 'A', field 'start_earliest': 550 min is not a multiple of the 15"):
        check_grid([t], 15)
    check_grid([t], 5)
    assert templates_from_csv(HEADER + PART, "t")[0].name == "Part 4h"
