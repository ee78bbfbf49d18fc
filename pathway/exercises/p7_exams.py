"""Learning modalities and exam strategy: a hybrid weekly plan, spaced repetition, exam pacing."""

from __future__ import annotations

import functools
import math
import numbers
from typing import Any

from . import checks
from .engine import Incorrect, exercise

BUDGET_HOURS = 10

_PLAN_SETUP = f"budget_hours = {BUDGET_HOURS}"

_QUIZ_SETUP = """
from pathway.labs import datasets

quiz = datasets.load("p7_practice_answers")
"""

_SCHEDULE_SETUP = """
from datetime import date

from pathway.labs import datasets, leitner

quiz = datasets.load("p7_practice_answers")
as_of = date(2025, 3, 10)
table = leitner.schedule(quiz, as_of)
"""


def _close(a: Any, b: Any) -> bool:
    try:
        if isinstance(a, bool):
            return False
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError, OverflowError):
        return False


def _is_int(value: Any, n: int) -> bool:
    """`value` is the integer `n` (not a bool, not an array): safe on anything a learner returns."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and int(value) == n


# ------------------------------------------------------------------ 1. a hybrid weekly plan
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
    from ..labs import studyplan

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
    from ..labs.datasets import load

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


# ------------------------------------------------------------------ 3. the Leitner rule
def _box_cases() -> list[tuple[tuple[Any, ...], int]]:
    from ..labs.leitner import next_box

    return [((box, correct), next_box(box, correct)) for box in range(1, 6) for correct in (True, False)]


@exercise(
    "p7.exams.next_box",
    title="The Leitner box rule",
    prompt="Write `next_box(box, correct)` for five boxes: a correct answer moves the card up one "
    "box (but never beyond box 5), a wrong answer sends it back to box 1.",
    answer="next_box",
    solution="""
def next_box(box, correct):
    if correct:
        return min(box + 1, 5)
    return 1
""",
    wrong=[
        """
def next_box(box, correct):
    if correct:
        return box + 1
    return 1
""",
        """
def next_box(box, correct):
    if correct:
        return min(box + 1, 5)
    return max(box - 1, 1)
""",
        """
def next_box(box, correct):
    return min(box + 1, 5)
""",
    ],
    hints=[
        "Two cases: the answer was right, or it was wrong. What happens to a card in box 5 that "
        "you answer right again?",
        "A wrong answer does not move the card down one box: it starts over.",
        "`min(box + 1, 5)` when correct, otherwise `1`.",
    ],
)
def next_box(answer):
    top = checks.call(answer, 5, True, name="next_box")
    if _is_int(top, 6):
        raise Incorrect("next_box(5, True) returned 6, but there are only five boxes: cap it at 5")
    down = checks.call(answer, 4, False, name="next_box")
    if _is_int(down, 3):
        raise Incorrect("next_box(4, False) returned 3: a wrong answer sends the card all the way "
                        "back to box 1, so you see it again tomorrow")
    if _is_int(checks.call(answer, 3, False, name="next_box"), 4):
        raise Incorrect("next_box(3, False) moved the card up: look at `correct` before moving it")
    checks.function_cases(answer, _box_cases(), "next_box")
    return "that is the whole algorithm: `leitner.schedule` applies it to every answer in order."


# ------------------------------------------------------------------ 4. today's review list
@functools.cache
def _expected_due() -> list[str]:
    namespace: dict[str, Any] = {}
    exec(compile(_SCHEDULE_SETUP, "<setup>", "exec"), namespace)
    table = namespace["table"]
    due = table[table["next_review"] <= namespace["as_of"]]
    return due.sort_values(["box", "question"])["question"].tolist()


@exercise(
    "p7.exams.due_cards",
    title="Today's review list, hardest cards first",
    prompt="`table` is your Leitner schedule as of `as_of`. Set `review_today` to a list of the "
    "questions whose `next_review` is on or before `as_of`, lowest box first (ties in "
    "alphabetical order of the question).",
    answer="review_today",
    setup=_SCHEDULE_SETUP,
    solution="""
due = table[table["next_review"] <= as_of]
review_today = due.sort_values(["box", "question"])["question"].tolist()
""",
    wrong=[
        """
due = table[table["next_review"] < as_of]
review_today = due.sort_values(["box", "question"])["question"].tolist()
""",
        """
due = table[table["next_review"] <= as_of]
review_today = due["question"].tolist()
""",
        """
review_today = table.sort_values(["box", "question"])["question"].tolist()
""",
    ],
    hints=[
        "Keep the rows whose `next_review` is not after `as_of`, then sort them.",
        "`sort_values` takes a list of columns: the first decides, the second breaks ties.",
        '`table[table["next_review"] <= as_of].sort_values(["box", "question"])`, then its '
        '`"question"` column as a list.',
    ],
)
def due_cards(answer):
    expected = _expected_due()
    checks.expect_type(answer, (list, tuple), "a list of question ids")
    got = list(answer)
    if set(map(str, got)) == set(expected) and len(got) == len(expected):
        if got != expected:
            raise Incorrect("the right cards, in the wrong order: lowest box first, then by question")
        return (f"{len(expected)} cards today. Cards reviewed on time leave for days or weeks; the "
                "ones you miss come back tomorrow.")
    if len(got) < len(expected) and set(map(str, got)) < set(expected):
        raise Incorrect(f"{len(expected) - len(got)} due card(s) missing: is a card whose review "
                        "date is today due?")
    if len(got) > len(expected):
        raise Incorrect(f"{len(got) - len(expected)} card(s) too many: keep only those whose "
                        "`next_review` is not after `as_of`")
    checks.sequence(answer, expected, "review_today")


# ------------------------------------------------------------------ 5. exam pacing
_PACE_INPUTS = ((60, 120, 15, 10), (65, 170, 20, 10), (50, 90, 0, 20), (30, 45, 5, 7), (10, 30, 6, 10))


def _pace_cases() -> list[tuple[tuple[Any, ...], list[tuple[int, float]]]]:
    from ..labs.pacing import checkpoints

    return [(args, checkpoints(*args)) for args in _PACE_INPUTS]


def _same_marks(got: Any, want: list[tuple[int, float]]) -> bool:
    try:
        pairs = [tuple(p) for p in got]
    except Exception:
        return False
    if len(pairs) != len(want):
        return False
    for pair, (question, minute) in zip(pairs, want):
        if len(pair) != 2 or isinstance(pair[0], bool) or pair[0] != question:
            return False
        if not _close(pair[1], minute):
            return False
    return True


@exercise(
    "p7.exams.checkpoints",
    title="Checkpoints for a timed exam",
    prompt="Write `checkpoints(n_questions, minutes, review_minutes, every)`: keep `review_minutes` "
    "aside, share the rest evenly between the questions, and return a list of "
    "`(question, minute)` pairs, the minute by which question number `every`, `2 * every`, ... "
    "should be answered, ending with the last question.",
    answer="checkpoints",
    solution="""
def checkpoints(n_questions, minutes, review_minutes, every):
    pace = (minutes - review_minutes) / n_questions
    marks = list(range(every, n_questions + 1, every))
    if not marks or marks[-1] != n_questions:
        marks.append(n_questions)
    return [(q, q * pace) for q in marks]
""",
    wrong=[
        """
def checkpoints(n_questions, minutes, review_minutes, every):
    pace = minutes / n_questions
    marks = list(range(every, n_questions + 1, every))
    if not marks or marks[-1] != n_questions:
        marks.append(n_questions)
    return [(q, q * pace) for q in marks]
""",
        """
def checkpoints(n_questions, minutes, review_minutes, every):
    pace = (minutes - review_minutes) / n_questions
    return [(q, q * pace) for q in range(every, n_questions + 1, every)]
""",
        """
def checkpoints(n_questions, minutes, review_minutes, every):
    pace = (minutes - review_minutes) / n_questions
    return [(q, q * pace) for q in range(0, n_questions, every)]
""",
    ],
    hints=[
        "First the pace: minutes per question once the review time is set aside.",
        "`range(every, n_questions + 1, every)` gives the checkpoint questions; if the last "
        "question is not among them, append it.",
        "`pace = (minutes - review_minutes) / n_questions`, then `(q, q * pace)` for each "
        "checkpoint `q`.",
    ],
)
def checkpoints(answer):
    got = checks.call(answer, 60, 120, 15, 10, name="checkpoints")
    if _same_marks(got, [(q, q * 2.0) for q in range(10, 61, 10)]):
        raise Incorrect("checkpoints(60, 120, 15, 10) leaves no time for review: take "
                        "`review_minutes` off the time limit before sharing it out")
    got = checks.call(answer, 65, 170, 20, 10, name="checkpoints")
    try:
        first, last = list(got)[0][0], list(got)[-1][0]
    except Exception:
        first = last = None
    if _is_int(first, 0):
        raise Incorrect("checkpoints(65, 170, 20, 10) starts at question 0: the first checkpoint "
                        "is question `every`")
    if _is_int(last, 60):
        raise Incorrect("checkpoints(65, 170, 20, 10) stops at question 60: add a last checkpoint "
                        "for question 65, when 65 is not a multiple of 10")
    checks.function_cases(answer, _pace_cases(), "checkpoints", compare=_same_marks)
    return ("glance at the clock only at checkpoints: ahead, keep going; behind, flag the hard "
            "question and move on.")
