"""The .wfmplan format: exact round trips, atomic saves, hostile and damaged files."""

import json
import zipfile

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.plan import file_format as plan_file
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.file_format import PlanDocument, load_plan, save_plan


def _document():
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({
        "queue": ["Sales, voice", 'Say "hi"', "multi\nline", "=1+2"],
        "start": pd.to_datetime(["2024-03-31 01:00", "2024-03-31 01:15", "2024-12-31 23:45", "2025-01-01 00:00"]),
        "offered": rng.random(4) * 1000,
        "aht_s": [180.0, np.nan, 1e-300, 1 / 3],
        "agents": np.array([1, 2, 3, 4], dtype="int64"),
        "closed": [True, False, True, False],
    })
    settings = {"targets": {"sl": 0.8, "answer_s": 20}, "queues": ["Sales, voice"], "note": "ünïcode ✓"}
    return PlanDocument(settings=settings, tables={"history": frame, "empty": frame.iloc[:0]})


def test_round_trip_is_exact(tmp_path):
    doc = _document()
    path = save_plan(doc, tmp_path / "p.wfmplan")
    back = load_plan(path)
    assert back.settings == doc.settings
    for name, frame in doc.tables.items():
        pd.testing.assert_frame_equal(back.tables[name], frame.reset_index(drop=True), check_exact=True)
    assert back.app_version and back.saved_at


def test_save_over_existing_only_with_force(tmp_path):
    path = tmp_path / "p.wfmplan"
    save_plan(_document(), path)
    with pytest.raises(WfmError, match="already exists"):
        save_plan(_document(), path, force=False)


def test_crash_during_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "p.wfmplan"
    save_plan(_document(), path)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", crash)
    with pytest.raises(OSError):
        save_plan(PlanDocument(settings={"x": 1}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.wfmplan"]  # no temporary file left behind


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def _manifest(**overrides):
    manifest = {"format": plan_file.FORMAT_NAME, "schema_version": 1, "app_version": "0", "settings": {}, "tables": {}}
    manifest.update(overrides)
    return json.dumps(manifest)


def test_newer_version_is_refused_with_a_clear_message(tmp_path):
    path = _zip(tmp_path / "new.wfmplan", {"plan.json": _manifest(schema_version=99, app_version="9.0")})
    with pytest.raises(WfmError, match="newer wfm_desktop.*format 99.*Update"):
        load_plan(path)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"readme.txt": "hello"}, "has no plan.json"),
        ({"plan.json": json.dumps({"format": "something else"})}, "unknown format"),
        ({"plan.json": "{not json"}, "not valid JSON"),
        ({"plan.json": _manifest(schema_version="one")}, "schema version"),
        ({"plan.json": _manifest(tables={"h": {"entry": "tables/h.csv", "columns": [], "sha256": "x"}})}, "missing"),
        ({"plan.json": _manifest(), "../evil.txt": "x"}, "unsafe entry name"),
        ({"plan.json": _manifest(), "/abs.txt": "x"}, "unsafe entry name"),
    ],
)
def test_foreign_and_hostile_archives_are_refused(tmp_path, entries, message):
    path = _zip(tmp_path / "bad.wfmplan", entries)
    with pytest.raises(WfmError, match=message):
        load_plan(path)


def test_not_a_zip_and_truncated_files_are_refused(tmp_path):
    junk = tmp_path / "junk.wfmplan"
    junk.write_bytes(b"\x00\x01binary junk" * 100)
    with pytest.raises(WfmError, match="not a wfm_desktop plan"):
        load_plan(junk)
    good = save_plan(_document(), tmp_path / "good.wfmplan")
    truncated = tmp_path / "truncated.wfmplan"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(WfmError, match="damaged|truncated|not a wfm_desktop plan"):
        load_plan(truncated)


def test_tampered_table_fails_its_checksum(tmp_path):
    good = save_plan(_document(), tmp_path / "good.wfmplan")
    with zipfile.ZipFile(good) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    entries["tables/history.csv"] = entries["tables/history.csv"].replace(b"180.0", b"181.0")
    with pytest.raises(WfmError, match="checksum"):
        load_plan(_zip(tmp_path / "tampered.wfmplan", entries))


def test_too_many_entries_and_zip_bombs_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(plan_file, "MAX_ENTRIES", 5)
    many = _zip(tmp_path / "many.wfmplan", {f"e{i}.txt": "x" for i in range(6)})
    with pytest.raises(WfmError, match="6 entries"):
        load_plan(many)
    bomb = _zip(tmp_path / "bomb.wfmplan", {"plan.json": _manifest(), "tables/zeros.csv": b"0" * (8 << 20)})
    with pytest.raises(WfmError, match="zip bomb"):
        load_plan(bomb)


def test_older_versions_are_migrated_in_order(tmp_path, monkeypatch):
    calls = []

    def v1_to_v2(manifest):
        calls.append(1)
        settings = dict(manifest["settings"])
        settings["renamed"] = settings.pop("old")
        manifest["settings"] = settings
        return manifest

    def v2_to_v3(manifest):
        calls.append(2)
        manifest["settings"]["added"] = True
        return manifest

    monkeypatch.setattr(plan_file, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(plan_file, "MIGRATIONS", [v1_to_v2, v2_to_v3])
    path = _zip(tmp_path / "old.wfmplan", {"plan.json": _manifest(settings={"old": 5})})
    doc = load_plan(path)
    assert calls == [1, 2]
    assert doc.settings == {"renamed": 5, "added": True}


def test_settings_must_be_plain_json(tmp_path):
    with pytest.raises(WfmError, match="JSON"):
        save_plan(PlanDocument(settings={"bad": float("nan")}), tmp_path / "x.wfmplan")
    with pytest.raises(WfmError, match="table name"):
        save_plan(PlanDocument(tables={"../x": pd.DataFrame()}), tmp_path / "y.wfmplan")
