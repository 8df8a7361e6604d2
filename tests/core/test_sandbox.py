"""The reader child: whatever a parser does, the caller gets a result or a WfmError naming the file."""

import os
import time

import pytest

from wfm_desktop.core import sandbox
from wfm_desktop.core.errors import Cancelled, WfmError

GIB = 1 << 30


def _double(x, progress):
    progress(0.5, "halfway")
    return 2 * x


def _abort(_payload, _progress):
    os.abort()


def _allocate(n_bytes, _progress):
    return len(bytearray(n_bytes))


def _sleep(seconds, _progress):
    time.sleep(seconds)


def _planner_error(message, _progress):
    raise WfmError(message)


def _bug(_payload, _progress):
    return {}["missing"]


def _pid(_payload, _progress):
    return os.getpid()


def test_result_and_progress_come_back():
    notes = []
    assert sandbox.run_limited(_double, 21, what="x.csv", progress=lambda f, m: notes.append((f, m))) == 42
    assert notes == [(0.5, "halfway")]
    assert sandbox.last_stats.outcome == "ok"


def test_a_native_abort_becomes_a_message_naming_the_file():
    with pytest.raises(sandbox.ReaderFailed, match=r"crafted\.xlsx: the file made the reader stop"):
        sandbox.run_limited(_abort, None, what="crafted.xlsx")
    assert sandbox.last_stats.outcome == "crash"
    assert sandbox.run_limited(_double, 1, what="next.csv") == 2  # the next read works


@pytest.mark.skipif(os.name != "posix" or os.uname().sysname == "Darwin", reason="RLIMIT_AS is a Linux limit")
def test_the_memory_limit_stops_a_runaway_allocation_before_it_happens():
    with pytest.raises(sandbox.ReaderFailed, match=r"big\.xlsx: reading the file needed more than 1\.0 GB"):
        sandbox.run_limited(_allocate, 8 * GIB, what="big.xlsx", memory_bytes=GIB)


def test_the_deadline_ends_a_stalled_reader():
    with pytest.raises(sandbox.ReaderFailed, match=r"slow\.csv: reading the file took longer than 1 s"):
        sandbox.run_limited(_sleep, 60, what="slow.csv", deadline_s=1)
    assert sandbox.last_stats.outcome == "timeout"


def test_cancel_ends_the_child():
    with pytest.raises(Cancelled):
        sandbox.run_limited(_sleep, 60, what="slow.csv", cancel=lambda: True)


def test_planner_errors_arrive_unchanged_and_bugs_become_messages():
    with pytest.raises(WfmError, match="^row 3: bad$") as info:
        sandbox.run_limited(_planner_error, "row 3: bad", what="x.csv")
    assert not isinstance(info.value, sandbox.ReaderFailed)
    with pytest.raises(sandbox.ReaderFailed, match=r"x\.csv: cannot be read — the reader failed on it \(KeyError"):
        sandbox.run_limited(_bug, None, what="x.csv")


def test_a_clean_child_is_reused_and_shutdown_ends_it():
    first = sandbox.run_limited(_pid, None, what="a")
    assert sandbox.run_limited(_pid, None, what="b") == first != os.getpid()
    sandbox.shutdown()
    assert sandbox.run_limited(_pid, None, what="c") != first
    sandbox.shutdown()


def _modules_loaded(names, _progress):
    import sys

    return [name in sys.modules for name in names]


def test_a_child_started_early_has_its_modules_imported_and_serves_the_first_read():
    sandbox.shutdown()
    sandbox.start_early(("wave",))
    sandbox.start_early(("wave",))  # a second call while one waits starts no other child
    assert len(sandbox._idle) == 1
    early = sandbox._idle[0].process.pid
    assert sandbox.run_limited(_pid, None, what="a") == early
    assert sandbox.run_limited(_modules_loaded, ["wave"], what="b") == [True]
    sandbox.shutdown()
