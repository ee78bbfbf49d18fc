"""Shared by the tests: running an exercise's setup, solution and wrong answers."""

from __future__ import annotations

from typing import Any

from pathway.exercises.engine import Exercise


def run_cell(ex: Exercise, code: str) -> Any:
    """Execute the exercise's setup and then `code`, returning the answer variable's value."""
    namespace: dict[str, Any] = {"__name__": "__exercise__"}
    if ex.setup:
        exec(compile(ex.setup, f"<setup {ex.id}>", "exec", dont_inherit=True), namespace)
    exec(compile(code, f"<answer {ex.id}>", "exec", dont_inherit=True), namespace)
    assert ex.answer in namespace, f"{ex.id}: the cell does not define {ex.answer!r}"
    return namespace[ex.answer]
