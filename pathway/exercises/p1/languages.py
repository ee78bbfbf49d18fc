"""Phase 1, academic foundation: the side-by-side task (mass per species) in plain Python."""

from __future__ import annotations

import math
from typing import Any

from .. import checks
from ..checks import Incorrect, type_name
from ..engine import exercise
from ._shared import _fresh_rows, _is_number


def _reference_mass_stats(rows: list[dict[str, str]]) -> dict[str, tuple[float, float]]:
    import statistics

    masses: dict[str, list[float]] = {}
    for row in rows:
        if row["body_mass_g"] != "NA":
            masses.setdefault(row["species"], []).append(float(row["body_mass_g"]))
    return {s: (statistics.mean(m), statistics.stdev(m)) for s, m in masses.items()}


def _mean_off(got: float, rows: list[dict[str, str]], species: str, label: str) -> str:
    """Why a species' mean is off, naming a mistake only when the value shows it."""
    import statistics

    own = [float(r["body_mass_g"]) for r in rows
           if r["species"] == species and r["body_mass_g"] != "NA"]
    every = [float(r["body_mass_g"]) for r in rows if r["body_mass_g"] != "NA"]
    said = f"on {label}, the mean for {species!r} is off"
    if math.isclose(got, statistics.median(own), rel_tol=1e-9):
        return f"{said}: that is the median, the middle value, not the mean"
    if math.isclose(got, statistics.mean(every), rel_tol=1e-9):
        return f"{said}: it is the mean of every species together; group the masses by species"
    return f"{said}: check which masses go into each species' list"


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
        """
def mass_stats(rows):
    masses = {}
    for row in rows:
        if row["body_mass_g"] != "NA":
            masses.setdefault(row["species"], []).append(float(row["body_mass_g"]))
    result = {}
    for species, values in masses.items():
        mean = sum(values) / len(values)
        sd = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
        result[species] = (mean, sd)
    return result
""",
        """
import statistics


def mass_stats(rows):
    masses = {}
    for row in rows:
        if row["body_mass_g"] != "NA":
            masses.setdefault(row["species"], []).append(float(row["body_mass_g"]))
    return {s: (statistics.median(v), statistics.stdev(v)) for s, v in masses.items()}
""",
    ],
    right=[
        """
def mass_stats(rows):
    masses = {}
    for row in rows:
        if row["body_mass_g"] == "NA":
            continue
        masses.setdefault(row["species"], []).append(float(row["body_mass_g"]))
    result = {}
    for species, values in masses.items():
        n = len(values)
        mean = sum(values) / n
        sd = (sum((v - mean) ** 2 for v in values) / (n - 1)) ** 0.5
        result[species] = (mean, sd)
    return result
""",
        """
import statistics
from collections import defaultdict


def mass_stats(rows):
    masses = defaultdict(list)
    for row in rows:
        if row["body_mass_g"] not in ("NA", ""):
            masses[row["species"]].append(float(row["body_mass_g"]))
    return {s: [statistics.fmean(v), statistics.stdev(v)] for s, v in masses.items()}
""",
    ],
    hints=[
        "First group: build a dictionary species -> list of masses (as floats, skipping 'NA'). "
        "Then summarise each list.",
        "The standard library's `statistics` module has `mean`, `stdev` (sample, divides by "
        "n - 1, like R's `sd`) and `pstdev` (population, divides by n).",
        "After grouping into `masses`, a dictionary comprehension over `masses.items()` pairs "
        "each species with a tuple of the mean and the sample standard deviation of its list.",
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
                raise Incorrect(_mean_off(got_mean, rows, species, label))
            if not math.isclose(got_sd, sd, rel_tol=1e-9):
                n = sum(1 for r in rows if r["species"] == species and r["body_mass_g"] != "NA")
                if math.isclose(got_sd, sd * math.sqrt((n - 1) / n), rel_tol=1e-9):
                    raise Incorrect(
                        f"on {label}, the standard deviation for {species!r} divides by n (the "
                        "population's): the R, Java and C++ versions compute the sample standard "
                        "deviation, which divides by n - 1"
                    )
                raise Incorrect(f"on {label}, the mean for {species!r} is right but the standard "
                                "deviation is off")
    real = _reference_mass_stats(_fresh_rows())
    heaviest = max(real, key=lambda s: real[s][0])
    return (f"the same numbers the R, Java and C++ versions print: {heaviest} penguins are the "
            f"heaviest, {real[heaviest][0]:.0f} ± {real[heaviest][1]:.0f} g.")
