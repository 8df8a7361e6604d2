"""The hostile corpus (#18), run case by case: no traceback, no abort, bounded memory and time, input unchanged,
and exactly the outcome written down for each case (tests/hostile/corpus.py)."""

import pytest

from tests.hostile.corpus import CASE_LIMIT_S, CASES, PEAK_LIMIT, run_case, table
from wfm_desktop.core import sandbox

OUTCOMES = []


@pytest.fixture
def limited_reader(monkeypatch):
    monkeypatch.setattr(sandbox, "MEMORY_LIMIT_BYTES", PEAK_LIMIT)
    monkeypatch.setattr(sandbox, "DEADLINE_S", CASE_LIMIT_S)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case, tmp_path, limited_reader):
    outcome = run_case(case, tmp_path)
    OUTCOMES.append(outcome)
    expected = "accepted and correct" if callable(case.expect) or case.expect == 0 else "clean error"
    assert outcome.category == expected, outcome.detail
    assert outcome.seconds <= CASE_LIMIT_S and outcome.peak_bytes <= PEAK_LIMIT


def test_corpus_covers_the_issue_and_prints_its_table():
    assert len(CASES) >= 150
    print("\n" + table(OUTCOMES))
