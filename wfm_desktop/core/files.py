"""Safe file output shared by the CLI, the GUI and the exporters.

Nothing here ever overwrites a file silently: callers pass ``force=True`` only
when the user said so (``--force`` on the command line, a confirmed dialog in
the GUI). Writes go to a temporary file in the target folder and then replace
the target in one step, so a crash or a full disk never leaves half a file, and
a target that is open elsewhere (locked) or read-only gives a clear message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

from wfm_desktop.core.errors import WfmError


def check_output_path(path: str | os.PathLike, *, force: bool = False) -> Path:
    """Return `path` as a Path after checking it may be written.

    Raises WfmError when the file exists and `force` is False, when its folder
    does not exist, or when it is a folder.
    """
    target = Path(path)
    if target.is_dir():
        raise WfmError(f"{target}: is a folder, not a file name")
    if not target.parent.exists():
        raise WfmError(f"{target}: the folder {target.parent} does not exist")
    if target.exists() and not force:
        raise WfmError(f"{target}: already exists; choose another name or use --force to overwrite it")
    return target


def check_not_source(output: str | os.PathLike, *sources: str | os.PathLike | None) -> None:
    """Refuse an output that is one of the input files (``import X -o X --force`` would destroy X)."""
    out = Path(output)
    for source in sources:
        if source is None or not out.exists():
            continue
        try:
            same = os.path.samefile(out, source)
        except OSError:
            same = False
        if same:
            raise WfmError(f"{out}: this is the input file {source}; choose another output name "
                           "(the source is never overwritten)")


def write_target(path: str | os.PathLike) -> Path:
    """The file a write really replaces: a symbolic link's target, so the link itself is kept."""
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


STALE_TEMP_AGE_S = 3600.0


def remove_stale_temporaries(path: str | os.PathLike) -> list[Path]:
    """Remove temporary files an interrupted save of `path` left beside it; returns what was removed.

    A temporary file is stale when the process that wrote it is gone (its id is
    in the name), or — for names without one, or where that cannot be told —
    when it is over an hour old.
    """
    target = write_target(path)
    removed = []
    try:
        candidates = list(target.parent.glob(f".{glob_escape(target.name)}.*.tmp"))
    except OSError:
        return removed
    for tmp in candidates:
        pid = _pid_of(tmp.name[len(target.name) + 2:-4])
        try:
            stale = (pid is not None and not _process_alive(pid)) or \
                (time.time() - tmp.stat().st_mtime > STALE_TEMP_AGE_S)
            if stale:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


def remove_stale_temporaries_beside(paths, *, progress=None, cancel=None) -> list[Path]:
    """:func:`remove_stale_temporaries` for each of `paths` (the app's recent plans, at start-up).

    A plan whose folder is gone or unreadable (an unplugged drive) is skipped
    quietly; returns every temporary file removed.
    """
    removed: list[Path] = []
    for i, path in enumerate(paths):
        if cancel is not None and cancel():
            break
        try:
            if Path(path).parent.is_dir():
                removed += remove_stale_temporaries(path)
        except (OSError, ValueError):
            continue
        if progress is not None:
            progress((i + 1) / len(paths), "")
    return removed


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _pid_of(middle: str) -> int | None:
    head, dash, _rest = middle.partition("-")
    return int(head) if dash and head.isdigit() else None


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # cannot tell cheaply: the age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path`.

    On any error the temporary file is removed and `path` is left as it was.
    The new bytes are flushed to disk (fsync) before the rename, so a power cut
    leaves the old file or the new one, never an empty one. When `path` is a
    symbolic link its target is replaced and the link is kept. Temporary files
    left by an earlier, interrupted save are removed first.
    """
    check_output_path(path, force=force)
    target = write_target(path)
    remove_stale_temporaries(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise WfmError(f"{target}: cannot be written — {_os_reason(exc)}") from None
    tmp = Path(tmp_name)
    # mkstemp creates the file 0600; give it the permissions a normal new file (or the file it replaces) has.
    with contextlib.suppress(OSError):
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else _default_mode())
    try:
        yield tmp
        _flush(tmp)
        _replace(tmp, target)
        _flush_folder(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_atomic(path: str | os.PathLike, writer: Callable[[Path], None], *, force: bool = False) -> Path:
    """Call ``writer(tmp_path)`` and move the result onto `path` atomically."""
    with atomic_path(path, force=force) as tmp:
        writer(tmp)
    return Path(path)


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "the folder is read-only or you lack permission"
    if getattr(exc, "errno", None) == errno.ENOSPC:
        return "the disk is full"
    return exc.strerror or str(exc)


def _flush(tmp: Path) -> None:
    """Force the written bytes to disk before the rename makes them the file."""
    try:
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
    except OSError as exc:
        raise WfmError(f"{tmp.name}: cannot be written to disk — {_os_reason(exc)}") from exc


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to flush)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _replace(tmp: Path, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except PermissionError as exc:
        raise WfmError(
            f"{target}: cannot be written — it is open in another program or read-only. "
            "Close it (or choose another name) and try again."
        ) from exc
    except OSError as exc:
        raise WfmError(f"{target}: cannot be written ({exc.strerror or exc})") from exc
