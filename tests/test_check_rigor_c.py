"""Issue 24: the deep-learning, MLOps and later checks hold against answers nobody here wrote.

One section per class of gap the blind bank found; each test failed on the checks before its fix.
"""

from __future__ import annotations

import pytest

from pathway import exercises
from tests.helpers import run_cell


def _outcome(exercise_id: str, code: str):
    ex = exercises.get(exercise_id)
    return ex.evaluate(run_cell(ex, code))


def _wrong(exercise_id: str, code: str, *words: str) -> str:
    result = _outcome(exercise_id, code)
    assert result.outcome == "incorrect", f"{exercise_id} said {result.outcome}:\n{code}\n{result.message}"
    for word in words:
        assert word in result.message, result.message
    return result.message


def _right(exercise_id: str, code: str) -> None:
    result = _outcome(exercise_id, code)
    assert result.outcome == "correct", f"{exercise_id} refused a valid answer: {result.message}\n{code}"


# ------------------------------------------------------------------ class 3: every clause of a contract
def test_skops_refuses_a_file_mixing_allowed_and_forbidden_types(home):
    _wrong("p3.formats.skops", """\
def safe_load(path, allowed):
    unknown = sio.get_untrusted_types(file=path)
    if unknown and not any(t in allowed for t in unknown):
        raise ValueError(unknown)
    return sio.load(path, trusted=unknown)""", "every")


def test_skops_refusing_after_loading_is_loading(home):
    _wrong("p3.formats.skops", """\
def safe_load(path, allowed):
    model = sio.load(path, trusted=sio.get_untrusted_types(file=path))
    if any(t not in allowed for t in sio.get_untrusted_types(file=path)):
        raise ValueError("refused")
    return model""", "built")


# ------------------------------------------------------------------ class 7: blank is not wrong
def test_an_untouched_skops_answer_is_incomplete(home):
    result = _outcome("p3.formats.skops", "from pathway import ____\n\ndef safe_load(path, allowed):\n"
                                          "    return ____\n")
    assert result.outcome == "incomplete", result.message
