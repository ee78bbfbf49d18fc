"""Phase 1, academic foundation, Python: reading a CSV, data structures, comprehensions, an algorithm
and its cost."""

from __future__ import annotations

import functools
import math
from typing import Any

from .. import checks
from ..checks import Incorrect, type_name
from ..engine import BLANK, exercise
from ._shared import ROWS_SETUP, _csv_rows, _is_number


@exercise(
    "p1.python.read_csv",
    title="Read a CSV whose fields contain commas",
    prompt="Read `penguins-raw.csv` (its path is `datasets.path(\"penguins-raw.csv\")`) and set "
    "`raw_rows` to a list with one dictionary per penguin, keyed by column name, values left as "
    "the strings the file holds (the standard library's `csv` module does it, no pandas needed).",
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
        """
with open(datasets.path("penguins-raw.csv"), newline="") as f:
    raw_rows = list(csv.DictReader(f))[1:]
""",
        """
with open(datasets.path("penguins-raw.csv"), newline="") as f:
    raw_rows = list(csv.DictReader(f, delimiter=";"))
""",
        """
with open(datasets.path("penguins-raw.csv"), newline="") as f:
    raw_rows = [{k: (None if v == "NA" else v) for k, v in row.items()} for row in csv.DictReader(f)]
""",
    ],
    right=[
        """
with open(datasets.path("penguins-raw.csv"), newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f)
    raw_rows = [dict(row) for row in reader]
""",
        """
with open(datasets.path("penguins-raw.csv"), newline="") as f:
    lines = list(csv.reader(f))
raw_rows = [dict(zip(lines[0], line)) for line in lines[1:]]
""",
    ],
    hints=[
        "Open the file with `open(path, newline=\"\")` inside a `with` block, and let the `csv` "
        "module split the lines: it knows that a comma inside quotes is part of the field.",
        "`csv.reader` gives each row as a list; `csv.DictReader` gives each row as a dictionary "
        "keyed by the header line. A reader is read lazily, once: wrap it in `list(...)` while "
        "the file is still open.",
        "Inside the `with` block, build a `csv.DictReader` over the open file and collect its "
        "rows into a list before the block ends.",
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
        """
islands_by_species = {}
for row in rows:
    islands_by_species[row["species"]] = set(row["island"])
""",
        'islands_by_species = {row["species"]: {row["island"]} for row in rows}',
    ],
    right=[
        """
from collections import defaultdict

islands_by_species = defaultdict(set)
for row in rows:
    islands_by_species[row["species"]].add(row["island"])
""",
        """
species = {row["species"] for row in rows}
islands_by_species = {s: {row["island"] for row in rows if row["species"] == s} for s in species}
""",
    ],
    hints=[
        "Loop over `rows` once. For each row, find (or create) the collection of islands of its "
        "species, and add the row's island to it.",
        "A set keeps each island once however often you add it. `d.setdefault(key, set())` "
        "returns the set stored under `key`, creating an empty one the first time.",
        "In the loop, `setdefault` with an empty set as the default hands you the species' set "
        "(new or existing); add the row's island to it.",
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
    prompt="Set `gentoo_masses` to a list of the body masses of the Gentoo penguins in `rows` as "
    "numbers, in file order, leaving out the missing ones ('NA'). One list comprehension does "
    "it.",
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
        'gentoo_masses = [float(row["body_mass_g"]) if row["body_mass_g"] != "NA" else float("nan") '
        'for row in rows if row["species"] == "Gentoo"]',
        'gentoo_masses = [float(row["body_mass_g"]) for row in rows '
        'if row["species"] == "Gentoo" and row["body_mass_g"] != "NA"][1:]',
        'gentoo_masses = [float(row["body_mass_g"]) for row in rows '
        'if row["species"] != "Adelie" and row["body_mass_g"] != "NA"]',
    ],
    right=[
        'gentoo_masses = [float(r["body_mass_g"]) for r in rows '
        'if r["species"] == "Gentoo" if r["body_mass_g"] != "NA"]',
        """
gentoo_masses = []
for row in rows:
    if row["species"] == "Gentoo" and row["body_mass_g"] not in ("NA", ""):
        gentoo_masses.append(float(row["body_mass_g"]))
""",
        'gentoo_masses = [int(row["body_mass_g"]) for row in rows '
        'if row["species"] == "Gentoo" and row["body_mass_g"].isdigit()]',
    ],
    hints=[
        "A comprehension can filter as well as transform: `[expression for item in items if "
        "condition]`.",
        "Two conditions, joined with `and`: the species is \"Gentoo\", and the mass is not the "
        "string \"NA\". The csv module gives strings: convert with `float(...)`.",
        "Wrap the mass in `float(...)` in the expression part, and put both tests after the "
        "`if`, joined with `and`.",
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
        """
def dedupe(items):
    return sorted(set(items), key=items.index)
""",
        """
def dedupe(items):
    seen = []
    result = []
    for item in items:
        if item not in seen:
            seen.append(item)
            result.append(item)
    return result
""",
        """
def dedupe(items):
    seen = set()
    for item in items:
        if item not in seen:
            seen.add(item)
    return items
""",
        """
def dedupe(items):
    if len(set(items)) == len(items):
        return items
    return list(dict.fromkeys(items))
""",
    ],
    right=[
        """
def dedupe(items):
    return list(dict.fromkeys(items))
""",
        """
def dedupe(items):
    seen = set()
    return [x for x in items if not (x in seen or seen.add(x))]
""",
    ],
    hints=[
        "`item not in result` on a list compares `item` with every element kept so far: that "
        "inner search is what makes the simple version quadratic. A set answers `in` in "
        "constant time on average, by hashing.",
        "Keep two things as you loop: a set of the items already seen (for fast membership) and "
        "a list of the result (a set alone forgets the order).",
        "`seen = set()`, `result = []`; for each item, if it is not in `seen`, add it to `seen` "
        "and append it to `result`; return `result`. (Dictionaries keep insertion order too.)",
    ],
)
def dedupe(answer: Any) -> str:
    for (items,), expected in _dedupe_cases():
        given = list(items)
        result = checks.call(answer, given, name="dedupe")
        shown = checks.short(items)
        if given != items:
            raise Incorrect(f"dedupe({shown}) changed the list it was given: build a new list")
        if result is given:
            raise Incorrect(f"dedupe({shown}) returned the very list it was given: return a new "
                            "list, so the caller's list and the result stay independent")
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
