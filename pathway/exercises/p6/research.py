"""Phase 6, graduate studies: the corrected t statistic, McNemar's statistic, reading a results table."""

from __future__ import annotations

import functools
import math
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _CLAIMS_SETUP, _TTEST_SETUP, _close


def _cases(fn: Any, cases: list[tuple[tuple[Any, ...], Any]], name: str) -> None:
    """`checks.function_cases`, with a None result named for what it is."""
    for args, _ in cases:
        checks.returns(fn, *args, name=name)
    checks.function_cases(fn, cases, name, compare=_close)


_T_INPUTS: tuple[tuple[tuple[float, ...], int, int], ...] = (
    ((0.02, 0.01, 0.03, 0.0, 0.02, 0.01, 0.015, 0.025, 0.005, 0.02), 455, 114),
    ((0.011, -0.004, 0.02, 0.007, 0.0, 0.013, 0.009, -0.002, 0.016, 0.005), 142, 36),
    ((-0.03, -0.01, -0.02, 0.01, -0.04), 120, 30),
    ((0.1, 0.12, 0.08, 0.11, 0.09, 0.1, 0.13, 0.07), 900, 100),
)


def _t_cases() -> list[tuple[tuple[Any, ...], float]]:
    from ...labs.research import corrected_t_statistic

    return [((list(d), n_train, n_test), corrected_t_statistic(d, n_train, n_test))
            for d, n_train, n_test in _T_INPUTS]


def _t_variants(d: tuple[float, ...], n_train: int, n_test: int) -> dict[str, float]:
    import statistics

    j, mean = len(d), statistics.fmean(d)
    var1, var0 = statistics.variance(d), statistics.pvariance(d)
    return {
        "naive": mean / math.sqrt(var1 / j),
        "ddof0": mean / math.sqrt((1 / j + n_test / n_train) * var0),
        "swapped": mean / math.sqrt((1 / j + n_train / n_test) * var1),
        "no_sqrt": mean / ((1 / j + n_test / n_train) * var1),
    }


_T_FEEDBACK = {
    "naive": "that is the ordinary paired t statistic: it treats the resampled scores as independent. "
    "Multiply the variance by the correction (1/J + n_test/n_train) instead of dividing it by J",
    "ddof0": "close: use the sample variance, which divides by J - 1 (`np.var(d, ddof=1)`)",
    "swapped": "the correction is 1/J + n_test/n_train: the test set size goes on top",
    "no_sqrt": "the denominator is the *square root* of the corrected variance",
}


@exercise(
    "p6.research.corrected_t",
    title="The corrected resampled t statistic (Nadeau & Bengio, 2003)",
    prompt="Write `corrected_t(differences, n_train, n_test)`: the mean of the J score differences "
    "divided by the square root of (1/J + n_test/n_train) times their sample variance.",
    answer="corrected_t",
    setup=_TTEST_SETUP,
    solution="""
def corrected_t(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    J = len(d)
    variance = d.var(ddof=1)
    return d.mean() / np.sqrt((1 / J + n_test / n_train) * variance)
""",
    wrong=[
        """
def corrected_t(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    return d.mean() / np.sqrt(d.var(ddof=1) / len(d))
""",
        """
def corrected_t(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    J = len(d)
    return d.mean() / np.sqrt((1 / J + n_test / n_train) * d.var())
""",
        """
def corrected_t(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    J = len(d)
    return d.mean() / np.sqrt((1 / J + n_train / n_test) * d.var(ddof=1))
""",
        # the variance not square-rooted
        """
def corrected_t(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    return d.mean() / ((1 / len(d) + n_test / n_train) * d.var(ddof=1))
""",
        # computes the statistic but never returns it
        """
def corrected_t(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    t = d.mean() / np.sqrt((1 / len(d) + n_test / n_train) * d.var(ddof=1))
""",
    ],
    right=[
        # the standard library only
        """
import math
import statistics

def corrected_t(differences, n_train, n_test):
    j = len(differences)
    correction = 1 / j + n_test / n_train
    return statistics.mean(differences) / math.sqrt(correction * statistics.variance(differences))
""",
    ],
    hints=[
        "Turn the differences into a NumPy array `d`; J is its length.",
        "The ordinary paired t is `mean / sqrt(variance / J)`; Nadeau and Bengio replace `1/J` by "
        "`1/J + n_test/n_train`. NumPy's `.var()` divides by J unless you pass `ddof=1`.",
        "Divide the mean of `d` by the square root of the corrected factor times the variance "
        "computed with `ddof=1`.",
    ],
)
def corrected_t(answer):
    d, n_train, n_test = _T_INPUTS[0]
    got = checks.returns(answer, list(d), n_train, n_test, name="corrected_t")
    for key, value in _t_variants(d, n_train, n_test).items():
        if _close(got, value):
            raise Incorrect(_T_FEEDBACK[key])
    _cases(answer, _t_cases(), "corrected_t")
    return ("with 5-fold CV the test set is a quarter of the training set, so the correction "
            "shrinks t a lot: many 'significant' wins disappear.")


# ------------------------------------------------------------------ 5. McNemar's statistic
_MCNEMAR_INPUTS = ((1, 10), (4, 6), (9, 10), (12, 3), (0, 7), (25, 40))


def _mcnemar_cases() -> list[tuple[tuple[Any, ...], float]]:
    from ...labs.research import mcnemar_chi2

    return [((b, c), mcnemar_chi2(b, c)) for b, c in _MCNEMAR_INPUTS]


@exercise(
    "p6.research.mcnemar_chi2",
    title="McNemar's test statistic on paired predictions",
    prompt="Write `mcnemar_chi2(b, c)`: McNemar's chi-square statistic with the continuity "
    "correction, (|b - c| - 1)² / (b + c), where b counts test cases only model A gets right "
    "and c those only model B gets right.",
    answer="mcnemar_chi2",
    solution="""
def mcnemar_chi2(b, c):
    return (abs(b - c) - 1) ** 2 / (b + c)
""",
    wrong=[
        """
def mcnemar_chi2(b, c):
    return (b - c) ** 2 / (b + c)
""",
        """
def mcnemar_chi2(b, c):
    return (b - c - 1) ** 2 / (b + c)
""",
        """
def mcnemar_chi2(b, c):
    return (abs(b - c) - 1) ** 2 / (b * c)
""",
        # the statistic printed, not returned
        """
def mcnemar_chi2(b, c):
    print((abs(b - c) - 1) ** 2 / (b + c))
""",
    ],
    right=[
        # the larger count minus the smaller one
        """
def mcnemar_chi2(b, c):
    difference = max(b, c) - min(b, c)
    return (difference - 1) ** 2 / (b + c)
""",
    ],
    hints=[
        "Only the disagreements matter: cases both models get right (or both wrong) say nothing "
        "about which is better.",
        "The continuity correction subtracts 1 from the *absolute* difference before squaring; "
        "`abs()` gives the absolute value.",
        "`abs(b - c)` is |b - c|; take 1 from it, square the result with `** 2`, and divide by "
        "the number of disagreements.",
    ],
)
def mcnemar_chi2(answer):
    got = checks.returns(answer, 12, 3, name="mcnemar_chi2")
    if _close(got, (12 - 3) ** 2 / 15):
        raise Incorrect("that is the statistic without the continuity correction: subtract 1 from "
                        "|b - c| before squaring")
    got = checks.returns(answer, 1, 10, name="mcnemar_chi2")
    if _close(got, (1 - 10 - 1) ** 2 / 11):
        raise Incorrect("mcnemar_chi2(1, 10) is off: the correction applies to the absolute "
                        "difference |b - c|, whichever model wins")
    if _close(got, (abs(1 - 10) - 1) ** 2 / 10):
        raise Incorrect("check the denominator: it is the number of disagreements, b + c")
    _cases(answer, _mcnemar_cases(), "mcnemar_chi2")
    return "for small b + c prefer the exact binomial version: `research.mcnemar(b, c, exact=True)`."


# ------------------------------------------------------------------ 6. reading a results table
@functools.cache
def _claims() -> Any:
    from ...labs.research import claims

    return claims()


def _pairs(frame: Any) -> set[tuple[str, str]]:
    return {(str(d), str(b)) for d, b in zip(frame["dataset"], frame["baseline"])}


@exercise(
    "p6.research.not_significant",
    title="Which claimed improvements survive a proper test?",
    prompt="`claims` compares logistic regression with two baselines on four datasets. A row is a "
    "claimed improvement when `improvement > 0`. Set `not_significant` to the rows of `claims` "
    "that claim an improvement the corrected resampled t-test does not support at the 5% level.",
    answer="not_significant",
    setup=_CLAIMS_SETUP,
    solution='not_significant = claims[(claims["improvement"] > 0) & (claims["p_corrected"] >= 0.05)]',
    wrong=[
        'not_significant = claims[(claims["improvement"] > 0) & (claims["p_naive"] >= 0.05)]',
        'not_significant = claims[claims["p_corrected"] >= 0.05]',
        'not_significant = claims[(claims["improvement"] > 0) & (claims["p_corrected"] < 0.05)]',
        # either condition instead of both
        'not_significant = claims[(claims["improvement"] > 0) | (claims["p_corrected"] >= 0.05)]',
    ],
    right=[
        'not_significant = claims.query("improvement > 0 and p_corrected >= 0.05")',
        'supported = claims["p_corrected"] < 0.05\n'
        'not_significant = claims.loc[claims["improvement"].gt(0) & ~supported, ["dataset", "baseline"]]',
    ],
    hints=[
        "Two conditions: the row claims an improvement, and its corrected p-value is not below 0.05.",
        "Combine boolean masks with `&`, each in parentheses: `claims[(mask1) & (mask2)]`.",
        'Use the columns `"improvement"` and `"p_corrected"`.',
    ],
)
def not_significant(answer):
    import pandas as pd

    checks.expect_type(answer, pd.DataFrame, "a pandas DataFrame (a selection of the rows of `claims`)")
    missing = [c for c in ("dataset", "baseline") if c not in answer.columns]
    if missing:
        raise Incorrect(f"keep the columns of `claims`; missing: {', '.join(missing)}. "
                        "Select rows with a boolean mask: `claims[...]`")
    table = _claims()
    claimed = table[table["improvement"] > 0]
    want = _pairs(claimed[claimed["p_corrected"] >= 0.05])
    got = _pairs(answer)
    if got == want and len(answer) != len(want):
        raise Incorrect(f"not_significant has {len(answer)} rows for {len(want)} claims: some rows "
                        "appear twice")
    if got == want:
        return (f"{len(want)} of the {len(claimed)} claimed improvements are not significant once "
                "the overlap between training sets is accounted for.")
    if got == _pairs(claimed[claimed["p_naive"] >= 0.05]):
        raise Incorrect("those are the rows the naive t-test calls non-significant. The naive test "
                        "overstates significance on resampled scores: use `p_corrected`")
    if got - _pairs(claimed):
        raise Incorrect("some of your rows claim no improvement (`improvement` is 0 or below): "
                        "keep only the claimed improvements")
    if got == _pairs(claimed[claimed["p_corrected"] < 0.05]):
        raise Incorrect("those are the improvements that *are* significant: flip the p-value condition")
    extra, short = len(got - want), len(want - got)
    raise Incorrect(f"not quite: {extra} row(s) should not be there and {short} are missing. "
                    "Check the threshold (0.05) and the direction of each condition")
