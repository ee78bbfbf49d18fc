"""Learning modalities and exam strategy: a hybrid weekly plan, weak areas first."""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _PLAN_SETUP, _QUIZ_SETUP, BUDGET_HOURS


@exercise(
    "p7.modality.hybrid_plan",
    title="Write a hybrid weekly study plan",
    prompt=f"Set `plan` to a list of study sessions for one week, each a dictionary with "
    f"`modality` (`'online'` or `'in_person'`), `activity` (a few words) and `hours`. It is a "
    f"hybrid plan: at least one session of each modality, every session more than 0 hours, "
    f"and at most `budget_hours` ({BUDGET_HOURS}) hours in total.",
    answer="plan",
    setup=_PLAN_SETUP,
    solution="""
plan = [
    {"modality": "online", "activity": "video lectures and readings", "hours": 3},
    {"modality": "online", "activity": "coding exercises in notebooks", "hours": 3},
    {"modality": "in_person", "activity": "evening class or lab session", "hours": 2.5},
    {"modality": "in_person", "activity": "study group", "hours": 1.5},
]
""",
    wrong=[
        """
plan = [
    {"modality": "online", "activity": "video lectures", "hours": 5},
    {"modality": "online", "activity": "coding exercises", "hours": 4},
]
""",
        """
plan = [
    {"modality": "online", "activity": "video lectures", "hours": 6},
    {"modality": "in_person", "activity": "evening class", "hours": 3},
    {"modality": "in_person", "activity": "study group", "hours": 2},
]
""",
        """
plan = [
    {"modality": "online", "activity": "video lectures", "hours": "4h"},
    {"modality": "in_person", "activity": "evening class", "hours": 3},
]
""",
    ],
    hints=[
        "A list of dictionaries: `[{...}, {...}]`, one per session, each with the same three keys.",
        "Include at least one `'online'` and one `'in_person'` session, and add up the hours: "
        f"they must stay within {BUDGET_HOURS}.",
        "For example `{\"modality\": \"in_person\", \"activity\": \"study group\", \"hours\": 2}`; "
        "hours are numbers, not text.",
    ],
)
def hybrid_plan(answer):
    from ...labs import studyplan

    if isinstance(answer, (list, tuple)) and not answer:
        raise Incorrect("the plan is an empty list: add your sessions")
    checks.expect_type(answer, (list, tuple), "a list of sessions (dictionaries)")
    found = studyplan.problems(answer, BUDGET_HOURS, "hybrid")
    if found:
        more = f" (and {len(found) - 1} more thing{'s' * (len(found) > 2)} to fix)" if len(found) > 1 else ""
        raise Incorrect(found[0] + more)
    table = studyplan.summary(answer)
    online = table.loc["online", "share"]
    return (f"a sound hybrid plan: {online:.0%} of your hours online, {1 - online:.0%} in person. "
            "Record your real plan with `studyplan.record(plan, budget_hours)`.")


# ------------------------------------------------------------------ 2. weak areas first
@functools.cache
def _expected_accuracy() -> Any:
    from ...labs.datasets import load

    quiz = load("p7_practice_answers")
    return quiz.groupby("area")["correct"].mean().sort_values()


@exercise(
    "p7.exams.weak_areas",
    title="Find your weakest exam areas",
    prompt="`quiz` holds practice answers (question, date, correct, area). Set `accuracy` to the "
    "share of correct answers in each area, as a pandas Series sorted from weakest to strongest.",
    answer="accuracy",
    setup=_QUIZ_SETUP,
    solution='accuracy = quiz.groupby("area")["correct"].mean().sort_values()',
    wrong=[
        'accuracy = quiz.groupby("area")["correct"].sum().sort_values()',
        'accuracy = quiz.groupby("area")["correct"].mean()',
        'accuracy = quiz.groupby("area")["correct"].mean().sort_values(ascending=False)',
    ],
    hints=[
        "Group the answers by area and summarise the `correct` column of each group.",
        "The mean of True/False values is the share of Trues; `.sort_values()` sorts "
        "smallest first.",
        '`quiz.groupby("area")["correct"].mean()`, then sort it.',
    ],
)
def weak_areas(answer):
    import pandas as pd

    expected = _expected_accuracy()
    checks.expect_type(answer, pd.Series, "a pandas Series (one accuracy per area)")
    numeric = pd.to_numeric(answer, errors="coerce")
    if numeric.notna().all() and len(numeric) and (numeric > 1).any():
        raise Incorrect("some values are above 1: that is a count of correct answers, not a share. "
                        "Which summary turns True/False into a fraction?")
    checks.series(answer, expected, "accuracy")
    if list(answer.index) == list(expected.index)[::-1]:
        raise Incorrect("the order is reversed: put the weakest area first")
    checks.series(answer, expected, "accuracy", check_order=True)
    return (f"{expected.index[0]} comes first: spend your next review session there, not on "
            "what you already know.")
