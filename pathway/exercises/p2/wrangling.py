"""Phase 2, data-science foundations: pandas and NumPy."""

from __future__ import annotations

from functools import cache
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import MEASUREMENTS, PENGUINS, _compare, _penguins


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
        'mass_by_group = penguins.groupby(["species", "sex"])["body_mass_g"].agg(["mean", "var", "count"])'
        '.rename(columns={"var": "std"})',
        'mass_by_group = penguins.groupby(["species", "island"])["body_mass_g"]'
        '.agg(["mean", "std", "count"])',
        'mass_by_group = penguins.groupby(["species", "sex"])["flipper_length_mm"]'
        '.agg(["mean", "std", "count"])',
    ],
    right=[
        'mass_by_group = penguins.groupby(["species", "sex"], as_index=False).agg(\n'
        '    mean=("body_mass_g", "mean"), std=("body_mass_g", "std"), count=("body_mass_g", "count"))',
        'mass_by_group = penguins.groupby(["sex", "species"])["body_mass_g"]'
        '.describe()[["mean", "std", "count"]]',
        'mass_by_group = penguins.pivot_table(index=["species", "sex"], values="body_mass_g",\n'
        '                                     aggfunc=["mean", "std", "count"])\n'
        'mass_by_group.columns = ["mean", "std", "count"]',
    ],
    hints=[
        "Split the rows into groups with `groupby`, pick the column, then aggregate.",
        "Group by a list of two columns: `penguins.groupby([\"species\", \"sex\"])`.",
        "`.agg([...])` with a list of function names gives one column per name; pick the body "
        "mass column before aggregating.",
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
    if "species" not in answer.columns or "sex" not in answer.columns:
        raise Incorrect("mass_by_group should have one row per species and sex, with both named "
                        "(as the index or as columns)")
    checks.frame(answer, expected, "mass_by_group")
    return "males are heavier than females in every species; Gentoo males most of all."


@cache
def _lab_tables() -> tuple[Any, Any, Any]:
    from ...labs import datasets

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
        'combined = lab.merge(field, on=["studyName", "Individual ID"], how="left")',
        'combined = field.merge(lab, on=["studyName", "Individual ID"], how="right")',
    ],
    right=[
        'import pandas as pd\n\n'
        'combined = pd.merge(field, lab, how="left", on=["Individual ID", "studyName"])',
        'combined = field.join(lab.set_index(["studyName", "Individual ID"]),\n'
        '                      on=["studyName", "Individual ID"])',
    ],
    hints=[
        "`DataFrame.merge` matches rows by key columns; the kind of join decides what happens "
        "to rows without a match.",
        "The same `Individual ID` occurs in several studies, so the key is two columns: "
        "`on=[\"studyName\", \"Individual ID\"]`.",
        "Merge from `field` (the table whose every row you keep) with the kind of join named "
        "after its side.",
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
        'flipper_table = penguins.pivot_table(index="species", columns="island", '
        'values="flipper_length_mm", aggfunc="mean", fill_value=0)',
        'flipper_table = penguins.pivot_table(index="species", columns="island", '
        'values="body_mass_g", aggfunc="mean")',
        'flipper_table = penguins.pivot_table(index="species", columns="sex", '
        'values="flipper_length_mm", aggfunc="mean")',
    ],
    right=[
        'flipper_table = penguins.groupby(["species", "island"])["flipper_length_mm"].mean().unstack()',
        'flipper_table = penguins.pivot_table(index="species", columns="island", '
        'values=["flipper_length_mm"])',
        'flipper_table = penguins.groupby(["island", "species"]).flipper_length_mm.mean().unstack(0)',
    ],
    hints=[
        "A pivot table spreads one column's values across new columns and aggregates what "
        "falls in each cell.",
        "`penguins.pivot_table(index=..., columns=..., values=..., aggfunc=...)`: the index "
        "gives the rows, `columns` the columns.",
        "Species as the index, islands as the columns, flipper length as the values, and the "
        "mean as the aggregation.",
    ],
)
def pivot(answer):
    import pandas as pd

    expected = _flipper_table()
    if isinstance(answer, pd.Series) and isinstance(answer.index, pd.MultiIndex):
        raise Incorrect("flipper_table is in long form (one row per species and island): "
                        "spread the islands into columns")
    checks.expect_type(answer, pd.DataFrame, "a pandas DataFrame")
    if isinstance(answer.columns, pd.MultiIndex) and answer.columns.nlevels == 2 and \
            answer.columns.get_level_values(0).nunique() == 1:
        answer = answer.droplevel(0, axis=1)  # values=[...] as a list adds a level
    columns = {str(c) for c in answer.columns}
    if columns == {str(s) for s in expected.index}:
        raise Incorrect("flipper_table is on its side: species should be the rows and islands "
                        "the columns")
    if set(map(str, answer.columns)) == set(map(str, expected.columns)) and \
            set(map(str, answer.index)) == set(map(str, expected.index)):
        got = answer.reindex(index=expected.index, columns=expected.columns)
        if bool((got.isna() != expected.isna()).any().any()) and bool(
                (got[expected.isna()] == 0).any().any()):
            raise Incorrect("flipper_table puts 0 where no penguin was measured: an empty cell "
                            "has no mean, so leave it NaN")
        medians = _penguins().pivot_table(index="species", columns="island",
                                          values="flipper_length_mm", aggfunc="median")
        if got.fillna(-1).round(9).equals(medians.fillna(-1).round(9)):
            raise Incorrect("flipper_table holds medians: the question asks for the mean")
    checks.frame(answer, expected, "flipper_table", check_index=True)
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
    "mean and divide by its sample standard deviation. NumPy's broadcasting does it for the "
    "whole array in one line.",
    answer="z",
    setup="import numpy as np\n" + PENGUINS + "\nmeasurements = penguins[[\"bill_length_mm\", "
    "\"bill_depth_mm\", \"flipper_length_mm\", \"body_mass_g\"]].dropna().to_numpy()",
    solution="z = (measurements - measurements.mean(axis=0)) / measurements.std(axis=0, ddof=1)",
    wrong=[
        "z = (measurements - measurements.mean(axis=0)) / measurements.std(axis=0)",
        "z = (measurements - measurements.mean()) / measurements.std(ddof=1)",
        "z = measurements - measurements.mean(axis=0)",
        "z = (measurements - measurements.mean(axis=1, keepdims=True)) / "
        "measurements.std(axis=1, ddof=1, keepdims=True)",
        "z = (measurements - measurements.mean(axis=0)) / measurements.var(axis=0, ddof=1)",
        "from sklearn.preprocessing import StandardScaler\nz = StandardScaler().fit_transform(measurements)",
    ],
    right=[
        "from scipy import stats\nz = stats.zscore(measurements, axis=0, ddof=1)",
        "import pandas as pd\nframe = pd.DataFrame(measurements)\n"
        "z = ((frame - frame.mean()) / frame.std()).to_numpy()",
        "centred = measurements - np.mean(measurements, axis=0, keepdims=True)\n"
        "z = centred / np.sqrt((centred ** 2).sum(axis=0) / (len(measurements) - 1))",
    ],
    hints=[
        "NumPy broadcasts: subtracting an array of 4 column means from a (342, 4) array "
        "subtracts each mean from its own column.",
        "`measurements.mean(axis=0)` gives one mean per column; `.std(axis=0, ddof=1)` one "
        "sample standard deviation per column.",
        "Subtract the column means, then divide by the column standard deviations (with "
        "`ddof=1`), all in one expression.",
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
