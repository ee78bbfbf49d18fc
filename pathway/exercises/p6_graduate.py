"""Phase 6, graduate-level studies: choosing a Master's, planning the application, research practice."""

from __future__ import annotations

import functools
import math
from typing import Any

from . import checks
from .engine import Incorrect, exercise

# ------------------------------------------------------------------ shared setup code
_MATRIX_SETUP = """
import pandas as pd

weights = {"research_fit": 5, "curriculum": 4, "cost": 3, "flexibility": 2, "location": 1}
ratings = pd.DataFrame(
    {
        "research_fit": [5, 4, 3],
        "curriculum": [4, 5, 4],
        "cost": [2, 3, 5],
        "flexibility": [2, 3, 5],
        "location": [3, 4, 4],
    },
    index=["ML programme A", "AI programme B", "AI programme C (online)"],
)
"""

_CHECKLIST_SETUP = """
from datetime import date, timedelta

deadline = date(2026, 12, 15)  # an example: use the date on your programme's admissions page
lead_weeks = {
    "test scores (only if the programme requires them)": 10,
    "recommendation letters requested": 8,
    "official transcripts requested": 6,
    "statement of purpose drafted": 6,
    "writing sample or portfolio ready": 4,
    "CV updated": 3,
    "statement of purpose final": 2,
    "application fee paid and application submitted": 1,
}
"""

_STATE_SETUP = "from datetime import date, timedelta"

_TTEST_SETUP = "import numpy as np"

_CLAIMS_SETUP = """
from pathway.labs import research

claims = research.claims()
"""


@functools.cache
def _run(code: str) -> dict[str, Any]:
    """The names an exercise's setup code defines (the same values the notebook holds)."""
    namespace: dict[str, Any] = {}
    exec(compile(code, "<setup>", "exec"), namespace)
    return namespace


def _close(a: Any, b: Any, rel: float = 1e-6) -> bool:
    """Float equality with tolerance that never raises (learner functions may return anything)."""
    try:
        if isinstance(a, bool) or isinstance(b, bool):
            return False
        fa, fb = float(a), float(b)
    except (TypeError, ValueError, OverflowError):
        return False
    if math.isinf(fb):
        return fa == fb
    return math.isclose(fa, fb, rel_tol=rel, abs_tol=1e-9)


def _is_text(value: Any, text: str) -> bool:
    return isinstance(value, str) and value == text


# ------------------------------------------------------------------ 1. the degree choice
@functools.cache
def _expected_matrix() -> Any:
    namespace = _run(_MATRIX_SETUP)
    ratings, weights = namespace["ratings"], namespace["weights"]
    w = {k: v / sum(weights.values()) for k, v in weights.items()}
    return sum(ratings[k] * v for k, v in w.items())


@exercise(
    "p6.degree.decision_matrix",
    title="Weigh Master's programmes with a decision matrix",
    prompt="`ratings` scores three (made-up) programmes from 1 to 5 on five criteria, and `weights` "
    "says how much each criterion matters to you. Set `weighted` to each programme's weighted "
    "average rating: a pandas Series indexed by programme, with the weights scaled to sum to 1.",
    answer="weighted",
    setup=_MATRIX_SETUP,
    solution="""
w = pd.Series(weights)
weighted = (ratings * (w / w.sum())).sum(axis=1)
""",
    wrong=[
        "weighted = ratings.mean(axis=1)",
        "weighted = (ratings * pd.Series(weights)).sum(axis=1)",
        "w = pd.Series(weights)\nweighted = (ratings * (w / w.sum())).sum(axis=0)",
    ],
    hints=[
        "Multiply each column by its weight, then add across the columns of each row.",
        "`pd.Series(weights)` lines up with the columns of `ratings` when you multiply; "
        "divide it by its `.sum()` first so the weights add up to 1.",
        "`(ratings * (w / w.sum())).sum(axis=1)` with `w = pd.Series(weights)`.",
    ],
)
def decision_matrix(answer):
    import pandas as pd

    checks.expect_type(answer, pd.Series, "a pandas Series (one weighted score per programme)")
    expected = _expected_matrix()
    if set(map(str, answer.index)) == set(_run(_MATRIX_SETUP)["weights"]):
        raise Incorrect("your Series has one value per criterion: add up across each row "
                        "(`axis=1`) to get one score per programme")
    if answer.index.is_unique and set(map(str, answer.index)) == set(expected.index):
        values = pd.to_numeric(answer.reindex(expected.index), errors="coerce")
        total = sum(_run(_MATRIX_SETUP)["weights"].values())
        if ((values - expected * total).abs() < 1e-6).all():
            raise Incorrect("the scores are on the wrong scale: divide the weights by their total "
                            "so the weighted average stays between 1 and 5")
        plain = _plain_mean()
        if ((values - plain).abs() < 1e-6).all():
            raise Incorrect("that is a plain average: every criterion counts the same. "
                            "Multiply each column by its weight first")
    checks.series(answer, expected, "weighted")
    best = expected.idxmax()
    return (f"{best} comes out on top. A decision matrix does not decide for you, but it makes "
            "your priorities explicit: change a weight and see whether the ranking survives.")


@functools.cache
def _plain_mean() -> Any:
    return _run(_MATRIX_SETUP)["ratings"].mean(axis=1)


# ------------------------------------------------------------------ 2. deadlines counted back
@functools.cache
def _expected_due() -> dict[str, Any]:
    from ..labs.admissions import build

    namespace = _run(_CHECKLIST_SETUP)
    checklist = build(namespace["deadline"], namespace["lead_weeks"])
    return dict(zip(checklist["task"], checklist["due"]))


@exercise(
    "p6.apply.due_dates",
    title="Count deadlines back from the programme's",
    prompt="Set `due_dates` to a dictionary mapping each task of `lead_weeks` to the date it is due: "
    "that many weeks before `deadline`.",
    answer="due_dates",
    setup=_CHECKLIST_SETUP,
    solution="due_dates = {task: deadline - timedelta(weeks=weeks) for task, weeks in lead_weeks.items()}",
    wrong=[
        "due_dates = {task: deadline + timedelta(weeks=weeks) for task, weeks in lead_weeks.items()}",
        "due_dates = {task: deadline - timedelta(days=weeks) for task, weeks in lead_weeks.items()}",
        "due_dates = [deadline - timedelta(weeks=weeks) for weeks in lead_weeks.values()]",
    ],
    hints=[
        "A dictionary comprehension builds one entry per task: `{task: ... for task, weeks in "
        "lead_weeks.items()}`.",
        "Subtracting a `timedelta` from a `date` gives an earlier date; `timedelta` takes "
        "`weeks=` as well as `days=`.",
        "Each value is `deadline - timedelta(weeks=weeks)`.",
    ],
)
def due_dates(answer):
    from ..labs.leitner import as_date

    checks.expect_type(answer, dict, "a dictionary of task -> due date")
    expected = _expected_due()
    deadline = _run(_CHECKLIST_SETUP)["deadline"]
    checks.same_set(answer.keys(), expected.keys(), "the tasks in due_dates")
    for task, want in expected.items():
        try:
            got = as_date(answer[task])
        except (TypeError, ValueError):
            raise Incorrect(f"the due date of {task!r} should be a date, "
                            f"got {checks.type_name(answer[task])}") from None
        if got != want:
            gap = (got - want).days
            if got > deadline:
                raise Incorrect(f"{task!r} falls after the deadline: count the weeks back, not forward")
            if gap % 7:
                raise Incorrect(f"{task!r} is off by {abs(gap)} days: the lead times are in weeks")
            raise Incorrect(f"{task!r} is {abs(gap) // 7} weeks {'late' if gap > 0 else 'early'}")
    first = min(expected, key=expected.get)
    return (f"the first task, {first!r}, is due on {expected[first]:%d %B %Y}: "
            "deadlines come sooner than they look.")


# ------------------------------------------------------------------ 3. due, overdue, done
@functools.cache
def _state_cases() -> tuple[tuple[tuple[Any, ...], str], ...]:
    """Cases around the 14-day edge, answered by the package's own `admissions.task_state`."""
    import datetime as dt

    from ..labs.admissions import task_state

    today = dt.date(2026, 10, 1)
    dues = [
        (dt.date(2026, 9, 20), False), (dt.date(2026, 9, 20), True), (today, False),
        (dt.date(2026, 10, 15), False), (dt.date(2026, 10, 16), False),
        (dt.date(2026, 12, 1), True), (dt.date(2026, 12, 1), False), (dt.date(2026, 9, 30), False),
    ]
    return tuple(((due, done, today), task_state(due, done, today)) for due, done in dues)


@exercise(
    "p6.apply.task_state",
    title="Is a task done, overdue, due soon or upcoming?",
    prompt="Write `task_state(due, done, as_of)`: return `'done'` if the task is done; otherwise "
    "`'overdue'` if `due` is before `as_of`, `'due soon'` if it is at most 14 days after `as_of` "
    "(a task due on `as_of` itself is due soon), else `'upcoming'`.",
    answer="task_state",
    setup=_STATE_SETUP,
    solution="""
def task_state(due, done, as_of):
    if done:
        return "done"
    days_left = (due - as_of).days
    if days_left < 0:
        return "overdue"
    if days_left <= 14:
        return "due soon"
    return "upcoming"
""",
    wrong=[
        """
def task_state(due, done, as_of):
    if done:
        return "done"
    days_left = (due - as_of).days
    if days_left <= 0:
        return "overdue"
    if days_left <= 14:
        return "due soon"
    return "upcoming"
""",
        """
def task_state(due, done, as_of):
    days_left = (due - as_of).days
    if days_left < 0:
        return "overdue"
    if done:
        return "done"
    if days_left <= 14:
        return "due soon"
    return "upcoming"
""",
        """
def task_state(due, done, as_of):
    if done:
        return "done"
    days_left = (as_of - due).days
    if days_left < 0:
        return "overdue"
    if days_left <= 14:
        return "due soon"
    return "upcoming"
""",
    ],
    hints=[
        "Check `done` first: a finished task is never overdue. Then look at how many days are left.",
        "Subtracting two dates gives a `timedelta`; its `.days` is negative when `due` is already "
        "past.",
        "`days_left = (due - as_of).days`: below 0 is overdue, 0 to 14 is due soon.",
    ],
)
def task_state(answer):
    import datetime as dt

    day = dt.date(2026, 10, 1)
    if _is_text(checks.call(answer, day, False, day, name="task_state"), "overdue"):
        raise Incorrect("a task due on `as_of` itself is not overdue yet: it is due soon")
    if _is_text(checks.call(answer, dt.date(2026, 9, 20), True, day, name="task_state"), "overdue"):
        raise Incorrect("a finished task is 'done', even when its due date has passed: check "
                        "`done` first")
    checks.function_cases(answer, _state_cases(), "task_state")
    return ("the workbook's checklist uses the same rule: `admissions.states` applies it to "
            "every task.")


# ------------------------------------------------------------------ 4. the corrected t statistic
_T_INPUTS: tuple[tuple[tuple[float, ...], int, int], ...] = (
    ((0.02, 0.01, 0.03, 0.0, 0.02, 0.01, 0.015, 0.025, 0.005, 0.02), 455, 114),
    ((0.011, -0.004, 0.02, 0.007, 0.0, 0.013, 0.009, -0.002, 0.016, 0.005), 142, 36),
    ((-0.03, -0.01, -0.02, 0.01, -0.04), 120, 30),
    ((0.1, 0.12, 0.08, 0.11, 0.09, 0.1, 0.13, 0.07), 900, 100),
)


def _t_cases() -> list[tuple[tuple[Any, ...], float]]:
    from ..labs.research import corrected_t_statistic

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
    ],
    hints=[
        "Turn the differences into a NumPy array `d`; J is its length.",
        "The ordinary paired t is `mean / sqrt(variance / J)`; Nadeau and Bengio replace `1/J` by "
        "`1/J + n_test/n_train`. NumPy's `.var()` divides by J unless you pass `ddof=1`.",
        "`d.mean() / np.sqrt((1 / J + n_test / n_train) * d.var(ddof=1))`.",
    ],
)
def corrected_t(answer):
    d, n_train, n_test = _T_INPUTS[0]
    got = checks.call(answer, list(d), n_train, n_test, name="corrected_t")
    for key, value in _t_variants(d, n_train, n_test).items():
        if _close(got, value):
            raise Incorrect(_T_FEEDBACK[key])
    checks.function_cases(answer, _t_cases(), "corrected_t", compare=_close)
    return ("with 5-fold CV the test set is a quarter of the training set, so the correction "
            "shrinks t a lot: many 'significant' wins disappear.")


# ------------------------------------------------------------------ 5. McNemar's statistic
_MCNEMAR_INPUTS = ((1, 10), (4, 6), (9, 10), (12, 3), (0, 7), (25, 40))


def _mcnemar_cases() -> list[tuple[tuple[Any, ...], float]]:
    from ..labs.research import mcnemar_chi2

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
    ],
    hints=[
        "Only the disagreements matter: cases both models get right (or both wrong) say nothing "
        "about which is better.",
        "The continuity correction subtracts 1 from the *absolute* difference before squaring; "
        "`abs()` gives the absolute value.",
        "`(abs(b - c) - 1) ** 2 / (b + c)`.",
    ],
)
def mcnemar_chi2(answer):
    got = checks.call(answer, 12, 3, name="mcnemar_chi2")
    if _close(got, (12 - 3) ** 2 / 15):
        raise Incorrect("that is the statistic without the continuity correction: subtract 1 from "
                        "|b - c| before squaring")
    got = checks.call(answer, 1, 10, name="mcnemar_chi2")
    if _close(got, (1 - 10 - 1) ** 2 / 11):
        raise Incorrect("mcnemar_chi2(1, 10) is off: the correction applies to the absolute "
                        "difference |b - c|, whichever model wins")
    if _close(got, (abs(1 - 10) - 1) ** 2 / 10):
        raise Incorrect("check the denominator: it is the number of disagreements, b + c")
    checks.function_cases(answer, _mcnemar_cases(), "mcnemar_chi2", compare=_close)
    return "for small b + c prefer the exact binomial version: `research.mcnemar(b, c, exact=True)`."


# ------------------------------------------------------------------ 6. reading a results table
def _claims() -> Any:
    from ..labs.research import claims

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
