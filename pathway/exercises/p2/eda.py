"""Phase 2, data-science foundations: exploratory data analysis."""

from __future__ import annotations

from functools import cache
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import PENGUINS, _penguins


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
        "missing = penguins.isna().mean() * 100",
        "missing = penguins.count()",
        "missing = penguins.isna().sum()\nmissing = missing[missing > 0]",
        "missing = penguins.dropna().isna().sum()",
    ],
    right=[
        "missing = len(penguins) - penguins.count()",
        "missing = {column: int(penguins[column].isnull().sum()) for column in penguins.columns}",
        "missing = penguins.isnull().sum(axis=0).to_frame(\"missing\")",
        "missing = penguins.isna().sum().reset_index()",
    ],
    hints=[
        "pandas marks missing values as NaN; there is a method that finds them.",
        "`.isna()` gives True where a value is missing; how do you count the Trues per column?",
        "Summing a column of True/False counts its Trues: chain that after `.isna()`.",
    ],
)
def missing_values(answer):
    from collections.abc import Mapping

    import numpy as np
    import pandas as pd

    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    elif isinstance(answer, pd.DataFrame) and answer.shape[1] == 2 and \
            pd.api.types.is_numeric_dtype(answer.iloc[:, 1]):
        answer = answer.set_index(answer.columns[0]).iloc[:, 0]  # `.reset_index()` of the counts
    if isinstance(answer, Mapping) and not isinstance(answer, pd.Series):
        answer = pd.Series(dict(answer))
    if not isinstance(answer, pd.Series):
        raise Incorrect(f"expected one count per column (a Series or a dictionary), got "
                        f"{checks.type_name(answer)}")
    df = _penguins()
    expected = df.isna().sum()
    absent = [c for c in expected.index if c not in answer.index]
    if absent and all(expected[c] == 0 for c in absent):
        raise Incorrect(f"missing leaves out the columns with nothing missing "
                        f"({', '.join(map(repr, absent[:3]))}...): list every column, with 0")
    if set(answer.index) == set(expected.index):
        got = pd.to_numeric(answer.reindex(expected.index), errors="coerce").to_numpy(dtype=float)
        for wrong, what in ((expected / len(df), "fractions (a share of the rows)"),
                            (expected / len(df) * 100, "percentages"),
                            (len(df) - expected, "the counts of values present")):
            if np.allclose(got, wrong.to_numpy(dtype=float)) and not np.allclose(got, expected):
                raise Incorrect(f"missing holds {what}, not the number of missing values")
    checks.series(answer, expected, "missing")
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
        # Q1 = 20, Q3 = 30: 5 and 45 lie exactly on the fences, so they are not outliers.
        pd.Series([5.0, 20, 20, 20, 30, 30, 30, 45], index=[10, 11, 12, 13, 14, 15, 16, 17]),
        pd.Series([4.0, 20, 20, 20, 30, 30, 30, 46]),
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
        """
def iqr_outliers(values):
    q1 = values.quantile(0.25)
    q3 = values.quantile(0.75)
    iqr = q3 - q1
    return (values <= q1 - 1.5 * iqr) | (values >= q3 + 1.5 * iqr)
""",
        """
def iqr_outliers(values):
    q1 = values.quantile(0.25)
    q3 = values.quantile(0.75)
    iqr = q3 - q1
    return ~values.between(q1 - 1.5 * iqr, q3 + 1.5 * iqr)
""",
        """
def iqr_outliers(values):
    q1 = values.quantile(0.25)
    q3 = values.quantile(0.75)
    iqr = q3 - q1
    return (values < q1 - 3 * iqr) | (values > q3 + 3 * iqr)
""",
        """
def iqr_outliers(values):
    q1, q3 = values.quantile(0.25), values.quantile(0.75)
    iqr = q3 - q1
    values[(values < q1 - 1.5 * iqr) | (values > q3 + 1.5 * iqr)]
""",
    ],
    right=[
        """
def iqr_outliers(values):
    q1, q3 = values.quantile([0.25, 0.75])
    spread = q3 - q1
    return values.lt(q1 - 1.5 * spread) | values.gt(q3 + 1.5 * spread)
""",
        """
def iqr_outliers(values):
    q1, q3 = values.describe()[["25%", "75%"]]
    low, high = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    return values.notna() & ~values.between(low, high)
""",
        """
import numpy as np


def iqr_outliers(values):
    q1, q3 = np.nanpercentile(values, [25, 75])
    iqr = q3 - q1
    return values.apply(lambda v: v < q1 - 1.5 * iqr or v > q3 + 1.5 * iqr)
""",
    ],
    hints=[
        "`values.quantile(0.25)` and `values.quantile(0.75)` are Q1 and Q3; the fences sit "
        "1.5 IQR beyond them.",
        "Compare the whole Series with each fence at once: `values < low_fence` is already a "
        "boolean Series.",
        "Combine the two comparisons with `|` (or). 'More than 1.5 IQR' beyond a fence is strict: "
        "a value exactly on a fence is not an outlier.",
    ],
)
def iqr_outliers(answer):
    import numpy as np
    import pandas as pd

    for case in _iqr_cases():
        shown = f"iqr_outliers({_describe(case)})"
        got = checks.call(answer, case.copy(), name="iqr_outliers")
        if got is None:
            raise Incorrect(checks.returned_none(shown))
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
        nan_flags = int((flags & case.isna().to_numpy()).sum())
        if nan_flags and nan_flags == extra and not missed:
            raise Incorrect(f"{shown} flags a missing value (NaN) as an outlier: a value that is "
                            "not there lies beyond no fence")
        q1, q3 = case.quantile(0.25), case.quantile(0.75)
        on_fence = case.isin([q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)]).to_numpy()
        if extra and not missed and int((flags & on_fence).sum()) == extra:
            raise Incorrect(f"{shown} flags a value lying exactly on a fence: only values *more "
                            "than* 1.5 IQR beyond the quartiles are outliers")
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
    prompt="Set `bill_corr` to the Pearson correlation between bill length and bill depth "
    "computed *within* each species, one value per species (a Series indexed by species, or a "
    "dictionary).",
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
        'bill_corr = penguins.groupby("island")["bill_length_mm"].corr(penguins["bill_depth_mm"])',
        'bill_corr = penguins.groupby("species")["bill_length_mm"].corr(penguins["flipper_length_mm"])',
        'bill_corr = penguins.groupby("species")["bill_length_mm"].corr(penguins["bill_depth_mm"]) ** 2',
    ],
    right=[
        """
bill_corr = {
    species: group["bill_length_mm"].corr(group["bill_depth_mm"])
    for species, group in penguins.groupby("species")
}
""",
        'bill_corr = penguins.groupby("species").apply(\n'
        '    lambda g: g["bill_depth_mm"].corr(g["bill_length_mm"]), include_groups=False)',
        """
import numpy as np

rows = {}
for species, group in penguins.dropna(subset=["bill_length_mm", "bill_depth_mm"]).groupby("species"):
    rows[species] = np.corrcoef(group["bill_length_mm"], group["bill_depth_mm"])[0, 1]
bill_corr = rows
""",
        'pairs = penguins.groupby("species")[["bill_length_mm", "bill_depth_mm"]].corr()\n'
        'bill_corr = pairs.iloc[0::2, -1]',
    ],
    hints=[
        "`a.corr(b)` is the Pearson correlation of two Series; you need one per species.",
        "Group first: the column of a grouped frame has a `.corr(other)` that works group by "
        "group, or loop over `penguins.groupby(\"species\")` and build a Series.",
        "Group by species, take the bill length column of the groups, and call its `.corr` with "
        "the whole bill depth column: pandas lines the rows up by index.",
    ],
)
def within_species_corr(answer):
    from collections.abc import Mapping

    import pandas as pd

    if isinstance(answer, Mapping) and not isinstance(answer, pd.Series):
        answer = pd.Series(dict(answer), dtype=object if not answer else None)
    if isinstance(answer, pd.Series) and isinstance(answer.index, pd.MultiIndex) and \
            answer.index.nlevels == 2 and answer.index.get_level_values(0).is_unique:
        answer = answer.droplevel(1)  # the column label that `.corr()` leaves as a second level
    if isinstance(answer, pd.DataFrame):
        raise Incorrect("bill_corr is a whole correlation matrix: keep one number per species, "
                        "the correlation of bill length with bill depth")
    if not isinstance(answer, pd.Series):
        checks.number(answer, "bill_corr")
        raise Incorrect("bill_corr is one number for all penguins together: compute it within "
                        "each species instead, as a Series")
    expected = _bill_corr()
    checks.series(answer, expected, "bill_corr")
    overall = _penguins()["bill_length_mm"].corr(_penguins()["bill_depth_mm"])
    return (f"positive in every species, yet {overall:.2f} over all penguins: Simpson's paradox. "
            "A hidden group variable can reverse a correlation.")


_WITHIN = r"\bwithin\b|\beach species\b|\bevery species\b|\bper species\b|\bby species\b|\binside\b"
# "together" names the pooled scope ("all birds together"), not "move together", a positive sign
_OVERALL = (r"\boverall\b|\ball penguins\b|\bpooled\b|(?<!move )(?<!grow )(?<!rise )(?<!go up )"
            r"(?<!increase )\btogether\b|\bwhole\b|\bacross species\b")
_POSITIVE = (r"\bpositiv\w*|\bincrease together\b|\bgrow together\b|\bmove together\b|\brise together\b"
             r"|\bgo up together\b|\bgoes up with\b|\bincreases? with\b")
_NEGATIVE = r"\bnegativ\w*|\binvers\w*|\bopposite\b|\bagainst each other\b"
_NONE = r"\bno (?:real |clear )?correlation\b|\buncorrelated\b|\bnot correlated\b"


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
    "found: mention the missing values, how the species differ, and which way bill length and "
    "bill depth correlate over all penguins and within each species.",
    answer="finding",
    solution=_FINDING,
    wrong=[
        'finding = "The data has some missing values and the species differ."',
        'finding = """\nThere are missing values in five columns, most of them in sex, and '
        "Gentoo penguins are heavier than the other species; males are heavier than females. "
        "Flipper length grows with body mass. Some outliers exist but they look like real "
        'measurements and I keep them in the data for now.\n"""',
        _FINDING.replace("negative correlation over all penguins but a positive correlation within",
                         "positive correlation over all penguins but a negative correlation within"),
        _FINDING.replace("Two penguins are missing every measurement and 11 are missing their sex, so I "
                         "drop incomplete\nrows only where a calculation needs them.",
                         "There are no missing values, so nothing needs to be dropped before the "
                         "analysis starts.\n"),
        'finding = """\nThe penguins data has NaN in a few columns. The three species differ a lot in '
        "body mass and bill shape. Bill length and bill depth show no correlation within each "
        "species, and a weak negative correlation over all penguins, so the relationship is "
        'probably noise and not worth modelling at all in my view.\n"""',
        'finding = """\nNames, islands and years are complete; the final table has every row. The '
        "three kinds of penguins are clearly different in size: the heaviest kind weighs about a "
        "kilogram more. Length and depth of the bill move together inside every group but "
        'against each other when all birds are pooled, so the grouping matters in any model.\n"""',
        _FINDING.replace("negative correlation over all penguins but a positive correlation within",
                         "correlation that is positive over all penguins and negative within"),
        _FINDING.replace("Body mass has two humps because Gentoo penguins are much\nheavier than "
                         "Adelie and Chinstrap; males outweigh females in every species.",
                         "Body mass has two humps: Adelie penguins are the heaviest, and\nfemales "
                         "are heavier than males in every species."),
    ],
    right=[
        'finding = """\nEleven rows lack the sex and two lack every measurement (NaN), which I drop '
        "only when needed. Gentoo are the heaviest species, about 1.4 kg above Adelie and "
        "Chinstrap. Within each species, bill length and bill depth are positively correlated "
        "(r around 0.3 to 0.65), although pooled over all penguins the correlation is negative: "
        'a Simpson\'s paradox driven by species.\n"""',
        'finding = """\n- Missing: 11 penguins have no sex recorded, 2 have no measurements at all.\n'
        "- Species: Gentoo penguins are much heavier than Adelie and Chinstrap ones, and males "
        "outweigh females.\n- Correlation: bill length vs bill depth is negatively correlated "
        "overall; within every species it is positively correlated. Species must be part of any "
        'model built on these measurements.\n"""',
        'finding = """\nTwo penguins are missing all measurements and eleven their sex, so those rows '
        "are dropped only where needed. Gentoo penguins are far heavier than Adelie and Chinstrap. "
        "Inside each species, bill length and bill depth go up together (longer bills are deeper). "
        "Pooled over all penguins the trend is negative instead, because Gentoo have long but "
        'shallow bills.\n"""',
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
    from ..checks import prose

    checks.text(answer, min_words=40, name="finding", mentions=[
        ("missing", "NaN", "NA", "incomplete"),
        ("species", "Adelie", "Gentoo", "Chinstrap"),
        # the relationship, with or without the word "correlation" (the prompt asks which way they go)
        ("correlat", "together", "relationship", "related", "relation", "associat", "trend", "slope"),
    ], refuse={
        r"\bno (?:values? (?:are|is) )?missing\b|\bno missing\b|\bnothing is missing\b|"
        r"\bnone (?:of the values )?(?:are|is) missing\b|\bno nan\b":
        "finding says nothing is missing, but penguins has missing values (look at your count)",
        r"\b(?:adelie|chinstrap)s?(?: penguins)? (?:are|is|were) (?:the )?heaviest\b":
        "finding names the wrong species as the heaviest: look at the body masses by species again",
        r"\bfemales? (?:are|is|were) heavier\b|\bmales? (?:are|is|were) lighter\b":
        "finding has the sexes the wrong way round: males outweigh females in every species",
    })
    said = prose.claims(answer, {"within": _WITHIN, "overall": _OVERALL},
                        {"positive": _POSITIVE, "negative": _NEGATIVE, "none": _NONE})
    if ("within", "negative") in said or ("within", "none") in said:
        raise Incorrect("finding says bill length and depth do not go up together within a "
                        "species: your correlations per species say otherwise (they are positive)")
    if ("overall", "positive") in said:
        raise Incorrect("finding says the correlation over all penguins is positive: over all "
                        "penguins together it is negative, which is the surprise")
    if ("within", "positive") not in said:
        raise Incorrect("finding should say which way bill length and depth correlate within "
                        "each species (the sign of the correlations you computed)")
    return ("a finding in words is what an analysis leaves behind: a colleague (or you, later) "
            "reads it before the code.")
