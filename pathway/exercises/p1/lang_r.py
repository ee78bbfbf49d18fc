"""Phase 1, academic foundation: R for statistics, a Welch t-test run with the real `Rscript`."""

from __future__ import annotations

import functools
import math
import random
import statistics
from decimal import Decimal, InvalidOperation
from typing import Any

from ..checks import Incorrect, programs
from ..engine import exercise
from . import _language_blind, _language_cases

R_SETUP = """
from pathway.labs import toolchains
"""

_FILE = "masses.csv"
SIGNIFICANT = 4  # the prompt's "to at least 4 significant digits"


@functools.cache
def _cases() -> tuple[tuple[str, str, tuple[float, ...], tuple[float, ...]], ...]:
    """The check's own samples: (label, csv text, first group's masses, second's), never shown.

    Unequal sizes and spreads (so Student's t differs from Welch's), species names the notebook
    never uses, rows of the two groups interleaved, and missing masses in both groups. Two samples
    test the digits: one far apart (p below 1e-4, so 4 fixed decimals print 0.0000) and one whose
    means almost agree (|t| about 0.05, so 4 fixed decimals keep 3 significant digits).
    """
    rng = random.Random(20290)
    specs = (("Macaroni", 31, 5200, 380, "Emperor", 9, 4950, 900, None),
             ("Rockhopper", 6, 2500, 150, "Fiordland", 17, 2700, 420, None),
             ("Snares", 12, 3000, 260, "Royal", 40, 3120, 180, None),
             ("Erect-crested", 28, 4100, 300, "Little", 33, 3650, 350, None),
             ("Galapagos", 24, 2300, 250, "Magellanic", 20, 2300, 300, 0.05))
    cases = []
    for first, n1, mean1, sd1, second, n2, mean2, sd2, target_t in specs:
        masses1 = [round(rng.gauss(mean1, sd1)) for _ in range(n1)]
        masses2 = [round(rng.gauss(mean2, sd2)) for _ in range(n2)]
        if target_t is not None:  # shift the second group so that t lands near target_t
            se = math.sqrt(statistics.variance(masses1) / n1 + statistics.variance(masses2) / n2)
            shift = round(statistics.fmean(masses1) - statistics.fmean(masses2) - target_t * se)
            masses2 = [m + shift for m in masses2]
        rows = [(first, m) for m in masses1] + [(second, m) for m in masses2]
        rng.shuffle(rows)
        rows += [(first, None), (second, None)]
        rng.shuffle(rows)
        text = "species,body_mass_g\n" + "".join(f"{s},{'NA' if m is None else m}\n" for s, m in rows)
        a = tuple(float(m) for s, m in rows if s == min(first, second) and m is not None)
        b = tuple(float(m) for s, m in rows if s == max(first, second) and m is not None)
        cases.append((f"{min(first, second)} and {max(first, second)} penguins", text, a, b))
    return tuple(cases)


@functools.cache
def _welch(a: tuple[float, ...], b: tuple[float, ...]) -> dict[str, tuple[float, float]]:
    """Python's answer (SciPy), and the numbers each recognised mistake prints instead."""
    from scipy import stats

    welch = stats.ttest_ind(a, b, equal_var=False)
    student = stats.ttest_ind(a, b, equal_var=True)
    greater = stats.ttest_ind(a, b, equal_var=False, alternative="greater")
    less = stats.ttest_ind(a, b, equal_var=False, alternative="less")
    t = float(welch.statistic)
    return {
        "welch": (t, float(welch.pvalue)),
        "student": (float(student.statistic), float(student.pvalue)),
        "one-sided": (t, float(greater.pvalue)),
        "one-sided other way": (t, float(less.pvalue)),
        "reversed": (-t, float(welch.pvalue)),
        "df": (t, float(welch.df)),
    }


def _half_unit(value: float, digits: int) -> float:
    """Half a unit of the `digits`-th significant digit of `value`: the error rounding may leave."""
    return 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - digits + 1) if value else 1e-12


def _close(got: tuple[float, float], want: tuple[float, float]) -> bool:
    """Both numbers right to 4 significant digits (R's `cat` prints 7), with room for float noise."""
    return all(abs(g - w) <= _half_unit(w, SIGNIFICANT) * (1 + 1e-6) for g, w in zip(got, want))


def _digits(word: str) -> tuple[int, float] | None:
    """A printed number's significant digits and half a unit of its last digit ("0.0000": 0, 5e-5)."""
    try:
        sign, digits, exponent = Decimal(word).as_tuple()
    except InvalidOperation:
        return None
    if not isinstance(exponent, int):  # NaN, Inf
        return None
    shown = "".join(map(str, digits)).lstrip("0")
    return len(shown), 0.5 * 10.0 ** exponent


def _too_few_digits(words: list[str], want: tuple[float, float]) -> str | None:
    """The first printed number that rounds the right value to fewer than 4 significant digits."""
    for word, value, name in zip(words, want, ("t", "the p-value")):
        found = _digits(word)
        if found is None:
            continue
        count, half = found
        if count < SIGNIFICANT and abs(float(word) - value) <= half * (1 + 1e-6):
            return (f"{name} is printed as {word}, {count} significant digit{'s' * (count != 1)} where "
                    f"it is {value:.6g}: print at least {SIGNIFICANT} (`cat` prints 7). A fixed number "
                    "of decimals (`sprintf(\"%.4f\", x)`, `round(x, 4)`) fixes decimals, not significant "
                    "digits: a small value loses them all; use `signif(x, 6)` or `sprintf(\"%.6g\", x)`")
    return None


_MISTAKES = {
    "student": "that is Student's t-test, which assumes equal variances: Welch's test does not "
               "(R's t.test default, `var.equal = FALSE`)",
    "one-sided": "the p-value is one-sided: the question asks whether the means differ, in either direction",
    "one-sided other way": "the p-value is one-sided: the question asks whether the means differ, in "
                           "either direction",
    "reversed": "the sign of t is flipped: take the first species in alphabetical order minus the second",
    "df": "the second number is the degrees of freedom; print the p-value instead",
}


@exercise(
    "p1.languages.r_ttest",
    title="R: Welch's t-test, run with Rscript",
    prompt="Write `r_ttest`, an R script as a Python string. It reads `masses.csv` from its working "
    "folder (columns `species` and `body_mass_g`; exactly two species, in any row order; a missing "
    "mass is `NA`) and prints two numbers and no others: Welch's t statistic for the mean mass of "
    "the species first in alphabetical order minus the other's, then the two-sided p-value, each to "
    "at least 4 significant digits (print them with `cat` or `print`: R's `[1]` index, and the names "
    "`print` shows, are fine). The check runs it with `Rscript` on files it makes itself and "
    "compares with SciPy's `ttest_ind(..., equal_var=False)`.",
    answer="r_ttest",
    setup=R_SETUP,
    needs=("r",),
    solution='''r_ttest = r"""
penguins <- read.csv("masses.csv")
result <- t.test(body_mass_g ~ species, data = penguins)
cat(result$statistic, result$p.value, "\\n")
"""''',
    wrong=[
        'r_ttest = r"""\npenguins <- read.csv("masses.csv")\n'
        'result <- t.test(body_mass_g ~ species, data = penguins, var.equal = TRUE)\n'
        'cat(result$statistic, result$p.value, "\\n")\n"""',
        'r_ttest = r"""\npenguins <- read.csv("masses.csv")\n'
        'result <- t.test(body_mass_g ~ species, data = penguins, alternative = "greater")\n'
        'cat(result$statistic, result$p.value, "\\n")\n"""',
        'r_ttest = r"""\npenguins <- read.csv("masses.csv")\n'
        'x <- penguins$body_mass_g[penguins$species == "Adelie"]\n'
        'y <- penguins$body_mass_g[penguins$species == "Gentoo"]\n'
        'result <- t.test(x, y)\ncat(result$statistic, result$p.value, "\\n")\n"""',
        'r_ttest = r"""\npenguins <- read.csv("masses.csv")\n'
        'result <- t.test(body_mass_g ~ species, data = penguins)\n'
        'cat(result$statistic, result$parameter, "\\n")\n"""',
        'r_ttest = r"""\npenguins <- read.csv("masses.csv")\n'
        'groups <- split(penguins$body_mass_g, penguins$species)\n'
        'result <- t.test(groups[[2]], groups[[1]])\ncat(result$statistic, result$p.value, "\\n")\n"""',
        'r_ttest = r"""\npenguins <- read.csv("masses.csv")\n'
        'groups <- split(penguins$body_mass_g, penguins$species)\n'
        'a <- groups[[1]]; b <- groups[[2]]\n'
        't <- (mean(a) - mean(b)) / sqrt(var(a) / length(a) + var(b) / length(b))\n'
        'cat(t, 2 * pt(-abs(t), length(a) + length(b) - 2), "\\n")\n"""',
        'r_ttest = r"""\npenguins <- read.csv("masses.csv")\n'
        'result <- wilcox.test(body_mass_g ~ species, data = penguins)\n'
        'cat(result$statistic, result$p.value, "\\n")\n"""',
        'r_ttest = r"""\npenguins <- read.csv("penguins.csv")\n'
        'result <- t.test(body_mass_g ~ species, data = penguins)\n'
        'cat(result$statistic, result$p.value, "\\n")\n"""',
        *_language_cases.R_TTEST_WRONG,
        *_language_blind.R_WRONG,
    ],
    right=[
        '''r_ttest = r"""
d <- read.csv("masses.csv")
d <- d[!is.na(d$body_mass_g), ]
groups <- split(d$body_mass_g, d$species)
a <- groups[[sort(names(groups))[1]]]
b <- groups[[sort(names(groups))[2]]]
se <- sqrt(var(a) / length(a) + var(b) / length(b))
t <- (mean(a) - mean(b)) / se
df <- se^4 / ((var(a) / length(a))^2 / (length(a) - 1) + (var(b) / length(b))^2 / (length(b) - 1))
cat(sprintf("%.6f %.6g\\n", t, 2 * pt(-abs(t), df)))
"""''',
        '''r_ttest = r"""
penguins <- read.csv("masses.csv", stringsAsFactors = TRUE)
test <- t.test(penguins$body_mass_g ~ penguins$species)
print(unname(test$statistic))
print(test$p.value)
"""''',
        *_language_cases.R_TTEST_RIGHT,
        *_language_blind.R_RIGHT,
    ],
    hints=[
        "R's `read.csv` reads the file into a data frame and turns the text NA into a missing "
        "value; `t.test` runs Welch's test unless you ask otherwise.",
        "With a formula, `t.test(value ~ group, data = frame)` compares the two groups, the first "
        "factor level (alphabetical) minus the second. The result is a list: `$statistic`, "
        "`$p.value`, `$parameter` (the degrees of freedom).",
        "Read the CSV, run the formula version of the test on body mass by species, and `cat` the "
        "statistic and the p-value of the result.",
    ],
)
def r_ttest(answer: Any) -> str:
    with programs.built(answer, "r", "r_ttest") as program:
        for label, text, a, b in _cases():
            printed = programs.output(program, "r_ttest", f"a file of {label}", files={_FILE: text})
            words = programs.number_words(printed, "r")
            values = programs.numbers(printed, "r")
            if len(values) != 2:
                shown = ", ".join(words[:4]) + (", ..." if len(words) > 4 else "")
                raise Incorrect(f"r_ttest printed {len(values)} number(s) on a file of {label}"
                                + (f" ({shown})" if words else "") + "; it should print two and no "
                                "others: the t statistic, then the p-value")
            got = (values[0], values[1])
            if any(math.isnan(v) for v in got):
                raise Incorrect(f"r_ttest printed NA on a file of {label}: a missing mass reached a "
                                "computation (`mean(x)` of a vector holding NA is NA)")
            expected = _welch(a, b)
            if _close(got, expected["welch"]):
                continue
            coarse = _too_few_digits(words, expected["welch"])
            if coarse:
                raise Incorrect(f"on a file of {label}, {coarse}")
            for mistake, message in _MISTAKES.items():
                if _close(got, expected[mistake]):
                    raise Incorrect(f"on a file of {label}, {message}")
            raise Incorrect(f"on a file of {label}, r_ttest printed t = {words[0]} and p = "
                            f"{words[1]}, which are not Welch's t and its two-sided p-value to "
                            f"{SIGNIFICANT} significant digits")
    return (f"Rscript and SciPy agree on all {len(_cases())} files, a p-value under 1e-4 and a t "
            "near 0 included. In R the test is one line, and its result "
            "object carries the confidence interval and the degrees of freedom too.")
