"""Reference values of the Phase 2 statistics exercises, and the values each classic mistake gives.

A check names a mistake only when the learner's value matches the one that mistake produces;
these tables compute them once (cached), from the same data and seeds as the prompts.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from ._shared import _penguins


@cache
def _gentoo_mass() -> Any:
    df = _penguins()
    return df.loc[df["species"] == "Gentoo", "body_mass_g"].dropna()


@cache
def _gentoo_ci() -> tuple[float, float]:
    from scipy import stats

    mass = _gentoo_mass()
    n = len(mass)
    half = stats.t.ppf(0.975, n - 1) * mass.std() / math.sqrt(n)
    return float(mass.mean() - half), float(mass.mean() + half)


def _width_mistakes() -> list[tuple[float, str]]:
    """The width each classic mistake gives, as a multiple of the right width, and its name."""
    from scipy import stats

    n = len(_gentoo_mass())
    t = _t_crit()
    return [
        (1.96 / t, "ci is a little too narrow: 1.96 is the normal distribution's value; a "
         "sample's mean uses the t distribution's critical value"),
        (math.sqrt((n - 1) / n), "ci is a little too narrow: the standard deviation divides by n "
         "(NumPy's default, `ddof=0`); a sample's standard deviation divides by n - 1"),
        (stats.t.ppf(0.95, n - 1) / t, "ci is a 90% interval: a 95% interval leaves 2.5% in each "
         "tail, so the critical value is the 97.5th percentile"),
        (stats.t.ppf(0.975, n) / t, "ci uses n degrees of freedom: the t distribution of a mean "
         "has n - 1"),
        (math.sqrt(n / (n + 1)) * stats.t.ppf(0.975, n) / t, "ci counts the penguin with no mass "
         "in n: count the values after dropping the missing one"),
    ]


def _t_crit() -> float:
    from scipy import stats

    return float(stats.t.ppf(0.975, len(_gentoo_mass()) - 1))


@cache
def _welch() -> tuple[float, float, float]:
    from scipy import stats

    df = _penguins()
    adelie = df.loc[df["species"] == "Adelie", "body_mass_g"].dropna()
    chinstrap = df.loc[df["species"] == "Chinstrap", "body_mass_g"].dropna()
    welch = stats.ttest_ind(adelie, chinstrap, equal_var=False)
    student = stats.ttest_ind(adelie, chinstrap)
    return float(welch.pvalue), float(student.pvalue), float(welch.statistic)


@cache
def _other_tests() -> dict[float, str]:
    """The p-values of recognised mistakes: another test, or other rows than asked for."""
    from scipy import stats

    df = _penguins()

    def mass(frame: Any, species: str) -> Any:
        return frame.loc[frame["species"] == species, "body_mass_g"].dropna()

    adelie, chinstrap = mass(df, "Adelie"), mass(df, "Chinstrap")
    complete = df.dropna()
    return {
        float(stats.mannwhitneyu(adelie, chinstrap).pvalue):
            "that is the Mann-Whitney U test's p-value: the question asks for Welch's t-test",
        float(stats.ttest_ind(mass(complete, "Adelie"), mass(complete, "Chinstrap"),
                              equal_var=False).pvalue):
            "p_value leaves out the penguins whose sex is missing: drop only the rows missing a "
            "body mass",
    }


@cache
def _bootstrap_draws() -> tuple[Any, Any, Any]:
    """The mass, and the medians and means of the reference's 5000 resamples (seed 42)."""
    import numpy as np

    mass = _penguins()["body_mass_g"].dropna().to_numpy()
    resamples = np.random.default_rng(42).choice(mass, size=(5000, len(mass)), replace=True)
    return mass, np.median(resamples, axis=1), resamples.mean(axis=1)


@cache
def _bootstrap_reference() -> tuple[float, float]:
    import numpy as np

    low, high = np.percentile(_bootstrap_draws()[1], [2.5, 97.5])
    return float(low), float(high)


@cache
def _bootstrap_mistakes() -> list[tuple[tuple[float, float], str]]:
    """The interval each recognised mistake gives with the same seed, and what to say about it."""
    import numpy as np

    mass, medians, means = _bootstrap_draws()
    spread = 1.96 * medians.std(ddof=1)
    centre = float(np.median(mass))

    def ends(values: Any) -> tuple[float, float]:
        return float(values[0]), float(values[1])

    return [
        ((centre - spread, centre + spread), "boot_ci is a normal approximation (the median plus "
         "and minus 1.96 standard errors): the percentile bootstrap takes the 2.5th and 97.5th "
         "percentiles of the resampled medians themselves"),
        (ends(np.percentile(medians, [5, 95])), "boot_ci is a 90% interval: a 95% interval cuts "
         "off 2.5% at each end"),
        (ends(np.percentile(medians, [0.025, 0.975])), "boot_ci takes the 0.025th and 0.975th "
         "percentiles: `np.percentile` counts in percent (2.5 and 97.5); `np.quantile` takes "
         "fractions"),
        (ends(np.percentile(means, [2.5, 97.5])), "boot_ci is an interval for "
         "the mean: take the median of each resample"),
    ]
