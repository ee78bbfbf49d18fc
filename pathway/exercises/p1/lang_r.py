"""Phase 1, academic foundation: R for statistics, a Welch t-test run with the real `Rscript`."""

from __future__ import annotations

import functools
import math
import random
from typing import Any

from ..checks import Incorrect, programs
from ..engine import exercise
from . import _language_cases

R_SETUP = """
from pathway.labs import toolchains
"""

_FILE = "masses.csv"


@functools.cache
def _cases() -> tuple[tuple[str, str, tuple[float, ...], tuple[float, ...]], ...]:
    """The check's own samples: (label, csv text, first group's masses, second's), never shown.

    Unequal sizes and spreads (so Student's t differs from Welch's), species names the notebook
    never uses, rows of the two groups interleaved, and missing masses in both groups.
    """
    rng = random.Random(20290)
    specs = (("Macaroni", 31, 5200, 380, "Emperor", 9, 4950, 900),
             ("Rockhopper", 6, 2500, 150, "Fiordland", 17, 2700, 420),
             ("Snares", 12, 3000, 260, "Royal", 40, 3120, 180))
    cases = []
    for first, n1, mean1, sd1, second, n2, mean2, sd2 in specs:
        rows = [(first, round(rng.gauss(mean1, sd1))) for _ in range(n1)]
        rows += [(second, round(rng.gauss(mean2, sd2))) for _ in range(n2)]
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


def _close(got: tuple[float, float], want: tuple[float, float]) -> bool:
    # 4 significant digits: R's cat() prints 7; the nearest mistake (Student's t) is >= 3% away here.
    return all(math.isclose(g, w, rel_tol=1e-3, abs_tol=1e-9) for g, w in zip(got, want))


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
    "mass is `NA`) and prints two numbers and nothing else: Welch's t statistic for the mean mass of "
    "the species first in alphabetical order minus the other's, then the two-sided p-value, to at "
    "least 4 significant digits. The check runs it with `Rscript` on files it makes itself and "
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
            values = programs.numbers(printed, "r")
            if len(values) < 2:
                raise Incorrect(f"r_ttest printed {len(values)} number(s) on a file of {label}; it "
                                "should print two: the t statistic, then the p-value")
            got = (values[0], values[1])
            if any(math.isnan(v) for v in got):
                raise Incorrect(f"r_ttest printed NA on a file of {label}: a missing mass reached a "
                                "computation (`mean(x)` of a vector holding NA is NA)")
            expected = _welch(a, b)
            if _close(got, expected["welch"]):
                continue
            for mistake, message in _MISTAKES.items():
                if _close(got, expected[mistake]):
                    raise Incorrect(f"on a file of {label}, {message}")
            raise Incorrect(f"on a file of {label}, r_ttest printed t = {got[0]:.4g} and p = "
                            f"{got[1]:.4g}, which are not Welch's t and its two-sided p-value")
    return ("Rscript and SciPy agree on all three files. In R the test is one line, and its result "
            "object carries the confidence interval and the degrees of freedom too.")
