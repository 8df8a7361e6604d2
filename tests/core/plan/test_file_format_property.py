"""Property: any table of the supported column kinds comes back from a .wfmplan bit-for-bit.

The writer formats each distinct value once and joins the rows by hand (it is as fast as
the reader); these random tables check that nothing is lost on the way: every float's bits
(-0.0, subnormals, infinities, 17-digit values), the full int64 range, microsecond times and
text that needs CSV quoting.
"""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from wfm_desktop.core.plan.file_format import PlanDocument, _table_to_csv, load_plan, save_plan

ROWS = st.integers(min_value=0, max_value=30)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
TICKS_US = st.integers(min_value=-2_208_988_800_000_000, max_value=7_258_118_400_000_000)  # 1900 … 2200


@st.composite
def tables(draw):
    rows = draw(ROWS)
    kinds = draw(st.lists(st.sampled_from(["float", "float_pool", "int", "bool", "datetime", "str"]),
                          min_size=1, max_size=5))
    columns = {}
    for number, kind in enumerate(kinds):
        name = draw(st.sampled_from(["offered", "start", "queue", "a,b", 'say "hi"', "x"])) + f"{number}"
        if kind == "float":
            values = draw(hnp.arrays(np.float64, rows, elements=st.floats(width=64, allow_nan=True)))
        elif kind == "float_pool":  # few distinct values, repeated: the writer formats each once
            pool = draw(st.lists(st.floats(width=64), min_size=1, max_size=4))
            values = np.array([draw(st.sampled_from(pool)) for _ in range(rows)], dtype=np.float64)
        elif kind == "int":
            values = draw(hnp.arrays(np.int64, rows))
        elif kind == "bool":
            values = draw(hnp.arrays(np.bool_, rows))
        elif kind == "datetime":
            ticks = draw(st.lists(st.one_of(TICKS_US, st.none()), min_size=rows, max_size=rows))
            values = pd.to_datetime([pd.NaT if t is None else t * 1000 for t in ticks], unit="ns")
        else:
            values = draw(st.lists(TEXT, min_size=rows, max_size=rows))
        columns[name] = values
    return pd.DataFrame(columns)


def _bits(values: np.ndarray) -> np.ndarray:
    """A float array's bit patterns, with every NaN the same NaN (a NaN is written as an empty field)."""
    values = np.where(np.isnan(values), np.nan, values)
    return values.view(np.int64)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=tables())
def test_random_tables_round_trip_bit_exactly(tmp_path, frame):
    path = save_plan(PlanDocument(tables={"t": frame}), tmp_path / "p.wfmplan")
    back = load_plan(path).tables["t"]
    assert list(back.columns) == list(frame.columns)
    assert len(back) == len(frame)
    for name in frame.columns:
        original, read = frame[name], back[name]
        assert read.dtype == original.dtype, name
        if original.dtype.kind == "f":
            assert np.array_equal(_bits(read.to_numpy()), _bits(original.to_numpy())), name
        else:
            assert read.tolist() == original.tolist() or (
                original.isna().tolist() == read.isna().tolist()
                and original.dropna().tolist() == read.dropna().tolist()), name


@given(values=hnp.arrays(np.float64, st.integers(0, 50), elements=st.floats(width=64, allow_nan=False)))
def test_float_fields_are_the_shortest_repr(values):
    """The file keeps its format: each float is Python's repr (what the previous writer wrote)."""
    data, _columns = _table_to_csv(pd.DataFrame({"v": values}))
    lines = data.decode("utf-8").split("\n")
    assert lines[0] == "v"
    assert lines[1:-1] == [repr(float(v)) for v in values]


def test_a_table_longer_than_a_join_block_is_written_as_the_csv_module_writes_it():
    """Rows are joined a block at a time (the GIL is let go between blocks): the text is the same as
    Python's csv module gives for the same fields, across the block boundaries (2 blocks and a part)."""
    import csv
    import io

    from wfm_desktop.core.plan.file_format import JOIN_ROWS

    n = 2 * JOIN_ROWS + 7
    frame = pd.DataFrame({"queue": np.where(np.arange(n) % 3 == 0, "Sales, voice", "Chat"),
                          "row": np.arange(n, dtype=np.int64), "offered": np.arange(n) / 4})
    data, _columns = _table_to_csv(frame)
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(frame.columns)
    writer.writerows(zip(frame["queue"], frame["row"].tolist(), map(repr, frame["offered"].tolist())))
    assert data.decode("utf-8") == expected.getvalue()
