"""Learning modalities and exam strategy: the Leitner rule and today's review list."""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _SCHEDULE_SETUP, _is_int


def _box_cases() -> list[tuple[tuple[Any, ...], int]]:
    from ...labs.leitner import next_box

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
        # the top box is never reached
        """
def next_box(box, correct):
    if correct and box < 4:
        return box + 1
    if correct:
        return 4
    return 1
""",
        # the box changed but not returned
        """
def next_box(box, correct):
    if correct:
        box = min(box + 1, 5)
    else:
        box = 1
""",
    ],
    right=[
        # one expression
        """
def next_box(box, correct):
    return box + 1 if correct and box < 5 else (5 if correct else 1)
""",
    ],
    hints=[
        "Two cases: the answer was right, or it was wrong. What happens to a card in box 5 that "
        "you answer right again?",
        "A wrong answer does not move the card down one box: it starts over.",
        "When correct: one box up, capped at 5 with `min`. Otherwise: box 1.",
    ],
)
def next_box(answer):
    top = checks.returns(answer, 5, True, name="next_box")
    if _is_int(top, 6):
        raise Incorrect("next_box(5, True) returned 6, but there are only five boxes: cap it at 5")
    down = checks.returns(answer, 4, False, name="next_box")
    if _is_int(down, 3):
        raise Incorrect("next_box(4, False) returned 3: a wrong answer sends the card all the way "
                        "back to box 1, so you see it again tomorrow")
    if _is_int(checks.returns(answer, 3, False, name="next_box"), 4):
        raise Incorrect("next_box(3, False) moved the card up: look at `correct` before moving it")
    for (box, correct), _ in _box_cases():
        checks.returns(answer, box, correct, name="next_box")
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


@functools.cache
def _due_today() -> frozenset[str]:
    """The cards due exactly on `as_of`: the boundary that `<` instead of `<=` leaves out."""
    namespace: dict[str, Any] = {}
    exec(compile(_SCHEDULE_SETUP, "<setup>", "exec"), namespace)
    table = namespace["table"]
    return frozenset(table.loc[table["next_review"] == namespace["as_of"], "question"])


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
        # sorted by box only: within a box, the table's own order is kept
        """
due = table[table["next_review"] <= as_of]
review_today = due.sort_values("box", kind="stable")["question"].tolist()
""",
        # ties broken by the review date instead of the question
        """
due = table[table["next_review"] <= as_of]
review_today = due.sort_values(["box", "next_review"], kind="stable")["question"].tolist()
""",
    ],
    right=[
        # the table's own `due` flag, and Python's sorted on (box, question) pairs
        """
due = table[table["due"]]
review_today = [q for _, q in sorted(zip(due["box"], due["question"]))]
""",
        # a query, the questions kept as a pandas Series
        """
review_today = table.query("next_review <= @as_of").sort_values(["box", "question"])["question"]
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
    if type(answer).__name__ in ("Series", "ndarray", "Index"):
        answer = list(answer)  # the same questions in the same order
    checks.expect_type(answer, (list, tuple), "a list of question ids")
    got = list(answer)
    if set(map(str, got)) == set(expected) and len(got) == len(expected):
        if got != expected:
            raise Incorrect("the right cards, in the wrong order: lowest box first, then by question")
        return (f"{len(expected)} cards today. Cards reviewed on time leave for days or weeks; the "
                "ones you miss come back tomorrow.")
    missing = set(expected) - set(map(str, got))
    if len(got) < len(expected) and set(map(str, got)) < set(expected):
        if missing == _due_today():
            raise Incorrect(f"{len(missing)} due card(s) missing, all of them due exactly on "
                            "`as_of`: a card whose review date is today is due")
        raise Incorrect(f"{len(missing)} due card(s) missing: keep every card whose `next_review` "
                        "is on or before `as_of`")
    if len(got) > len(expected):
        raise Incorrect(f"{len(got) - len(expected)} card(s) too many: keep only those whose "
                        "`next_review` is not after `as_of`")
    checks.sequence(answer, expected, "review_today")
