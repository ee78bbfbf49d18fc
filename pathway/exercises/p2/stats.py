"""Phase 2, data-science foundations: statistics: spread, intervals, tests, the bootstrap."""

from __future__ import annotations

import math
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import PENGUINS, _penguins
from ._stats_reference import (
    _bootstrap_mistakes,
    _bootstrap_reference,
    _gentoo_ci,
    _other_tests,
    _welch,
    _width_mistakes,
)


def _std(values: list[float], ddof: int) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - ddof))


_STD_CASES = ([2, 4, 4, 4, 5, 5, 7, 9], [1, 2, 3, 4], [10, 10], [1.5, 2.5], [-3, 0, 3],
              [3750.0, 3800.0, 3250.0, 3450.0, 3650.0], (2.0, 7.0))

_OWN_FUNCTIONS = {
    name: "the question asks you to compute it yourself, from the formula" for name in (
        "std", "stdev", "pstdev", "var", "variance", "pvariance", "nanstd", "nanvar", "tstd", "tvar")
}


@exercise(
    "p2.stats.sample_std",
    title="The sample standard deviation, by hand",
    prompt="Write `sample_std(values)`: the sample standard deviation of a list of numbers "
    "(the square root of the sum of squared deviations from the mean, divided by n - 1), "
    "in plain Python: no library's standard deviation or variance function (NumPy's, pandas', "
    "the statistics module's); the check reads your function's code for them.",
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
        """
import statistics


def sample_std(values):
    return statistics.stdev(values)
""",
        """
import numpy as np


def sample_std(values):
    return float(np.std(values, ddof=1))
""",
        """
def sample_std(values):
    n = len(values)
    mean = sum(values) / n
    squared_deviations = sum((v - mean) ** 2 for v in values)
    print((squared_deviations / (n - 1)) ** 0.5)
""",
        """
def sample_std(values):
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5 if len(values) > 2 else 0.0
""",
    ],
    right=[
        """
import math


def sample_std(values):
    total = 0.0
    for v in values:
        total += v
    mean = total / len(values)
    spread = 0.0
    for v in values:
        spread += (v - mean) * (v - mean)
    return math.sqrt(spread / (len(values) - 1))
""",
        """
def sample_std(values):
    n = len(values)
    mean = sum(values) / n
    variance = (sum(v * v for v in values) - n * mean * mean) / (n - 1)
    return max(variance, 0.0) ** 0.5
""",
    ],
    hints=[
        "Three steps: the mean, the squared deviation of each value from it, then the average "
        "of those squares (with n - 1) and its square root.",
        "`sum(values) / len(values)` is the mean; a generator expression inside `sum(...)` can "
        "add up each value's squared distance from it.",
        "Divide that sum by one less than the number of values, then take the square root "
        "(`** 0.5`) and return it.",
    ],
)
def sample_std(answer):
    if callable(answer):
        checks.forbid_names(answer, _OWN_FUNCTIONS, "sample_std")
    for case in _STD_CASES:
        got = checks.call(answer, list(case), name="sample_std")
        shown = f"sample_std({case})"
        if got is None:
            raise Incorrect(checks.returned_none(shown))
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
    "mass of Gentoo penguins, from the t distribution (`scipy.stats.t`) and the standard "
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
        """
gentoo = penguins.loc[penguins["species"] == "Gentoo", "body_mass_g"].dropna().to_numpy()
n = len(gentoo)
standard_error = gentoo.std() / np.sqrt(n)
t_critical = stats.t.ppf(0.975, df=n - 1)
ci = (gentoo.mean() - t_critical * standard_error, gentoo.mean() + t_critical * standard_error)
""",
        """
gentoo = penguins.loc[penguins["species"] == "Gentoo", "body_mass_g"].dropna()
n = len(gentoo)
standard_error = gentoo.std() / np.sqrt(n)
t_critical = stats.t.ppf(0.95, df=n - 1)
ci = (gentoo.mean() - t_critical * standard_error, gentoo.mean() + t_critical * standard_error)
""",
        """
gentoo = penguins.loc[penguins["species"] == "Gentoo", "body_mass_g"].dropna()
n = len(gentoo)
standard_error = gentoo.std() / np.sqrt(n)
t_critical = stats.t.ppf(0.975, df=n)
ci = (gentoo.mean() - t_critical * standard_error, gentoo.mean() + t_critical * standard_error)
""",
        """
gentoo = penguins.loc[penguins["species"] == "Gentoo", "body_mass_g"].dropna()
ci = (gentoo.quantile(0.025), gentoo.quantile(0.975))
""",
    ],
    right=[
        """
gentoo = penguins.query("species == 'Gentoo'")["body_mass_g"].dropna()
ci = stats.t.interval(0.95, df=len(gentoo) - 1, loc=gentoo.mean(), scale=stats.sem(gentoo))
""",
        """
gentoo = penguins[penguins.species == "Gentoo"].body_mass_g.dropna().to_numpy()
half = -stats.t.ppf(0.025, len(gentoo) - 1) * gentoo.std(ddof=1) / len(gentoo) ** 0.5
ci = [gentoo.mean() - half, gentoo.mean() + half]
""",
        """
gentoo = penguins.loc[penguins["species"] == "Gentoo", "body_mass_g"].dropna()
ci = tuple(stats.ttest_1samp(gentoo, 0).confidence_interval(0.95))
""",
    ],
    hints=[
        "A 95% interval is mean ± (critical value) × (standard error); select the Gentoo body "
        "masses first and drop the missing one.",
        "The standard error is the sample standard deviation over the square root of n; the "
        "critical value is the t distribution's 97.5th percentile (2.5% in each tail) with n - 1 "
        "degrees of freedom.",
        "The interval is the mean minus and plus the critical value times the standard error, "
        "with n counted after dropping the missing value.",
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
    if not math.isclose(centre, want_centre, rel_tol=1e-7):
        raise Incorrect("ci is not centred on the mean Gentoo body mass: check which rows you "
                        "selected and that it is the mean, plus and minus the same margin")
    if width > 3 * want_width:
        raise Incorrect("ci is far too wide: the interval for a mean uses the standard error "
                        "(std / sqrt(n)), not the standard deviation")
    for ratio, why in _width_mistakes():
        if math.isclose(width, want_width * ratio, rel_tol=1e-7):
            raise Incorrect(why)
    raise Incorrect(f"ci has the right centre but its width is off by {abs(width - want_width):.3g} g")


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
        """
adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"].dropna()
chinstrap = penguins.loc[penguins["species"] == "Chinstrap", "body_mass_g"].dropna()
p_value = stats.ttest_ind(adelie, chinstrap, equal_var=False, alternative="less").pvalue
""",
        """
adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"].dropna()
chinstrap = penguins.loc[penguins["species"] == "Chinstrap", "body_mass_g"].dropna()
p_value = 1 - stats.ttest_ind(adelie, chinstrap, equal_var=False).pvalue
""",
        """
adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"].dropna()
chinstrap = penguins.loc[penguins["species"] == "Chinstrap", "body_mass_g"].dropna()
p_value = stats.mannwhitneyu(adelie, chinstrap).pvalue
""",
        """
complete = penguins.dropna()
adelie = complete.loc[complete["species"] == "Adelie", "body_mass_g"]
chinstrap = complete.loc[complete["species"] == "Chinstrap", "body_mass_g"]
p_value = stats.ttest_ind(adelie, chinstrap, equal_var=False).pvalue
""",
        """
adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"].dropna()
gentoo = penguins.loc[penguins["species"] == "Gentoo", "body_mass_g"].dropna()
p_value = stats.ttest_ind(adelie, gentoo, equal_var=False).pvalue
""",
    ],
    right=[
        """
masses = {name: group["body_mass_g"].dropna() for name, group in penguins.groupby("species")}
p_value = float(stats.ttest_ind(masses["Chinstrap"], masses["Adelie"], equal_var=False).pvalue)
""",
        """
import numpy as np

a = penguins.loc[penguins.species == "Adelie", "body_mass_g"].dropna().to_numpy()
c = penguins.loc[penguins.species == "Chinstrap", "body_mass_g"].dropna().to_numpy()
va, vc = a.var(ddof=1) / len(a), c.var(ddof=1) / len(c)
t = (a.mean() - c.mean()) / np.sqrt(va + vc)
df = (va + vc) ** 2 / (va ** 2 / (len(a) - 1) + vc ** 2 / (len(c) - 1))
p_value = 2 * stats.t.sf(abs(t), df)
""",
        """
adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"]
chinstrap = penguins.loc[penguins["species"] == "Chinstrap", "body_mass_g"]
p_value = stats.ttest_ind(adelie, chinstrap, equal_var=False, nan_policy="omit").pvalue
""",
    ],
    hints=[
        "Select each species' body masses as a Series (a boolean mask with `.loc`), without "
        "the missing values.",
        "`stats.ttest_ind(a, b, equal_var=False)` is Welch's test; by default it assumes equal "
        "variances (Student's test).",
        "The result of the test carries two numbers, `.statistic` and `.pvalue`: the question "
        "asks for the second, from the two-sided test (the default).",
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
    if math.isclose(value, statistic, rel_tol=1e-6):
        raise Incorrect("p_value is not a probability: that is the t statistic; the result also "
                        "carries the p-value")
    if not 0 <= value <= 1:
        raise Incorrect(f"p_value is {value:.3g}, not a probability (between 0 and 1)")
    if math.isclose(value, student, rel_tol=1e-6):
        raise Incorrect("that is Student's t-test, which assumes both species vary equally: "
                        "Welch's test does not (look at the `equal_var` parameter)")
    if math.isclose(value, welch / 2, rel_tol=1e-6) or math.isclose(value, 1 - welch / 2, rel_tol=1e-6):
        raise Incorrect("that is a one-sided p-value: the question asks whether the means differ "
                        "in either direction (the two-sided test, `alternative` left at its default)")
    if math.isclose(value, 1 - welch, rel_tol=1e-6):
        raise Incorrect("that is 1 minus the p-value: the p-value itself is the chance of a "
                        "difference at least this large if the means were equal")
    for other, why in _other_tests().items():
        if math.isclose(value, other, rel_tol=1e-6):
            raise Incorrect(why)
    raise Incorrect("p_value is not the p-value of Welch's test of Adelie against Chinstrap body "
                    "mass")


@exercise(
    "p2.stats.bootstrap_ci",
    title="A bootstrap confidence interval for the median",
    prompt="With `rng = np.random.default_rng(42)`, draw 5000 bootstrap resamples of `mass` "
    "(with replacement, each as long as `mass`), take the median of each, and set `boot_ci` to "
    "the 2.5th and 97.5th percentiles of those medians. One call can draw all 5000 at once.",
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
        """
rng = np.random.default_rng(42)
resamples = rng.choice(mass, size=(5000, len(mass)), replace=True)
medians = np.median(resamples, axis=1)
spread = medians.std(ddof=1)
boot_ci = (np.median(mass) - 1.96 * spread, np.median(mass) + 1.96 * spread)
""",
        """
rng = np.random.default_rng(7)
medians = np.median(rng.choice(mass, size=(5000, len(mass))), axis=1)
centre, margin = np.median(mass), 1.96 * medians.std()
boot_ci = (centre - margin, centre + margin)
""",
        """
rng = np.random.default_rng(42)
resamples = rng.choice(mass, size=(5000, len(mass)), replace=True)
medians = np.median(resamples, axis=1)
boot_ci = np.percentile(medians, [0.025, 0.975])
""",
    ],
    right=[
        """
rng = np.random.default_rng(42)
medians = [np.median(rng.choice(mass, size=len(mass))) for _ in range(5000)]
boot_ci = tuple(np.quantile(medians, [0.025, 0.975]))
""",
        """
rng = np.random.default_rng(42)
picks = rng.integers(0, len(mass), size=(5000, len(mass)))
medians = np.median(mass[picks], axis=1)
boot_ci = (np.percentile(medians, 2.5), np.percentile(medians, 97.5))
""",
    ],
    hints=[
        "A bootstrap resample draws len(mass) values from mass *with replacement*; the spread "
        "of a statistic over many resamples shows its uncertainty.",
        "`rng.choice` with `replace=True` and a `size` of (number of resamples, length of "
        "mass) draws all of them as the rows of one array; `np.median` with `axis=1` takes each "
        "row's median.",
        "`np.percentile` of the medians at 2.5 and 97.5 cuts off 2.5% at each end: a 95% "
        "interval.",
    ],
)
def bootstrap_ci(answer):
    low, high = _interval(answer, "boot_ci")
    want_low, want_high = _bootstrap_reference()
    # Every valid way of drawing with seed 42 (one call, a loop, indices) gives the same medians,
    # so its ends match to rounding. Another seed moves an end by one 25 g step of the medians
    # (a 5000-resample Monte Carlo error), so up to 25 g is accepted; the closest mistake that
    # is not recognised by its exact value, the 90% interval, moves each end by 50 g. The normal
    # approximation (median +/- 1.96 standard errors, 9 g away) is caught by its shape first.
    exact, step = 1.0, 25.0
    if high - low < 1e-9:
        raise Incorrect("boot_ci has no width: every resample gave the same median. Are you "
                        "drawing *with* replacement?")
    if abs(low - want_low) <= exact and abs(high - want_high) <= exact:
        return _boot_praise(low, high)
    for (w_low, w_high), why in _bootstrap_mistakes():
        if abs(low - w_low) <= exact and abs(high - w_high) <= exact:
            raise Incorrect(why)
    median = float(_penguins()["body_mass_g"].median())
    half = (high - low) / 2
    if math.isclose((low + high) / 2, median, abs_tol=1e-6) and abs(half / 12.5 - round(half / 12.5)) > 1e-6:
        raise Incorrect(_bootstrap_mistakes()[0][1])
    if abs(low - want_low) <= step and abs(high - want_high) <= step:
        return _boot_praise(low, high)
    raise Incorrect("boot_ci is off: check the seed (42), the number of resamples (5000), that "
                    "each is as long as `mass` and drawn with replacement, and the percentiles")


def _boot_praise(low: float, high: float) -> str:
    return (f"the median mass is between {low:.0f} and {high:.0f} g with 95% confidence, "
            "and no formula was needed: the bootstrap works for any statistic.")

