"""Phase 1, academic foundation: SQL past the first JOIN (LEFT JOIN and NULLs, HAVING, CTEs).

Each check runs the learner's query on the lab's tables and on a second database it makes itself
(`_sql_second`: other penguins, ties, NULLs and a boundary per exercise), and compares the rows
with the reference query's. Column names never matter; column order does, and row order only
where the prompt asks for an ORDER BY.
"""

from __future__ import annotations

import re
from typing import Any

from ...labs import sqlite_lab
from .. import checks
from ..checks import Incorrect
from ..engine import exercise
from . import _sql_cases, _sql_second
from ._shared import SQL_SETUP


def _both(query: Any, reference: str, name: str, *, ordered: bool = False) -> list[tuple]:
    """The learner's rows on the lab's tables, after checking them there and on the second database."""
    rows = checks.sql_rows(query, sqlite_lab.connect, reference, ordered=ordered, name=name)
    try:
        checks.sql_rows(query, _sql_second.connect, reference, ordered=ordered, name=name)
    except Incorrect as exc:
        raise Incorrect(f"{name} is right on the lab's tables but not on a second database the check "
                        f"made (other penguins, with ties and NULLs): {exc.message}. Look for a value "
                        "that only fits the lab's rows, a filter in the wrong place, or a NULL") from None
    return rows


def outer_order_by(query: str) -> str | None:
    """The ORDER BY of the outermost SELECT (the text after it), or None: not one inside OVER (...)."""
    text = re.sub(r"'(?:[^']|'')*'", "''", query)  # string literals cannot hide a keyword
    text = re.sub(r"--[^\n]*", " ", text)
    depth, found = 0, None
    for match in re.finditer(r"[()]|\border\s+by\b", text, re.IGNORECASE):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif depth == 0:
            found = match.end()
    return None if found is None else text[found:]


def _sorted_explicitly(query: str, name: str, keys: str, at_least: int = 1) -> None:
    """Rows that come out in the asked order only by luck (no ORDER BY, no tie-breaker) are refused.

    `at_least` is how many sort keys the order needs: with fewer, tied rows keep SQLite's order.
    """
    order = outer_order_by(query)
    if order is None:
        raise Incorrect(f"the rows of {name} come out in order here only because of how SQLite happens "
                        f"to compute them; without an ORDER BY on the outer query no order is promised. "
                        f"Sort them by {keys}")
    order = re.split(r"\b(?:limit|offset)\b", order, flags=re.IGNORECASE)[0]
    flat = re.sub(r"\([^()]*\)", "", re.sub(r"\([^()]*\)", "", order))  # commas inside calls do not count
    if flat.count(",") + 1 < at_least:
        raise Incorrect(f"{name} sorts the rows, but rows tied on those keys come out in id order only "
                        f"by luck: sort by {keys}, the last key breaking the ties")


def _cell(name: str, sql: str) -> str:
    return f'{name} = """\n{sql.strip()}\n"""'


# ------------------------------------------------------------------ LEFT JOIN
LEFT_SQL = """
SELECT s.study, COUNT(p.id) AS heavy
FROM samples AS s
LEFT JOIN penguins AS p ON p.id = s.penguin_id AND p.body_mass_g > 6000
GROUP BY s.study
"""


@exercise(
    "p1.sql.left_join",
    title="LEFT JOIN: keep the groups that have none",
    prompt="Write `query_left`: for every field season (`samples.study`), the study and the number of "
    "its penguins weighing more than 6,000 g, with 0 for a season that has none. Two columns in this "
    "order (names free), one row per study in `samples`, any row order.",
    answer="query_left",
    setup=SQL_SETUP,
    solution=_cell("query_left", LEFT_SQL),
    wrong=[
        _cell("query_left", "SELECT s.study, COUNT(*) FROM samples AS s JOIN penguins AS p ON p.id = "
              "s.penguin_id WHERE p.body_mass_g > 6000 GROUP BY s.study"),
        _cell("query_left", "SELECT s.study, COUNT(p.id) FROM samples AS s LEFT JOIN penguins AS p ON "
              "p.id = s.penguin_id WHERE p.body_mass_g > 6000 GROUP BY s.study"),
        _cell("query_left", "SELECT s.study, COUNT(*) FROM samples AS s LEFT JOIN penguins AS p ON "
              "p.id = s.penguin_id AND p.body_mass_g > 6000 GROUP BY s.study"),
        _cell("query_left", "SELECT s.study, SUM(p.body_mass_g > 6000) FROM samples AS s JOIN penguins "
              "AS p ON p.id = s.penguin_id GROUP BY s.study"),
        _cell("query_left", "SELECT s.study, COUNT(p.id) FROM samples AS s LEFT JOIN penguins AS p ON "
              "p.id = s.penguin_id AND p.body_mass_g >= 6000 GROUP BY s.study"),
        _cell("query_left", "SELECT study, 0 FROM samples WHERE study <> 'PAL0708' GROUP BY study "
              "UNION ALL SELECT 'PAL0708', 2"),
        *_sql_cases.LEFT_JOIN_WRONG,
        *_sql_cases.BLIND_LEFT_JOIN_WRONG,
    ],
    right=[
        _cell("query_left", "SELECT s.study, COALESCE(SUM(p.body_mass_g > 6000), 0) FROM samples s "
              "JOIN penguins p ON p.id = s.penguin_id GROUP BY s.study ORDER BY s.study"),
        _cell("query_left", """
WITH heavy AS (SELECT id FROM penguins WHERE body_mass_g > 6000)
SELECT s.study, COUNT(h.id) AS n
FROM samples s LEFT JOIN heavy h ON h.id = s.penguin_id
GROUP BY s.study"""),
        _cell("query_left", "SELECT study, COUNT(CASE WHEN body_mass_g > 6000 THEN 1 END) FROM samples "
              "INNER JOIN penguins ON penguins.id = samples.penguin_id GROUP BY study"),
        *_sql_cases.LEFT_JOIN_RIGHT,
        *_sql_cases.BLIND_LEFT_JOIN_RIGHT,
    ],
    hints=[
        "An inner JOIN followed by WHERE drops the seasons with no heavy penguin before GROUP BY "
        "sees them. Which join keeps every row of `samples`?",
        "In a LEFT JOIN, a condition in ON decides which penguins are matched, and a sample with no "
        "match still stays, with NULLs. A condition in WHERE then removes those rows again.",
        "Put the mass condition in the ON of a LEFT JOIN from samples to penguins, group by the "
        "study, and count a column of penguins (`COUNT(*)` counts the NULL row too).",
    ],
)
def left_join(answer: Any) -> str:
    try:
        rows = dict(_both(answer, LEFT_SQL, "query_left"))
    except Incorrect as exc:
        if "too few" in exc.message:  # a season went missing: the classic inner-join/WHERE mistake
            raise Incorrect(f"{exc.message}. A season with no heavy penguin disappears when an inner "
                            "JOIN or a WHERE on the penguins' columns removes its rows before "
                            "GROUP BY") from None
        raise
    empty = sorted(study for study, n in rows.items() if n == 0)
    return (f"{', '.join(empty)} kept with 0. `COUNT(column)` skips NULLs while `COUNT(*)` counts "
            "rows, and `SUM` of no values is NULL, not 0.")


# ------------------------------------------------------------------ WHERE vs HAVING
HAVING_SQL = """
SELECT species, island, COUNT(*) AS sexed
FROM penguins
WHERE sex IS NOT NULL
GROUP BY species, island
HAVING COUNT(*) >= 50
"""


@exercise(
    "p1.sql.having",
    title="WHERE filters rows, HAVING filters groups",
    prompt="Write `query_having`: counting only penguins whose sex is recorded, each species and island "
    "with at least 50 such penguins, and how many there are. Three columns in this order (species, "
    "island, count; names free), any row order.",
    answer="query_having",
    setup=SQL_SETUP,
    solution=_cell("query_having", HAVING_SQL),
    wrong=[
        _cell("query_having", "SELECT species, island, COUNT(*) FROM penguins GROUP BY species, island "
              "HAVING COUNT(*) >= 50"),
        _cell("query_having", "SELECT species, island, COUNT(*) FROM penguins GROUP BY species, island "
              "HAVING COUNT(sex) >= 50"),
        _cell("query_having", "SELECT species, island, COUNT(*) FROM penguins WHERE sex IS NOT NULL "
              "GROUP BY species, island HAVING COUNT(*) > 50"),
        _cell("query_having", "SELECT species, island, COUNT(*) FROM penguins WHERE sex IS NOT NULL "
              "GROUP BY species HAVING COUNT(*) >= 50"),
        _cell("query_having", "SELECT species, island, COUNT(*) FROM penguins WHERE sex <> NULL "
              "GROUP BY species, island HAVING COUNT(*) >= 50"),
        _cell("query_having", "SELECT species, island, COUNT(*) FROM penguins WHERE sex IS NOT NULL "
              "AND species <> 'Adelie' GROUP BY species, island HAVING COUNT(*) >= 50 UNION "
              "SELECT 'Adelie', 'Dream', 55"),
        *_sql_cases.HAVING_WRONG,
        *_sql_cases.BLIND_HAVING_WRONG,
    ],
    right=[
        _cell("query_having", "SELECT species, island, COUNT(sex) FROM penguins GROUP BY species, island "
              "HAVING COUNT(sex) >= 50 ORDER BY 3 DESC"),
        _cell("query_having", """
SELECT * FROM (
    SELECT species, island, SUM(sex IN ('male', 'female')) AS n
    FROM penguins GROUP BY species, island
) WHERE n >= 50"""),
        *_sql_cases.HAVING_RIGHT,
        *_sql_cases.BLIND_HAVING_RIGHT,
    ],
    hints=[
        "Two filters at two moments: one removes rows before grouping, the other removes whole "
        "groups after counting.",
        "`WHERE` runs before `GROUP BY` and cannot use COUNT; `HAVING` runs after and can. `sex = "
        "NULL` is never true: test missing values with `IS NULL` / `IS NOT NULL`.",
        "Keep the rows with a recorded sex in WHERE, group by species and island, and keep the groups "
        "whose count reaches 50 in HAVING.",
    ],
)
def having(answer: Any) -> str:
    rows = _both(answer, HAVING_SQL, "query_having")
    return (f"{len(rows)} groups. A group exactly on 50 is in (`>=`), and COUNT(*) after WHERE counts "
            "only the rows WHERE kept.")


# ------------------------------------------------------------------ subqueries and CTEs
ABOVE_SQL = """
WITH species_mean AS (
    SELECT species, AVG(body_mass_g) AS mean_mass
    FROM penguins
    GROUP BY species
)
SELECT p.id, p.species, p.body_mass_g
FROM penguins AS p
JOIN species_mean AS m ON m.species = p.species
WHERE p.body_mass_g > m.mean_mass
"""


def _integer_mean(query: str) -> bool:
    """Whether the query divides a SUM by a COUNT with nothing making it REAL first (`1.0 * SUM`)."""
    for match in re.finditer(r"\bsum\s*\(\s*[\w.]+\s*\)\s*/\s*count\s*\(", query, re.IGNORECASE):
        if not query[:match.start()].rstrip().endswith("*"):
            return True
    return False


@exercise(
    "p1.sql.above_mean",
    title="A CTE (or a subquery): heavier than their own species",
    prompt="Write `query_above`: the penguins heavier than the mean body mass of their own species "
    "(the mean of the known masses). Three columns in this order: id, species, body_mass_g (names "
    "free), any row order.",
    answer="query_above",
    setup=SQL_SETUP,
    solution=_cell("query_above", ABOVE_SQL),
    wrong=[
        _cell("query_above", "SELECT id, species, body_mass_g FROM penguins WHERE body_mass_g > "
              "(SELECT AVG(body_mass_g) FROM penguins)"),
        _cell("query_above", ABOVE_SQL.replace("body_mass_g > m.mean_mass", "body_mass_g >= m.mean_mass")),
        _cell("query_above", ABOVE_SQL.replace("AVG(body_mass_g)", "SUM(body_mass_g) * 1.0 / COUNT(*)")),
        _cell("query_above", ABOVE_SQL.replace("JOIN species_mean AS m ON m.species = p.species",
                                               "JOIN species_mean AS m")),
        _cell("query_above", "SELECT id, species, body_mass_g FROM penguins WHERE body_mass_g > CASE "
              "species WHEN 'Adelie' THEN 3700.66 WHEN 'Chinstrap' THEN 3733.09 ELSE 5076.02 END"),
        _cell("query_above", ABOVE_SQL.replace("AVG(body_mass_g)", "AVG(COALESCE(body_mass_g, 0))")),
        *_sql_cases.ABOVE_MEAN_WRONG,
        *_sql_cases.BLIND_ABOVE_MEAN_WRONG,
    ],
    right=[
        _cell("query_above", "SELECT id, species, body_mass_g FROM penguins AS outer_p WHERE body_mass_g > "
              "(SELECT AVG(body_mass_g) FROM penguins AS inner_p WHERE inner_p.species = outer_p.species)"),
        _cell("query_above", """
SELECT id, species, body_mass_g FROM (
    SELECT id, species, body_mass_g, AVG(body_mass_g) OVER (PARTITION BY species) AS m FROM penguins
) WHERE body_mass_g > m ORDER BY species, body_mass_g DESC"""),
        _cell("query_above", "SELECT p.id, p.species, p.body_mass_g FROM penguins p JOIN (SELECT species, "
              "SUM(body_mass_g) * 1.0 / COUNT(body_mass_g) AS m FROM penguins GROUP BY species) AS a "
              "USING (species) WHERE p.body_mass_g > a.m"),
        *_sql_cases.ABOVE_MEAN_RIGHT,
        *_sql_cases.BLIND_ABOVE_MEAN_RIGHT,
    ],
    hints=[
        "Two steps: first one mean per species, then each penguin compared with the mean of its own "
        "species.",
        "`WITH name AS (SELECT ...)` names a query you can then join like a table; a subquery in "
        "WHERE that refers to the outer row (`WHERE inner.species = outer.species`) works too. AVG "
        "skips NULLs.",
        "A CTE with the species and AVG of the mass grouped by species, joined to penguins on the "
        "species, keeping the masses strictly greater than that mean.",
    ],
)
def above_mean(answer: Any) -> str:
    rows = _both(answer, ABOVE_SQL, "query_above")
    note = ""
    if _integer_mean(answer):  # right rows (whole grams above floor(mean) are above the mean), wrong mean
        note = (" One thing to know: SUM/COUNT of integers is integer division in SQLite, it rounds "
                "down, so your mean is not the mean. The rows come out right only because masses are "
                "whole grams (a whole number above the rounded-down mean is above the mean too); for "
                "the mean itself use AVG or multiply by 1.0.")
    return (f"{len(rows)} penguins. A CTE names a step; it reads top to bottom like the plan in your "
            "head, and a NULL mass is never greater than anything." + note)
