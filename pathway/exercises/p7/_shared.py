"""Setup code and data that several sections of Learning modalities and exam strategy use."""

from __future__ import annotations

import math
import numbers
from typing import Any

BUDGET_HOURS = 10


_PLAN_SETUP = f"budget_hours = {BUDGET_HOURS}"


_QUIZ_SETUP = """
from pathway.labs import datasets

quiz = datasets.load("p7_practice_answers")
"""


_SCHEDULE_SETUP = """
from datetime import date

import pandas as pd

from pathway import clock
from pathway.labs import datasets, leitner

as_of = clock.today()
quiz = datasets.load("p7_practice_answers")
sample_day = pd.Timestamp("2025-03-10")  # the sample's answers span the nine days before it
moved = pd.to_datetime(quiz["date"]) + (pd.Timestamp(as_of) - sample_day)  # ...now before today
quiz["date"] = moved.dt.strftime("%Y-%m-%d")
table = leitner.schedule(quiz, as_of)
"""


def _close(a: Any, b: Any) -> bool:
    try:
        if isinstance(a, bool):
            return False
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError, OverflowError):
        return False


def _is_int(value: Any, n: int) -> bool:
    """`value` is the integer `n` (not a bool, not an array): safe on anything a learner returns."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and int(value) == n
