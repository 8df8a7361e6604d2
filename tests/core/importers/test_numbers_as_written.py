"""Numbers are read as written: decimal commas per cell and column, never by deleting commas (#18)."""

import openpyxl
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.importers import import_history
from wfm_desktop.core.importers.numbers import column_decimal, evidence, number_from_text


def _xlsx(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("text, comma, expected", [
    ("12,5", False, 12.5), ("1.234,5", False, 1234.5), ("1,234.5", True, 1234.5), ("1,234,567", True, 1234567),
    ("1,234", False, 1234), ("1,234", True, 1.234), ("1.234", True, 1234), ("1.234", False, 1.234),
    ("4,5", False, 4.5), ("1 234,5", False, 1234.5), ("12.5%", False, 12.5), ("-3,25", False, -3.25),
])
def test_number_from_text(text, comma, expected):
    assert number_from_text(text, comma_decimal=comma) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["inf", "-Infinity", "NaN", "1e400", "1,2.3", "12,,5", "abc"])
def test_not_numbers(text):
    assert number_from_text(text, comma_decimal=False) != number_from_text(text, comma_decimal=False)  # NaN


def test_evidence_by_shape():
    assert [evidence(t) for t in ("12,5", "12.5", "1,234", "1.234.567", "7")] == \
        ["comma", "point", "ambiguous", "comma", ""]


def test_decimal_comma_text_cells_in_a_workbook_read_as_written(tmp_path):
    """The issue's case: "12,5" offered and "4,5" AHT minutes imported as 125 and 2,700 s."""
    path = _xlsx(tmp_path / "comma.xlsx", [["Date", "Interval", "Offered", "AHT (min)"],
                                           ["2024-03-04", "08:00", "12,5", "4,5"],
                                           ["2024-03-04", "08:30", "10", "3,0"]])
    frame = import_history(path).history.frame
    assert frame["offered"].tolist() == [12.5, 10.0]
    assert frame["aht_s"].tolist() == [270.0, 180.0]


def test_quoted_thousands_and_decimal_comma_in_a_comma_separated_csv(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text('Date,Interval,Offered\n2024-03-04,08:00,"1.234,5"\n2024-03-04,08:30,"2,5"\n')
    assert import_history(path).history.frame["offered"].tolist() == [1234.5, 2.5]


def test_ambiguous_column_gets_a_finding_and_the_mapping_overrides_it(tmp_path):
    path = tmp_path / "ambiguous.csv"
    path.write_text('Date,Interval,Offered\n2024-03-04,08:00,"1,234"\n2024-03-04,08:30,"2,345"\n')
    result = import_history(path)
    assert result.history.frame["offered"].tolist() == [1234.0, 2345.0]
    notes = [f for f in result.findings if "can be read two ways" in f.message]
    assert notes and notes[0].column == "Offered" and "--map decimal=," in notes[0].action
    forced = import_history(path, mapping={"decimal": ","})
    assert forced.history.frame["offered"].tolist() == [1.234, 2.345]


def test_mixed_separators_in_one_column_are_reported(tmp_path):
    path = _xlsx(tmp_path / "mixed.xlsx", [["Date", "Interval", "Offered"], ["2024-03-04", "08:00", "12,5"],
                                           ["2024-03-04", "08:30", "10.5"]])
    result = import_history(path)
    assert result.history.frame["offered"].tolist() == [12.5, 10.5]
    assert any("mixes decimal commas" in f.message for f in result.findings)


def test_column_decimal_follows_its_unambiguous_cells():
    import pandas as pd

    assert column_decimal(pd.Series(["1.234", "12,5"], dtype=object), False) == (True, None)
    assert column_decimal(pd.Series(["1,234", "12.5"], dtype=object), True) == (False, None)


@pytest.mark.parametrize("cell, message", [
    ("inf", r'row 3, column "Offered": "inf" is not a number'),
    ("NaN", r'row 3, column "Offered": "NaN" is not a number'),
    ("1e300", r'row 3, column "Offered": volume 1e\+300 is beyond'),
    ("50000000", r'row 3, column "Offered": volume 5e\+07 is beyond'),
])
def test_inf_nan_and_absurd_volumes_are_errors_with_row_and_column(tmp_path, cell, message):
    path = tmp_path / "bad.csv"
    path.write_text(f"Date,Interval,Offered\n2024-03-04,08:00,5\n2024-03-04,08:30,{cell}\n")
    with pytest.raises(WfmError, match=message):
        import_history(path)


def test_absurd_handle_time_is_an_error(tmp_path):
    path = tmp_path / "aht.csv"
    path.write_text("Date,Interval,Offered,AHT\n2024-03-04,08:00,5,300\n2024-03-04,08:30,5,999999\n")
    with pytest.raises(WfmError, match=r'row 3, column "AHT": handle time of 999999 s'):
        import_history(path)


def test_aht_zero_on_rows_with_contacts_is_a_finding(tmp_path):
    path = tmp_path / "zero.csv"
    path.write_text("Date,Interval,Offered,AHT\n2024-03-04,08:00,5,300\n2024-03-04,08:30,7,0\n"
                    "2024-03-04,09:00,0,0\n2024-03-04,09:30,4,\n")
    result = import_history(path)
    found = [f for f in result.findings if "contacts but a handle time of 0 s or none" in f.message]
    assert found and found[0].message.startswith("2 row(s)") and found[0].row == 3
