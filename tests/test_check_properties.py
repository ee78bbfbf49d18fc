"""Property: no check raises on arbitrary learner input, and none calls junk correct."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pathway import exercises
from tests.helpers import run_cell

ALL = exercises.all()


class Hostile:
    """An object whose every method raises: the learner's buggy class."""

    def __getattr__(self, name):
        raise RuntimeError(f"no {name} here")

    def __eq__(self, other):
        raise RuntimeError("cannot compare")

    def __len__(self):
        raise RuntimeError("no length")

    def __iter__(self):
        raise RuntimeError("not iterable")

    def __float__(self):
        raise RuntimeError("not a number")

    def __call__(self, *args, **kwargs):
        raise RuntimeError("cannot call")

    __hash__ = object.__hash__


def _frames():
    huge = pd.DataFrame(np.zeros((100_000, 3)), columns=["a", "b", "c"])
    return st.sampled_from([pd.DataFrame(), pd.DataFrame({"x": [1, 2]}), huge,
                            pd.Series(dtype=float), pd.Series([math.nan] * 5)])


junk = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=8),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=5),
    st.sets(st.integers(), max_size=5),
    _frames(),
    st.just(np.array([])),
    st.just(np.full((3, 3), np.nan)),
    st.builds(Hostile),
    st.just(lambda *a, **k: None),
    st.just(lambda *a, **k: 1 / 0),
)


def _same(a, b) -> bool:
    try:
        return bool(a == b) if type(a) is type(b) else False
    except Exception:
        return False


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=junk)
def test_checks_never_raise_and_never_accept_junk(ex, value):
    solution = _solution(ex)
    assume(not _same(value, solution))
    result = ex.evaluate(value)
    # `skipped` only where the exercise's toolchain (R, Java, C++) is missing: it could not run it
    allowed = ("incorrect", "incomplete") + (("skipped",) if _missing_toolchain(ex) else ())
    assert result.outcome in allowed, (ex.id, value, result.message)
    assert result.message


def _missing_toolchain(ex) -> bool:
    from pathway.labs import toolchains

    return any(not toolchains.available(language) for language in ex.needs)


_SOLUTIONS: dict[str, object] = {}


def _solution(ex):
    if ex.id not in _SOLUTIONS:
        _SOLUTIONS[ex.id] = run_cell(ex, ex.solution_code)
    return _SOLUTIONS[ex.id]
