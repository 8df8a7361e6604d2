"""The one safe entry for reading a user's file: static checks, then parsing in a limited child.

Every reader of a file a planner picks (history import, staffing tables,
requirements, shift templates, sites, plan files) calls :func:`read_user_file`
with its own parse function. In a reader child process
(:mod:`wfm_desktop.core.sandbox`: memory and time limited) the file is first
inspected by :func:`check_user_file` — a workbook's container and cell extents
(:mod:`.safety`), a text file's size and width — and only then parsed. A file
that makes the parser crash, run out of memory or stall becomes a WfmError
naming the file; the GUI and the CLI go on.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any, Callable

from wfm_desktop.core import sandbox
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.importers import safety
from wfm_desktop.core.importers.findings import FindingLog, ImportFailed

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv", ".json")


def read_user_file(path: str | os.PathLike, parse: Callable[..., Any], *args: Any, progress=None, cancel=None,
                   **kwargs: Any) -> Any:
    """``parse(path, *args, **kwargs)`` after :func:`check_user_file`, in a limited child process.

    `parse` must be a top-level function (it is sent to the child by name).
    Its WfmErrors arrive unchanged; a crash, memory or time overrun becomes
    :class:`~wfm_desktop.core.sandbox.ReaderFailed` naming the file.
    """
    path = Path(path)
    job = (parse, path, args, kwargs)
    if sandbox.in_child():
        return _checked_parse(job, None)
    return sandbox.run_limited(_checked_parse, job, what=str(path), progress=progress, cancel=cancel)


def _checked_parse(job, _progress) -> Any:
    parse, path, args, kwargs = job
    check_user_file(path)
    return parse(path, *args, **kwargs)


def check_user_file(path: Path) -> None:
    """Refuse, by content, what no parser should see: see :mod:`.safety` for the workbook checks.

    A missing file is left to the parser (each names it in its own words).
    """
    if not path.is_file():
        return
    size = path.stat().st_size
    if size > safety.MAX_FILE_BYTES:
        raise WfmError(f"{path}: the file is {size / 1e9:.1f} GB; files over "
                       f"{safety.MAX_FILE_BYTES / 1e9:.0f} GB are refused")
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    log = FindingLog(str(path))
    try:
        if head.startswith(ZIP_MAGIC) and suffix in WORKBOOK_SUFFIXES:
            safety.check_zip_container(path, log)
        elif head.startswith(OLE_MAGIC) and suffix in WORKBOOK_SUFFIXES:
            safety.check_xls(path, log)
        elif suffix in TEXT_SUFFIXES:
            _check_text(path, size, log)
    except ImportFailed as exc:
        raise WfmError(str(exc)) from None


def _check_text(path: Path, size: int, log: FindingLog) -> None:
    if size > safety.MAX_TEXT_BYTES:
        log.fail(f"the text file is over {safety.MAX_TEXT_BYTES / 1e6:,.0f} MB; split it and read the parts")
    if path.suffix.lower() == ".json":
        return
    with path.open("rb") as fh:
        head = fh.read(safety.HEAD_SCAN_BYTES).decode("utf-8", errors="replace")
        first = fh.readline(16 << 20).decode("utf-8", errors="replace")  # the rest of a long first line
    lines = (head.split("\n", 1)[0] + first.split("\n", 1)[0] if "\n" not in head else head).splitlines()[:50]
    for delimiter in (",", ";", "\t"):
        width = max((len(row) for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)),
                    default=0)
        if width > safety.MAX_COLUMNS:
            log.fail(f"the file has {width:,} columns; at most {safety.MAX_COLUMNS:,} can be read")
