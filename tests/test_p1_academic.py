"""Phase 1 checks beyond the contract: the cost test, injection, and the decision matrix's logic."""

from __future__ import annotations

import copy

import pytest

from pathway import exercises
from pathway.exercises.engine import BLANK
from tests.helpers import run_cell


def ex(exercise_id: str):
    return exercises.get(exercise_id)


def _evaluate(exercise_id: str, code: str):
    e = ex(exercise_id)
    return e.evaluate(run_cell(e, code))


# ------------------------------------------------------------------ dedupe: linear, not quadratic

def test_dedupe_accepts_other_linear_solutions():
    assert _evaluate("p1.python.dedupe", "dedupe = lambda items: list(dict.fromkeys(items))").correct


def test_dedupe_rejects_a_quadratic_solution_even_when_results_are_right():
    code = """
def dedupe(items):
    return [x for i, x in enumerate(items) if x not in items[:i]]
"""
    result = _evaluate("p1.python.dedupe", code)
    assert result.outcome == "incorrect" and "comparisons" not in result.message
    assert "times" in result.message and "quadruples" in result.message


def test_dedupe_must_not_change_its_input():
    code = """
def dedupe(items):
    seen = set()
    items[:] = [x for x in items if not (x in seen or seen.add(x))]
    return items
"""
    result = _evaluate("p1.python.dedupe", code)
    assert result.outcome == "incorrect" and "changed the list" in result.message


def test_dedupe_with_a_blank_body_is_incomplete():
    result = _evaluate(
        "p1.python.dedupe", "from pathway import ____\n\ndef dedupe(items):\n    return ____"
    )
    assert result.outcome == "incomplete"


# ------------------------------------------------------------------ SQL

def test_sql_answers_may_differ_in_form_when_the_result_is_the_same():
    join = ("query_join = \"SELECT species, COUNT(*) FROM samples, penguins "
            "WHERE penguin_id = id AND clutch_completion = 'No' GROUP BY species\"")
    assert _evaluate("p1.sql.join", join).correct
    where = ("query_where = \"select id, island, body_mass_g from penguins where body_mass_g "
             "between 5000 and 99999 and sex = 'female' and species = 'Gentoo' order by id\"")
    assert _evaluate("p1.sql.where", where).correct


def test_sql_errors_are_reported_not_raised():
    result = _evaluate("p1.sql.group_by", 'query_group = "SELECT species FROM penguin"')
    assert result.outcome == "incorrect" and "no such table" in result.message


def test_parameterised_query_flags_injection():
    code = '''
def island_count(conn, island):
    if "'" in island and " OR " not in island:
        return 0
    return conn.execute(f"SELECT COUNT(*) FROM penguins WHERE island = '{island}'").fetchone()[0]
'''
    result = _evaluate("p1.sql.parameterised", code)
    assert result.outcome == "incorrect" and "injection" in result.message


def test_parameterised_query_needs_an_int():
    code = '''
def island_count(conn, island):
    return str(conn.execute("SELECT COUNT(*) FROM penguins WHERE island = ?", (island,)).fetchone()[0])
'''
    result = _evaluate("p1.sql.parameterised", code)
    assert result.outcome == "incorrect" and "int" in result.message


# ------------------------------------------------------------------ the decision matrix

def _decision():
    e = ex("p1.degree.matrix")
    return run_cell(e, e.solution_code)


def test_matrix_accepts_a_learners_own_criteria_and_either_choice_on_a_tie():
    decision = {
        "weights": {"research": 0.5, "cost": 0.25, "location": 0.25},
        "scores": {"Artificial Intelligence": {"research": 4, "cost": 2, "location": 2},
                   "Computer Science": {"research": 2, "cost": 4, "location": 4}},
        "totals": {"Artificial Intelligence": 3.0, "Computer Science": 3.0},
        "choice": "Artificial Intelligence",
    }
    result = ex("p1.degree.matrix").evaluate(decision)
    assert result.correct and "tie" in result.message


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda d: d["weights"].update({"career options": -0.15}), "above 0"),
        (lambda d: d["scores"]["Computer Science"].update({"career options": 7}), "from 1 to 5"),
        (lambda d: d["scores"]["Computer Science"].pop("career options"), "criteria scored"),
        (lambda d: d["totals"].update({"Computer Science": 4.5}), "does not follow"),
        (lambda d: d.update({"choice": "Physics"}), "should be one of"),
        (lambda d: d.pop("totals"), "has no 'totals'"),
        (lambda d: d["scores"].pop("Artificial Intelligence"), "degrees in scores"),
    ],
)
def test_matrix_explains_what_is_inconsistent(change, words):
    decision = copy.deepcopy(_decision())
    change(decision)
    result = ex("p1.degree.matrix").evaluate(decision)
    assert result.outcome == "incorrect" and words in result.message, result.message


def test_matrix_with_a_blank_inside_is_incomplete():
    decision = copy.deepcopy(_decision())
    decision["scores"]["Computer Science"]["career options"] = BLANK
    assert ex("p1.degree.matrix").evaluate(decision).outcome == "incomplete"


def test_matrix_totals_may_be_rounded_to_two_decimals():
    decision = copy.deepcopy(_decision())
    decision["totals"] = {k: round(v, 2) for k, v in decision["totals"].items()}
    assert ex("p1.degree.matrix").evaluate(decision).correct


# ------------------------------------------------------------------ reading and grouping

def test_read_csv_accepts_a_file_opened_without_newline_argument():
    code = """
with open(datasets.path("penguins-raw.csv")) as f:
    raw_rows = [dict(row) for row in csv.DictReader(f)]
"""
    assert _evaluate("p1.python.read_csv", code).correct


def test_mass_stats_must_work_beyond_the_penguin_rows():
    code = """
def mass_stats(rows):
    return {"Adelie": (3700.662251655629, 458.5661259101348),
            "Chinstrap": (3733.0882352941176, 384.33508101997),
            "Gentoo": (5076.016260162602, 504.1162367276279)}
"""
    result = _evaluate("p1.python.mass_stats", code)
    assert result.outcome == "incorrect" and "made-up table" in result.message

