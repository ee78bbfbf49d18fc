"""Phase 1, Academic Foundation: Python, SQL, the other languages of the roadmap, the degree choice.

Python exercises read the shipped Palmer penguins CSVs with the standard library; SQL exercises
run against `pathway.labs.sqlite_lab.connect()`, the same in-memory database the notebook builds.
"""

from __future__ import annotations

import functools
import math
import numbers
import sqlite3
from collections.abc import Callable
from typing import Any

from ..labs import sqlite_lab
from . import checks
from .checks import Incomplete, Incorrect, type_name
from .engine import BLANK, exercise

# ------------------------------------------------------------------ shared setup and data

ROWS_SETUP = """
import csv
from pathway.labs import datasets

with open(datasets.path("penguins.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
"""

SQL_SETUP = "from pathway.labs import sqlite_lab\nconn = sqlite_lab.connect()"


@functools.cache
def _csv_rows(name: str) -> tuple[dict[str, str], ...]:
    import csv

    from ..labs import datasets

    with open(datasets.path(name), newline="", encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


def _fresh_rows() -> list[dict[str, str]]:
    """A new copy of penguins.csv as csv.DictReader rows (a learner's function may mutate it)."""
    return [dict(r) for r in _csv_rows("penguins.csv")]


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


# ------------------------------------------------------------------ Python: the csv module


@exercise(
    "p1.python.read_csv",
    title="Read a CSV whose fields contain commas",
    prompt="Read `penguins-raw.csv` (its path is `datasets.path(\"penguins-raw.csv\")`) with the "
    "standard library's `csv` module and set `raw_rows` to a list with one dictionary per "
    "penguin, keyed by column name, values left as the strings the file holds.",
    answer="raw_rows",
    setup="import csv\nfrom pathway.labs import datasets",
    solution="""
with open(datasets.path("penguins-raw.csv"), newline="") as f:
    raw_rows = list(csv.DictReader(f))
""",
    wrong=[
        """
with open(datasets.path("penguins-raw.csv")) as f:
    header = f.readline().strip().split(",")
    raw_rows = [dict(zip(header, line.strip().split(","))) for line in f]
""",
        """
with open(datasets.path("penguins-raw.csv"), newline="") as f:
    raw_rows = list(csv.reader(f))
""",
        """
with open(datasets.path("penguins-raw.csv"), newline="") as f:
    raw_rows = csv.DictReader(f)
""",
    ],
    hints=[
        "Open the file with `open(path, newline=\"\")` inside a `with` block, and let the `csv` "
        "module split the lines: it knows that a comma inside quotes is part of the field.",
        "`csv.reader` gives each row as a list; `csv.DictReader` gives each row as a dictionary "
        "keyed by the header line. A reader is read lazily, once: wrap it in `list(...)` while "
        "the file is still open.",
        "Inside `with open(datasets.path(\"penguins-raw.csv\"), newline=\"\") as f:` write "
        "`raw_rows = list(csv.DictReader(f))`.",
    ],
)
def read_csv(answer: Any) -> str:
    import csv

    expected = _csv_rows("penguins-raw.csv")
    if isinstance(answer, csv.DictReader) or type(answer).__name__ == "reader":
        raise Incorrect(
            "raw_rows is the reader itself, not the rows: a reader is read lazily and only once "
            "(and not at all once the file is closed). Collect its rows into a list."
        )
    checks.expect_type(answer, list, "a list of rows")
    if answer and not isinstance(answer[0], dict):
        raise Incorrect(
            f"each row should be a dictionary keyed by column name, but the first is "
            f"{type_name(answer[0])}: which reader in the csv module builds dictionaries?"
        )
    if len(answer) == len(expected) + 1:
        raise Incorrect("raw_rows has one row too many: is the header line counted as a penguin?")
    if len(answer) != len(expected):
        raise Incorrect(f"raw_rows has {len(answer)} rows; the file describes {len(expected)} penguins")
    first = answer[0]
    want_first = expected[0]
    if set(map(str, first)) != set(want_first):
        raise Incorrect("the first row's keys are not the file's column names: read the header "
                        "line as the keys")
    if first.get("Stage") != want_first["Stage"]:
        raise Incorrect(
            f"the first row's 'Stage' is {first.get('Stage')!r}, but the file has a longer value "
            "there, in quotes because it contains a comma: splitting lines on ',' cut it in two. "
            "The csv module understands the quotes."
        )
    for number, (got, want) in enumerate(zip(answer, expected)):
        if not isinstance(got, dict) or got != want:
            raise Incorrect(
                f"row {number} differs from the file: keep every value as the string the csv "
                "module reads (no conversions yet)"
            )
    return (f"{len(answer)} penguins read, quoted fields intact. Every value is still a string "
            "(numbers too, and 'NA' for missing): converting is the next step.")


# ------------------------------------------------------------------ Python: data structures


@functools.cache
def _islands() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for row in _csv_rows("penguins.csv"):
        found.setdefault(row["species"], set()).add(row["island"])
    return {k: frozenset(v) for k, v in found.items()}


@exercise(
    "p1.python.islands",
    title="A dictionary of sets",
    prompt="Build `islands_by_species`: a dictionary whose keys are the species in `rows` and "
    "whose values are the *set* of islands where that species was measured.",
    answer="islands_by_species",
    setup=ROWS_SETUP,
    solution="""
islands_by_species = {}
for row in rows:
    islands_by_species.setdefault(row["species"], set()).add(row["island"])
""",
    wrong=[
        'islands_by_species = {row["species"]: row["island"] for row in rows}',
        """
islands_by_species = {}
for row in rows:
    islands_by_species.setdefault(row["species"], []).append(row["island"])
""",
        'islands_by_species = {row["island"]: {row["species"]} for row in rows}',
    ],
    hints=[
        "Loop over `rows` once. For each row, find (or create) the collection of islands of its "
        "species, and add the row's island to it.",
        "A set keeps each island once however often you add it. `d.setdefault(key, set())` "
        "returns the set stored under `key`, creating an empty one the first time.",
        "In the loop: `islands_by_species.setdefault(row[\"species\"], set()).add(row[\"island\"])`.",
    ],
)
def islands(answer: Any) -> str:
    expected = _islands()
    checks.expect_type(answer, dict, "a dictionary")
    keys = set(answer)
    if keys and keys <= {"Biscoe", "Dream", "Torgersen"}:
        raise Incorrect("the keys of islands_by_species are islands: the question asks for one "
                        "key per species")
    checks.same_set(answer.keys(), expected.keys(), "the keys of islands_by_species")
    for species in sorted(expected):
        got = answer[species]
        if isinstance(got, str):
            raise Incorrect(
                f"islands_by_species[{species!r}] is one string, {got!r}: a species can live on "
                "several islands, and a single value keeps only the last one seen"
            )
        if isinstance(got, list):
            raise Incorrect(
                f"islands_by_species[{species!r}] is a list of {len(got)} entries with repeats: "
                "which data structure keeps each member only once?"
            )
        if not isinstance(got, (set, frozenset)):
            raise Incorrect(f"islands_by_species[{species!r}] should be a set, got {type_name(got)}")
        checks.same_set(got, expected[species], f"islands_by_species[{species!r}]")
    return "only the Adelie penguins were measured on all three islands; Gentoos only on Biscoe."


# ------------------------------------------------------------------ Python: comprehensions


@functools.cache
def _gentoo_masses() -> tuple[float, ...]:
    return tuple(
        float(r["body_mass_g"]) for r in _csv_rows("penguins.csv")
        if r["species"] == "Gentoo" and r["body_mass_g"] != "NA"
    )


@exercise(
    "p1.python.comprehension",
    title="Filter and convert in one comprehension",
    prompt="With one list comprehension over `rows`, set `gentoo_masses` to the body masses of "
    "the Gentoo penguins as numbers (floats), in file order, leaving out the missing ones ('NA').",
    answer="gentoo_masses",
    setup=ROWS_SETUP,
    solution="""
gentoo_masses = [
    float(row["body_mass_g"])
    for row in rows
    if row["species"] == "Gentoo" and row["body_mass_g"] != "NA"
]
""",
    wrong=[
        'gentoo_masses = [row["body_mass_g"] for row in rows '
        'if row["species"] == "Gentoo" and row["body_mass_g"] != "NA"]',
        'gentoo_masses = [float(row["body_mass_g"]) for row in rows if row["body_mass_g"] != "NA"]',
        'gentoo_masses = sorted(float(row["body_mass_g"]) for row in rows '
        'if row["species"] == "Gentoo" and row["body_mass_g"] != "NA")',
    ],
    hints=[
        "A comprehension can filter as well as transform: `[expression for row in rows if "
        "condition]`.",
        "Two conditions, joined with `and`: the species is \"Gentoo\", and the mass is not the "
        "string \"NA\". The csv module gives strings: convert with `float(...)`.",
        "`[float(row[\"body_mass_g\"]) for row in rows if row[\"species\"] == \"Gentoo\" and "
        "row[\"body_mass_g\"] != \"NA\"]`.",
    ],
)
def comprehension(answer: Any) -> str:
    expected = _gentoo_masses()
    checks.expect_type(answer, list, "a list (a list comprehension uses square brackets)")
    if any(isinstance(v, str) for v in answer):
        raise Incorrect("gentoo_masses holds strings: the csv module reads every field as text; "
                        "convert each mass to a number")
    bad = next((v for v in answer if not _is_number(v)), BLANK)
    if bad is not BLANK:
        raise Incorrect(f"every element should be a number, but one is {type_name(bad)}")
    if any(math.isnan(v) for v in answer):
        raise Incorrect("gentoo_masses contains NaN: leave the missing masses out instead")
    gap = len(answer) - len(expected)
    if gap > 0:
        raise Incorrect(f"gentoo_masses has {gap} masses too many: is every one of them a Gentoo's?")
    if gap < 0:
        raise Incorrect(f"gentoo_masses has {-gap} masses too few: which rows does your filter "
                        "leave out?")
    if sorted(answer) == sorted(expected) and list(answer) != list(expected):
        raise Incorrect("the right masses in a different order: keep the order of the file")
    checks.sequence(answer, list(expected), "gentoo_masses")
    return (f"{len(answer)} masses, from {min(answer):.0f} g to {max(answer):.0f} g. One Gentoo "
            "has no recorded mass.")


# ------------------------------------------------------------------ Python: an algorithm and its cost

_DEDUPE_N = 200  # distinct values in the cost test; a quadratic dedupe makes ~n*n comparisons


class _Counted:
    """A value that counts how often `==` is asked of it: the cost test's probe."""

    comparisons = 0

    def __init__(self, value: int) -> None:
        self.value = value

    def __hash__(self) -> int:
        return hash(self.value)

    def __eq__(self, other: object) -> bool:
        _Counted.comparisons += 1
        return isinstance(other, _Counted) and other.value == self.value

    def __repr__(self) -> str:
        return f"<{self.value}>"


def _dedupe_cases() -> list[tuple[tuple[Any, ...], list[Any]]]:
    species = [r["species"] for r in _csv_rows("penguins.csv")]
    return [
        (([3, 1, 3, 2, 1],), [3, 1, 2]),
        (([],), []),
        ((["b", "a", "b", "c", "a"],), ["b", "a", "c"]),
        (([7],), [7]),
        (([5, 5, 5, 5],), [5]),
        ((species,), list(dict.fromkeys(species))),
    ]


@exercise(
    "p1.python.dedupe",
    title="Remove duplicates in linear time, keeping order",
    prompt="Write `dedupe(items)`: it returns a new list with the items of `items` in their "
    "original order, each kept only at its first appearance, in time that grows linearly with "
    "the length of the list (no nested search through the list).",
    answer="dedupe",
    solution="""
def dedupe(items):
    seen = set()
    result = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result
""",
    wrong=[
        """
def dedupe(items):
    result = []
    for item in items:
        if item not in result:
            result.append(item)
    return result
""",
        """
def dedupe(items):
    return list(set(items))
""",
        """
def dedupe(items):
    seen = set()
    for item in items:
        seen.add(item)
    return sorted(seen)
""",
    ],
    hints=[
        "`item not in result` on a list compares `item` with every element kept so far: that "
        "inner search is what makes the simple version quadratic. A set answers `in` in "
        "constant time on average, by hashing.",
        "Keep two things as you loop: a set of the items already seen (for fast membership) and "
        "a list of the result (a set alone forgets the order).",
        "`seen = set()`, `result = []`; for each item, if it is not in `seen`, add it to `seen` "
        "and append it to `result`; return `result`. (`list(dict.fromkeys(items))` also works: "
        "dictionaries keep insertion order.)",
    ],
)
def dedupe(answer: Any) -> str:
    for (items,), expected in _dedupe_cases():
        given = list(items)
        result = checks.call(answer, given, name="dedupe")
        shown = checks.short(items)
        if given != items:
            raise Incorrect(f"dedupe({shown}) changed the list it was given: build a new list")
        if not isinstance(result, list):
            raise Incorrect(f"dedupe({shown}) returned {type_name(result)}; it should return a list")
        if result != expected:
            if sorted(map(repr, result)) == sorted(map(repr, expected)):
                raise Incorrect(f"dedupe({shown}) returned {checks.short(result)}: the right items "
                                "in the wrong order. Sets do not remember order")
            raise Incorrect(f"dedupe({shown}) returned {checks.short(result)}, which is not right")
    order = [(v * 77) % _DEDUPE_N for v in range(_DEDUPE_N)]  # a fixed shuffle of 0..n-1
    probes = [_Counted(v) for v in order] + [_Counted(v) for v in reversed(order)]
    _Counted.comparisons = 0
    result = checks.call(answer, probes, name="dedupe")
    used = _Counted.comparisons
    if (not isinstance(result, list) or not all(isinstance(p, _Counted) for p in result)
            or [p.value for p in result] != order):
        raise Incorrect("dedupe gives a wrong result on a longer list of 400 items")
    quadratic = _DEDUPE_N * _DEDUPE_N
    if used > 10 * len(probes):
        raise Incorrect(
            f"the results are right, but on 400 items (200 distinct) dedupe compared items with "
            f"`==` {used:,} times: it searches through what it has kept for every new item, so "
            "doubling the input quadruples the work. Remember what you have seen in a structure "
            "that answers `in` without searching"
        )
    return (f"right, and linear: on 400 items your dedupe made {used:,} `==` comparisons, where "
            f"the nested-search version makes about {quadratic:,}.")


# ------------------------------------------------------------------ Python: the side-by-side task


def _reference_mass_stats(rows: list[dict[str, str]]) -> dict[str, tuple[float, float]]:
    import statistics

    masses: dict[str, list[float]] = {}
    for row in rows:
        if row["body_mass_g"] != "NA":
            masses.setdefault(row["species"], []).append(float(row["body_mass_g"]))
    return {s: (statistics.mean(m), statistics.stdev(m)) for s, m in masses.items()}


_SMALL_ROWS = [
    {"species": "Emperor", "body_mass_g": "22000"},
    {"species": "Emperor", "body_mass_g": "NA"},
    {"species": "King", "body_mass_g": "11000"},
    {"species": "Emperor", "body_mass_g": "30000"},
    {"species": "King", "body_mass_g": "14000"},
    {"species": "Emperor", "body_mass_g": "26000"},
]


@exercise(
    "p1.python.mass_stats",
    title="Mean and standard deviation per species",
    prompt="Write `mass_stats(rows)`: given rows like those of `csv.DictReader` (with at least "
    "the keys 'species' and 'body_mass_g'), return a dictionary mapping each species to a tuple "
    "`(mean, sd)` of its body masses, skipping 'NA', where `sd` is the *sample* standard "
    "deviation, as in the R, Java and C++ versions.",
    answer="mass_stats",
    solution="""
import statistics


def mass_stats(rows):
    masses = {}
    for row in rows:
        if row["body_mass_g"] != "NA":
            masses.setdefault(row["species"], []).append(float(row["body_mass_g"]))
    return {
        species: (statistics.mean(values), statistics.stdev(values))
        for species, values in masses.items()
    }
""",
    wrong=[
        """
import statistics


def mass_stats(rows):
    masses = {}
    for row in rows:
        if row["body_mass_g"] != "NA":
            masses.setdefault(row["species"], []).append(float(row["body_mass_g"]))
    return {s: (statistics.mean(v), statistics.pstdev(v)) for s, v in masses.items()}
""",
        """
import statistics


def mass_stats(rows):
    masses = {}
    for row in rows:
        masses.setdefault(row["species"], []).append(float(row["body_mass_g"]))
    return {s: (statistics.mean(v), statistics.stdev(v)) for s, v in masses.items()}
""",
        """
import statistics


def mass_stats(rows):
    masses = [float(r["body_mass_g"]) for r in rows if r["body_mass_g"] != "NA"]
    return {"all": (statistics.mean(masses), statistics.stdev(masses))}
""",
    ],
    hints=[
        "First group: build a dictionary species -> list of masses (as floats, skipping 'NA'). "
        "Then summarise each list.",
        "The standard library's `statistics` module has `mean`, `stdev` (sample, divides by "
        "n - 1, like R's `sd`) and `pstdev` (population, divides by n).",
        "After grouping into `masses`, return `{species: (statistics.mean(v), statistics.stdev(v)) "
        "for species, v in masses.items()}`.",
    ],
)
def mass_stats(answer: Any) -> str:
    for label, rows in (("the penguin rows", _fresh_rows()), ("a small made-up table", _SMALL_ROWS)):
        expected = _reference_mass_stats(rows)
        result = checks.call(answer, [dict(r) for r in rows], name="mass_stats")
        if not isinstance(result, dict):
            raise Incorrect(f"mass_stats returned {type_name(result)} on {label}; it should "
                            "return a dictionary")
        checks.same_set(result.keys(), expected.keys(), f"the species mass_stats found in {label}")
        for species, (mean, sd) in sorted(expected.items()):
            pair = result[species]
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise Incorrect(f"mass_stats(...)[{species!r}] should be a pair (mean, sd), "
                                f"got {checks.short(pair)}")
            got_mean, got_sd = pair
            if not (_is_number(got_mean) and _is_number(got_sd)):
                raise Incorrect(f"mass_stats(...)[{species!r}] should hold two numbers, got "
                                f"{checks.short(pair)}")
            if not math.isclose(got_mean, mean, rel_tol=1e-9):
                raise Incorrect(f"on {label}, the mean for {species!r} is off: are the "
                                "missing masses skipped, and only that species' masses used?")
            if not math.isclose(got_sd, sd, rel_tol=1e-9):
                raise Incorrect(
                    f"on {label}, the mean for {species!r} is right but the standard deviation "
                    "is off: which denominator does yours divide by? The other languages' "
                    "versions compute the sample standard deviation"
                )
    real = _reference_mass_stats(_fresh_rows())
    heaviest = max(real, key=lambda s: real[s][0])
    return (f"the same numbers the R, Java and C++ versions print: {heaviest} penguins are the "
            f"heaviest, {real[heaviest][0]:.0f} ± {real[heaviest][1]:.0f} g.")


# ------------------------------------------------------------------ which language for which job

LANGUAGES = ("Python", "R", "Java", "C++", "SQL")

BEST_FIT = {
    "train and evaluate a model with scikit-learn": "Python",
    "fit a mixed-effects model with lme4 and plot it with ggplot2": "R",
    "speed up the hot loop of an inference engine such as ONNX Runtime": "C++",
    "add model scoring to a Kafka Streams service running on the JVM": "Java",
    "join three warehouse tables to extract a training set": "SQL",
}

_BEST_FIT_WHY = {
    "Python": "which language are scikit-learn, PyTorch and most ML libraries used from?",
    "R": "lme4 and ggplot2 are packages of one of the five languages: which one?",
    "C++": "the engines behind ONNX Runtime, PyTorch and TensorFlow are compiled for speed: "
    "in which language?",
    "Java": "Kafka Streams is a JVM library: which of the five languages runs on the JVM?",
    "SQL": "which language do data warehouses speak?",
}

BEST_FIT_TEMPLATE = "\n".join(f"    {task!r}: ____," for task in BEST_FIT)


@exercise(
    "p1.languages.best_fit",
    title="The right language for the job",
    prompt="Complete `best_fit`: for each task, the language of the roadmap (Python, R, Java, "
    "C++ or SQL) an ML engineer would most naturally use for it.",
    answer="best_fit",
    solution="best_fit = {\n" + "\n".join(f"    {t!r}: {lang!r}," for t, lang in BEST_FIT.items())
    + "\n}",
    wrong=[
        "best_fit = {\n" + "\n".join(
            f"    {t!r}: {('R' if lang == 'Python' else 'Python' if lang == 'R' else lang)!r},"
            for t, lang in BEST_FIT.items()) + "\n}",
        "best_fit = {\n" + "\n".join(
            f"    {t!r}: {('C++' if lang == 'Java' else 'Python' if lang == 'SQL' else lang)!r},"
            for t, lang in BEST_FIT.items()) + "\n}",
    ],
    hints=[
        "Look for the tell-tale tool in each task: a library or system usually belongs to one "
        "language's world.",
        "scikit-learn is Python; lme4 and ggplot2 are R packages; Kafka Streams runs on the JVM.",
        "One task each: Python, R, C++ (inference engines), Java (the JVM service), SQL (the "
        "warehouse).",
    ],
)
def best_fit(answer: Any) -> str:
    checks.expect_type(answer, dict, "a dictionary")
    checks.same_set(answer.keys(), BEST_FIT.keys(), "the tasks in best_fit")
    known = {lang.lower(): lang for lang in LANGUAGES}
    wrong = []
    for task, want in BEST_FIT.items():
        got = answer[task]
        if not isinstance(got, str) or got.strip().lower() not in known:
            raise Incorrect(f"best_fit[{task!r}] is {checks.short(got)}: choose one of "
                            f"{', '.join(map(repr, LANGUAGES))}")
        if known[got.strip().lower()] != want:
            wrong.append((task, want))
    if wrong:
        task, want = wrong[0]
        count = f"{len(wrong)} tasks are" if len(wrong) > 1 else "1 task is"
        raise Incorrect(f"{count} matched to a language that fits less well; first, "
                        f"{task!r}: {_BEST_FIT_WHY[want]}")
    return ("most ML work starts in Python, but models meet R in research, C++ in the engines "
            "that run them, Java in the services around them, and SQL wherever the data lives.")


# ------------------------------------------------------------------ SQL


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
    ],
    hints=[
        "`SELECT columns FROM table WHERE condition`: list the three columns, then the conditions.",
        "Text values go in single quotes (`'Gentoo'`), and conditions join with `AND`. 'At least' "
        "means `>=`.",
        "`WHERE species = 'Gentoo' AND sex = 'female' AND body_mass_g >= 5000`.",
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
    ],
    hints=[
        "The csv file wrote 'NA', but the lab stored missing values as SQL NULL.",
        "`= NULL` is never true: SQL has a special operator to test for NULL.",
        "`WHERE sex IS NULL`.",
    ],
)
def missing(answer: Any) -> str:
    rows = _sql(answer, MISSING_SQL, name="query_missing", tip=_missing_tip)
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
    ],
    hints=[
        "`GROUP BY species` makes one group per species; aggregate functions (COUNT, AVG) then "
        "summarise each group.",
        "`COUNT(*)` counts rows; `AVG(column)` ignores NULLs; `ROUND(x, 1)` keeps one decimal; "
        "`ORDER BY` comes last.",
        "`SELECT species, COUNT(*), ROUND(AVG(body_mass_g), 1) FROM penguins GROUP BY species "
        "ORDER BY species`.",
    ],
)
def group_by(answer: Any) -> str:
    rows = _sql(answer, GROUP_SQL, ordered=True, name="query_group", tip=_group_tip)
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
    ],
    hints=[
        "`FROM penguins AS p JOIN samples AS s ON <how rows match>` puts each penguin's sample "
        "next to it; then filter and group as before.",
        "The rows match when `s.penguin_id = p.id`. Filter with `WHERE s.clutch_completion = "
        "'No'`, then `GROUP BY p.species`.",
        "`SELECT p.species, COUNT(*) FROM penguins AS p JOIN samples AS s ON s.penguin_id = p.id "
        "WHERE s.clutch_completion = 'No' GROUP BY p.species`.",
    ],
)
def join(answer: Any) -> str:
    rows = _sql(answer, JOIN_SQL, name="query_join", tip=_join_tip)
    counts = dict(rows)
    return (f"{sum(counts.values())} nests never held a full clutch; Chinstraps, the fewest "
            "penguins, have as many as Adelies.")


# ------------------------------------------------------------------ SQL: parameterised queries

_ISLAND_CASES = ("Biscoe", "Dream", "Torgersen", "Atlantis", "Dream' OR '1'='1",
                 "King George's Island")


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
    ],
    hints=[
        "Put a `?` where the value goes in the SQL text, and pass the value separately as the "
        "second argument of `conn.execute`. SQLite then treats it as data, never as SQL.",
        "The parameters are a sequence: a tuple of one element needs its comma, `(island,)`. "
        "`fetchone()` returns a row, which is a tuple too.",
        "`conn.execute(\"SELECT COUNT(*) FROM penguins WHERE island = ?\", (island,))`, then "
        "return `.fetchone()[0]`.",
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
        if isinstance(got, (tuple, list, sqlite3.Row)):
            raise Incorrect(f"island_count(conn, {island!r}) returned a row, {checks.short(got)}: "
                            "return the number inside it")
        if not isinstance(got, int) or isinstance(got, bool):
            raise Incorrect(f"island_count(conn, {island!r}) returned {type_name(got)}; it should "
                            "return an int")
        if got != expected[island]:
            if "OR" in island:
                raise Incorrect(
                    f"island_count(conn, {island!r}) returned {got}, but no island has that name: "
                    "the text rewrote your query (SQL injection). Pass the value as a parameter"
                )
            raise Incorrect(f"island_count(conn, {island!r}) returned {got}, which is not right")
    return ("counts right, quotes harmless, and the injection attempt finds 0 penguins: the value "
            "never became SQL.")


# ------------------------------------------------------------------ the degree choice


def _degree_names() -> tuple[str, str]:
    """The two degrees the roadmap names, in its own wording (items p1.degree.ai and .cs)."""
    from ..roadmap import load_roadmap

    roadmap = load_roadmap()
    names = []
    for item_id, fallback in (("p1.degree.ai", "Artificial Intelligence"),
                              ("p1.degree.cs", "Computer Science")):
        try:
            item = roadmap.item(item_id)
            names.append(item.seed or item.title)
        except Exception:
            names.append(fallback)
    return names[0], names[1]


DEGREE_KEYS = ("weights", "scores", "totals", "choice")
DEGREE_SETUP = """
import pathway

roadmap = pathway.load_roadmap()
ai = roadmap.item("p1.degree.ai").seed
cs = roadmap.item("p1.degree.cs").seed
"""

_DEGREE_SOLUTION = """
# One learner's matrix: your weights and scores are your own.
weights = {
    "maths and statistics": 0.25,
    "machine learning courses": 0.30,
    "software engineering": 0.20,
    "career options": 0.15,
    "programmes I can reach": 0.10,
}
scores = {
    ai: {"maths and statistics": 4, "machine learning courses": 5, "software engineering": 3,
         "career options": 3, "programmes I can reach": 2},
    cs: {"maths and statistics": 4, "machine learning courses": 3, "software engineering": 5,
         "career options": 5, "programmes I can reach": 5},
}
totals = {degree: sum(weights[c] * scores[degree][c] for c in weights) for degree in scores}
choice = max(totals, key=totals.get)
decision = {"weights": weights, "scores": scores, "totals": totals, "choice": choice}
"""


@exercise(
    "p1.degree.matrix",
    title="A weighted decision matrix for the degree",
    prompt="Fill in `weights` (how much each criterion matters to you; they add up to 1) and "
    "`scores` (1 to 5: how well each degree serves each criterion), then compute `totals` (each "
    "degree's weighted score) and `choice` (the degree with the higher total). The check "
    "validates your matrix, not your opinion.",
    answer="decision",
    setup=DEGREE_SETUP,
    solution=_DEGREE_SOLUTION,
    wrong=[
        _DEGREE_SOLUTION.replace('"programmes I can reach": 0.10', '"programmes I can reach": 0.20'),
        _DEGREE_SOLUTION.replace("sum(weights[c] * scores[degree][c] for c in weights)",
                                 "sum(scores[degree].values())"),
        _DEGREE_SOLUTION.replace("choice = max(totals, key=totals.get)", "choice = ai"),
    ],
    hints=[
        "Start with the weights: give each criterion a share of 1 (0.25 is a quarter of your "
        "decision), then score each degree from 1 to 5 on every criterion.",
        "A weighted total multiplies each score by its criterion's weight and adds the products: "
        "a dictionary comprehension over `scores` with `sum(...)` inside does it for both degrees.",
        "`totals = {d: sum(weights[c] * scores[d][c] for c in weights) for d in scores}` and "
        "`choice = max(totals, key=totals.get)`.",
    ],
)
def degree_matrix(answer: Any) -> str:
    checks.expect_type(answer, dict, "a dictionary")
    missing = [k for k in DEGREE_KEYS if k not in answer]
    if missing:
        raise Incorrect(f"decision has no {', '.join(map(repr, missing))}: keep the last line of "
                        "the cell as it is")
    degrees = _degree_names()
    weights, scores, totals, choice = (answer[k] for k in DEGREE_KEYS)

    checks.expect_type(weights, dict, "weights as a dictionary (criterion: weight)")
    if len(weights) < 3:
        raise Incorrect(f"weights has {len(weights)} criteria; a fair comparison needs at least 3")
    for criterion, weight in weights.items():
        if not _is_number(weight) or not 0 < weight <= 1 or math.isnan(weight):
            raise Incorrect(f"weights[{criterion!r}] is {checks.short(weight)}: each weight is a "
                            "number above 0 and at most 1")
    total_weight = math.fsum(weights.values())
    if not math.isclose(total_weight, 1, abs_tol=1e-6):
        raise Incorrect(f"your weights add up to {total_weight:.3g}; they should add up to 1, so "
                        "that each is a share of the decision")

    checks.expect_type(scores, dict, "scores as a dictionary (degree: {criterion: score})")
    checks.same_set(scores.keys(), degrees, "the degrees in scores")
    for degree in degrees:
        row = scores[degree]
        if not isinstance(row, dict):
            raise Incorrect(f"scores[{degree!r}] should be a dictionary of criterion: score, got "
                            f"{type_name(row)}")
        checks.same_set(row.keys(), weights.keys(), f"the criteria scored for {degree!r}")
        for criterion, score in row.items():
            if not _is_number(score) or not 1 <= score <= 5:
                raise Incorrect(f"scores[{degree!r}][{criterion!r}] is {checks.short(score)}: "
                                "use a score from 1 to 5")

    checks.expect_type(totals, dict, "totals as a dictionary (degree: weighted score)")
    checks.same_set(totals.keys(), degrees, "the degrees in totals")
    own = {d: math.fsum(weights[c] * scores[d][c] for c in weights) for d in degrees}
    for degree in degrees:
        got = totals[degree]
        if not _is_number(got) or not math.isclose(got, own[degree], abs_tol=0.01):
            raise Incorrect(
                f"totals[{degree!r}] is {checks.short(got)}, which does not follow from your own "
                "weights and scores: multiply each score by its criterion's weight and add up"
            )

    if not isinstance(choice, str) or choice not in degrees:
        raise Incorrect(f"choice should be one of {', '.join(map(repr, degrees))}, got "
                        f"{checks.short(choice)}")
    best = max(own.values())
    if not math.isclose(own[choice], best, rel_tol=1e-9):
        raise Incorrect(
            f"choice is {choice!r}, but the other degree has the higher total in your own "
            "matrix: choose by the totals, or revisit weights and scores that do not say what "
            "you believe"
        )
    other = next(d for d in degrees if d != choice)
    if math.isclose(own[other], best, rel_tol=1e-9):
        return (f"a tie at {best:.2f}: your criteria do not separate the degrees yet. Which one "
                "would break the tie?")
    return (f"your matrix favours {choice} ({own[choice]:.2f} against {own[other]:.2f}). If that "
            "is your decision, mark the milestone and skip the other degree.")
