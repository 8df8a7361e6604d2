"""The `.wfmplan` file: one zip holding a JSON manifest and one CSV per table.

A plan file is data, never code: no pickle, no eval. The manifest
(``plan.json``) holds ``schema_version``, the application version, the plan's
settings as plain JSON, and for each table its CSV entry, column types and a
SHA-256 of the CSV bytes. Floats are written as Python's ``repr`` (the shortest
text that reads back as the same number), so every number reads back
bit-for-bit and a reopened plan reproduces every result exactly. Writing is
vectorised (each distinct value formatted once), so saving takes no longer than
opening (``benchmarks/plan_file_io.py``).

Reading is defensive: entries with absolute or ``..`` paths, more than
:data:`MAX_ENTRIES` entries, entries larger than :data:`MAX_ENTRY_BYTES`
or compressed more than :data:`MAX_RATIO` times (zip bombs) are refused;
truncated, corrupt, foreign and newer-version files each get a clear WfmError.

Saving is atomic (temporary file, then replace): a crash during a save leaves
the previous file intact. Older schema versions are brought up to date by
:data:`MIGRATIONS`, an ordered list of functions, one per version step.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from wfm_desktop import __version__
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import atomic_path, remove_stale_temporaries
from wfm_desktop.core.plan.migrations import (migrate_v1_to_v2, migrate_v2_to_v3, migrate_v3_to_v4, migrate_v4_to_v5,
                                             migrate_v5_to_v6, migrate_v6_to_v7)

SCHEMA_VERSION = 7
FORMAT_NAME = "wfm_desktop plan"
MANIFEST = "plan.json"
SUFFIX = ".wfmplan"
MAX_ENTRIES = 500
MAX_ENTRY_BYTES = 1 << 30  # 1 GiB uncompressed per entry
MAX_TOTAL_BYTES = 4 << 30
MAX_RATIO = 200  # uncompressed ÷ compressed
JOIN_ROWS = 20_000  # rows of a table joined into text in one call (see _table_to_csv)
ZIP_LEVEL = 1  # deflate level: 6 compresses a tenth better but takes 5× as long as all the rest of a save
MAX_MANIFEST_BYTES = 16 << 20  # checked before the manifest is parsed
MAX_TABLE_BYTES = 512 << 20    # one table's CSV, checked before it is parsed

# MIGRATIONS[i] turns a manifest of schema version i + 1 into version i + 2 (see core/plan/migrations.py).
MIGRATIONS: list[Callable[[dict[str, Any]], dict[str, Any]]] = [migrate_v1_to_v2, migrate_v2_to_v3,
                                                              migrate_v3_to_v4, migrate_v4_to_v5, migrate_v5_to_v6,
                                                              migrate_v6_to_v7]


@dataclass
class PlanDocument:
    """What a plan file holds: JSON-able settings and named tables."""

    settings: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    app_version: str = __version__
    saved_at: str = ""
    schema_version: int = SCHEMA_VERSION  # the version the file was saved with (before migrating)


# --------------------------------------------------------------------------- save


def save_plan(document: PlanDocument, path: str | Path, *, force: bool = True) -> Path:
    """Write `document` to `path` atomically; returns the path.

    `force` defaults to True because saving over one's own plan is the normal
    case; Save As passes ``force=False`` until the user confirmed. A file
    that is not a plan (a spreadsheet, say) is never replaced.
    """
    path = Path(path)
    check_replaceable(path)
    manifest: dict[str, Any] = {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "settings": _check_json(document.settings),
        "tables": {},
    }
    payloads: dict[str, bytes] = {}
    for name, frame in document.tables.items():
        _check_name(name)
        data, columns = _table_to_csv(frame)
        entry = f"tables/{name}.csv"
        payloads[entry] = data
        manifest["tables"][name] = {"entry": entry, "columns": columns, "rows": len(frame),
                                    "sha256": hashlib.sha256(data).hexdigest()}
    with atomic_path(path, force=force) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
            for entry, data in payloads.items():
                zf.writestr(entry, data)
    return path


def check_replaceable(path: Path) -> None:
    """Refuse to save over an existing file that is not a plan (e.g. the spreadsheet the history came from)."""
    if not path.is_file():
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
        is_plan = head == b"PK\x03\x04" and MANIFEST in zipfile.ZipFile(path).namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        is_plan = False
    if not is_plan and path.stat().st_size > 0:
        raise WfmError(f"{path}: is not a wfm_desktop plan; saving would destroy it — choose another name "
                       f"(plans end {SUFFIX})")


def _table_to_csv(frame: pd.DataFrame) -> tuple[bytes, list[dict[str, str]]]:
    """`frame` as CSV bytes (header, one line per row, ``\\n`` line ends) and its column specs.

    Each column is turned into its texts at once (:func:`_column_texts`): a value that
    repeats — a queue name, a timestamp in every queue, a whole number of contacts — is
    formatted once. The rows are then joined by hand; only texts that need it are quoted,
    as Python's csv module quotes them (``QUOTE_MINIMAL``).
    """
    columns = []
    texts = []
    for name in frame.columns:
        series = frame[name]
        kind = _kind(series)
        columns.append({"name": str(name), "kind": kind, "dtype": str(series.dtype)})
        texts.append(_column_texts(series, kind))
    header = ",".join(_quote(str(name)) for name in frame.columns)
    if not columns:  # a blank line per row, as the csv module writes it
        return ("\n" * (len(frame) + 1)).encode("utf-8"), columns
    if len(columns) == 1:  # a line holding one empty field would be a blank line: quote it
        texts = [[text or '""' for text in texts[0]]]
    rows = zip(*texts)
    # Joined a block of rows at a time: one join of every row is one long call that holds the GIL,
    # and the GUI thread (a save or autosave runs beside it) could not run meanwhile.
    blocks = []
    while block := list(islice(rows, JOIN_ROWS)):
        blocks.append("\n".join(map(",".join, block)))
    lines = "\n".join(blocks)
    return (header + "\n" + lines + ("\n" if len(frame) else "")).encode("utf-8"), columns


def _column_texts(series: pd.Series, kind: str) -> list[str]:
    """The CSV field of every value of `series` (missing values are empty fields)."""
    if kind == "float":
        # repr is the shortest text that reads back as the same float; keyed by the bits, so -0.0 stays
        values = np.ascontiguousarray(series.to_numpy(dtype=float))
        return _by_unique(values.view(np.int64), lambda bits: [
            "" if v != v else repr(v) for v in bits.view(np.float64).tolist()])
    if kind == "datetime":
        values = np.ascontiguousarray(series.to_numpy())
        return _by_unique(values.view(np.int64), lambda ticks: [
            "" if text == "NaT" else text for text in np.datetime_as_string(ticks.view(values.dtype), unit="us")])
    values = series.to_numpy()
    if isinstance(values, np.ndarray) and values.dtype.kind in "iub":
        return _by_unique(values, lambda unique: unique.astype(str).tolist())
    if kind == "str" and (isinstance(series.dtype, pd.StringDtype)
                          or pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")):
        codes, unique = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
        table = np.array([_quote(str(v)) for v in unique] + [""], dtype=object)
        return table[codes].tolist()  # code -1 (missing) picks the last entry, ""
    return [("" if _is_missing(v) else _quote(str(v))) for v in values.tolist()]


def _by_unique(keys: np.ndarray, format_unique: Callable[[np.ndarray], list[str]]) -> list[str]:
    """Format each distinct key once (`keys` compared exactly, e.g. a float's bits) and spread the texts."""
    codes, unique = pd.factorize(keys, use_na_sentinel=False)
    return np.array(format_unique(np.asarray(unique)), dtype=object)[codes].tolist()


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _quote(text: str) -> str:
    """`text` as a CSV field: quoted (inner quotes doubled) when it holds a comma, quote or line break."""
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _kind(series: pd.Series) -> str:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            raise WfmError(f"plan table column {series.name!r}: time-zone aware times are not supported")
        return "datetime"
    return "str"


def _check_json(settings: dict[str, Any]) -> dict[str, Any]:
    try:
        return json.loads(json.dumps(settings, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise WfmError(f"plan settings cannot be saved as JSON: {exc}") from exc


def _check_name(name: str) -> None:
    if not name or not all(c.isalnum() or c in "_-" for c in name):
        raise WfmError(f"plan table name {name!r}: use letters, digits, '_' or '-' only")


# --------------------------------------------------------------------------- load


def load_plan(path: str | Path) -> PlanDocument:
    """Read a plan file, migrating older schema versions; WfmError for anything wrong.

    The file is parsed in a memory- and time-limited reader process
    (:func:`~wfm_desktop.core.importers.safe_read.read_user_file`).
    """
    from wfm_desktop.core.importers.safe_read import read_user_file

    path = Path(path)
    if not path.is_file():
        raise WfmError(f"{path}: no such plan file")
    remove_stale_temporaries(path)  # left by a save that was interrupted (power cut, kill -9)
    manifest = read_user_file(path, _read_manifest_file)
    saved_version = manifest.get("schema_version")
    _check_manifest(path, manifest)  # the types the migrations rely on, before they run
    manifest = migrate(manifest, path)
    specs = _check_manifest(path, manifest)
    tables = read_user_file(path, _read_tables, specs)
    check_handle_times(path, tables)
    return PlanDocument(settings=manifest.get("settings", {}), tables=tables,
                        app_version=str(manifest.get("app_version", "")), saved_at=str(manifest.get("saved_at", "")),
                        schema_version=int(saved_version))


_TABLE_ROLES = (("history", "the history"), ("result-forecast", "the forecast"),
                ("input-schedule_requirement", "the schedule requirement"))


def check_handle_times(path: Path | str, tables: dict[str, pd.DataFrame]) -> None:
    """Refuse a plan whose tables hold a handle time no centre has (a damaged or crafted file).

    Every AHT column (``aht_s``, or a name starting ``aht``) of every table: ±inf or a
    negative number is refused. NaN means "not known" in the history (no AHT column, or
    intervals without contacts) and in the forecast (the staffing fills it from the queue's
    average), so it is kept there; the schedule requirement is computed with a handle time
    on every interval with contacts, so NaN on such a row is refused too.
    """
    for name, frame in tables.items():
        role = next((what for prefix, what in _TABLE_ROLES if name.startswith(prefix)), "")
        label = f"table {name!r}" + (f" ({role})" if role else "")
        contacts = next((frame[c] for c in ("contacts", "offered") if c in frame.columns), None)
        for column in frame.columns:
            if not str(column).lower().startswith("aht") or not pd.api.types.is_float_dtype(frame[column]):
                continue
            values = frame[column].to_numpy(dtype=float)
            bad = np.isinf(values) | (values < 0)
            if role == "the schedule requirement" and contacts is not None:
                bad |= np.isnan(values) & (pd.to_numeric(contacts, errors="coerce").to_numpy(dtype=float) > 0)
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                raise WfmError(f"{path}: refused — {label}, column {column!r}, row {row + 2}: the handle time is "
                               f"{float(values[row])!r}; a handle time is a finite number of seconds, zero or more "
                               f"({int(bad.sum())} such row(s)). The plan file is damaged or was edited by hand")


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise WfmError(f"{path}: not a wfm_desktop plan — the file is not a plan archive, or it is damaged "
                       "or truncated") from None
    except OSError as exc:
        raise WfmError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _read_manifest_file(path: Path) -> dict[str, Any]:
    """The manifest as plain JSON (runs in the reader child)."""
    with _open_zip(path) as zf:
        infos = _check_entries(path, zf)
        if MANIFEST not in infos:
            raise WfmError(f"{path}: not a wfm_desktop plan (it has no {MANIFEST})")
        if infos[MANIFEST].file_size > MAX_MANIFEST_BYTES:
            raise WfmError(f"{path}: refused — {MANIFEST} would unpack to {infos[MANIFEST].file_size:,} bytes "
                           f"(a plan's manifest is far below {MAX_MANIFEST_BYTES:,})")
        return _read_manifest(path, _read(path, zf, infos[MANIFEST]))


def _check_manifest(path: Path, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The table specs, after checking every type the reader relies on."""
    def damaged(what: str) -> WfmError:
        return WfmError(f"{path}: the plan is damaged — {what}")

    if not isinstance(manifest.get("settings", {}), dict):
        raise damaged("its settings are not a JSON object")
    tables = manifest.get("tables", {})
    if not isinstance(tables, dict):
        raise damaged("its table list is not a JSON object")
    for name, spec in tables.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("entry", ""), str) \
                or not isinstance(spec.get("sha256"), str) or not isinstance(spec.get("columns", []), list):
            raise damaged(f"the description of table {name!r} is not valid")
        for column in spec.get("columns", []):
            if not isinstance(column, dict) or not isinstance(column.get("name"), str) \
                    or column.get("kind") not in ("bool", "int", "float", "datetime", "str") \
                    or not isinstance(column.get("dtype", ""), str) \
                    or (column["kind"] in ("int", "datetime") and "dtype" in column
                        and not _SAFE_DTYPE.fullmatch(column["dtype"])):
                raise damaged(f"table {name!r} has a column description that is not valid")
    return tables


_SAFE_DTYPE = re.compile(r"u?int(8|16|32|64)|U?Int(8|16|32|64)|datetime64\[(ns|us|ms|s)\]")


def _read_tables(path: Path, specs: dict[str, dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """Every table the manifest names, checked against its checksum (runs in the reader child)."""
    tables: dict[str, pd.DataFrame] = {}
    with _open_zip(path) as zf:
        infos = _check_entries(path, zf)
        for name, spec in specs.items():
            entry = spec.get("entry", "")
            if entry not in infos:
                raise WfmError(f"{path}: the plan is incomplete — table {name!r} ({entry}) is missing")
            if infos[entry].file_size > MAX_TABLE_BYTES:
                raise WfmError(f"{path}: refused — table {name!r} would unpack to {infos[entry].file_size:,} bytes "
                               f"(limit {MAX_TABLE_BYTES:,})")
            data = _read(path, zf, infos[entry])
            if hashlib.sha256(data).hexdigest() != spec.get("sha256"):
                raise WfmError(f"{path}: the plan is damaged — table {name!r} does not match its checksum")
            tables[name] = _csv_to_table(path, name, data, spec.get("columns", []))
    return tables


def migrate(manifest: dict[str, Any], path: Path | str = "plan") -> dict[str, Any]:
    """Bring `manifest` up to :data:`SCHEMA_VERSION` through :data:`MIGRATIONS`."""
    version = manifest.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise WfmError(f"{path}: not a wfm_desktop plan (schema version {version!r} is not valid)")
    if version > SCHEMA_VERSION:
        raise WfmError(
            f"{path}: this plan was saved by a newer wfm_desktop (plan format {version}, app "
            f"{manifest.get('app_version', '?')}); this version reads formats up to {SCHEMA_VERSION}. "
            "Update wfm_desktop to open it."
        )
    while version < SCHEMA_VERSION:
        manifest = MIGRATIONS[version - 1](dict(manifest))
        version += 1
        manifest["schema_version"] = version
    return manifest


def _check_entries(path: Path, zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise WfmError(f"{path}: refused — the archive has {len(infos)} entries (a plan has at most {MAX_ENTRIES})")
    total = 0
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        normal = posixpath.normpath(name)
        if name.startswith(("/", "\\")) or ":" in name or normal.startswith("..") or "\\" in name:
            raise WfmError(f"{path}: refused — the archive has an unsafe entry name {name!r}")
        if info.file_size > MAX_ENTRY_BYTES:
            raise WfmError(f"{path}: refused — entry {name!r} would unpack to {info.file_size:,} bytes")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20:
            raise WfmError(f"{path}: refused — entry {name!r} is compressed {info.file_size // info.compress_size}× "
                           "(a zip bomb?)")
        if name in by_name:
            raise WfmError(f"{path}: refused — the archive holds two entries called {name!r}")
        if info.flag_bits & 0x1:
            raise WfmError(f"{path}: refused — entry {name!r} is encrypted (plans are never encrypted)")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WfmError(f"{path}: refused — entry {name!r} uses a compression method plans never use "
                           f"({info.compress_type})")
        total += info.file_size
        by_name[name] = info
    if total > MAX_TOTAL_BYTES:
        raise WfmError(f"{path}: refused — the archive would unpack to {total:,} bytes")
    return by_name


def _read(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError, zlib.error) as exc:
        raise WfmError(f"{path}: the plan is damaged or truncated ({info.filename}: {exc})") from None
    if len(data) > info.file_size:
        raise WfmError(f"{path}: refused — entry {info.filename!r} is larger than it declares")
    return data


def _read_manifest(path: Path, data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:  # ValueError: also a number of over 4,300 digits
        raise WfmError(f"{path}: the plan is damaged — {MANIFEST} is not valid JSON ({str(exc)[:200]})") from None
    except RecursionError:
        raise WfmError(f"{path}: the plan is damaged — {MANIFEST} nests too deeply") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise WfmError(f"{path}: not a wfm_desktop plan (unknown format)")
    return manifest


def _csv_to_table(path: Path, name: str, data: bytes, columns: list[dict[str, str]]) -> pd.DataFrame:
    names = [c["name"] for c in columns]
    try:
        raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        if not names:
            return pd.DataFrame()
        raise WfmError(f"{path}: the plan is damaged — table {name!r} cannot be read ({exc})") from None
    if list(raw.columns) != names:
        raise WfmError(f"{path}: the plan is damaged — table {name!r} has columns {list(raw.columns)}, "
                       f"expected {names}")
    out = {}
    for spec in columns:
        col, kind = spec["name"], spec["kind"]
        text = raw[col]
        try:
            if kind == "float":
                # Python's float() parses the 17-digit repr exactly (pandas' fast parser may not).
                out[col] = np.array([float(v) if v else np.nan for v in text.tolist()], dtype=float)
            elif kind == "int":
                out[col] = text.astype(spec.get("dtype", "int64"))
            elif kind == "bool":
                out[col] = text.map({"True": True, "False": False}).astype(bool)
            elif kind == "datetime":
                parsed = pd.to_datetime(text.replace("", None), format="%Y-%m-%dT%H:%M:%S.%f")
                out[col] = parsed.astype(spec.get("dtype", "datetime64[ns]"))
            else:
                out[col] = text.astype(str)
        except (ValueError, TypeError) as exc:
            raise WfmError(f"{path}: the plan is damaged — table {name!r}, column {col!r}: {exc}") from None
    return pd.DataFrame(out, columns=names)
