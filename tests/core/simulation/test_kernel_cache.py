"""numba's on-disk cache is used where numba finds a place for it, and its absence never stops a simulation."""

from __future__ import annotations

import numba

from wfm_desktop.core.simulation import kernel


def test_without_a_writable_cache_folder_the_loop_is_compiled_in_memory(monkeypatch):
    asked = []
    real = numba.njit

    def njit(*args, cache=False, **kwargs):
        asked.append(cache)
        if cache:  # what numba raises when no cache locator has a writable folder (a frozen app on a locked PC)
            raise RuntimeError("cannot cache function 'f': no locator available for file 'kernel.py'")
        return real(*args, cache=cache, **kwargs)

    monkeypatch.setattr(numba, "njit", njit)

    def add(a, b):
        return a + b

    compiled = kernel._njit(add, numba)
    assert asked == [True, False] and compiled(2, 3) == 5


def test_with_a_cache_folder_numba_is_asked_to_cache(monkeypatch):
    asked = []
    real = numba.njit
    monkeypatch.setattr(numba, "njit", lambda *a, cache=False, **k: (asked.append(cache), real(*a, cache=False, **k))[1])
    kernel._njit(lambda a: a, numba)
    assert asked == [True]
