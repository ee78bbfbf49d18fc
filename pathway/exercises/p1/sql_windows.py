"""Phase 1, academic foundation: window functions (RANK, running totals with SUM() OVER, LAG).

Checked like the rest of Part 4 (`sql_depth`): on the lab's tables and on the second database, in
the order the prompt asks for, with an outer ORDER BY that promises it.
"""

from __future__ import annotations

from typing import Any

from ..engine import exercise
from . import _sql_cases
from ._shared import SQL_SETUP
from .sql_depth import _both, _cell, _sorted_explicitly

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
        *_sql_cases.RANK_WRONG,
        *_sql_cases.BLIND_RANK_WRONG,
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
        *_sql_cases.RANK_RIGHT,
        *_sql_cases.BLIND_RANK_RIGHT,
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
    _sorted_explicitly(answer, "query_rank", "species, then place, then id", at_least=3)
    tied = sum(1 for r in rows if sum(1 for o in rows if o[1] == r[1] and o[3] == r[3]) > 1)
    return (f"{len(rows)} rows, {tied} of them tied on a place. ROW_NUMBER would break ties "
            "arbitrarily; DENSE_RANK would not skip a place after a tie.")


# ------------------------------------------------------------------ running totals
RUNNING_SQL = """
SELECT study, egg_date, COUNT(*) AS adults,
       SUM(COUNT(*)) OVER (PARTITION BY study ORDER BY egg_date) AS so_far
FROM samples
GROUP BY study, egg_date
ORDER BY study, egg_date
"""


@exercise(
    "p1.sql.running_total",
    title="A running total with SUM() OVER",
    prompt="Write `query_running`: for each field season (`study`) and each day a first egg was seen "
    "(`egg_date`), the number of `samples` rows with that date (each row is one sampled adult; the "
    "two adults of a nest are two rows) and the running total of those rows in that season up to "
    "and including that day. Four columns in this order: study, egg_date, rows that day, running "
    "total (names free), sorted by study, then egg_date.",
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
        *_sql_cases.RUNNING_TOTAL_WRONG,
        *_sql_cases.BLIND_RUNNING_TOTAL_WRONG,
    ],
    right=[
        _cell("query_running", """
WITH daily AS (
    SELECT study, egg_date, COUNT(*) AS adults FROM samples GROUP BY study, egg_date
)
SELECT study, egg_date, adults,
       SUM(adults) OVER (PARTITION BY study ORDER BY egg_date
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
FROM daily
ORDER BY study, egg_date"""),
        _cell("query_running", """
SELECT d.study, d.egg_date, d.n,
       (SELECT COUNT(*) FROM samples AS e WHERE e.study = d.study AND e.egg_date <= d.egg_date)
FROM (SELECT study, egg_date, COUNT(*) AS n FROM samples GROUP BY study, egg_date) AS d
ORDER BY d.study ASC, d.egg_date ASC"""),
        *_sql_cases.RUNNING_TOTAL_RIGHT,
        *_sql_cases.BLIND_RUNNING_TOTAL_RIGHT,
    ],
    hints=[
        "First the rows per season and day (GROUP BY both), then a total that grows down the rows "
        "of each season: a window function.",
        "`SUM(x) OVER (PARTITION BY g ORDER BY t)` adds x over the rows of the same g up to the "
        "current t. After GROUP BY, a window can sum an aggregate: `SUM(COUNT(*)) OVER (...)`.",
        "Group by study and egg_date, select COUNT(*) and its SUM over a window partitioned by study "
        "and ordered by egg_date, and sort the result by study and egg_date.",
    ],
)
def running_total(answer: Any) -> str:
    rows = _both(answer, RUNNING_SQL, "query_running", ordered=True)
    _sorted_explicitly(answer, "query_running", "study, then egg_date")
    last = {study: total for study, _day, _n, total in rows}
    return ("each season's total ends at its number of sampled adults: "
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
        *_sql_cases.LAG_WRONG,
        *_sql_cases.BLIND_LAG_WRONG,
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
        *_sql_cases.LAG_RIGHT,
        *_sql_cases.BLIND_LAG_RIGHT,
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
    _sorted_explicitly(answer, "query_lag", "species, then year")
    changes = [(s, y, c) for s, y, _m, c in rows if c is not None]
    species, year, change = max(changes, key=lambda r: abs(r[2]))
    return (f"the largest change: {species} in {year}, {change:+.0f} g on the year before. LAG and "
            "LEAD turn 'compared with last time' into one column.")
