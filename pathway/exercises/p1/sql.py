"""Phase 1, academic foundation: SQL on the penguins lab database, and parameterised queries."""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable
from typing import Any

from ...labs import sqlite_lab
from .. import checks
from ..checks import Incomplete, Incorrect, type_name
from ..engine import BLANK, exercise
from ._shared import SQL_SETUP

SqlTip = Callable[[str, "list[tuple] | None"], "str | None"]


def _sql(query: Any, expected: str, *, ordered: bool = False, name: str,
         tip: SqlTip | None = None) -> list[tuple]:
    """`checks.sql_rows`, with an exercise-specific nudge added to its message.

    `tip` sees the query in lower case and the rows it returned (None if it did not run).
    """
    try:
        return checks.sql_rows(query, sqlite_lab.connect, expected, ordered=ordered, name=name)
    except Incorrect as exc:
        extra = None
        if tip is not None and isinstance(query, str):
            conn = sqlite_lab.connect()
            try:
                rows: list[tuple] | None = conn.execute(query).fetchall()
            except Exception:
                rows = None
            finally:
                conn.close()
            extra = tip(" ".join(query.lower().split()), rows)
        raise Incorrect(_join_sentences(exc.message, extra)) from None


def _variant(change: str) -> Callable[[], sqlite3.Connection]:
    """A `connect` for a fresh lab database with `change` (SQL) applied: the check's own rows."""

    def connect() -> sqlite3.Connection:
        conn = sqlite_lab.connect()
        with conn:
            conn.executescript(change)
        return conn

    return connect


def _on_variant(query: Any, expected: str, change: str, what: str, name: str) -> None:
    """The query gives the reference's rows on a copy of the table that holds a boundary case."""
    try:
        checks.sql_rows(query, _variant(change), expected, name=name)
    except Incorrect as exc:
        raise Incorrect(f"{name} gives the right rows on the lab's table, but not when {what}: "
                        f"{exc.message}") from None


def _join_sentences(first: str, extra: str | None) -> str:
    return f"{first.rstrip('.')}. {extra}" if extra else first


_SPECIES = frozenset({"Adelie", "Chinstrap", "Gentoo"})


def _first_column_not_species(rows: list[tuple] | None) -> bool:
    return bool(rows) and any(len(r) == 0 or r[0] not in _SPECIES for r in rows)


WHERE_SQL = ("SELECT id, island, body_mass_g FROM penguins "
             "WHERE species = 'Gentoo' AND sex = 'female' AND body_mass_g >= 5000")


def _where_tip(query: str, rows: list[tuple] | None) -> str | None:
    if rows is not None and len(rows) < 8:
        return ("Does 'at least 5,000 g' include 5,000 g itself, and are the values spelled as in "
                "the table (case matters)?")
    if rows is not None and len(rows) > 8:
        return "Does every row pass all three conditions? Mind how AND and OR combine"
    return None


@exercise(
    "p1.sql.where",
    title="SELECT ... WHERE with several conditions",
    prompt="Write `query_where`: the `id`, `island` and `body_mass_g` of the female Gentoo "
    "penguins weighing at least 5,000 g, in that column order.",
    answer="query_where",
    setup=SQL_SETUP,
    solution='query_where = """\nSELECT id, island, body_mass_g\nFROM penguins\n'
    "WHERE species = 'Gentoo' AND sex = 'female' AND body_mass_g >= 5000\n\"\"\"",
    wrong=[
        "query_where = \"SELECT id, island, body_mass_g FROM penguins "
        "WHERE species = 'Gentoo' AND sex = 'female' AND body_mass_g > 5000\"",
        "query_where = \"SELECT id, island, body_mass_g FROM penguins "
        "WHERE species = 'Gentoo' OR sex = 'female' AND body_mass_g >= 5000\"",
        "query_where = \"SELECT * FROM penguins "
        "WHERE species = 'Gentoo' AND sex = 'female' AND body_mass_g >= 5000\"",
        "query_where = \"SELECT id, island, body_mass_g FROM penguins "
        "WHERE species = 'Gentoo' AND sex = 'Female' AND body_mass_g >= 5000\"",
        "query_where = \"SELECT island, id, body_mass_g FROM penguins "
        "WHERE species = 'Gentoo' AND sex = 'female' AND body_mass_g >= 5000\"",
        "query_where = \"SELECT id, island, body_mass_g FROM penguins "
        "WHERE species = 'Gentoo' AND body_mass_g >= 5000\"",
    ],
    right=[
        "query_where = \"SELECT id, island, body_mass_g FROM penguins "
        "WHERE body_mass_g >= 5000.0 AND sex = 'female' AND species = 'Gentoo' ORDER BY id\"",
        "query_where = \"select p.id, p.island, p.body_mass_g from penguins p "
        "where p.species = 'Gentoo' and p.sex = 'female' and not p.body_mass_g < 5000\"",
        "query_where = \"SELECT id, island, body_mass_g FROM penguins "
        "WHERE species IN ('Gentoo') AND sex = 'female' AND body_mass_g BETWEEN 5000 AND 1e9\"",
    ],
    hints=[
        "`SELECT columns FROM table WHERE condition`: list the three columns, then the conditions.",
        "Text values go in single quotes (`'Gentoo'`), and conditions join with `AND`. 'At least' "
        "means `>=`.",
        "Three conditions after WHERE, joined with AND: the species, the sex (spelled as in the "
        "table), and a mass of 5,000 or more, which includes 5,000 itself.",
    ],
)
def where(answer: Any) -> str:
    rows = _sql(answer, WHERE_SQL, name="query_where", tip=_where_tip)
    return f"{len(rows)} heavy Gentoo females, all on Biscoe: Gentoos live only there."


MISSING_SQL = "SELECT id, species, island FROM penguins WHERE sex IS NULL"


def _missing_tip(query: str, rows: list[tuple] | None) -> str | None:
    if rows == []:
        return ("In SQL a missing value is NULL, and NULL is never equal to anything, not even "
                "NULL: comparisons with = cannot find it")
    if rows and len(rows) > 11:
        return "Keep only the penguins whose sex is missing"
    return None


@exercise(
    "p1.sql.missing",
    title="Find the missing values: IS NULL",
    prompt="Write `query_missing`: the `id`, `species` and `island` of the penguins whose sex "
    "was not recorded (it is NULL in the table).",
    answer="query_missing",
    setup=SQL_SETUP,
    solution='query_missing = "SELECT id, species, island FROM penguins WHERE sex IS NULL"',
    wrong=[
        'query_missing = "SELECT id, species, island FROM penguins WHERE sex = NULL"',
        "query_missing = \"SELECT id, species, island FROM penguins WHERE sex = 'NA'\"",
        'query_missing = "SELECT id, species, island FROM penguins WHERE sex IS NOT NULL"',
        'query_missing = "SELECT id, species, island FROM penguins WHERE body_mass_g IS NULL"',
        'query_missing = "SELECT id, species, island FROM penguins '
        'WHERE sex IS NULL OR body_mass_g IS NULL"',
        'query_missing = "SELECT id, species, island FROM penguins '
        'WHERE sex IS NULL OR bill_length_mm IS NULL"',
        "query_missing = \"SELECT id, species, island FROM penguins WHERE sex IS NULL OR sex = ''\"\n"
        "query_missing = query_missing.replace('id, ', '')",
    ],
    right=[
        'query_missing = "SELECT id, species, island FROM penguins WHERE sex ISNULL ORDER BY id"',
        "query_missing = \"SELECT id, species, island FROM penguins WHERE COALESCE(sex, 'unknown') "
        "= 'unknown'\"",
    ],
    hints=[
        "The csv file wrote 'NA', but the lab stored missing values as SQL NULL.",
        "`= NULL` is never true: SQL has a special operator to test for NULL.",
        "Filter the rows with that NULL test on the `sex` column, and select the three columns "
        "asked for.",
    ],
)
def missing(answer: Any) -> str:
    rows = _sql(answer, MISSING_SQL, name="query_missing", tip=_missing_tip)
    _on_variant(answer, MISSING_SQL,
                "UPDATE penguins SET body_mass_g = NULL, bill_length_mm = NULL WHERE id = 1;",
                "a penguin of known sex has no mass or bill length (only sex counts here)",
                "query_missing")
    return (f"{len(rows)} penguins of unknown sex. `IS NULL` and `IS NOT NULL` are the only "
            "reliable tests for missing values in SQL.")


GROUP_SQL = ("SELECT species, COUNT(*) AS penguins, ROUND(AVG(body_mass_g), 1) AS mean_mass_g "
             "FROM penguins GROUP BY species ORDER BY species")


def _group_tip(query: str, rows: list[tuple] | None) -> str | None:
    if "count(" in query and "count(*)" not in query.replace(" ", ""):
        return "COUNT(column) skips NULLs in that column; the question counts every penguin"
    if _first_column_not_species(rows) or (rows is not None and len(rows) != 3):
        return "One row per species, the species first: which column do you group by?"
    return None


@exercise(
    "p1.sql.group_by",
    title="GROUP BY: one row per species",
    prompt="Write `query_group`: for each species, the species, the number of penguins, and "
    "their mean body mass rounded to one decimal (`ROUND(..., 1)`), sorted by species name.",
    answer="query_group",
    setup=SQL_SETUP,
    solution='query_group = """\nSELECT species, COUNT(*) AS penguins, '
    "ROUND(AVG(body_mass_g), 1) AS mean_mass_g\nFROM penguins\nGROUP BY species\n"
    'ORDER BY species\n"""',
    wrong=[
        'query_group = "SELECT species, COUNT(body_mass_g), ROUND(AVG(body_mass_g), 1) '
        'FROM penguins GROUP BY species ORDER BY species"',
        'query_group = "SELECT island, COUNT(*), ROUND(AVG(body_mass_g), 1) '
        'FROM penguins GROUP BY island ORDER BY island"',
        'query_group = "SELECT species, COUNT(*), ROUND(AVG(body_mass_g), 1) '
        'FROM penguins GROUP BY species ORDER BY species DESC"',
        'query_group = "SELECT species, COUNT(*), AVG(body_mass_g) '
        'FROM penguins GROUP BY species ORDER BY species"',
        'query_group = "SELECT species, COUNT(*), ROUND(AVG(body_mass_g), 1) '
        'FROM penguins WHERE sex IS NOT NULL GROUP BY species ORDER BY species"',
        'query_group = "SELECT species, COUNT(*), ROUND(AVG(body_mass_g), 1) '
        'FROM penguins GROUP BY species"',
    ],
    right=[
        'query_group = "SELECT species, COUNT(id), ROUND(AVG(body_mass_g), 1) '
        'FROM penguins GROUP BY 1 ORDER BY 1"',
        'query_group = "SELECT species, COUNT(*) AS n, ROUND(SUM(body_mass_g) * 1.0 / '
        'COUNT(body_mass_g), 1) AS mean_mass FROM penguins GROUP BY species ORDER BY species ASC"',
    ],
    hints=[
        "Grouping by the species column makes one group per species; aggregate functions "
        "(COUNT, AVG) then summarise each group.",
        "`COUNT(*)` counts rows; `AVG(column)` ignores NULLs; `ROUND(x, 1)` keeps one decimal; "
        "`ORDER BY` comes last.",
        "Select the species, a count of all rows and the rounded average mass; group by the "
        "species and sort by it last.",
    ],
)
def group_by(answer: Any) -> str:
    rows = _sql(answer, GROUP_SQL, ordered=True, name="query_group", tip=_group_tip)
    if not re.search(r"\border\s+by\b", str(answer), re.IGNORECASE):
        raise Incorrect("the rows come out sorted here only because SQLite happens to group them "
                        "in order; without ORDER BY no order is promised. Sort them explicitly")
    return "; ".join(f"{s}: {n} penguins, {m:.1f} g" for s, n, m in rows) + "."


JOIN_SQL = ("SELECT p.species, COUNT(*) FROM penguins AS p JOIN samples AS s "
            "ON s.penguin_id = p.id WHERE s.clutch_completion = 'No' GROUP BY p.species")


def _join_tip(query: str, rows: list[tuple] | None) -> str | None:
    if "join" in query and " on " not in query and "using" not in query:
        return "A JOIN needs its condition (ON ...): without it every penguin pairs with every sample"
    if "join" not in query:
        return "species lives in `penguins` and clutch_completion in `samples`: join them"
    if _first_column_not_species(rows):
        return "Each row should start with a species: which column do you select and group by?"
    if "'yes'" in query:
        return "Which value of clutch_completion marks a nest that never held a full clutch?"
    return None


@exercise(
    "p1.sql.join",
    title="JOIN two tables",
    prompt="Species is in `penguins`, clutch completion in `samples` (linked by "
    "`samples.penguin_id = penguins.id`). Write `query_join`: for each species, the species and "
    "the number of its nests that never held a full clutch (`clutch_completion = 'No'`).",
    answer="query_join",
    setup=SQL_SETUP,
    solution='query_join = """\nSELECT p.species, COUNT(*) AS incomplete\nFROM penguins AS p\n'
    "JOIN samples AS s ON s.penguin_id = p.id\nWHERE s.clutch_completion = 'No'\n"
    'GROUP BY p.species\n"""',
    wrong=[
        "query_join = \"SELECT p.species, COUNT(*) FROM penguins AS p JOIN samples AS s "
        "WHERE s.clutch_completion = 'No' GROUP BY p.species\"",
        "query_join = \"SELECT p.species, COUNT(*) FROM penguins AS p JOIN samples AS s "
        "ON s.penguin_id = p.id WHERE s.clutch_completion = 'Yes' GROUP BY p.species\"",
        "query_join = \"SELECT p.island, COUNT(*) FROM penguins AS p JOIN samples AS s "
        "ON s.penguin_id = p.id WHERE s.clutch_completion = 'No' GROUP BY p.island\"",
        "query_join = \"SELECT p.species, COUNT(*) FROM penguins AS p LEFT JOIN samples AS s "
        "ON s.penguin_id = p.id GROUP BY p.species\"",
        "query_join = \"SELECT p.species, COUNT(*) FROM penguins AS p JOIN samples AS s "
        "ON s.penguin_id = p.id WHERE s.clutch_completion = 'no' GROUP BY p.species\"",
    ],
    right=[
        "query_join = \"SELECT penguins.species, COUNT(samples.penguin_id) FROM samples "
        "INNER JOIN penguins ON penguins.id = samples.penguin_id "
        "WHERE samples.clutch_completion = 'No' GROUP BY penguins.species ORDER BY 2 DESC\"",
        "query_join = \"SELECT p.species, SUM(s.clutch_completion = 'No') AS incomplete "
        "FROM penguins AS p JOIN samples AS s ON s.penguin_id = p.id GROUP BY p.species "
        "HAVING incomplete > 0\"",
    ],
    hints=[
        "`FROM a_table AS a JOIN another AS b ON <how rows match>` puts each penguin's sample "
        "next to it; then filter and group as before.",
        "The rows match when the sample's `penguin_id` equals the penguin's `id`. Then keep the "
        "samples whose clutch completion is 'No', and group by the penguin's species.",
        "The penguins joined to their samples ON the matching ids, a WHERE on the clutch, a "
        "GROUP BY on the species, and the species with `COUNT(*)` in the SELECT.",
    ],
)
def join(answer: Any) -> str:
    rows = _sql(answer, JOIN_SQL, name="query_join", tip=_join_tip)
    counts = dict(rows)
    return (f"{sum(counts.values())} nests never held a full clutch; Chinstraps, the fewest "
            "penguins, have as many as Adelies.")


# ------------------------------------------------------------------ SQL: parameterised queries

_ISLAND_CASES = ("Biscoe", "Dream", "Torgersen", "Atlantis", "Dream' OR '1'='1",
                 "King George's Island", "%", "Bis%", "dream")


@functools.cache
def _island_counts() -> dict[str, int]:
    conn = sqlite_lab.connect()
    try:
        return {
            name: conn.execute("SELECT COUNT(*) FROM penguins WHERE island = ?", (name,)).fetchone()[0]
            for name in _ISLAND_CASES
        }
    finally:
        conn.close()


def _code_strings(fn: Any) -> list[str]:
    """The string constants of a function's code, nested code included (its SQL text)."""
    found, stack = [], [getattr(fn, "__code__", None)]
    while stack:
        code = stack.pop()
        if code is None:
            continue
        for const in code.co_consts:
            if isinstance(const, str):
                found.append(const)
            elif hasattr(const, "co_consts"):
                stack.append(const)
    return found


@exercise(
    "p1.sql.parameterised",
    title="A parameterised query",
    prompt="Write `island_count(conn, island)`: it runs a query with a `?` placeholder on the "
    "connection `conn` and returns the number of penguins measured on `island`, as an int. It "
    "must work for any text, including names with quotes in them.",
    answer="island_count",
    setup=SQL_SETUP,
    solution="""
def island_count(conn, island):
    cursor = conn.execute("SELECT COUNT(*) FROM penguins WHERE island = ?", (island,))
    return cursor.fetchone()[0]
""",
    wrong=[
        """
def island_count(conn, island):
    cursor = conn.execute(f"SELECT COUNT(*) FROM penguins WHERE island = '{island}'")
    return cursor.fetchone()[0]
""",
        """
def island_count(conn, island):
    cursor = conn.execute("SELECT COUNT(*) FROM penguins WHERE island = ?", (island))
    return cursor.fetchone()[0]
""",
        """
def island_count(conn, island):
    return conn.execute("SELECT COUNT(*) FROM penguins WHERE island = ?", (island,)).fetchone()
""",
        """
def island_count(conn, island):
    cursor = conn.execute("SELECT COUNT(*) FROM penguins WHERE island LIKE ?", (island,))
    return cursor.fetchone()[0]
""",
        """
def island_count(conn, island):
    cursor = conn.execute("SELECT COUNT(*) FROM penguins WHERE island = '%s'" % island)
    return cursor.fetchone()[0]
""",
        """
def island_count(conn, island):
    conn.execute("SELECT COUNT(*) FROM penguins WHERE island = ?", (island,))
""",
        """
def island_count(conn, island):
    safe = island.replace("'", "''")
    return conn.execute(f"SELECT COUNT(*) FROM penguins WHERE island = '{safe}'").fetchone()[0]
""",
    ],
    right=[
        """
def island_count(conn, island):
    rows = conn.execute("SELECT id FROM penguins WHERE island = :name", {"name": island}).fetchall()
    return len(rows)
""",
        """
def island_count(conn, island):
    (count,) = conn.execute("SELECT COUNT(*) FROM penguins WHERE island = ?", [island]).fetchone()
    return int(count)
""",
    ],
    hints=[
        "Put a `?` where the value goes in the SQL text, and pass the value separately as the "
        "second argument of `conn.execute`. SQLite then treats it as data, never as SQL.",
        "The parameters are a sequence: a tuple of one element needs its comma, `(island,)`. "
        "`fetchone()` returns a row, which is a tuple too.",
        "Execute the COUNT query with `island = ?` and the one-element tuple as its parameters; "
        "the count is the first (and only) value of the row `fetchone()` gives back.",
    ],
)
def parameterised(answer: Any) -> str:
    expected = _island_counts()
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type_name(answer)}")
    for island in _ISLAND_CASES:
        conn = sqlite_lab.connect()
        try:
            got = answer(conn, island)
        except Exception as exc:
            said = f"island_count(conn, {island!r}) raised {type(exc).__name__}: {exc}"
            if "'" in island and isinstance(exc, sqlite3.Error):
                raise Incorrect(_join_sentences(
                    said, "A quote in the value broke the SQL text: the value is being pasted "
                    "into the query instead of passed as a parameter")) from None
            if "binding" in str(exc):
                raise Incorrect(_join_sentences(
                    said, "Look at the type of the parameters you pass: a string is itself a "
                    "sequence of characters")) from None
            raise Incorrect(said) from None
        finally:
            conn.close()
        if got is BLANK:
            raise Incomplete("island_count still returns `____`: write its body")
        if got is None:
            raise Incorrect(checks.returned_none(f"island_count(conn, {island!r})"))
        if isinstance(got, (tuple, list, sqlite3.Row)):
            raise Incorrect(f"island_count(conn, {island!r}) returned a row, {checks.short(got)}: "
                            "return the number inside it")
        if not isinstance(got, int) or isinstance(got, bool):
            raise Incorrect(f"island_count(conn, {island!r}) returned {type_name(got)}; it should "
                            "return an int")
        if got != expected[island]:
            if "%" in island and got > 0:
                raise Incorrect(
                    f"island_count(conn, {island!r}) returned {got}: '%' was read as a wildcard. "
                    "LIKE matches patterns; the question asks for the island of exactly that name"
                )
            if island == "dream" and got == expected["Dream"]:
                raise Incorrect("island_count(conn, 'dream') counts the penguins of 'Dream': the "
                                "comparison ignores case. Compare the name exactly")
            if "OR" in island:
                raise Incorrect(
                    f"island_count(conn, {island!r}) returned {got}, but no island has that name: "
                    "the text rewrote your query (SQL injection). Pass the value as a parameter"
                )
            raise Incorrect(f"island_count(conn, {island!r}) returned {got}, which is not right")
    # Escaping quotes by hand passes every case; the rule is a placeholder, read from the code.
    sql = [s for s in _code_strings(answer) if re.search(r"\bselect\b", s, re.IGNORECASE)]
    if sql and not any(re.search(r"\?|[:@$][A-Za-z_]\w*", s) for s in sql):
        raise Incorrect("island_count's SQL text has no placeholder: the value is built into the "
                        "query. Put a `?` where it goes and pass the value separately")
    return ("counts right, quotes harmless, and the injection attempt finds 0 penguins: the value "
            "never became SQL.")
