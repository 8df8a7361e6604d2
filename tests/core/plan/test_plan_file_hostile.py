"""Malformed plan files end in a message, never a traceback; members are capped before parsing (#18)."""

import json
import zipfile

import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan import file_format
from wfm_desktop.core.plan.file_format import load_plan


def _manifest(**extra):
    doc = {"format": file_format.FORMAT_NAME, "schema_version": 1, "settings": {}, "tables": {}}
    doc.update(extra)
    return json.dumps(doc)


def _zip(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("manifest, message", [
    ('{"format": "wfm_desktop plan", "schema_version": 1, "n": ' + "9" * 5000 + "}", "not valid JSON"),
    ("[" * 100_000 + "]" * 100_000, "not valid JSON|nests too deeply"),
    (_manifest(settings=[1, 2]), "settings are not a JSON object"),
    (_manifest(tables=[1]), "table list is not a JSON object"),
    (_manifest(tables={"t": "x"}), "description of table 't' is not valid"),
    (_manifest(tables={"t": {"entry": 5, "sha256": "x", "columns": []}}), "description of table 't' is not valid"),
    (_manifest(tables={"t": {"entry": "tables/t.csv", "sha256": "x", "columns": [{"name": "a", "kind": "int",
                                                                                    "dtype": "U999999999"}]}}),
     "column description that is not valid"),
    (_manifest(schema_version="1"), "schema version '1' is not valid"),
])
def test_malformed_manifests_are_messages(tmp_path, manifest, message):
    with pytest.raises(WfmError, match=message):
        load_plan(_zip(tmp_path / "bad.wfmplan", [("plan.json", manifest)]))


def test_duplicate_manifest_entries_are_refused(tmp_path):
    path = tmp_path / "dup.wfmplan"
    with pytest.warns(UserWarning):
        _zip(path, [("plan.json", _manifest()), ("plan.json", "")])
    with pytest.raises(WfmError, match="two entries called 'plan.json'"):
        load_plan(path)


def test_manifest_is_capped_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(file_format, "MAX_MANIFEST_BYTES", 10_000)
    path = _zip(tmp_path / "big.wfmplan", [("plan.json", _manifest() + " " * 50_000)])
    with pytest.raises(WfmError, match="plan.json would unpack to 50,"):
        load_plan(path)


def test_unsupported_compression_is_a_message(tmp_path):
    path = _zip(tmp_path / "bz.wfmplan", [("plan.json", _manifest())], compression=zipfile.ZIP_BZIP2)
    with pytest.raises(WfmError, match="compression method plans never use"):
        load_plan(path)


def test_encrypted_entry_is_a_message(tmp_path):
    path = _zip(tmp_path / "enc.wfmplan", [("plan.json", _manifest())])
    data = bytearray(path.read_bytes())
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag bit in both headers
        at = data.find(header)
        flag = at + (6 if header == b"PK\x03\x04" else 8)
        data[flag] |= 1
    path.write_bytes(bytes(data))
    with pytest.raises(WfmError, match="encrypted"):
        load_plan(path)


@pytest.mark.parametrize("table", ["history", "result-forecast-2", "input-schedule_requirement"])
@pytest.mark.parametrize("aht", [float("inf"), float("-inf"), -1.0])
def test_impossible_handle_times_in_plan_tables_are_refused(tmp_path, table, aht):
    import pandas as pd

    frame = pd.DataFrame({"queue": ["Sales"] * 2, "contacts": [5.0, 4.0], "aht_s": [300.0, aht]})
    path = file_format.save_plan(file_format.PlanDocument(tables={table: frame}), tmp_path / "p.wfmplan")
    with pytest.raises(WfmError, match=rf"p\.wfmplan: refused — table '{table}' .*column 'aht_s', row 3"):
        load_plan(path)


def test_unknown_handle_time_is_kept_except_on_requirement_rows_with_contacts(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"contacts": [0.0, 4.0], "aht_s": [float("nan"), float("nan")]})
    for table in ("history", "result-forecast"):
        path = file_format.save_plan(file_format.PlanDocument(tables={table: frame}), tmp_path / f"{table}.wfmplan")
        assert load_plan(path).tables[table]["aht_s"].isna().all()
    path = file_format.save_plan(file_format.PlanDocument(tables={"input-schedule_requirement": frame}),
                                 tmp_path / "req.wfmplan")
    with pytest.raises(WfmError, match="the schedule requirement.*row 3: the handle time is nan"):
        load_plan(path)
