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
