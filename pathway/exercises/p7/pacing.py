"""Learning modalities and exam strategy: exam pacing."""

from __future__ import annotations

from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _close, _is_int

# Every case the prompt covers: a last question on a checkpoint (60/10) or between two (65/10),
# no review time, one checkpoint only (10/10), and `every` beyond the last question (8/10).
_PACE_INPUTS = ((60, 120, 15, 10), (65, 170, 20, 10), (50, 90, 0, 20), (30, 45, 5, 7), (10, 30, 6, 10),
                (8, 20, 4, 10))


def _pace_cases() -> list[tuple[tuple[Any, ...], list[tuple[int, float]]]]:
    from ...labs.pacing import checkpoints

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
        # breaks when `every` is larger than the number of questions (no checkpoint yet to look at)
        """
def checkpoints(n_questions, minutes, review_minutes, every):
    pace = (minutes - review_minutes) / n_questions
    marks = list(range(every, n_questions + 1, every))
    if marks[-1] != n_questions:
        marks.append(n_questions)
    return [(q, q * pace) for q in marks]
""",
        # the list built, not returned
        """
def checkpoints(n_questions, minutes, review_minutes, every):
    pace = (minutes - review_minutes) / n_questions
    marks = [(q, q * pace) for q in range(every, n_questions + 1, every)]
    if n_questions % every:
        marks.append((n_questions, n_questions * pace))
""",
    ],
    right=[
        # a while loop and the remainder test
        """
def checkpoints(n_questions, minutes, review_minutes, every):
    per_question = (minutes - review_minutes) / n_questions
    result, q = [], every
    while q <= n_questions:
        result.append([q, q * per_question])
        q += every
    if n_questions % every:
        result.append([n_questions, n_questions * per_question])
    return result
""",
    ],
    hints=[
        "First the pace: minutes per question once the review time is set aside.",
        "`range(every, n_questions + 1, every)` gives the checkpoint questions; if the last "
        "question is not among them, append it.",
        "The pace is the minutes left after the review, per question; each checkpoint `q` is "
        "then the pair of `q` and `q` times the pace.",
    ],
)
def checkpoints(answer):
    got = checks.returns(answer, 60, 120, 15, 10, name="checkpoints")
    if _same_marks(got, [(q, q * 2.0) for q in range(10, 61, 10)]):
        raise Incorrect("checkpoints(60, 120, 15, 10) leaves no time for review: take "
                        "`review_minutes` off the time limit before sharing it out")
    got = checks.returns(answer, 65, 170, 20, 10, name="checkpoints")
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
    for args, _ in _pace_cases():
        checks.returns(answer, *args, name="checkpoints")
    checks.function_cases(answer, _pace_cases(), "checkpoints", compare=_same_marks)
    return ("glance at the clock only at checkpoints: ahead, keep going; behind, flag the hard "
            "question and move on.")
