"""Phase 2, data-science foundations: exploratory data analysis."""

from __future__ import annotations

from functools import cache
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import PENGUINS, _compare, _penguins


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
