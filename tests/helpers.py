"""Shared by the tests: running an exercise's setup, solution and wrong answers."""

from __future__ import annotations

from typing import Any

from pathway.exercises.engine import Exercise


def run_cell(ex: Exercise, code: str) -> Any:
    """Execute the exercise's setup and then `code`, returning the answer variable's value."""
    namespace: dict[str, Any] = {"__name__": "__exercise__"}
    _keras_as_a_fresh_kernel_would_have_it(ex.setup or "")
    if ex.setup:
        exec(compile(ex.setup, f"<setup {ex.id}>", "exec", dont_inherit=True), namespace)
    exec(compile(code, f"<answer {ex.id}>", "exec", dont_inherit=True), namespace)
    assert ex.answer in namespace, f"{ex.id}: the cell does not define {ex.answer!r}"
    return namespace[ex.answer]


def _keras_as_a_fresh_kernel_would_have_it(setup: str) -> None:
    """Keras picks its backend once per process. Each notebook has a kernel of its own, so 03b's Keras
    cells always meet Keras on torch; in one test process an earlier 03e exercise may have switched
    it to TensorFlow. A setup that imports Keras without choosing a backend gets torch back."""
    import sys

    if "import keras" in setup and "keras_on(" not in setup and "keras" in sys.modules:
        from pathway.labs import keras_backends

        keras_backends.keras_on("torch")
