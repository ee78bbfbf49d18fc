"""Phase 1, academic foundation: SQL past the first JOIN (LEFT JOIN, HAVING, CTEs, window functions).

Each check runs the learner's query on the lab's tables and on a second database it makes itself
(`_sql_second`: other penguins, ties, NULLs and a boundary per exercise), and compares the rows
with the reference query's. Column names never matter; column order does, and row order only
where the prompt asks for an ORDER BY.
"""

from __future__ import annotations

from typing import Any

from ...labs import sqlite_lab
from .. import checks
from ..checks import Incorrect
from ..engine import exercise
from . import _sql_second
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
    ],
    right=[
        _cell("query_having", "SELECT species, island, COUNT(sex) FROM penguins GROUP BY species, island "
              "HAVING COUNT(sex) >= 50 ORDER BY 3 DESC"),
        _cell("query_having", """
SELECT * FROM (
    SELECT species, island, SUM(sex IN ('male', 'female')) AS n
    FROM penguins GROUP BY species, island
) WHERE n >= 50"""),
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
    return (f"{len(rows)} penguins. A CTE names a step; it reads top to bottom like the plan in your "
            "head, and a NULL mass is never greater than anything.")


# ------------------------------------------------------------------ RANK / DENSE_RANK / ROW_NUMBER
RANK_SQL = """
SELECT id, species, body_mass_g, place
FROM (
    SELECT id, species, body_mass_g,
           RANK() OVER (PARTITION BY species ORDER BY body_mass_g DESC) AS place
    FROM penguins
    WHERE body_mass_g IS NOT NULL
)
WHERE place <= 3
ORDER BY species, place, id
"""


@exercise(
    "p1.sql.rank",
    title="Window functions: the three heaviest places per species",
    prompt="Write `query_rank`: for each species, its penguins ranked by body mass, heaviest first, with "
    "`RANK` semantics (tied penguins share a place and the next place skips: 1, 2, 2, 4), keeping "
    "places 1 to 3. Penguins with a missing mass are not ranked. Four columns in this order: id, "
    "species, body_mass_g, place (names free), sorted by species, then place, then id.",
    answer="query_rank",
    setup=SQL_SETUP,
    solution=_cell("query_rank", RANK_SQL),
    wrong=[
        _cell("query_rank", RANK_SQL.replace("RANK()", "DENSE_RANK()")),
        _cell("query_rank", RANK_SQL.replace("RANK()", "ROW_NUMBER()")),
        _cell("query_rank", RANK_SQL.replace("PARTITION BY species ", "")),
        _cell("query_rank", RANK_SQL.replace("    WHERE body_mass_g IS NOT NULL\n", "")),
        _cell("query_rank", RANK_SQL.replace("ORDER BY body_mass_g DESC", "ORDER BY body_mass_g")),
        _cell("query_rank", RANK_SQL.replace("ORDER BY species, place, id", "ORDER BY place, species, id")),
        _cell("query_rank", RANK_SQL.replace("WHERE place <= 3", "WHERE place < 3")),
    ],
    right=[
        _cell("query_rank", """
WITH ranked AS (
    SELECT id, species, body_mass_g,
           1 + (SELECT COUNT(*) FROM penguins AS heavier
                WHERE heavier.species = p.species AND heavier.body_mass_g > p.body_mass_g) AS place
    FROM penguins AS p
    WHERE p.body_mass_g IS NOT NULL
)
SELECT * FROM ranked WHERE place <= 3 ORDER BY species, place, id"""),
        _cell("query_rank", """
WITH known AS (SELECT * FROM penguins WHERE body_mass_g IS NOT NULL),
ranked AS (
    SELECT id, species, body_mass_g,
           RANK() OVER w AS place
    FROM known
    WINDOW w AS (PARTITION BY species ORDER BY body_mass_g DESC)
)
SELECT id, species, body_mass_g, place FROM ranked
WHERE place BETWEEN 1 AND 3 ORDER BY 2, 4, 1"""),
    ],
    hints=[
        "A window function computes a value per row from other rows without collapsing them: "
        "`... OVER (PARTITION BY group ORDER BY value)`. Three of them number rows: ROW_NUMBER, RANK, "
        "DENSE_RANK. Which one gives 1, 2, 2, 4?",
        "A window's value cannot be filtered in the same SELECT's WHERE (WHERE runs first): compute "
        "the place in a subquery or CTE, then filter it outside. Leave the NULL masses out before "
        "ranking.",
        "Inner query: the known masses with RANK over a window partitioned by species and ordered by "
        "mass descending. Outer query: places up to 3, sorted by species, place and id.",
    ],
)
def rank(answer: Any) -> str:
    rows = _both(answer, RANK_SQL, "query_rank", ordered=True)
    tied = sum(1 for r in rows if sum(1 for o in rows if o[1] == r[1] and o[3] == r[3]) > 1)
    return (f"{len(rows)} rows, {tied} of them tied on a place. ROW_NUMBER would break ties "
            "arbitrarily; DENSE_RANK would not skip a place after a tie.")


# ------------------------------------------------------------------ running totals
RUNNING_SQL = """
SELECT study, egg_date, COUNT(*) AS nests,
       SUM(COUNT(*)) OVER (PARTITION BY study ORDER BY egg_date) AS so_far
FROM samples
GROUP BY study, egg_date
ORDER BY study, egg_date
"""


@exercise(
    "p1.sql.running_total",
    title="A running total with SUM() OVER",
    prompt="Write `query_running`: for each field season (`study`) and each day a first egg was seen "
    "(`egg_date`), the number of nests that day and the running total of nests in that season up to "
    "and including that day. Four columns in this order: study, egg_date, nests, running total "
    "(names free), sorted by study, then egg_date.",
    answer="query_running",
    setup=SQL_SETUP,
    solution=_cell("query_running", RUNNING_SQL),
    wrong=[
        _cell("query_running", RUNNING_SQL.replace("PARTITION BY study ", "")),
        _cell("query_running", RUNNING_SQL.replace("OVER (PARTITION BY study ORDER BY egg_date)",
                                                   "OVER (PARTITION BY study)")),
        _cell("query_running", RUNNING_SQL.replace(
            "OVER (PARTITION BY study ORDER BY egg_date)",
            "OVER (PARTITION BY study ORDER BY egg_date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)")),
        _cell("query_running", "SELECT study, egg_date, COUNT(*) OVER (PARTITION BY study, egg_date), "
              "COUNT(*) OVER (PARTITION BY study ORDER BY egg_date) FROM samples ORDER BY study, egg_date"),
        _cell("query_running", "SELECT study, egg_date, COUNT(*), COUNT(*) OVER (PARTITION BY study ORDER "
              "BY egg_date) FROM samples GROUP BY study, egg_date ORDER BY study, egg_date"),
        _cell("query_running", "SELECT study, egg_date, COUNT(*), SUM(COUNT(*)) OVER (PARTITION BY study "
              "ORDER BY egg_date DESC) FROM samples GROUP BY study, egg_date ORDER BY study, egg_date"),
    ],
    right=[
        _cell("query_running", """
WITH daily AS (
    SELECT study, egg_date, COUNT(*) AS nests FROM samples GROUP BY study, egg_date
)
SELECT study, egg_date, nests,
       SUM(nests) OVER (PARTITION BY study ORDER BY egg_date
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
FROM daily
ORDER BY study, egg_date"""),
        _cell("query_running", """
SELECT d.study, d.egg_date, d.n,
       (SELECT COUNT(*) FROM samples AS e WHERE e.study = d.study AND e.egg_date <= d.egg_date)
FROM (SELECT study, egg_date, COUNT(*) AS n FROM samples GROUP BY study, egg_date) AS d
ORDER BY d.study ASC, d.egg_date ASC"""),
    ],
    hints=[
        "First the nests per season and day (GROUP BY both), then a total that grows down the rows "
        "of each season: a window function.",
        "`SUM(x) OVER (PARTITION BY g ORDER BY t)` adds x over the rows of the same g up to the "
        "current t. After GROUP BY, a window can sum an aggregate: `SUM(COUNT(*)) OVER (...)`.",
        "Group by study and egg_date, select COUNT(*) and its SUM over a window partitioned by study "
        "and ordered by egg_date, and sort the result by study and egg_date.",
    ],
)
def running_total(answer: Any) -> str:
    rows = _both(answer, RUNNING_SQL, "query_running", ordered=True)
    last = {study: total for study, _day, _n, total in rows}
    return ("each season's total ends at its number of nests: "
            + ", ".join(f"{study} {total}" for study, total in last.items()) + ".")


# ------------------------------------------------------------------ LAG: change over time
LAG_SQL = """
WITH yearly AS (
    SELECT species, year, AVG(body_mass_g) AS mean_mass
    FROM penguins
    GROUP BY species, year
)
SELECT species, year, mean_mass,
       mean_mass - LAG(mean_mass) OVER (PARTITION BY species ORDER BY year) AS change
FROM yearly
ORDER BY species, year
"""
_LAG_EXPR = "mean_mass - LAG(mean_mass) OVER (PARTITION BY species ORDER BY year)"


@exercise(
    "p1.sql.lag",
    title="LAG: the change from one year to the next",
    prompt="Write `query_lag`: one row per species and year present in `penguins`, with the mean body "
    "mass of that species that year (unrounded) and its change from the species' previous year in "
    "the table (this mean minus that one; NULL for a species' first year, and NULL when either mean "
    "is NULL). Four columns in this order: species, year, mean mass, change (names free), sorted by "
    "species, then year.",
    answer="query_lag",
    setup=SQL_SETUP,
    solution=_cell("query_lag", LAG_SQL),
    wrong=[
        _cell("query_lag", LAG_SQL.replace("PARTITION BY species ", "")),
        _cell("query_lag", LAG_SQL.replace(_LAG_EXPR,
                                           _LAG_EXPR.removeprefix("mean_mass - ") + " - mean_mass")),
        _cell("query_lag", LAG_SQL.replace(_LAG_EXPR, _LAG_EXPR.replace("LAG(mean_mass)",
                                                                        "LAG(mean_mass, 1, mean_mass)"))),
        _cell("query_lag", LAG_SQL.replace("    FROM penguins\n",
                                           "    FROM penguins\n    WHERE body_mass_g IS NOT NULL\n")),
        _cell("query_lag", LAG_SQL.replace("LAG(mean_mass)", "LEAD(mean_mass)")),
        _cell("query_lag", "SELECT a.species, a.year, AVG(a.body_mass_g), AVG(a.body_mass_g) - (SELECT "
              "AVG(b.body_mass_g) FROM penguins b WHERE b.species = a.species AND b.year = a.year - 1) "
              "FROM penguins a GROUP BY a.species, a.year ORDER BY a.species, a.year"),
        _cell("query_lag", LAG_SQL.replace("AVG(body_mass_g)", "AVG(COALESCE(body_mass_g, 0))")),
    ],
    right=[
        _cell("query_lag", """
SELECT species, year, AVG(body_mass_g) AS mean_mass,
       AVG(body_mass_g) - LAG(AVG(body_mass_g)) OVER (PARTITION BY species ORDER BY year) AS change
FROM penguins
GROUP BY species, year
ORDER BY species, year"""),
        _cell("query_lag", """
WITH yearly AS (
    SELECT species, year, AVG(body_mass_g) AS m,
           ROW_NUMBER() OVER (PARTITION BY species ORDER BY year) AS k
    FROM penguins GROUP BY species, year
)
SELECT cur.species, cur.year, cur.m, cur.m - prev.m
FROM yearly AS cur LEFT JOIN yearly AS prev ON prev.species = cur.species AND prev.k = cur.k - 1
ORDER BY cur.species, cur.year"""),
    ],
    hints=[
        "One mean per species and year first (GROUP BY), then each row compared with the row before "
        "it within the same species: a window function looks back.",
        "`LAG(x) OVER (PARTITION BY g ORDER BY t)` is x on the previous row of the same g (NULL on the "
        "first). Any arithmetic with NULL gives NULL, which is what the prompt asks for.",
        "A CTE of species, year and AVG of the mass, grouped by both; then select them with the mean "
        "minus its LAG over a window partitioned by species and ordered by year; sort by species and "
        "year.",
    ],
)
def lag(answer: Any) -> str:
    rows = _both(answer, LAG_SQL, "query_lag", ordered=True)
    changes = [(s, y, c) for s, y, _m, c in rows if c is not None]
    species, year, change = max(changes, key=lambda r: abs(r[2]))
    return (f"the largest change: {species} in {year}, {change:+.0f} g on the year before. LAG and "
            "LEAD turn 'compared with last time' into one column.")
