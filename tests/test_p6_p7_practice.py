"""The exercises that replaced repeated mechanisms in notebooks 06 and 07: their reference rules."""

from __future__ import annotations

import pytest

from pathway import exercises
from pathway.exercises.p6 import deadlines, degree
from pathway.exercises.p7 import plan
from tests.helpers import run_cell


def test_net_cost_bills_started_years_and_keeps_negative_totals():
    base = {"tuition_per_year": 10000, "living_per_month": 1000, "income_per_month": 0, "funding_total": 0}
    assert degree._net({**base, "months": 12}) == 10000 + 12000
    assert degree._net({**base, "months": 13}) == 20000 + 13000
    assert degree._net({**base, "months": 10, "tuition_per_year": 0, "funding_total": 20000}) == -10000


def test_the_example_shortlist_is_not_ranked_by_tuition():
    costs = {name: degree._net(p) for name, p in degree._run_setup().items()}
    cheapest = min(costs, key=costs.get)
    lowest_tuition = min(degree._run_setup(), key=lambda n: degree._run_setup()[n]["tuition_per_year"])
    assert cheapest == lowest_tuition == "AI programme C (online, part time, 3 years)"
    # the funded two-year programme costs less than the unfunded 16-month one despite lasting longer
    assert costs["ML programme A (full time, 2 years)"] < costs["AI programme B (full time, 16 months)"]


def test_requirements_rules_on_their_boundaries():
    cases = deadlines._requirement_cases()
    assert cases[0][1] == set()  # everything exactly on the minimum is met
    assert cases[1][1] == {"gpa"} and cases[2][1] == {"letters"} and cases[3][1] == {"courses"}
    assert cases[4][1] == set() and cases[5][1] == {"english"} and cases[6][1] == set()
    assert cases[7][1] == {"english"}  # a test the programme does not list does not count
    assert cases[8][1] == cases[9][1] == set() and cases[10][1] == {"english"}
    assert len({frozenset(want) for _, want in cases}) >= 6  # the random cases vary the outcome


def test_the_example_record_misses_a_course_and_a_letter():
    namespace: dict = {}
    exec(deadlines._REQUIREMENTS_SETUP, namespace)
    assert deadlines._unmet(namespace["requirements"], namespace["record"]) == {"courses", "letters"}


def test_interleave_cases_hold_tight_impossible_and_empty_weeks():
    cases = plan._interleave_cases()
    assert {} in cases
    assert any(not plan._feasible(c) for c in cases) and any(plan._feasible(c) for c in cases)
    tight = {"a": 3, "b": 2}
    assert plan._feasible(tight) and not plan._feasible({"a": 4, "b": 1, "c": 1})
    assert plan._problem(["a", "b", "a", "b", "a"], tight) is None
    assert "twice in a row" in plan._problem(["a", "a", "b", "a", "b"], tight)
    assert "exactly" in plan._problem(["a", "b", "a"], tight)


@pytest.mark.parametrize("exercise_id", ["p6.degree.net_cost", "p6.apply.requirements",
                                         "p7.exams.interleave"])
def test_a_function_that_returns_nothing_is_told_so(exercise_id, home):
    ex = exercises.get(exercise_id)
    name = ex.answer
    result = ex.evaluate(run_cell(ex, f"def {name}(*args):\n    pass"))
    assert result.outcome == "incorrect" and "None" in result.message


def test_the_replaced_exercises_are_gone():
    ids = {e.id for e in exercises.all()}
    assert not {"p6.degree.decision_matrix", "p6.apply.due_dates", "p7.exams.weak_areas"} & ids
