"""Setup code and data that several sections of Learning modalities and exam strategy use."""

from __future__ import annotations

import math
import numbers
from typing import Any

BUDGET_HOURS = 10


_PLAN_SETUP = f"budget_hours = {BUDGET_HOURS}"


_SCHEDULE_SETUP = """
from datetime import date

from pathway import clock
from pathway.labs import leitner

as_of = clock.today()
quiz = leitner.sample(as_of)
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
