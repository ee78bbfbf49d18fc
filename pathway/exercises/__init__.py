"""The exercise registry: `get(id)`, `all()`, and `for_phase(phase)` for a notebook's `ex`."""

from __future__ import annotations

from .engine import BLANK, CheckResult, Exercise, Incomplete, Incorrect, ____, exercise
from .registry import all_exercises as _all_exercises
from .registry import for_phase, get


def all() -> list[Exercise]:  # noqa: A001 - the name the design fixes: pathway.exercises.all()
    """Every exercise, in phase order."""
    return _all_exercises()


__all__ = [
    "BLANK", "CheckResult", "Exercise", "Incomplete", "Incorrect", "____", "all", "exercise",
    "for_phase", "get",
]
