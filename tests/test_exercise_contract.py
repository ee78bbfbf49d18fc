"""Every exercise, both directions: its solution passes, plausible wrong answers fail with a reason."""

from __future__ import annotations

import os
import re

import pytest

import pathway
from pathway import exercises
from pathway.exercises.engine import BLANK
from tests.helpers import run_cell

ALL = exercises.all()


def _needs_toolchain(ex) -> None:
    """Skip (saying which and why) an exercise whose R, Java or C++ toolchain is missing here.

    CI installs all three (.ci/install-toolchains.sh) and fails here rather than skip; without them,
    tests/test_toolchains.py checks that each such exercise reports itself skipped instead.
    """
    from pathway.labs import toolchains

    for language in ex.needs:
        if not toolchains.available(language):
            why = f"{ex.id}: {toolchains.toolchain(language).install_line()}"
            if os.environ.get("CI"):
                pytest.fail(f"CI must run every language exercise for real; {why}")
            pytest.skip(why)


def test_there_are_exercises_in_every_phase_with_a_notebook():
    phases = {e.phase for e in ALL}
    assert "p0" in phases and len(ALL) >= 2


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
def test_exercise_is_well_formed(ex):
    assert re.fullmatch(r"p\d(\.[a-z0-9_]+)+", ex.id), ex.id
    assert ex.title.strip() and ex.prompt.strip()
    assert len(ex.hints) >= 2, "hints go from a nudge to nearly the answer: give at least two"
    assert len(ex.wrong) >= 2, "declare at least two plausible wrong answers"
    assert re.search(rf"\b{re.escape(ex.answer)}\b", ex.solution_code)


def _solution_lines(ex) -> list[str]:
    """The solution's lines a hint may not contain (the hint rule of BRIEF-COMMON.md)."""
    setup = {line.strip() for line in ex.setup.splitlines()}
    kept = []
    for line in ex.solution_code.splitlines():
        line = line.strip()
        if (not line or line.startswith("#") or line.startswith("import ")
                or re.match(r"from\s+\S+\s+import\b", line) or len(line) < 15 or line in setup):
            continue
        kept.append(line)
    return kept


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
def test_hints_stop_short_of_the_solution(ex):
    for line in _solution_lines(ex):
        for number, hint in enumerate(ex.hints, start=1):
            assert line not in hint, f"{ex.id}: hint {number} contains the solution line {line!r}"


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
def test_solution_passes(ex, home):
    _needs_toolchain(ex)
    result = ex.evaluate(run_cell(ex, ex.solution_code))
    assert result.outcome == "correct", f"{ex.id}: {result.message}"


@pytest.mark.parametrize(
    "ex,right", [(e, r) for e in ALL for r in e.right], ids=lambda v: getattr(v, "id", "")
)
def test_valid_alternative_passes(ex, right, home):
    _needs_toolchain(ex)
    result = ex.evaluate(run_cell(ex, right))
    assert result.outcome == "correct", f"{ex.id} refused a valid alternative: {result.message}\n{right}"


@pytest.mark.parametrize(
    "ex,wrong", [(e, w) for e in ALL for w in e.wrong], ids=lambda v: getattr(v, "id", "")
)
def test_wrong_answer_fails_with_a_reason(ex, wrong, home):
    _needs_toolchain(ex)
    result = ex.evaluate(run_cell(ex, wrong))
    assert result.outcome == "incorrect", f"{ex.id} accepted a wrong answer: {wrong!r}"
    assert len(result.message) > 10
    assert "Traceback" not in result.message


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
def test_blank_and_none_are_incomplete(ex):
    assert ex.evaluate(BLANK).outcome == "incomplete"
    assert ex.evaluate(None).outcome == "incomplete"


def test_registry_lookups():
    first = ALL[0]
    assert exercises.get(first.id) is first
    with pytest.raises(pathway.UnknownItemError, match="Did you mean"):
        exercises.get(first.id + "x")
    ns = exercises.for_phase("p0")
    assert ns.squares.id == "p0.warmup.squares"


def test_exercises_are_roadmap_items_of_their_phase():
    roadmap = pathway.load_roadmap()
    for ex in ALL:
        item = roadmap.item(ex.id)
        assert item.kind == "exercise" and item.phase == ex.phase


def _function_answers():
    """Exercises whose answer is a function the solution defines: `def <answer>(...)`."""
    for ex in ALL:
        found = re.search(rf"^def {re.escape(ex.answer)}\(([^)]*)\)", ex.solution_code, re.M)
        if found:
            yield pytest.param(ex, found.group(1), id=ex.id)


@pytest.mark.parametrize("ex,params", list(_function_answers()))
def test_a_function_whose_body_is_still_the_blank_is_incomplete(ex, params, home):
    """The notebook's untouched answer cell (`return ____`) is unfinished, never a wrong answer."""
    cell = f"from pathway import ____\n\ndef {ex.answer}({params}):\n    return ____\n"
    result = ex.evaluate(run_cell(ex, cell))
    assert result.outcome == "incomplete", f"{ex.id}: {result.outcome}: {result.message}"
