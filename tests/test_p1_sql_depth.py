"""Phase 1's SQL past the first JOIN: the second database, the teaching order, the retired exercise."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

import pathway
from pathway import exercises
from pathway.cli import main
from pathway.exercises.p1 import _sql_second, sql_depth, sql_windows
from pathway.labs import sqlite_lab
from pathway.progress import ProgressStore
from tests.conftest import NOTEBOOKS
from tests.notebook_runner import exercise_tags

DEPTH = [e for e in exercises.all() if e.assess.__module__ in (sql_depth.__name__, sql_windows.__name__)]
REFERENCES = {"p1.sql.left_join": sql_depth.LEFT_SQL, "p1.sql.having": sql_depth.HAVING_SQL,
              "p1.sql.above_mean": sql_depth.ABOVE_SQL, "p1.sql.rank": sql_windows.RANK_SQL,
              "p1.sql.running_total": sql_windows.RUNNING_SQL, "p1.sql.lag": sql_windows.LAG_SQL}


def _rows(connect, sql):
    conn = connect()
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_at_least_five_exercises_each_judged_on_both_databases():
    assert {e.id for e in DEPTH} == set(REFERENCES) and len(DEPTH) >= 5
    for exercise_id, sql in REFERENCES.items():
        lab, second = _rows(sqlite_lab.connect, sql), _rows(_sql_second.connect, sql)
        assert lab and second and lab != second, exercise_id


@pytest.mark.parametrize("ex", DEPTH, ids=lambda e: e.id)
def test_a_query_that_only_fits_the_lab_fails_on_the_second_database(ex):
    """Every row of the lab's answer typed in by hand: right there, wrong on rows never seen."""
    rows = _rows(sqlite_lab.connect, REFERENCES[ex.id])
    literal = " UNION ALL ".join(
        "SELECT " + ", ".join("NULL" if v is None else repr(v) for v in row) for row in rows)
    if re.search(r"order\s+by", REFERENCES[ex.id], re.I):
        literal = f"SELECT * FROM ({literal})"  # UNION ALL keeps the typed order
    result = ex.evaluate(literal)
    assert result.outcome == "incorrect" and "second database" in result.message, result.message


ORDER = {"p1.sql.rank": "ORDER BY c2, c4, c1", "p1.sql.running_total": "ORDER BY c1, c2",
         "p1.sql.lag": "ORDER BY c1, c2"}


@pytest.mark.parametrize("ex", DEPTH, ids=lambda e: e.id)
def test_column_names_are_free_and_the_order_of_columns_is_checked(ex):
    sql = REFERENCES[ex.id]
    width = len(_rows(sqlite_lab.connect, sql)[0])
    names = [f"c{k}" for k in range(1, width + 1)]
    wrapped = f"WITH answer({', '.join(names)}) AS ({sql}) SELECT {{}} FROM answer {ORDER.get(ex.id, '')}"
    assert ex.evaluate(wrapped.format(", ".join(names))).correct
    swapped = [names[1], names[0], *names[2:]]
    assert ex.evaluate(wrapped.format(", ".join(swapped))).outcome == "incorrect"


@pytest.mark.parametrize("exercise_id", ["p1.sql.rank", "p1.sql.running_total", "p1.sql.lag"])
def test_rows_in_order_by_luck_are_refused(exercise_id):
    """Without an outer ORDER BY (or a tie-breaker), SQLite's order here is an accident."""
    sql = REFERENCES[exercise_id]
    unordered = sql[: sql.rindex("ORDER BY")]
    result = exercises.get(exercise_id).evaluate(unordered)
    assert result.outcome == "incorrect" and "ORDER BY" in result.message
    assert sql_depth.outer_order_by("SELECT a FROM (SELECT a FROM t ORDER BY a)") is None
    assert sql_depth.outer_order_by("SELECT 'order by' FROM t") is None
    assert sql_depth.outer_order_by("SELECT RANK() OVER (ORDER BY x) FROM t ORDER BY 2, 1").strip() == "2, 1"


def test_window_functions_are_taught_in_01_before_the_interview_drill_in_04():
    roadmap = pathway.load_roadmap()
    order = [name for phase in roadmap.phases for name in phase.notebooks]
    assert order.index("01_academic_foundation.ipynb") < order.index("04_real_world_practice.ipynb")
    nb01 = nbformat.read(NOTEBOOKS / "01_academic_foundation.ipynb", as_version=4)
    rank_cell = dict((tag, i) for i, tag in exercise_tags(nb01))["p1.sql.rank"]
    taught = " ".join(c.source for c in nb01.cells[:rank_cell] if c.cell_type == "markdown")
    for word in ("ROW_NUMBER", "DENSE_RANK", "PARTITION BY", "LEFT JOIN", "HAVING", "WITH"):
        assert word in taught, word
    nb04 = nbformat.read(NOTEBOOKS / "04_real_world_practice.ipynb", as_version=4)
    drill = dict((tag, i) for i, tag in exercise_tags(nb04))["p4.interview.top_spenders"]
    before = " ".join(c.source for c in nb04.cells[:drill] if c.cell_type == "markdown")
    assert "01_academic_foundation.ipynb" in before and "DENSE_RANK" in before


def test_the_retired_languages_trivia_leaves_recorded_progress_harmless(home, tmp_path, capsys):
    """p1.languages.best_fit (which language for which job) was retired for exercises that run R,
    Java and C++. It has no successor to alias: a done trivia answer says nothing about running R."""
    roadmap = pathway.load_roadmap()
    assert "p1.languages.best_fit" not in {i.id for i in roadmap.items}
    assert "p1.languages.best_fit" not in roadmap.aliases
    ProgressStore().record("p1.languages.best_fit", "done", "check",
                           {"action": "check", "outcome": "correct"})
    assert main(["status", "p1"]) == 0
    out = capsys.readouterr().out
    assert "best_fit" not in out
    export = tmp_path / "progress.json"
    assert main(["export", str(export)]) == 0
    assert any(e["item"] == "p1.languages.best_fit" for e in json.loads(export.read_text())["events"])


def test_integer_division_gives_the_right_rows_and_is_named_in_the_verdict():
    """For whole grams, m > floor(S/C) exactly when m > S/C: the rows pass, the mean is flagged."""
    ex = exercises.get("p1.sql.above_mean")
    floored = ("SELECT id, species, body_mass_g FROM penguins p WHERE body_mass_g > "
               "(SELECT SUM(body_mass_g) / COUNT(body_mass_g) FROM penguins q WHERE q.species = p.species)")
    result = ex.evaluate(floored)
    assert result.correct and "integer division" in result.message and "AVG" in result.message
    real = floored.replace("SUM(body_mass_g) /", "SUM(body_mass_g) * 1.0 /")
    assert ex.evaluate(real).correct and "integer division" not in ex.evaluate(real).message
