"""Whatever a text file holds, the importer returns a history or raises WfmError — never anything else."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.importers import import_history

HEADERS = ["Date", "Time", "Interval", "Start", "Queue", "Offered", "Calls", "Handled", "Abandoned", "AHT",
           "Talk", "ACW", "08:00", "08:15", "Total", "", "x"]
CELLS = st.one_of(
    st.sampled_from(["2024-01-01", "01/02/2024", "2024-01-01 08:15", "08:30", "08:30-08:45", "12", "-3", "3:20",
                     "1,5", "n/a", "-", "Total", "", "Sales", "31/02/2024", "99:99", "1e400", "0", "0.5"]),
    st.text(alphabet=string.printable.replace(",", "").replace("\n", "").replace("\r", "").replace('"', ""),
            max_size=8),
    st.integers(-5, 10_000).map(str),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=5),
       rows=st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=0, max_size=12),
       interval=st.sampled_from([None, 15, 30, 60]))
def test_any_small_csv_imports_or_gives_a_planner_error(tmp_path, header, rows, interval):
    path = tmp_path / "fuzz.csv"
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    try:
        result = import_history(path, interval_min=interval)
    except WfmError as exc:
        assert str(exc)
    else:
        frame = result.history.frame
        assert list(frame.columns[:4]) == ["queue", "start", "offered", "aht_s"]
        assert (frame["offered"] >= 0).all() and frame["start"].notna().all()


WORKBOOK_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 100_000),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(0, 0.999),
    st.datetimes(min_value=__import__("datetime").datetime(1990, 1, 1),
                 max_value=__import__("datetime").datetime(2040, 1, 1)),
    st.dates(min_value=__import__("datetime").date(1990, 1, 1), max_value=__import__("datetime").date(2040, 1, 1)),
    st.times(),
    st.sampled_from(["Total", "n/a", "08:00", "3:20", "Sales", "#DIV/0!", "", "2024-02-30"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=5),
       rows=st.lists(st.lists(WORKBOOK_CELLS, min_size=1, max_size=5), min_size=0, max_size=10))
def test_any_small_workbook_imports_or_gives_a_planner_error(tmp_path, header, rows):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append(row)
    path = tmp_path / "fuzz.xlsx"
    book.save(path)
    try:
        result = import_history(path)
    except WfmError as exc:
        assert str(exc)
    else:
        assert (result.history.frame["offered"] >= 0).all()
