"""Shared check helpers: each states one expectation and raises `Incorrect` with a reason.

An exercise's check function calls these with the learner's answer and the expected value, one
module per kind of answer: `values`, `frames`, `models`, `figures`, `sql`, `programs` (R, Java,
C++), `prose`. They import pandas, NumPy, scikit-learn and matplotlib lazily so that importing
the package stays quick.
Messages say what is wrong and where to look, never the expected answer itself.
"""

from __future__ import annotations

from ..engine import Incomplete, Incorrect
from .figures import axes_of, plot
from .frames import array, frame, series, series_like
from .models import estimator, fitted
from .prose import choice, text
from .sql import sql_rows
from .values import (
    attempt,
    call,
    close_to,
    code_names,
    expect_type,
    forbid_names,
    function_cases,
    has_loop,
    mapping,
    number,
    returned_none,
    returns,
    same_set,
    sequence,
    short,
    type_name,
)

__all__ = [
    "Incomplete", "Incorrect", "type_name", "expect_type", "number", "close_to", "sequence",
    "same_set", "mapping", "array", "series", "frame", "call", "function_cases", "estimator",
    "fitted", "short", "attempt", "axes_of", "plot", "sql_rows", "text", "choice", "series_like",
    "code_names", "has_loop", "forbid_names", "returned_none", "returns",
]
