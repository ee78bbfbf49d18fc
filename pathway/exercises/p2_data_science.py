"""Phase 2, Data Science Foundations: statistics, pandas and NumPy, plots, EDA, model validation.

Every exercise works on the Palmer penguins (`data/penguins.csv`, with `penguins-raw.csv` for the
merge). Expected values are computed from the shipped data, once, and cached.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from . import checks
from .engine import Incorrect, exercise

PENGUINS = "from pathway.labs import datasets\npenguins = datasets.penguins()"
MEASUREMENTS = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
PLOT_SETUP = (
    "import matplotlib.pyplot as plt\nimport seaborn as sns\n"
    "from pathway.labs import datasets\npenguins = datasets.penguins()"
)
SEX_DATA = (
    PENGUINS + "\n"
    "complete = penguins.dropna()\n"
    'X = complete[["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]]\n'
    'y = complete["sex"]'
)


@cache
def _penguins() -> Any:
    from ..labs import datasets

    return datasets.penguins()


def _compare(helper: Any, answer: Any, expected: Any, name: str, off: str, **options: Any) -> None:
    """Run a `checks` helper, adding this exercise's advice `off` when values differ."""
    try:
        helper(answer, expected, name, **options)
    except Incorrect as exc:
        if " off (the first at " in exc.message:
            raise Incorrect(f"{exc.message}: {off}") from None
        raise


# ====================================================================== statistics
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


# ====================================================================== pandas and NumPy
@cache
def _group_summary() -> Any:
    df = _penguins()
    return df.groupby(["species", "sex"])["body_mass_g"].agg(["mean", "std", "count"]).reset_index()


def _flat(answer: Any) -> Any:
    """A grouped result with its group labels as columns, whether they were the index or not."""
    import pandas as pd

    if isinstance(answer, pd.DataFrame) and any(n in ("species", "sex") for n in answer.index.names):
        return answer.reset_index()
    return answer


@exercise(
    "p2.pandas.group_summary",
    title="Group and aggregate",
    prompt="Set `mass_by_group` to the mean, standard deviation and count of `body_mass_g` for "
    "each combination of species and sex, as columns named `mean`, `std` and `count`.",
    answer="mass_by_group",
    setup=PENGUINS,
    solution='mass_by_group = penguins.groupby(["species", "sex"])["body_mass_g"]'
    '.agg(["mean", "std", "count"])',
    wrong=[
        'mass_by_group = penguins.groupby("species")["body_mass_g"].agg(["mean", "std", "count"])',
        'mass_by_group = penguins.groupby(["species", "sex"], dropna=False)["body_mass_g"]'
        '.agg(["mean", "std", "count"])',
        'mass_by_group = penguins.groupby(["species", "sex"])["body_mass_g"].agg(["median", "std", "count"])',
    ],
    hints=[
        "Split the rows into groups with `groupby`, pick the column, then aggregate.",
        "Group by a list of two columns: `penguins.groupby([\"species\", \"sex\"])`.",
        "`.agg([...])` with a list of function names gives one column per name: "
        "`[\"body_mass_g\"].agg([\"mean\", \"std\", \"count\"])`.",
    ],
)
def group_summary(answer):
    import pandas as pd

    expected = _group_summary()
    answer = _flat(answer)
    checks.expect_type(answer, pd.DataFrame, "a pandas DataFrame")
    if len(answer) == 3:
        raise Incorrect("mass_by_group has 3 rows, one per species: group by sex as well")
    if len(answer) > len(expected) and "sex" in answer.columns and answer["sex"].isna().any():
        raise Incorrect("mass_by_group has groups for missing sex: leave `dropna` at its "
                        "default so those rows are left out")
    _compare(checks.frame, answer, expected, "mass_by_group",
             "check the statistics you asked `.agg` for")
    return "males are heavier than females in every species; Gentoo males most of all."


@cache
def _lab_tables() -> tuple[Any, Any, Any]:
    from ..labs import datasets

    raw = datasets.load("penguins-raw")
    field = raw[["studyName", "Individual ID", "Species", "Island", "Body Mass (g)"]]
    lab = (raw[["studyName", "Individual ID", "Delta 15 N (o/oo)", "Delta 13 C (o/oo)"]]
           .dropna().sample(frac=1, random_state=0).reset_index(drop=True))
    combined = field.merge(lab, on=["studyName", "Individual ID"], how="left")
    return field, lab, combined


@exercise(
    "p2.pandas.merge_lab",
    title="Merge two tables on a composite key",
    prompt="Bring the lab's isotope results into the field table: set `combined` to `field` "
    "merged with `lab`, keeping every bird in `field` (with NaN where the lab has no result). "
    "A bird is identified by its study *and* its individual id.",
    answer="combined",
    setup="""
from pathway.labs import datasets
raw = datasets.load("penguins-raw")
field = raw[["studyName", "Individual ID", "Species", "Island", "Body Mass (g)"]]
lab = (raw[["studyName", "Individual ID", "Delta 15 N (o/oo)", "Delta 13 C (o/oo)"]]
       .dropna().sample(frac=1, random_state=0).reset_index(drop=True))
""",
    solution='combined = field.merge(lab, on=["studyName", "Individual ID"], how="left")',
    wrong=[
        'combined = field.merge(lab, on="Individual ID", how="left")',
        'combined = field.merge(lab, on=["studyName", "Individual ID"])',
        "import pandas as pd\ncombined = pd.concat([field, lab.drop(columns=[\"studyName\", "
        "\"Individual ID\"])], axis=1)",
    ],
    hints=[
        "`DataFrame.merge` matches rows by key columns; the kind of join decides what happens "
        "to rows without a match.",
        "The same `Individual ID` occurs in several studies, so the key is two columns: "
        "`on=[\"studyName\", \"Individual ID\"]`.",
        "Keep every row of the left table with `how=\"left\"`: "
        "`field.merge(lab, on=[...], how=\"left\")`.",
    ],
)
def merge_lab(answer):
    import pandas as pd

    field, _, expected = _lab_tables()
    checks.expect_type(answer, pd.DataFrame, "a pandas DataFrame")
    columns = [str(c) for c in answer.columns]
    if any(c.endswith(("_x", "_y")) for c in columns):
        raise Incorrect("combined has columns ending in _x and _y: a column both tables share "
                        "was not used as a key")
    if len(answer) > len(field):
        raise Incorrect(f"combined has {len(answer) - len(field)} rows too many: a bird matched "
                        "several lab rows. Is the key unique on its own?")
    if len(answer) < len(field):
        raise Incorrect(f"combined has {len(field) - len(answer)} rows too few: birds without a "
                        "lab result were dropped. Which kind of join keeps them?")
    _compare(checks.frame, answer, expected, "combined",
             "rows were paired with the wrong lab results; match them by key with `merge`")
    missing = int(expected["Delta 15 N (o/oo)"].isna().sum())
    return (f"all {len(expected)} birds kept; {missing} have no isotope result. A row-by-row "
            "concat would have paired birds with the wrong lab results.")


@cache
def _flipper_table() -> Any:
    return _penguins().pivot_table(index="species", columns="island",
                                   values="flipper_length_mm", aggfunc="mean")


@exercise(
    "p2.pandas.pivot",
    title="Reshape with a pivot table",
    prompt="Set `flipper_table` to a table of the mean flipper length with one row per "
    "species and one column per island.",
    answer="flipper_table",
    setup=PENGUINS,
    solution='flipper_table = penguins.pivot_table(index="species", columns="island", '
    'values="flipper_length_mm", aggfunc="mean")',
    wrong=[
        'flipper_table = penguins.pivot_table(index="island", columns="species", '
        'values="flipper_length_mm", aggfunc="mean")',
        'flipper_table = penguins.groupby(["species", "island"])["flipper_length_mm"].mean()',
        'flipper_table = penguins.pivot_table(index="species", columns="island", '
        'values="flipper_length_mm", aggfunc="median")',
    ],
    hints=[
        "A pivot table spreads one column's values across new columns and aggregates what "
        "falls in each cell.",
        "`penguins.pivot_table(index=..., columns=..., values=..., aggfunc=...)`: the index "
        "gives the rows, `columns` the columns.",
        "`index=\"species\", columns=\"island\", values=\"flipper_length_mm\", "
        "aggfunc=\"mean\"`.",
    ],
)
def pivot(answer):
    import pandas as pd

    expected = _flipper_table()
    if isinstance(answer, pd.Series) and isinstance(answer.index, pd.MultiIndex):
        raise Incorrect("flipper_table is in long form (one row per species and island): "
                        "spread the islands into columns")
    checks.expect_type(answer, pd.DataFrame, "a pandas DataFrame")
    columns = {str(c) for c in answer.columns}
    if columns == {str(s) for s in expected.index}:
        raise Incorrect("flipper_table is on its side: species should be the rows and islands "
                        "the columns")
    _compare(checks.frame, answer, expected, "flipper_table",
             "check the aggregation: the question asks for the mean", check_index=True)
    return ("the empty cells are real: in this study Gentoo were found only on Biscoe and Chinstrap "
            "only on Dream. "
            "`.melt()` turns a wide table like this back into long form.")


@cache
def _zscores() -> Any:
    values = _penguins()[MEASUREMENTS].dropna().to_numpy()
    return values, (values - values.mean(axis=0)) / values.std(axis=0, ddof=1)


@exercise(
    "p2.numpy.zscores",
    title="Vectorise: standardise every column at once",
    prompt="Set `z` to `measurements` standardised column by column: subtract each column's "
    "mean and divide by its sample standard deviation, with NumPy operations on the whole "
    "array and no Python loop.",
    answer="z",
    setup="import numpy as np\n" + PENGUINS + "\nmeasurements = penguins[[\"bill_length_mm\", "
    "\"bill_depth_mm\", \"flipper_length_mm\", \"body_mass_g\"]].dropna().to_numpy()",
    solution="z = (measurements - measurements.mean(axis=0)) / measurements.std(axis=0, ddof=1)",
    wrong=[
        "z = (measurements - measurements.mean(axis=0)) / measurements.std(axis=0)",
        "z = (measurements - measurements.mean()) / measurements.std(ddof=1)",
        "z = measurements - measurements.mean(axis=0)",
    ],
    hints=[
        "NumPy broadcasts: subtracting an array of 4 column means from a (342, 4) array "
        "subtracts each mean from its own column.",
        "`measurements.mean(axis=0)` gives one mean per column; `.std(axis=0, ddof=1)` one "
        "sample standard deviation per column.",
        "`z = (measurements - measurements.mean(axis=0)) / measurements.std(axis=0, ddof=1)`.",
    ],
)
def zscores(answer):
    import numpy as np

    _, expected = _zscores()
    if not _numeric_2d(answer):
        checks.array(answer, expected, "z")  # explains a wrong type or shape
        raise Incorrect("z should be a 2-D array of numbers, like measurements")
    got = np.asarray(answer, dtype=float)
    if got.shape != expected.shape:
        raise Incorrect(f"z has shape {got.shape}; it should keep the shape of measurements, "
                        f"{expected.shape}")
    means, stds = got.mean(axis=0), got.std(axis=0, ddof=1)
    if not np.allclose(means, 0, atol=1e-9):
        raise Incorrect("the columns of z do not have mean 0: subtract each column's own mean "
                        "(look at the `axis` argument)")
    if np.allclose(got.std(axis=0), 1, rtol=1e-9):
        raise Incorrect("the columns of z have the population standard deviation 1: divide by "
                        "the *sample* standard deviation (look at `ddof`)")
    if not np.allclose(stds, 1, rtol=1e-6):
        raise Incorrect("the columns of z do not have standard deviation 1: divide each column "
                        "by its own standard deviation")
    checks.array(got, expected, "z")
    return ("one line, no loop: NumPy runs it in compiled code. scikit-learn's StandardScaler "
            "does the same (with the population standard deviation).")


def _numeric_2d(answer: Any) -> bool:
    import numpy as np

    try:
        got = np.asarray(answer, dtype=float)
    except Exception:
        return False
    return got.ndim == 2


# ====================================================================== visualisation
def _readable(ax: Any) -> None:
    """Axis labels written for a reader, not the raw column names seaborn puts there."""
    for axis, label in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())):
        if label in MEASUREMENTS:
            raise Incorrect(f"the {axis}-axis label is still the column name {label!r}: write "
                            f"it for a reader, with its unit (`ax.set_{axis}label(...)`)")


@exercise(
    "p2.viz.distribution",
    title="A distribution: histogram by species",
    prompt="On `ax`, draw a histogram of `body_mass_g` with one colour per species (seaborn's "
    "`histplot`), and give it a title and readable axis labels with units.",
    answer="fig",
    setup=PLOT_SETUP,
    solution="""
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="species", ax=ax)
ax.set_title("Body mass of Palmer penguins by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Number of penguins")
""",
    wrong=[
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", ax=ax)
ax.set_title("Body mass of Palmer penguins")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Number of penguins")
""",
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="species", ax=ax)
ax.set_xlabel("Body mass (g)")
""",
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="species", ax=ax)
ax.set_title("Body mass of Palmer penguins by species")
""",
    ],
    hints=[
        "seaborn draws from a DataFrame by column name: `data=`, `x=`, and `hue=` for the "
        "colour, on the `ax` you pass it.",
        "`sns.histplot(data=penguins, x=\"body_mass_g\", hue=\"species\", ax=ax)`.",
        "Then `ax.set_title(...)`, `ax.set_xlabel(\"Body mass (g)\")` and `ax.set_ylabel(...)`.",
    ],
)
def distribution(answer):
    ax = checks.plot(answer, kind="bars", title=True, xlabel=True, ylabel=True, min_series=3,
                     name="your histogram")
    _readable(ax)
    return "the overall shape has two humps: the heavy one is the Gentoo penguins."


@exercise(
    "p2.viz.relationship",
    title="A relationship: scatter plot by species",
    prompt="On `ax`, draw a scatter plot of bill depth (y) against bill length (x), coloured by "
    "species, with a title and readable axis labels with units.",
    answer="fig",
    setup=PLOT_SETUP,
    solution="""
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", hue="species", ax=ax)
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
    wrong=[
        """
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", ax=ax)
ax.set_title("Bill length and depth")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
        """
fig, ax = plt.subplots()
sns.lineplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", hue="species", ax=ax)
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
        """
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", hue="species", ax=ax)
ax.set_title("Bill length and depth by species")
""",
    ],
    hints=[
        "A relationship between two numbers is a scatter plot: one point per penguin.",
        "`sns.scatterplot(data=penguins, x=\"bill_length_mm\", y=\"bill_depth_mm\", "
        "hue=\"species\", ax=ax)`.",
        "Finish with `ax.set_title(...)`, `ax.set_xlabel(\"Bill length (mm)\")` and "
        "`ax.set_ylabel(\"Bill depth (mm)\")`.",
    ],
)
def relationship(answer):
    ax = checks.plot(answer, kind="points", title=True, xlabel=True, ylabel=True, min_series=3,
                     name="your scatter plot")
    _readable(ax)
    return ("look at each colour on its own: within every species, longer bills are also "
            "deeper. Keep that in mind for the correlation exercise.")


@exercise(
    "p2.viz.comparison",
    title="A comparison: box plots by species and sex",
    prompt="On `ax`, compare body mass across species with box plots, split by sex (two boxes "
    "per species), with a title and readable axis labels.",
    answer="fig",
    setup=PLOT_SETUP,
    solution="""
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="species", y="body_mass_g", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
    wrong=[
        """
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="species", y="body_mass_g", ax=ax)
ax.set_title("Body mass by species")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
        """
fig, ax = plt.subplots()
sns.barplot(data=penguins, x="species", y="body_mass_g", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
        """
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="species", y="body_mass_g", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
""",
    ],
    hints=[
        "A box plot shows each group's median, quartiles and outliers side by side.",
        "`sns.boxplot(data=penguins, x=\"species\", y=\"body_mass_g\", hue=\"sex\", ax=ax)` "
        "draws one box per species and sex.",
        "Add `ax.set_title(...)`, `ax.set_xlabel(\"Species\")` and "
        "`ax.set_ylabel(\"Body mass (g)\")`.",
    ],
)
def comparison(answer):
    ax = checks.plot(answer, kind="boxes", title=True, xlabel=True, ylabel=True, min_series=2,
                     name="your box plot")
    _readable(ax)
    return ("a bar of means hides the spread; boxes show it. The dots beyond the whiskers are "
            "the IQR rule's outliers, which the EDA section comes back to.")


# ====================================================================== exploratory data analysis
@exercise(
    "p2.eda.missing_values",
    title="Count missing values per column",
    prompt="Set `missing` to the number of missing values in each column of `penguins`.",
    answer="missing",
    setup=PENGUINS,
    solution="missing = penguins.isna().sum()",
    wrong=[
        "missing = penguins.isna().mean()",
        "missing = penguins.notna().sum()",
        "missing = penguins.isna().sum().sum()",
    ],
    hints=[
        "pandas marks missing values as NaN; there is a method that finds them.",
        "`.isna()` gives True where a value is missing; how do you count the Trues per column?",
        "Chain `.isna()` and `.sum()`.",
    ],
)
def missing_values(answer):
    import pandas as pd

    if not isinstance(answer, pd.Series):
        raise Incorrect(f"expected a pandas Series with one count per column, got "
                        f"{checks.type_name(answer)}")
    expected = _penguins().isna().sum()
    if len(answer) == len(expected) and bool(((answer > 0) & (answer < 1)).any()):
        raise Incorrect("missing holds fractions, not counts: sum the Trues instead of "
                        "averaging them")
    _compare(checks.series, answer, expected, "missing",
             "count the values that *are* missing, column by column")
    return "penguins has missing values in 5 columns; `sex` has the most."


def _iqr_reference(values: Any) -> Any:
    q1, q3 = values.quantile(0.25), values.quantile(0.75)
    iqr = q3 - q1
    return (values < q1 - 1.5 * iqr) | (values > q3 + 1.5 * iqr)


@cache
def _iqr_cases() -> list[Any]:
    import numpy as np
    import pandas as pd

    return [
        pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100]),
        pd.Series([-50.0, 10, 11, 12, 12, 13, 14, 15], index=list("abcdefgh")),
        pd.Series([5.0, 6, 7, np.nan, 8, 9, 40, -20]),
        pd.Series([3.0, 3.5, 4, 4.5, 5]),
        _penguins()["bill_depth_mm"],
        _penguins().loc[_penguins()["species"] == "Gentoo", "body_mass_g"],
    ]


@exercise(
    "p2.eda.iqr_outliers",
    title="Flag outliers with the IQR rule",
    prompt="Write `iqr_outliers(values)`: given a pandas Series, return a boolean Series (same "
    "index) that is True where a value lies more than 1.5 IQR below the first quartile or above "
    "the third (IQR = Q3 - Q1).",
    answer="iqr_outliers",
    setup=PENGUINS,
    solution="""
def iqr_outliers(values):
    q1 = values.quantile(0.25)
    q3 = values.quantile(0.75)
    iqr = q3 - q1
    return (values < q1 - 1.5 * iqr) | (values > q3 + 1.5 * iqr)
""",
    wrong=[
        """
def iqr_outliers(values):
    q1 = values.quantile(0.25)
    q3 = values.quantile(0.75)
    return values > q3 + 1.5 * (q3 - q1)
""",
        """
def iqr_outliers(values):
    z = (values - values.mean()) / values.std()
    return z.abs() > 3
""",
        """
def iqr_outliers(values):
    q1 = values.quantile(0.25)
    q3 = values.quantile(0.75)
    return (values < 1.5 * q1) | (values > 1.5 * q3)
""",
    ],
    hints=[
        "`values.quantile(0.25)` and `values.quantile(0.75)` are Q1 and Q3; the fences sit "
        "1.5 IQR beyond them.",
        "Compare the whole Series with each fence at once: `values < low_fence` is already a "
        "boolean Series.",
        "Combine both sides with `|` (or): `(values < q1 - 1.5 * iqr) | (values > q3 + 1.5 * "
        "iqr)`.",
    ],
)
def iqr_outliers(answer):
    import numpy as np
    import pandas as pd

    for case in _iqr_cases():
        shown = f"iqr_outliers({_describe(case)})"
        got = checks.call(answer, case.copy(), name="iqr_outliers")
        if got is None:
            raise Incorrect(f"{shown} returned None: did you forget `return`?")
        if not isinstance(got, (pd.Series, np.ndarray)):
            raise Incorrect(f"{shown} should return a boolean Series, got {checks.type_name(got)}")
        if len(got) != len(case):
            raise Incorrect(f"{shown} returned {len(got)} flags for {len(case)} values")
        if isinstance(got, pd.Series) and not got.index.equals(case.index):
            raise Incorrect(f"{shown} changed the index: keep the one of `values`")
        flags = np.asarray(got)
        if flags.dtype != bool:
            raise Incorrect(f"{shown} should hold True/False flags, not {flags.dtype} values")
        want = _iqr_reference(case).to_numpy()
        missed, extra = int((want & ~flags).sum()), int((flags & ~want).sum())
        if missed or extra:
            parts = []
            if missed:
                parts.append(f"missed {missed} outlier{'s' * (missed > 1)}")
            if extra:
                parts.append(f"flagged {extra} value{'s' * (extra > 1)} inside the fences")
            raise Incorrect(f"{shown} " + " and ".join(parts) + ": check both fences")
    return ("the fences come from quartiles, so the outliers cannot drag them. Over all "
            "penguins no measurement is flagged; within each species a few are. A flag is a "
            "reason to look, not to delete.")


def _describe(values: Any) -> str:
    shown = ", ".join(repr(v) for v in values.head(6).tolist())
    return f"Series([{shown}{', ...' if len(values) > 6 else ''}])"


@cache
def _bill_corr() -> Any:
    df = _penguins()
    return df.groupby("species")["bill_length_mm"].corr(df["bill_depth_mm"])


@exercise(
    "p2.eda.within_species_corr",
    title="Correlation within groups",
    prompt="Set `bill_corr` to a Series, indexed by species, of the Pearson correlation between "
    "bill length and bill depth computed *within* each species.",
    answer="bill_corr",
    setup=PENGUINS,
    solution="""
by_species = penguins.groupby("species")
bill_corr = by_species["bill_length_mm"].corr(penguins["bill_depth_mm"])
""",
    wrong=[
        'bill_corr = penguins["bill_length_mm"].corr(penguins["bill_depth_mm"])',
        'bill_corr = penguins.groupby("species")["bill_length_mm"].corr(penguins["bill_depth_mm"], '
        'method="spearman")',
        'bill_corr = penguins.groupby("species")[["bill_length_mm", "bill_depth_mm"]].corr()',
    ],
    hints=[
        "`a.corr(b)` is the Pearson correlation of two Series; you need one per species.",
        "Group first: the column of a grouped frame has a `.corr(other)` that works group by "
        "group, or loop over `penguins.groupby(\"species\")` and build a Series.",
        "`penguins.groupby(\"species\")[\"bill_length_mm\"].corr(penguins[\"bill_depth_mm\"])`.",
    ],
)
def within_species_corr(answer):
    import pandas as pd

    if isinstance(answer, pd.DataFrame):
        raise Incorrect("bill_corr is a whole correlation matrix: keep one number per species, "
                        "the correlation of bill length with bill depth")
    if not isinstance(answer, pd.Series):
        checks.number(answer, "bill_corr")
        raise Incorrect("bill_corr is one number for all penguins together: compute it within "
                        "each species instead, as a Series")
    expected = _bill_corr()
    _compare(checks.series, answer, expected, "bill_corr",
             "use Pearson's correlation (the default) of bill length with bill depth")
    overall = _penguins()["bill_length_mm"].corr(_penguins()["bill_depth_mm"])
    return (f"positive in every species, yet {overall:.2f} over all penguins: Simpson's paradox. "
            "A hidden group variable can reverse a correlation.")


_FINDING = '''
finding = """
Two penguins are missing every measurement and 11 are missing their sex, so I drop incomplete
rows only where a calculation needs them. Body mass has two humps because Gentoo penguins are much
heavier than Adelie and Chinstrap; males outweigh females in every species. The IQR rule flags
few outliers, and they look like real birds rather than errors. Bill length and bill depth have a
negative correlation over all penguins but a positive correlation within each species, so any
model must take species into account.
"""
'''


@exercise(
    "p2.eda.finding",
    title="Write down what the data showed",
    prompt="Set `finding` to a short paragraph (at least 40 words) of what your exploration "
    "found: mention the missing values, how the species differ, and the correlations.",
    answer="finding",
    solution=_FINDING,
    wrong=[
        'finding = "The data has some missing values and the species differ."',
        'finding = """\nThere are missing values in five columns, most of them in sex, and '
        "Gentoo penguins are heavier than the other species; males are heavier than females. "
        "Flipper length grows with body mass. Some outliers exist but they look like real "
        'measurements and I keep them in the data for now.\n"""',
    ],
    hints=[
        "Reread your results above: what is missing, and how much? Which species stands out?",
        "Say what the correlation between bill length and depth does over all penguins and "
        "within each species.",
        "Three or four sentences of about 15 words each is enough; write what you saw, in "
        "your own words.",
    ],
)
def finding(answer):
    checks.text(answer, min_words=40, name="finding", mentions=[
        ("missing", "NaN", "NA "),
        ("species", "Adelie", "Gentoo", "Chinstrap"),
        ("correlat",),
    ])
    return ("a finding in words is what an analysis leaves behind: a colleague (or you, later) "
            "reads it before the code.")


# ====================================================================== model validation
@cache
def _split_reference() -> Any:
    from sklearn.model_selection import train_test_split

    df = _penguins().dropna()
    X, y = df[MEASUREMENTS], df["sex"]
    return X, y, train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)


@exercise(
    "p2.validation.split",
    title="A stratified, reproducible train/test split",
    prompt="Set `split` to the result of `train_test_split(X, y, ...)`, holding out 25% of the "
    "penguins for testing, stratified by `y`, with `random_state=42`.",
    answer="split",
    setup="from sklearn.model_selection import train_test_split\n" + SEX_DATA,
    solution="split = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)",
    wrong=[
        "split = train_test_split(X, y, test_size=0.25, random_state=42)",
        "split = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)",
        "split = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)",
    ],
    hints=[
        "`train_test_split(X, y, ...)` returns four pieces: X_train, X_test, y_train, y_test.",
        "`test_size=0.25` holds out a quarter; `stratify=y` keeps the share of each sex the "
        "same in both parts.",
        "`train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)`.",
    ],
)
def split(answer):
    import pandas as pd

    X, y, reference = _split_reference()
    checks.expect_type(answer, (list, tuple), "the list of four parts train_test_split returns")
    if len(answer) != 4:
        raise Incorrect(f"split has {len(answer)} parts; train_test_split(X, y) returns 4: "
                        "X_train, X_test, y_train, y_test")
    X_train, X_test, y_train, y_test = answer
    parts = (("X_train", X_train, pd.DataFrame, "a pandas DataFrame"),
             ("X_test", X_test, pd.DataFrame, "a pandas DataFrame"),
             ("y_train", y_train, pd.Series, "a pandas Series"),
             ("y_test", y_test, pd.Series, "a pandas Series"))
    for position, (label, part, kind, what) in enumerate(parts, start=1):
        if not isinstance(part, kind):
            raise Incorrect(f"part {position} of split ({label}) should be {what}, got "
                            f"{checks.type_name(part)}: pass X then y")
    if len(X_test) != len(reference[1]) or len(X_train) != len(reference[0]):
        raise Incorrect(f"the test part has {len(X_test)} of {len(X)} rows: hold out 25%")
    if not (X_test.index.equals(y_test.index) and X_train.index.equals(y_train.index)):
        raise Incorrect("X and y rows no longer line up: split them in the same call")
    shares = y_test.value_counts(normalize=True)
    want = y.value_counts(normalize=True)
    if (shares.reindex(want.index).fillna(0) - want).abs().max() > 1 / len(y_test):
        raise Incorrect("the share of each sex in y_test differs from the whole data: "
                        "stratify the split by y")
    if set(X_test.index) != set(reference[1].index):
        raise Incorrect("the right sizes and proportions, but other rows than the ones asked "
                        "for: fix the seed with random_state=42 so the split is reproducible")
    return (f"{len(X_train)} penguins to learn from, {len(X_test)} kept aside; the same split "
            "every time you run it.")


@cache
def _cv_reference() -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    df = _penguins().dropna()
    model = make_pipeline(StandardScaler(), LogisticRegression())
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return cross_val_score(model, df[MEASUREMENTS], df["sex"], cv=cv)


@exercise(
    "p2.validation.cross_val",
    title="Stratified k-fold cross-validation with a pipeline",
    prompt="Set `scores` to the 5 accuracies of `cross_val_score` for a pipeline of "
    "`StandardScaler` and `LogisticRegression` on `X`, `y`, with "
    "`StratifiedKFold(n_splits=5, shuffle=True, random_state=0)`.",
    answer="scores",
    setup="from sklearn.linear_model import LogisticRegression\n"
    "from sklearn.model_selection import StratifiedKFold, cross_val_score\n"
    "from sklearn.pipeline import make_pipeline\n"
    "from sklearn.preprocessing import StandardScaler\n" + SEX_DATA,
    solution="""
model = make_pipeline(StandardScaler(), LogisticRegression())
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv)
""",
    wrong=[
        """
model = make_pipeline(StandardScaler(), LogisticRegression())
scores = cross_val_score(model, X, y, cv=5)
""",
        """
model = make_pipeline(StandardScaler(), LogisticRegression())
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv).mean()
""",
        """
model = make_pipeline(StandardScaler(), LogisticRegression())
cv = StratifiedKFold(n_splits=10, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv)
""",
    ],
    hints=[
        "Build the model as one pipeline, so the scaler is refitted on the training part of "
        "every fold.",
        "`make_pipeline(StandardScaler(), LogisticRegression())` is the model; "
        "`StratifiedKFold(n_splits=5, shuffle=True, random_state=0)` the folds.",
        "`scores = cross_val_score(model, X, y, cv=cv)` returns one accuracy per fold.",
    ],
)
def cross_val(answer):
    import numpy as np

    expected = _cv_reference()
    if isinstance(answer, (float, np.floating)):
        raise Incorrect("scores is a single number: keep all five fold scores (the mean comes "
                        "later)")
    checks.expect_type(answer, (np.ndarray, list, tuple), "an array of fold scores")
    got = np.asarray(answer, dtype=float) if _all_numbers(answer) else None
    if got is None or got.ndim != 1:
        raise Incorrect("scores should be a flat array of numbers, one per fold")
    if len(got) != len(expected):
        raise Incorrect(f"scores has {len(got)} folds; the question asks for 5")
    if not np.allclose(got, expected, rtol=1e-9):
        raise Incorrect("five scores, but not those of the folds asked for: shuffle the "
                        "stratified folds with random_state=0, and use the scaler + logistic "
                        "regression pipeline")
    return (f"accuracy {got.mean():.3f} ± {got.std():.3f} over 5 folds: report the spread too, "
            "it shows how much one split's score can move.")


def _all_numbers(answer: Any) -> bool:
    import numpy as np

    try:
        got = np.asarray(answer, dtype=float)
    except Exception:
        return False
    return bool(np.isfinite(got).all())


@cache
def _leakage_reference() -> tuple[float, float]:
    import numpy as np
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline

    rng = np.random.default_rng(0)
    X_noise = rng.normal(size=(100, 5000))
    y_noise = np.repeat([0, 1], 50)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    selected = SelectKBest(f_classif, k=20).fit_transform(X_noise, y_noise)
    leaky = cross_val_score(LogisticRegression(), selected, y_noise, cv=cv).mean()
    model = make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression())
    honest = cross_val_score(model, X_noise, y_noise, cv=cv).mean()
    return float(leaky), float(honest)


LEAKAGE_SETUP = """
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

rng = np.random.default_rng(0)
X_noise = rng.normal(size=(100, 5000))   # 100 samples, 5000 features of pure noise
y_noise = np.repeat([0, 1], 50)          # labels with no relation to X_noise
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
"""


@exercise(
    "p2.validation.leakage",
    title="Leakage: feature selection inside the pipeline",
    prompt="Set `honest_score` to the mean cross-validated accuracy (with `cv`) of a pipeline "
    "that first keeps the 20 best features (`SelectKBest(f_classif, k=20)`) and then fits a "
    "`LogisticRegression`, so the selection only ever sees the training folds.",
    answer="honest_score",
    setup=LEAKAGE_SETUP,
    solution="""
honest_model = make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression())
honest_score = cross_val_score(honest_model, X_noise, y_noise, cv=cv).mean()
""",
    wrong=[
        """
X_selected = SelectKBest(f_classif, k=20).fit_transform(X_noise, y_noise)
honest_score = cross_val_score(LogisticRegression(), X_selected, y_noise, cv=cv).mean()
""",
        """
honest_score = cross_val_score(LogisticRegression(), X_noise, y_noise, cv=cv).mean()
""",
        """
honest_model = make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression())
honest_score = cross_val_score(honest_model, X_noise, y_noise, cv=cv)
""",
    ],
    hints=[
        "Every step that learns from data, selection included, must be fitted on the training "
        "folds only: put it in the pipeline.",
        "`make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression())` is the model; "
        "cross-validate it on the full `X_noise`.",
        "`cross_val_score(honest_model, X_noise, y_noise, cv=cv).mean()`.",
    ],
)
def leakage(answer):
    import numpy as np

    if isinstance(answer, (np.ndarray, list, tuple)):
        raise Incorrect("honest_score holds several fold scores: take their mean")
    value = checks.number(answer, "honest_score")
    leaky, honest = _leakage_reference()
    if abs(value - leaky) < 0.05 or value > 0.8:
        raise Incorrect(f"{value:.2f} on pure noise is too good to be true: the features were "
                        "chosen while looking at the test folds. Put SelectKBest inside the "
                        "pipeline")
    if math.isclose(value, honest, abs_tol=1e-9):
        return (f"{value:.2f}, about chance, as it must be on noise; selecting on all the data "
                f"first claimed {leaky:.2f}. The leak was the selection, not the model.")
    raise Incorrect(f"{value:.2f} is not the score of the pipeline asked for: SelectKBest"
                    "(f_classif, k=20) then LogisticRegression, scored with `cv`")


# ====================================================================== Jupyter and Colab
_SHORTCUTS = {
    "run the cell and select the next one": "shift+enter",
    "run the cell and stay on it": "ctrl+enter",
    "insert a cell below (command mode)": "b",
    "turn the cell into Markdown (command mode)": "m",
    "leave edit mode for command mode": "esc",
    "insert a code cell below, in Google Colab": "ctrl+m b",
}

_SHORTCUT_SOLUTION = """
shortcuts = {
    "run the cell and select the next one": "Shift+Enter",
    "run the cell and stay on it": "Ctrl+Enter",
    "insert a cell below (command mode)": "B",
    "turn the cell into Markdown (command mode)": "M",
    "leave edit mode for command mode": "Esc",
    "insert a code cell below, in Google Colab": "Ctrl+M B",
}
"""


def _keys(text: str) -> str:
    """Keys as typed, compared loosely: case, spaces, 'Escape' and 'Cmd' do not matter."""
    text = str(text).lower().replace("escape", "esc").replace("return", "enter")
    text = text.replace("cmd", "ctrl").replace("control", "ctrl").replace("-", "+")
    return "".join(text.split())


@exercise(
    "p2.notebook.shortcuts",
    title="Jupyter and Colab keyboard shortcuts",
    prompt="Fill in the `shortcuts` dictionary: for each action, the keys that do it, chosen "
    "from `Shift+Enter`, `Ctrl+Enter`, `A`, `B`, `M`, `Y`, `D D`, `Esc`, `Ctrl+M B`.",
    answer="shortcuts",
    solution=_SHORTCUT_SOLUTION,
    wrong=[
        _SHORTCUT_SOLUTION.replace('"Shift+Enter"', '"X"').replace('"Ctrl+Enter"', '"Shift+Enter"')
        .replace('"X"', '"Ctrl+Enter"'),
        _SHORTCUT_SOLUTION.replace('"B",', '"A",'),
        _SHORTCUT_SOLUTION.replace('"Ctrl+M B"', '"B"'),
    ],
    hints=[
        "Jupyter has two modes: edit mode (typing in a cell) and command mode (acting on "
        "cells, with single keys). Try each key in this notebook.",
        "In command mode, A and B insert a cell Above and Below; M and Y make it Markdown or "
        "code. Colab puts Ctrl+M in front of the same letters.",
        "Shift+Enter runs and moves on, Ctrl+Enter runs and stays; Esc enters command mode.",
    ],
)
def shortcuts(answer):
    from collections.abc import Mapping

    checks.expect_type(answer, Mapping, "a dictionary")
    checks.same_set(answer.keys(), _SHORTCUTS.keys(), "the actions in shortcuts")
    why = {
        "a": "A inserts a cell *above*",
        "y": "Y turns a cell into code",
        "dd": "D D deletes the cell",
        "shift+enter": "Shift+Enter moves on to the next cell",
        "ctrl+enter": "Ctrl+Enter stays on the cell",
        "b": "in Colab, the single-letter keys need a Ctrl+M first",
    }
    for action, want in _SHORTCUTS.items():
        given = answer[action]
        if not isinstance(given, str):
            raise Incorrect(f"the keys for {action!r} should be text like \"Shift+Enter\", got "
                            f"{checks.type_name(given)}")
        got = _keys(given)
        if got != _keys(want):
            reason = why.get(got, "")
            raise Incorrect(f"the keys for {action!r} are not right" +
                            (f": {reason}" if reason else ""))
    return ("in Colab, Ctrl+M H lists every shortcut; in JupyterLab the command palette "
            "(Ctrl+Shift+C) shows each command with its keys.")
