"""Safe file output shared by the CLI, the GUI and the exporters.

Nothing here ever overwrites a file silently: callers pass ``force=True`` only
when the user said so (``--force`` on the command line, a confirmed dialog in
the GUI). Writes go to a temporary file in the target folder and then replace
the target in one step, so a crash or a full disk never leaves half a file, and
a target that is open elsewhere (locked) or read-only gives a clear message.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
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


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path`.

    On any error the temporary file is removed and `path` is left as it was.
    """
    target = check_output_path(path, force=force)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp creates the file 0600; give it the permissions a normal new file (or the file it replaces) has.
    with contextlib.suppress(OSError):
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else _default_mode())
    try:
        yield tmp
        _replace(tmp, target)
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
