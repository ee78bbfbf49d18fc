"""Phase 2, data-science foundations: statistics: spread, intervals, tests, the bootstrap."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import PENGUINS, _penguins


def _std(values: list[float], ddof: int) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - ddof))


_STD_CASES = ([2, 4, 4, 4, 5, 5, 7, 9], [1, 2, 3, 4], [10, 10], [1.5, 2.5], [-3, 0, 3],
              [3750.0, 3800.0, 3250.0, 3450.0, 3650.0])


@exercise(
    "p2.stats.sample_std",
    title="The sample standard deviation, by hand",
    prompt="Write `sample_std(values)`: the sample standard deviation of a list of numbers "
    "(the square root of the sum of squared deviations from the mean, divided by n - 1), "
    "without NumPy's, pandas' or the statistics module's own functions.",
    answer="sample_std",
    solution="""
def sample_std(values):
    n = len(values)
    mean = sum(values) / n
    squared_deviations = sum((v - mean) ** 2 for v in values)
    return (squared_deviations / (n - 1)) ** 0.5
""",
    wrong=[
        """
def sample_std(values):
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
""",
        """
def sample_std(values):
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)
""",
        """
def sample_std(values):
    mean = sum(values) / len(values)
    return (sum(abs(v - mean) for v in values) / (len(values) - 1))
""",
    ],
    hints=[
        "Three steps: the mean, the squared deviation of each value from it, then the average "
        "of those squares (with n - 1) and its square root.",
        "`sum(values) / len(values)` is the mean; a generator `sum((v - mean) ** 2 for v in "
        "values)` adds up the squared deviations.",
        "Divide the sum of squared deviations by `len(values) - 1` and raise to the power "
        "`0.5`.",
    ],
)
def sample_std(answer):
    for case in _STD_CASES:
        got = checks.call(answer, list(case), name="sample_std")
        shown = f"sample_std({case})"
        if got is None:
            raise Incorrect(f"{shown} returned None: did you forget `return`?")
        value = checks.number(got, shown)
        expected = _std(list(case), 1)
        if math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12):
            continue
        if math.isclose(value, _std(list(case), 0), rel_tol=1e-9):
            raise Incorrect(f"{shown} gives the population standard deviation (dividing by n); "
                            "a sample's divides by n - 1")
        if math.isclose(value, expected**2, rel_tol=1e-9):
            raise Incorrect(f"{shown} gives the variance: one step is missing at the end")
        raise Incorrect(f"{shown} returned {value:.4g}, which is not right")
    return ("this is what `np.std(values, ddof=1)` and pandas' `.std()` compute; NumPy's "
            "default (`ddof=0`) divides by n.")


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


def _interval(answer: Any, name: str) -> tuple[float, float]:
    """Two numbers, low then high, from a tuple, list or array."""
    import numpy as np

    if isinstance(answer, np.ndarray):
        answer = answer.tolist()
    if hasattr(answer, "confidence_interval"):
        raise Incorrect(f"{name} is a whole result object: take its `.confidence_interval` "
                        "as a tuple (low, high)")
    checks.expect_type(answer, (tuple, list), "a tuple (low, high)")
    if len(answer) != 2:
        raise Incorrect(f"{name} should hold two numbers, low and high; it holds {len(answer)}")
    low, high = (checks.number(v, f"the {side} end of {name}") for v, side in
                 zip(answer, ("low", "high")))
    if low > high:
        raise Incorrect(f"{name} is upside down: put the lower end first")
    return low, high


@exercise(
    "p2.stats.confidence_interval",
    title="A 95% confidence interval for a mean",
    prompt="Set `ci` to a tuple `(low, high)`: the 95% confidence interval for the mean body "
    "mass of Gentoo penguins, from the t distribution (`scipy.stats.t.ppf`) and the standard "
    "error of the mean.",
    answer="ci",
    setup="import numpy as np\nfrom scipy import stats\n" + PENGUINS,
    solution="""
gentoo = penguins.loc[penguins["species"] == "Gentoo", "body_mass_g"].dropna()
n = len(gentoo)
standard_error = gentoo.std() / np.sqrt(n)
t_critical = stats.t.ppf(0.975, df=n - 1)
ci = (gentoo.mean() - t_critical * standard_error, gentoo.mean() + t_critical * standard_error)
""",
    wrong=[
        """
gentoo = penguins.loc[penguins["species"] == "Gentoo", "body_mass_g"].dropna()
standard_error = gentoo.std() / np.sqrt(len(gentoo))
ci = (gentoo.mean() - 1.96 * standard_error, gentoo.mean() + 1.96 * standard_error)
""",
        """
gentoo = penguins.loc[penguins["species"] == "Gentoo", "body_mass_g"].dropna()
t_critical = stats.t.ppf(0.975, df=len(gentoo) - 1)
ci = (gentoo.mean() - t_critical * gentoo.std(), gentoo.mean() + t_critical * gentoo.std())
""",
        """
gentoo = penguins.loc[penguins["species"] == "Gentoo", "body_mass_g"]
n = len(gentoo)
standard_error = gentoo.std() / np.sqrt(n)
t_critical = stats.t.ppf(0.975, df=n - 1)
ci = (gentoo.mean() - t_critical * standard_error, gentoo.mean() + t_critical * standard_error)
""",
    ],
    hints=[
        "A 95% interval is mean ± (critical value) × (standard error); select the Gentoo body "
        "masses first and drop the missing one.",
        "The standard error is `std / sqrt(n)`; the critical value is `stats.t.ppf(0.975, "
        "df=n - 1)` (2.5% in each tail).",
        "`ci = (mean - t_critical * standard_error, mean + t_critical * standard_error)`, with "
        "`n = len(gentoo)` counted after `.dropna()`.",
    ],
)
def confidence_interval(answer):
    low, high = _interval(answer, "ci")
    want_low, want_high = _gentoo_ci()
    if math.isclose(low, want_low, rel_tol=1e-7) and math.isclose(high, want_high, rel_tol=1e-7):
        return (f"the mean Gentoo mass is {(low + high) / 2:.0f} g, give or take "
                f"{(high - low) / 2:.0f} g. The interval is for the *mean*: individual penguins "
                "vary far more.")
    centre, want_centre = (low + high) / 2, (want_low + want_high) / 2
    width, want_width = high - low, want_high - want_low
    if not math.isclose(centre, want_centre, rel_tol=1e-4):
        raise Incorrect("ci is not centred on the mean Gentoo body mass: check which rows you "
                        "selected")
    if width > 3 * want_width:
        raise Incorrect("ci is far too wide: the interval for a mean uses the standard error "
                        "(std / sqrt(n)), not the standard deviation")
    if math.isclose(width, want_width * 1.96 / _t_crit(), rel_tol=1e-4):
        raise Incorrect("ci is a little too narrow: 1.96 is the normal distribution's value; a "
                        "sample's mean uses the t distribution's critical value")
    raise Incorrect(f"ci has the right centre but its width is off by {abs(width - want_width):.3g} "
                    "g: is n counted after dropping the missing value?")


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


@exercise(
    "p2.stats.welch_ttest",
    title="Welch's t-test and its p-value",
    prompt="Do Adelie and Chinstrap penguins differ in mean body mass? Set `p_value` to the "
    "p-value of Welch's two-sample t-test (`scipy.stats.ttest_ind`, not assuming equal "
    "variances) comparing their body masses.",
    answer="p_value",
    setup="from scipy import stats\n" + PENGUINS,
    solution="""
adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"].dropna()
chinstrap = penguins.loc[penguins["species"] == "Chinstrap", "body_mass_g"].dropna()
result = stats.ttest_ind(adelie, chinstrap, equal_var=False)
p_value = result.pvalue
""",
    wrong=[
        """
adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"].dropna()
chinstrap = penguins.loc[penguins["species"] == "Chinstrap", "body_mass_g"].dropna()
p_value = stats.ttest_ind(adelie, chinstrap).pvalue
""",
        """
adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"]
chinstrap = penguins.loc[penguins["species"] == "Chinstrap", "body_mass_g"]
p_value = stats.ttest_ind(adelie, chinstrap, equal_var=False).pvalue
""",
        """
adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"].dropna()
chinstrap = penguins.loc[penguins["species"] == "Chinstrap", "body_mass_g"].dropna()
p_value = stats.ttest_ind(adelie, chinstrap, equal_var=False).statistic
""",
    ],
    hints=[
        "Select each species' body masses as a Series (a boolean mask with `.loc`), without "
        "the missing values.",
        "`stats.ttest_ind(a, b, equal_var=False)` is Welch's test; by default it assumes equal "
        "variances (Student's test).",
        "The result has `.statistic` and `.pvalue`: `p_value = stats.ttest_ind(adelie, "
        "chinstrap, equal_var=False).pvalue`.",
    ],
)
def welch_ttest(answer):
    if hasattr(answer, "pvalue") and hasattr(answer, "statistic"):
        raise Incorrect("p_value is the whole test result: take its `.pvalue`")
    value = checks.number(answer, "p_value")
    welch, student, statistic = _welch()
    if math.isclose(value, welch, rel_tol=1e-6):
        return (f"p = {value:.2f}: a difference this large would be common if the two species "
                "had the same mean mass, so the data give no evidence that they differ.")
    if math.isclose(value, statistic, rel_tol=1e-6) or not 0 <= value <= 1:
        raise Incorrect("p_value is not a probability: that looks like the t statistic; the "
                        "result also carries the p-value")
    if math.isclose(value, student, rel_tol=1e-6):
        raise Incorrect("that is Student's t-test, which assumes both species vary equally: "
                        "Welch's test does not (look at the `equal_var` parameter)")
    raise Incorrect("p_value is not the one of this comparison: check the two groups you "
                    "selected (Adelie and Chinstrap body mass)")


@cache
def _bootstrap_reference() -> tuple[float, float]:
    import numpy as np

    mass = _penguins()["body_mass_g"].dropna().to_numpy()
    rng = np.random.default_rng(42)
    medians = np.median(rng.choice(mass, size=(5000, len(mass)), replace=True), axis=1)
    low, high = np.percentile(medians, [2.5, 97.5])
    return float(low), float(high)


@exercise(
    "p2.stats.bootstrap_ci",
    title="A bootstrap confidence interval for the median",
    prompt="With `rng = np.random.default_rng(42)`, draw 5000 bootstrap resamples of `mass` "
    "(with replacement, each as long as `mass`) in one vectorised call, take the median of "
    "each, and set `boot_ci` to the 2.5th and 97.5th percentiles of those medians.",
    answer="boot_ci",
    setup="import numpy as np\n" + PENGUINS + '\nmass = penguins["body_mass_g"].dropna().to_numpy()',
    solution="""
rng = np.random.default_rng(42)
resamples = rng.choice(mass, size=(5000, len(mass)), replace=True)
medians = np.median(resamples, axis=1)
boot_ci = np.percentile(medians, [2.5, 97.5])
""",
    wrong=[
        """
rng = np.random.default_rng(42)
resamples = rng.choice(mass, size=(5000, len(mass)), replace=True)
medians = np.median(resamples, axis=1)
boot_ci = np.percentile(medians, [5, 95])
""",
        """
rng = np.random.default_rng(42)
resamples = rng.choice(mass, size=(5000, len(mass)), replace=True)
means = resamples.mean(axis=1)
boot_ci = np.percentile(means, [2.5, 97.5])
""",
        """
rng = np.random.default_rng(42)
resamples = np.array([rng.permutation(mass) for _ in range(5000)])
medians = np.median(resamples, axis=1)
boot_ci = np.percentile(medians, [2.5, 97.5])
""",
    ],
    hints=[
        "A bootstrap resample draws len(mass) values from mass *with replacement*; the spread "
        "of a statistic over many resamples shows its uncertainty.",
        "`rng.choice(mass, size=(5000, len(mass)), replace=True)` draws all 5000 resamples "
        "as the rows of one array; `np.median(..., axis=1)` takes each row's median.",
        "`np.percentile(medians, [2.5, 97.5])` cuts off 2.5% at each end: a 95% interval.",
    ],
)
def bootstrap_ci(answer):
    low, high = _interval(answer, "boot_ci")
    want_low, want_high = _bootstrap_reference()
    # Medians of this data fall on 25 g steps; another valid seed moves an end by one step.
    tolerance = 30.0
    if high - low < 1e-9:
        raise Incorrect("boot_ci has no width: every resample gave the same median. Are you "
                        "drawing *with* replacement?")
    if abs(low - want_low) <= tolerance and abs(high - want_high) <= tolerance:
        return (f"the median mass is between {low:.0f} and {high:.0f} g with 95% confidence, "
                "and no formula was needed: the bootstrap works for any statistic.")
    median = float(_penguins()["body_mass_g"].median())
    if not low <= median <= high:
        raise Incorrect("boot_ci does not contain the sample median: is the statistic of each "
                        "resample its median?")
    if high - low < want_high - want_low - tolerance:
        raise Incorrect("boot_ci is too narrow for a 95% interval: which percentiles cut off "
                        "2.5% at each end?")
    raise Incorrect("boot_ci is off: check the seed (42), the number of resamples (5000) and "
                    "the percentiles")
